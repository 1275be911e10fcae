"""The item every lfrwatch spider yields: one fetched article with its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Fields an item must have for the store to accept it.
REQUIRED_FIELDS = ("url", "canonical_url", "text", "title", "source")
#: Fields whose absence is counted (a sign of a site redesign) but does not drop the item.
EXPECTED_FIELDS = ("published", "publisher")


@dataclass
class ArticleItem:
    url: str
    canonical_url: str
    text: str
    title: str | None
    source: str
    kind: str | None = None
    publisher: str | None = None
    published: str | None = None
    updated: str | None = None
    author: str | None = None
    language: str | None = None
    fetched_at: str | None = None
    http_status: int | None = None
    raw_sha256: str | None = None
    warc_file: str | None = None
    warc_record_id: str | None = None
    warc_offset: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
