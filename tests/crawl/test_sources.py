"""The source catalogue: one slug per source, the CLI lists it whole, and crawls are polite."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess

import pytest
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.extensions.throttle import AutoThrottle
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from conftest import FAST_CRAWL_ARGS, REPO, TESTS
from helpers import SOURCES, make_spider, mirror_env, mirror_routes, spider_class
from lfrwatch import config
from lfrwatch.crawl.catalogue import POLICE_PLATFORM_FORCES
from lfrwatch.crawl.sources import KINDS, all_sources, get_source
from lfrwatch.spiders.police_platform import PolicePlatformSpider

SOURCE_NAMES = sorted(s.name for s in all_sources())
FIXTURE_NAMES = sorted(p.name for p in SOURCES.iterdir() if p.is_dir())
PLATFORM_FORCES = {row[0] for row in POLICE_PLATFORM_FORCES}


def _settings() -> Settings:
    settings = Settings()
    settings.setmodule("lfrwatch.crawl.settings", priority="project")
    return settings


def test_every_spider_has_a_catalogue_entry_and_every_entry_a_spider():
    spiders = set(SpiderLoader.from_settings(_settings()).list())
    assert spiders - {"feed", "refetch"} == set(SOURCE_NAMES)  # ad-hoc feeds and `verify --refetch`: not sources


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_one_source_one_slug(name):
    """A source's spider is spiders/<name>.py, or for a force on the shared police platform, the platform
    spider named for it in spiders/police_forces.py (one catalogue row per force, one spider for all)."""
    if name in PLATFORM_FORCES:
        assert spider_class(name).__module__ == "lfrwatch.spiders.police_forces"
        assert issubclass(spider_class(name), PolicePlatformSpider)
    else:
        assert (REPO / "spiders" / f"{name}.py").is_file()
    assert spider_class(name).name == name


def test_each_platform_force_is_a_catalogue_row_sharing_the_platform_spider():
    rows = {s.name: s for s in all_sources() if s.name in PLATFORM_FORCES}
    assert len(rows) == len(PLATFORM_FORCES) >= 27
    assert len({s.base_url for s in rows.values()}) == len(rows)  # each force its own host, so its own pace
    assert not any(s.enabled for s in rows.values())  # layout assumed: off until `scrapy check` passes
    assert not any((REPO / "spiders" / f"{name}.py").exists() for name in rows)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_folders_are_sources_with_their_own_test(name):
    assert name in SOURCE_NAMES
    assert (TESTS / "spiders" / f"test_spider_{name}.py").is_file()


def test_catalogue_covers_every_kind():
    assert {s.kind for s in all_sources()} == set(KINDS)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_start_urls_follow_a_base_url_override(name, monkeypatch):
    """So one mirror can serve every source under its own prefix."""
    monkeypatch.setenv(f"LFRWATCH_BASE_URL_{name.upper()}", f"http://127.0.0.1:9/{name}")
    spider = make_spider(name)
    urls = [r.url for r in spider.start_requests_list()]
    assert urls and all(u.startswith(f"http://127.0.0.1:9/{name}/") for u in urls)
    assert spider.allowed_domains == ["127.0.0.1"] + [d for d in get_source(name).extra_domains]


def test_spider_argument_base_url_rebases_a_source():
    spider = make_spider("guardian", base_url="https://mirror.example/guardian")
    assert [r.url for r in spider.start_requests_list()] == ["https://mirror.example/guardian/technology/facial-recognition/rss"]
    with pytest.raises(ValueError):
        make_spider("guardian", base_url="ftp://mirror.example")


def test_sources_command_lists_the_whole_catalogue(cli_run, db_path):
    rows = json.loads(cli_run("sources", "--format", "json", "--db", db_path).output)
    assert sorted(r["name"] for r in rows) == SOURCE_NAMES
    assert {r["name"]: r["kind"] for r in rows} == {s.name: s.kind for s in all_sources()}
    table = cli_run("sources", "--db", db_path).output
    assert all(name in table for name in SOURCE_NAMES)


def test_sources_command_shows_disabled_sources(cli_run, db_path, monkeypatch):
    monkeypatch.setenv("LFRWATCH_DISABLE", "bbc_news")
    rows = {r["name"]: r for r in json.loads(cli_run("sources", "--format", "json", "--db", db_path).output)}
    assert rows["bbc_news"]["enabled"] is False
    assert rows["police_platform"]["enabled"] is False  # configured by URL, off by default
    assert rows["guardian"]["enabled"] is True


# -- politeness -----------------------------------------------------------------------------


def test_polite_settings_are_what_scrapy_crawl_uses():
    """`scrapy crawl` from the repository root reads lfrwatch.crawl.settings through scrapy.cfg."""
    def get(name):
        return subprocess.run([str(REPO / ".venv/bin/scrapy"), "settings", "--get", name], cwd=REPO, text=True,
                              capture_output=True, check=True, timeout=120).stdout.strip()

    assert get("ROBOTSTXT_OBEY") == "True"
    assert get("AUTOTHROTTLE_ENABLED") == "True"
    assert config.PROJECT_URL in get("USER_AGENT")
    assert get("HTTPCACHE_POLICY") == "scrapy.extensions.httpcache.RFC2616Policy"


def test_polite_components_are_switched_on_for_a_source():
    crawler = Crawler(spider_class("met_news"), _settings())
    AutoThrottle(crawler)  # raises NotConfigured when AutoThrottle is off
    assert crawler.settings.getbool("ROBOTSTXT_OBEY")  # RobotsTxtMiddleware is NotConfigured otherwise
    assert crawler.settings.getdict("DOWNLOADER_MIDDLEWARES_BASE")[
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] is not None
    assert config.PROJECT_URL in UserAgentMiddleware.from_crawler(crawler).user_agent
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") > 0


# -- `lfrwatch crawl SOURCE` and `scrapy crawl SOURCE` do the same job --------------------------


def _documents(db: str) -> set[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return set(con.execute("select canonical_url, sha256 from documents").fetchall())
    finally:
        con.close()


def test_lfrwatch_crawl_and_scrapy_crawl_store_the_same_documents(serve, tmp_path, cli_run, monkeypatch):
    mirror = serve(SOURCES, routes=mirror_routes())
    monkeypatch.setenv("LFRWATCH_BASE_URL_MET_NEWS", f"{mirror.base_url}/met_news")
    by_cli = str(tmp_path / "cli" / "lfrwatch.db")
    result = cli_run("crawl", "met_news", "--db", by_cli, *FAST_CRAWL_ARGS)
    assert "2 new" in result.stderr

    by_scrapy = tmp_path / "scrapy" / "lfrwatch.db"
    by_scrapy.parent.mkdir()
    args = [str(REPO / ".venv/bin/scrapy"), "crawl", "met_news", "-s", f"LFRWATCH_DB={by_scrapy}",
            "-s", f"HTTPCACHE_DIR={tmp_path / 'scrapy' / 'httpcache'}", "-s", "LOG_LEVEL=WARNING", *FAST_CRAWL_ARGS]
    subprocess.run(args, cwd=REPO, env=dict(os.environ), check=True, timeout=120, capture_output=True)

    assert len(_documents(by_cli)) == 2
    assert _documents(str(by_scrapy)) == _documents(by_cli)
    assert list((tmp_path / "scrapy" / "archive").glob("*.warc.gz"))


def test_lfrwatch_crawl_without_arguments_crawls_every_enabled_source(serve, tmp_path, cli_run, monkeypatch):
    mirror = serve(SOURCES, routes=mirror_routes())
    for key, value in mirror_env(mirror.base_url, FIXTURE_NAMES).items():
        monkeypatch.setenv(key, value)
    # Sources read from elsewhere (the deployment records) are not in this mirror.
    monkeypatch.setenv("LFRWATCH_DISABLE", ",".join(sorted(set(SOURCE_NAMES) - set(FIXTURE_NAMES))))
    db = str(tmp_path / "lfrwatch.db")
    result = cli_run("crawl", "--db", db, *FAST_CRAWL_ARGS)
    assert result.exit_code == 3  # partial: the robots-forbidden Sky video is reported
    con = sqlite3.connect(db)
    crawled = {row[0] for row in con.execute("select name from sources where last_run_at is not null")}
    stored = {row[0] for row in con.execute("select distinct source from documents")}
    con.close()
    enabled = {s.name for s in all_sources() if s.enabled}
    assert crawled == stored == enabled == set(FIXTURE_NAMES) - {"police_platform"}
    assert not [e for e in mirror.log if e.path.startswith("/police_platform/")]


def test_the_readmes_count_of_sources_is_the_catalogues():
    sources = all_sources()
    records = [s for s in sources if s.name.endswith("_lfr_records")]
    forces = [s for s in sources if s.name in PLATFORM_FORCES]
    news = [s for s in sources if s not in records and s not in forces]
    readme = (REPO / "README.md").read_text()
    assert (len(sources), len(news), len(forces), len(records)) == (48, 18, 27, 3)
    assert [s.name for s in news if not s.enabled] == ["police_platform"] and not any(s.enabled for s in forces)
    assert "**48 sources**" in readme and "**18 news sources**" in readme
    assert "**27 police forces**" in readme and "**3 deployment-record sources**" in readme
