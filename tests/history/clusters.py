"""Helpers for the tests that run on a real Dask LocalCluster (the local_cluster fixture of tests/conftest.py)."""

from __future__ import annotations

import socket


def unused_port() -> int:
    """A loopback port nothing listens on (a scheduler address that cannot be reached)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
