"""Publish: what researchers take away from the store.

Reads claims, the timeline's derived tables and the records' verdicts from
:mod:`lfrwatch.store` and hands them out as datasets (``export``: CSV, JSON
lines, Parquet, Frictionless Data Package), a self-contained HTML page
(``report``, with its ``templates/``; ``charts`` draws its SVG charts and
place map), a read-only Datasette (``serve``) and an Atom feed of new claims
with an optional webhook (``notify``). Nothing here
writes claims; it only reads what the earlier stages stored.
"""
