"""The source registry: every source lfrwatch watches, declared once.

Each :class:`Source` names its spider (same slug as the spider's ``name``, its
file in ``spiders/`` and its fixtures), its kind and publisher, and its feeds or
listing pages as paths under ``base_url``. The CLI lists and enables sources
from here without importing any spider.

A source's ``base_url`` and ``enabled`` flag can be overridden, so tests and
mirrors can point a source at another host:

- environment: ``LFRWATCH_BASE_URL_<NAME>`` (e.g. ``LFRWATCH_BASE_URL_MET_NEWS``),
  ``LFRWATCH_DISABLE=name1,name2``;
- a TOML config file (``lfrwatch.toml`` in the current folder, or the file named
  by ``LFRWATCH_CONFIG``)::

      [sources.met_news]
      base_url = "http://127.0.0.1:8000"
      enabled = false
"""

from __future__ import annotations

import difflib
import functools
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

KINDS = ("police", "government", "parliament", "campaign", "press")


class ConfigError(ValueError):
    """A config file or override that cannot be used; the message names it."""


class UnknownSourceError(KeyError):
    def __str__(self) -> str:
        return f"unknown source {self.args[0]!r}{_suggestion(self.args[0])} (see `lfrwatch sources`)"


def _suggestion(name: str) -> str:
    """"; did you mean 'met_news'?" for a near miss among the registered names, else ""."""
    _load_catalogue()
    close = difflib.get_close_matches(str(name), list(_CATALOGUE), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    publisher: str
    base_url: str
    #: Feed paths or absolute URLs (RSS/Atom/JSON API), resolved against base_url.
    feeds: tuple[str, ...] = ()
    #: HTML listing or search pages, resolved against base_url.
    listings: tuple[str, ...] = ()
    #: Extra domains the spider may follow (the base URL's host is always allowed).
    extra_domains: tuple[str, ...] = ()
    #: Words beyond facial recognition's usual names that make an item relevant.
    relevance_terms: tuple[str, ...] = ()
    enabled: bool = True
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def url(self, path: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/")) if not _is_absolute(path) else path

    @property
    def feed_urls(self) -> list[str]:
        return [self.url(p) for p in self.feeds]

    @property
    def listing_urls(self) -> list[str]:
        return [self.url(p) for p in self.listings]

    @property
    def allowed_domains(self) -> list[str]:
        hosts = [urlsplit(self.base_url).hostname or ""]
        hosts += [urlsplit(u).hostname or "" for u in self.feed_urls + self.listing_urls]
        hosts += list(self.extra_domains)
        return sorted({h for h in hosts if h})


def _is_absolute(url: str) -> bool:
    return "://" in url


#: The catalogue, filled by lfrwatch/crawl/catalogue.py (one entry per spider in spiders/).
_CATALOGUE: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.kind not in KINDS:
        raise ValueError(f"source {source.name}: kind must be one of {', '.join(KINDS)}")
    _CATALOGUE[source.name] = source
    return source


def _load_catalogue() -> None:
    # The catalogue lives beside the spiders; importing it registers every source.
    from lfrwatch.crawl import catalogue  # noqa: F401


def _config_file() -> Path | None:
    explicit = os.environ.get("LFRWATCH_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} (from LFRWATCH_CONFIG) does not exist")
        return path
    default = Path("lfrwatch.toml")
    return default if default.is_file() else None


def _read_config() -> dict[str, Any]:
    path = _config_file()
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path}: {exc}") from exc
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise ConfigError(f"config file {path}: [sources] must be a table")
    for name, values in sources.items():
        if not isinstance(values, dict):
            raise ConfigError(f"config file {path}: [sources.{name}] must be a table")
        unknown = set(values) - {"base_url", "enabled"}
        if unknown:
            raise ConfigError(f"config file {path}: [sources.{name}] has unknown keys {sorted(unknown)}")
        if "enabled" in values and not isinstance(values["enabled"], bool):
            raise ConfigError(f"config file {path}: [sources.{name}] enabled must be true or false (without quotes), "
                              f"not {values['enabled']!r}")
        if "base_url" in values and not (isinstance(values["base_url"], str)
                                         and values["base_url"].startswith(("http://", "https://"))):
            raise ConfigError(f"config file {path}: [sources.{name}] base_url must start with http:// or https://")
    return {"path": path, "sources": sources}


def _with_overrides(source: Source, config: dict[str, Any]) -> Source:
    changes: dict[str, Any] = {}
    conf = config.get("sources", {}).get(source.name, {})
    if "base_url" in conf:
        changes["base_url"] = conf["base_url"]
    if "enabled" in conf:
        changes["enabled"] = conf["enabled"]
    env_base = os.environ.get(f"LFRWATCH_BASE_URL_{source.name.upper()}")
    if env_base:
        if not env_base.startswith(("http://", "https://")):
            raise ConfigError(f"LFRWATCH_BASE_URL_{source.name.upper()} must start with http:// or https://")
        changes["base_url"] = env_base
    disabled = {n.strip() for n in os.environ.get("LFRWATCH_DISABLE", "").split(",") if n.strip()}
    if source.name in disabled:
        changes["enabled"] = False
    return replace(source, **changes) if changes else source


def all_sources() -> list[Source]:
    """Every registered source, with config and environment overrides applied."""
    _load_catalogue()
    config = _read_config()
    unknown = set(config.get("sources", {})) - set(_CATALOGUE)
    if unknown:
        raise ConfigError(f"config file {config['path']}: unknown sources {sorted(unknown)}"
                          + "".join(_suggestion(name) for name in sorted(unknown)))
    return [_with_overrides(s, config) for s in sorted(_CATALOGUE.values(), key=lambda s: (s.kind, s.name))]


def get_source(name: str) -> Source:
    for source in all_sources():
        if source.name == name:
            return source
    raise UnknownSourceError(name)


def enabled_sources() -> list[Source]:
    return [s for s in all_sources() if s.enabled]


@functools.lru_cache(maxsize=None)
def spider_loader():
    """Scrapy's loader of every source's spider, by source name (made once: it imports every spider module).

    The one way from a source name to its spider class: a name is not always a module of
    ``lfrwatch.spiders`` (the 27 police forces of ``spiders/police_forces.py`` share one).
    """
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from lfrwatch.crawl import settings as crawl_settings

    return SpiderLoader.from_settings(Settings({"SPIDER_MODULES": crawl_settings.SPIDER_MODULES}))
