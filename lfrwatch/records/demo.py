"""The demo's records sources: where the sample site serves them, and the columns the demo prints."""

from __future__ import annotations

import contextlib
import os


#: Records sources the demo crawls, and where data/sample serves them (data/sample/records/README.md).
DEMO_SOURCES = {"met_lfr_records": "records/met", "essex_lfr_records": "records/essex"}
DEMO_COLUMNS = ["claimed_on", "force", "metric", "qualifier", "claimed", "period", "recorded", "verdict", "reason"]


@contextlib.contextmanager
def demo_record_sources(base_url: str):
    """Point the records sources at the sample site (their base-URL overrides) for the demo's crawl.

    Yields the source names to crawl; the environment is restored afterwards.
    """
    names = {f"LFRWATCH_BASE_URL_{name.upper()}": f"{base_url.rstrip('/')}/{path}"
             for name, path in DEMO_SOURCES.items()}
    saved = {key: os.environ.get(key) for key in names}
    os.environ.update(names)
    try:
        yield list(DEMO_SOURCES)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
