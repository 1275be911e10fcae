"""Official LFR deployment records: read them, keep them, and hold claims up against them.

Reads from: the record files the records spiders fetch (spiders/met_lfr_records.py,
essex_lfr_records.py, swp_lfr_records.py through spiders/records_base.py): the
Metropolitan Police's PDF tables (one per period), South Wales Police's and Essex
Police's HTML tables on their LFR pages; and the figure claims in the store.

Hands on: deployments (``record_files``, ``record_deployments``) and comparisons
(``record_comparisons``) to the store; verdicts to ``lfrwatch check``; recorded
series, deployments by place and comparisons to the timeline and to publish
(exports, report, Datasette).

The modules, in the order the data flows:

- :mod:`~lfrwatch.records.forces`: the forces and which force a name stands for;
- :mod:`~lfrwatch.records.layouts`, :mod:`~lfrwatch.records.cells`: columns and
  their headings, single cells (dates, counts, durations);
- :mod:`~lfrwatch.records.met_pdf`, :mod:`~lfrwatch.records.html_tables`,
  :mod:`~lfrwatch.records.rows`: a record file into deployments
  (:func:`parse_pdf`, :func:`parse_html`); a row that cannot be read is kept in
  ``unread`` with its file, page, row and reason (:class:`RecordsError`), and a
  file of which nothing can be read raises one; :mod:`~lfrwatch.records.limits`
  reads each PDF of a crawl in a child process under size, page, memory and time
  bounds, and remembers a file that failed;
- :mod:`~lfrwatch.records.places`, :mod:`~lfrwatch.records.boroughs`: a location
  into a gazetteer place and its London borough;
- :mod:`~lfrwatch.records.files`: storing a file (:func:`store_record_file`, one
  transaction per file); a deployment keeps its identity across re-published
  files, so a file with new rows adds only those and a corrected row keeps both versions;
- :mod:`~lfrwatch.records.queries`: the records read back (:func:`current_deployments`,
  :func:`coverage`, :func:`recorded_series`, :func:`deployments_by_place`);
- :mod:`~lfrwatch.records.periods`, :mod:`~lfrwatch.records.reconcile`: each figure a force claims about a metric its
  records cover, compared with what the records add up to for the same period (and
  place), with a verdict and its reason (:func:`compare_claims`); what a qualifier
  allows is :mod:`lfrwatch.nlp.qualifiers`, shared with the timeline's conflict check;
- :mod:`~lfrwatch.records.demo`: the demo's records sources;
- :mod:`~lfrwatch.records.real_check`: ``make real-check``, the parser on real
  record files kept outside the project.

docs/records.md explains the rules (periods, qualifiers, coverage) with examples.
"""

from lfrwatch.nlp.qualifiers import Bounds, claim_bounds
from lfrwatch.records.cells import duration_minutes, parse_count, parse_record_date, parse_threshold
from lfrwatch.records.demo import DEMO_COLUMNS, DEMO_SOURCES, demo_record_sources
from lfrwatch.records.errors import RecordsError
from lfrwatch.records.files import (FileResult, deployment_keys, file_period, known_record_file, record_file_failed,
                                    store_record_file)
from lfrwatch.records.forces import FORCES, Force, force_matching
from lfrwatch.records.html_tables import parse_html
from lfrwatch.records.layouts import (FIELD_HEADERS, INT_FIELDS, LAYOUTS, MET_PDF, PLATFORM_HTML, Layout,
                                      field_for_header, map_columns)
from lfrwatch.records.met_pdf import parse_pdf
from lfrwatch.records.periods import ClaimPeriod, resolve_claim_period
from lfrwatch.records.places import locate
from lfrwatch.records.queries import (COVERED_METRICS, METRIC_COLUMNS, coverage, current_deployments,
                                      deployments_by_place, list_files, recorded_series)
from lfrwatch.records.reconcile import claim_force, claim_place, compare_claim, compare_claims, refresh_comparisons
from lfrwatch.records.rows import ParsedRecords, find_as_at

__all__ = [
    "Bounds", "COVERED_METRICS", "ClaimPeriod", "DEMO_COLUMNS", "DEMO_SOURCES", "FIELD_HEADERS", "FORCES",
    "FileResult", "Force", "INT_FIELDS", "LAYOUTS", "Layout", "METRIC_COLUMNS", "MET_PDF", "PLATFORM_HTML",
    "ParsedRecords", "RecordsError", "claim_bounds", "claim_force", "claim_place", "compare_claim", "compare_claims",
    "coverage", "current_deployments", "demo_record_sources", "deployment_keys", "deployments_by_place",
    "duration_minutes", "field_for_header", "file_period", "find_as_at", "force_matching", "known_record_file",
    "list_files", "locate", "map_columns", "parse_count", "parse_html", "parse_pdf", "parse_record_date",
    "parse_threshold", "record_file_failed", "recorded_series", "refresh_comparisons", "resolve_claim_period",
    "store_record_file",
]
