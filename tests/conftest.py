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


@pytest.fixture(scope="session")
def local_cluster():
    """One Dask LocalCluster of two worker processes on 127.0.0.1, started once for the cluster tests of
    `extract --scheduler` and `import-warc --scheduler` (tests/history). It lives here, not in a
    tests/history/conftest.py, because a second conftest module would shadow this one for every
    `from conftest import ...` of the suite."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as running:
        yield running


@pytest.fixture
def client(local_cluster):
    """A client of the cluster once both workers are there (a test may have killed one: its nanny restarts it)."""
    import distributed

    with distributed.Client(local_cluster.scheduler_address, set_as_default=False) as connected:
        connected.wait_for_workers(2, timeout=60)
        yield connected
