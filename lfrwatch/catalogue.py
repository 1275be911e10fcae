"""The catalogue of sources lfrwatch watches: one entry per spider in spiders/.

Each entry's ``name`` is its spider's ``name``, its file ``spiders/<name>.py``,
its test ``tests/test_spider_<name>.py`` and its fixtures
``tests/fixtures/sources/<name>/``.
"""

from lfrwatch.sources import Source, register  # noqa: F401
