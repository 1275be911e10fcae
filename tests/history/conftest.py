"""The Dask cluster of the history tests: one LocalCluster of two worker processes on 127.0.0.1, started once for
`extract --scheduler` (test_cluster.py) and `import-warc --scheduler` (test_import_cluster.py)."""

from __future__ import annotations

import distributed
import pytest


@pytest.fixture(scope="session")
def local_cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as running:
        yield running


@pytest.fixture
def client(local_cluster):
    """A client of the cluster once both workers are there (a test may have killed one: its nanny restarts it)."""
    with distributed.Client(local_cluster.scheduler_address, set_as_default=False) as connected:
        connected.wait_for_workers(2, timeout=60)
        yield connected
