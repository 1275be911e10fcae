"""Shared test fixtures: loopback sites, temporary databases, the spaCy pipeline, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lfrwatch.crawl.mirror import MirrorServer

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
SHARED = REPO.parent / "shared"

#: Crawl settings for loopback tests: no politeness delays (the server is ours), and loopback allowed (and
#: nothing else: lfrwatch refuses private addresses, loopback included, unless LFRWATCH_LOOPBACK_ONLY is on).
FAST_CRAWL = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 10,
              "LFRWATCH_LOOPBACK_ONLY": True}
FAST_CRAWL_ARGS = [arg for key, value in FAST_CRAWL.items() for arg in ("-s", f"{key}={value}")]


@pytest.fixture
def serve():
    """serve(folder, routes=None) -> a started MirrorServer on 127.0.0.1, stopped after the test."""
    servers: list[MirrorServer] = []

    def start(folder, routes=None) -> MirrorServer:
        server = MirrorServer(folder, routes=routes).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "data" / "lfrwatch.db")


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with lfrwatch's components, loaded once per test session."""
    from lfrwatch.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def cli_run():
    """cli_run(*args) -> click Result, with stdout and stderr kept apart."""
    from lfrwatch.cli import cli

    def run(*args: str):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run
