"""Test helpers: saved pages as Scrapy responses, spiders by slug, and the loopback mirror of every source.

Fixtures live in ``tests/fixtures/sources/<slug>/`` under the same paths as on
the real site. Links in them are written ``{{BASE_URL}}/<slug>/...``: the
mirror serves every source under its own path prefix on one 127.0.0.1 host,
and :func:`file_response` turns them back into the real site's URLs for
offline parsing.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import parse_qs, urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

import lfrwatch.spiders.base  # noqa: F401  (imported before any test freezes the clock: pydantic breaks under freezegun)
from lfrwatch.crawl.mirror import CONTENT_TYPES
from lfrwatch.crawl.sources import all_sources

SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources"


def site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _real_bases() -> list[tuple[str, str]]:
    """(slug, real base URL) for every source, longest slug first."""
    return sorted(((s.name, s.base_url.rstrip("/")) for s in all_sources()), key=lambda p: -len(p[0]))


def fill_base_urls(body: bytes, slug: str | None, site: str, prefix: str | None = None) -> bytes:
    """``{{BASE_URL}}/<prefix or slug>`` becomes ``site``; other sources' prefixes become their real base URLs."""
    if prefix:
        body = body.replace(b"{{BASE_URL}}/" + prefix.strip("/").encode(), site.rstrip("/").encode())
    if slug:
        body = body.replace(b"{{BASE_URL}}/" + slug.encode(), site.rstrip("/").encode())
    for name, base in _real_bases():
        body = body.replace(b"{{BASE_URL}}/" + name.encode(), base.encode())
    return body.replace(b"{{BASE_URL}}", site.rstrip("/").encode())


def file_response(path: str | Path, url: str, *, site: str | None = None, prefix: str | None = None,
                  meta: dict[str, Any] | None = None,
                  status: int = 200, headers: dict[str, str] | None = None,
                  flags: list[str] | None = None) -> Response:
    """A Scrapy response for a saved page, as if fetched from ``url``.

    ``path`` is relative to tests/fixtures/sources (``met_news/rss/current_news/66871``);
    ``site`` is what ``{{BASE_URL}}/<slug>`` stands for (default: ``url``'s
    scheme and host), so relative and absolute links resolve as on the real site.
    ``prefix`` names a deeper fixture folder that stands for ``site`` (a
    publisher with no source of its own, kept under the source that finds it).
    """
    path = Path(path)
    full = path if path.is_absolute() else SOURCES / path
    relative = full.resolve().relative_to(SOURCES)
    slug = relative.parts[0]
    body = fill_base_urls(full.read_bytes(), slug, site or site_of(url), prefix)
    all_headers = {"Content-Type": CONTENT_TYPES.get(full.suffix.lower(), "text/html; charset=utf-8")}
    all_headers.update(headers or {})
    cls = responsetypes.from_args(headers=all_headers, url=url, body=body)
    request = Request(url, meta=dict(meta or {}))
    return cls(url=url, body=body, headers=all_headers, status=status, request=request, flags=flags or [])


def spider_class(slug: str):
    """The spider class named ``slug`` (from lfrwatch.spiders.<slug>, or the police platform's force spiders)."""
    try:
        module = importlib.import_module(f"lfrwatch.spiders.{slug}")
    except ModuleNotFoundError:
        module = importlib.import_module("lfrwatch.spiders.police_forces")
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "name", None) == slug and value.__module__ == module.__name__:
            return value
    raise LookupError(f"no spider named {slug} in {module.__name__}")


def make_spider(slug: str, **kwargs):
    return spider_class(slug)(**kwargs)


def results(output: Iterable | None) -> list:
    """A callback's output as a list (callbacks are generators)."""
    return list(output or [])


def requests_of(output: Iterable | None) -> list[Request]:
    return [r for r in results(output) if isinstance(r, Request)]


def items_of(output: Iterable | None) -> list:
    return [r for r in results(output) if not isinstance(r, Request)]


def parse_page(spider, path: str | Path, url: str, callback: str = "parse_article", **kwargs) -> list:
    """Run one of the spider's callbacks on a saved page; returns what it yielded."""
    return results(getattr(spider, callback)(file_response(path, url, **kwargs)))


# -- the loopback mirror of every source -------------------------------------------


def mirror_env(mirror_base: str, names: Iterable[str] | None = None) -> dict[str, str]:
    """LFRWATCH_BASE_URL_<NAME> for each source: its own path prefix on the mirror."""
    names = list(names) if names is not None else [s.name for s in all_sources()]
    return {f"LFRWATCH_BASE_URL_{name.upper()}": f"{mirror_base.rstrip('/')}/{name}" for name in names}


def _redirect_route(target: str):
    def route(handler):
        return 302, {"Location": handler.server.mirror.base_url + target, "Content-Length": "0"}, b""
    return route


def _query_route(folder: Path, param: str, files: dict[str, str]):
    def route(handler):
        value = (parse_qs(urlsplit(handler.path).query).get(param) or ["0"])[0]
        name = files.get(value)
        if name is None:
            return 404, {"Content-Type": "application/json"}, b'{"error": "no such page"}'
        body = (folder / name).read_bytes().replace(b"{{BASE_URL}}", handler.server.mirror.base_url.encode())
        return 200, {"Content-Type": CONTENT_TYPES.get(Path(name).suffix.lower(), "text/html; charset=utf-8")}, body
    return route


def mirror_routes(root: Path = SOURCES) -> dict[str, Any]:
    """Routes a folder cannot express, declared in ``<slug>/routes.json``.

    ``{"/path": {"redirect": "/other/path"}}`` answers 302 (Google News links);
    ``{"/path": {"query": "skip", "files": {"0": "file.json"}}}`` serves a file
    chosen by a query parameter (a paginated JSON API).
    """
    routes: dict[str, Any] = {}
    for declared in sorted(Path(root).glob("*/routes.json")):
        for path, rule in json.loads(declared.read_text()).items():
            if "redirect" in rule:
                routes[path] = _redirect_route(rule["redirect"])
            else:
                routes[path] = _query_route(declared.parent, rule["query"], rule["files"])
    return routes
