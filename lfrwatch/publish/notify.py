"""Telling people what is new: an Atom feed of the latest claims, and an optional webhook.

`lfrwatch run` rewrites ``data/feed.xml`` (beside the database) after every
run with the most recent claims, newest first. Each entry's id is the claim's
stable id, so a feed reader shows a claim once however often the file is
rewritten, and a claim stored by a run that was killed before it could report
still reaches the feed on the next run.

The webhook is off unless the user names a URL, in ``$LFRWATCH_WEBHOOK_URL``
or in ``lfrwatch.toml``::

    [notify]
    webhook_url = "https://hooks.example.org/lfrwatch"
    webhook_secret = "..."   # optional: signs the body (X-Lfrwatch-Signature)

A run then POSTs one JSON document (what is new, what broke) when it has
anything to say.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import sqlite_utils

from lfrwatch import config, store

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "feed.xml"
FEED_ENTRIES = 50
WEBHOOK_TIMEOUT = 10.0

#: Characters XML 1.0 forbids; scraped text can carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class NotifyError(RuntimeError):
    """A feed or webhook that could not be written or sent; the message names it."""


def feed_path(db: str) -> Path:
    return config.data_dir(db) / FEED_NAME


def _xml(text: Any) -> str:
    return _NOT_XML.sub("", "" if text is None else str(text))


def _rfc3339(value: str | None) -> str | None:
    """An ISO date or date-time as an Atom date-time, or None when it is neither."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value + "T00:00:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return value
    return None


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def claim_title(claim: dict[str, Any]) -> str:
    """One line for a claim: "arrests: more than 1,000 (to date), Metropolitan Police"."""
    who = claim.get("claimant") or claim.get("org") or claim.get("publisher") or "unknown"
    if claim.get("kind") == "quote":
        text = claim.get("text") or ""
        text = text if len(text) <= 100 else text[:99].rstrip() + "…"
        return f"{claim.get('speaker') or who}: “{text}”"
    value = " ".join(p for p in (claim.get("qualifier"), _number(claim.get("value")), claim.get("unit")) if p)
    period = f" ({claim['period']})" if claim.get("period") else ""
    return f"{(claim.get('metric') or 'figure').replace('_', ' ')}: {value}{period}, {who}"


def recent_claims(db: sqlite_utils.Database, limit: int = FEED_ENTRIES) -> list[dict[str, Any]]:
    """The latest claims of each document's current version, newest first."""
    return list(db.query(
        """select c.id, c.kind, c.metric, c.value, c.unit, c.qualifier, c.period, c.text, c.speaker, c.role, c.org,
                  c.claimant, c.claimed_on, c.created_at, d.canonical_url as document_url,
                  d.title as document_title, d.published, d.publisher
           from claims c join documents d on d.id = c.document_id
           where c.version_id = d.current_version_id
           order by c.created_at desc, d.id desc, c.start
           limit ?""",
        [limit],
    ))


def build_atom(claims: list[dict[str, Any]], *, feed_id: str, updated: str) -> bytes:
    """An Atom 1.0 document with one entry per claim."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _xml(v) for k, v in attrs.items()})
        if text is not None:
            element.text = _xml(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", feed_id)
    sub(feed, "title", "lfrwatch: new claims about live facial recognition")
    sub(feed, "subtitle", "Figures and quotes lfrwatch found in what UK police, government, parliament, "
                          "campaigners and the press published")
    sub(feed, "updated", updated)
    author = sub(feed, "author")
    sub(author, "name", "lfrwatch")
    sub(author, "uri", config.PROJECT_URL)
    sub(feed, "generator", "lfrwatch", uri=config.PROJECT_URL)
    for claim in claims:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:lfrwatch:claim:{claim['id']}")
        sub(entry, "title", claim_title(claim))
        sub(entry, "updated", _rfc3339(claim.get("created_at")) or updated)
        published = _rfc3339(claim.get("published")) or _rfc3339(claim.get("claimed_on"))
        if published:
            sub(entry, "published", published)
        if claim.get("document_url"):
            sub(entry, "link", rel="alternate", type="text/html", href=claim["document_url"])
        entry_author = sub(entry, "author")
        sub(entry_author, "name", claim.get("claimant") or claim.get("speaker") or claim.get("publisher") or "unknown")
        if claim.get("metric"):
            sub(entry, "category", term=claim["metric"])
        source = ", ".join(p for p in (claim.get("publisher"), claim.get("claimed_on")) if p)
        summary = f"{claim.get('text') or ''}\n\nFrom: {claim.get('document_title') or claim.get('document_url')}"
        sub(entry, "summary", summary + (f" ({source})" if source else ""), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_atom_feed(db: sqlite_utils.Database, path: Path, *, limit: int = FEED_ENTRIES) -> int:
    """Rewrite the Atom feed at ``path`` atomically (never half a file); returns its number of entries."""
    claims = recent_claims(db, limit)
    updated = max((_rfc3339(c.get("created_at")) or "" for c in claims), default="") or _rfc3339(store.utcnow())
    feed_id = "urn:lfrwatch:claims:" + hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    body = build_atom(claims, feed_id=feed_id, updated=updated)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        # os.open with 0o666 lets the umask decide, so a web server can read the feed as it could any file.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(temporary, path)
    except OSError as exc:
        raise NotifyError(f"cannot write the feed {path}: {exc.strerror or exc}") from exc
    return len(claims)


# -- the webhook --------------------------------------------------------------------


def _config_file() -> Path | None:
    explicit = os.environ.get("LFRWATCH_CONFIG")
    if explicit:
        return Path(explicit)
    default = Path("lfrwatch.toml")
    return default if default.is_file() else None


def webhook_settings() -> tuple[str | None, str | None, str]:
    """(url, secret, where it came from); url is None when no webhook is configured.

    Raises :class:`NotifyError` for a URL that is not http(s) or an unreadable
    config file, before anything runs.
    """
    url = os.environ.get("LFRWATCH_WEBHOOK_URL")
    secret = os.environ.get("LFRWATCH_WEBHOOK_SECRET")
    origin = "LFRWATCH_WEBHOOK_URL"
    if not url:
        path = _config_file()
        if path is not None:
            try:
                with open(path, "rb") as fh:
                    notify = tomllib.load(fh).get("notify", {})
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise NotifyError(f"config file {path}: {exc}") from exc
            if not isinstance(notify, dict):
                raise NotifyError(f"config file {path}: [notify] must be a table")
            url = notify.get("webhook_url")
            secret = secret or notify.get("webhook_secret")
            origin = f"{path} [notify] webhook_url"
    if not url:
        return None, None, ""
    if not re.match(r"https?://[^/\s]+", str(url)):
        raise NotifyError(f"webhook URL {url!r} (from {origin}) must start with http:// or https://")
    return str(url), secret, origin


def post_webhook(url: str, payload: dict[str, Any], *, secret: str | None = None,
                 timeout: float = WEBHOOK_TIMEOUT) -> int:
    """POST ``payload`` as JSON; returns the HTTP status. Raises :class:`NotifyError` naming the URL."""
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": config.USER_AGENT}
    if secret:
        signature = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
        headers["X-Lfrwatch-Signature"] = f"sha256={signature}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise NotifyError(f"webhook {url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise NotifyError(f"webhook {url}: {reason}") from exc
