"""The timeline: who claimed what value of a metric, when, and where it was published.

What it reads: the current claims (figures and quotes) and the documents
they come from, in the store (:mod:`lfrwatch.store`: ``claims``,
``documents``, ``people``), with the organisation aliases of the NLP's word
lists (``nlp/lexicon.py``); and, for each row of a timeline, the records'
comparison of the claim with the force's own deployment records
(:func:`lfrwatch.records.compare_claims`).

What it does, raw claims (one per document) to a researcher's view:

- **Who**: each claim is credited to an organisation ("the Met" and
  "Metropolitan Police Service" are one; a person maps to their organisation
  when it is known; "the force said" to the one its document names).
- **Repeats**: the same figure (metric, value, claimant organisation, period)
  or the same quotation published by several outlets is one *claim group* with
  many sources, a first-seen date and a count. Documents whose text is a
  near-copy of an earlier one (wire copy, syndication) are marked, so a figure
  repeated by ten papers reprinting one press release is not ten confirmations.
- **Series**: for each metric, the groups in date order per claimant organisation.
- **Conflicts**: a running total that goes down, two values for the same
  period that cannot both be true (qualifiers respected: "more than 1,000" and
  1,046 agree), and a part above its whole (charged above arrested).

A claim's *date* is when it was made (the statement's date when the text gives
one, else the document's publication date), never the period it covers: "over
500 arrests last year", said on 30 January 2025, is dated 2025-01-30.

What it hands on: the derived tables (``claim_groups``, ``claim_group_sources``,
``conflicts``, ``timeline_rows``) written into the store by
:func:`rebuild_derived` in bounded memory (by ``lfrwatch run``, ``extract``, ``serve``,
``demo`` and a stale ``timeline``; :func:`refresh_derived` writes them from an :class:`Analysis` in memory)
for SQL users and Datasette; the rows of the CLI's ``timeline``, ``conflicts`` and
``quotes`` commands (:mod:`lfrwatch.cli.timeline`); and the
:class:`Analysis` that :mod:`lfrwatch.publish` exports and reports.

Its modules:

- ``claimants``: organisation names and who a claim is credited to;
- ``qualifiers``: claim dates, periods, running totals and what a qualifier allows;
- ``syndication``: near-identical documents;
- ``grouping``: repeats merged into claim groups;
- ``conflict_rules``: the three kinds of conflict between groups;
- ``analysis``: :func:`analyse`, all of the above over the store's current claims;
- ``derived``: the derived tables, whether they are current, and reading a timeline from them;
- ``rebuild``: :func:`rebuild_derived`, the derived tables rebuilt from SQL in bounded memory (what the
  commands that write claims, and a stale :func:`timeline`, do);
- ``queries``: :func:`timeline` (:func:`iter_timeline`: its rows one at a time), :func:`series`,
  :func:`conflicts`, :func:`quotes`.

Every name below is read as ``timeline.X`` or imported from here somewhere.
A test that replaces one replaces it in the module that calls it (``analyse``
is called by ``derived`` and ``queries``; ``orjson`` is read by ``derived``).
"""

from __future__ import annotations

from lfrwatch.timeline.analysis import Analysis, analyse
from lfrwatch.timeline.claimants import claimant_org, is_generic, normalise_org
from lfrwatch.timeline.derived import derived_current, group_row, refresh_derived
from lfrwatch.timeline.qualifiers import claim_date, is_cumulative, qualifier_class, value_range
from lfrwatch.timeline.queries import METRICS, conflicts, iter_timeline, quotes, series, timeline
from lfrwatch.timeline.rebuild import rebuild_derived
from lfrwatch.timeline.syndication import syndicated_copies

__all__ = [
    "METRICS", "Analysis", "analyse", "claim_date", "claimant_org", "conflicts", "derived_current", "group_row",
    "is_cumulative", "is_generic", "iter_timeline", "normalise_org", "qualifier_class", "quotes", "rebuild_derived",
    "refresh_derived", "series",
    "syndicated_copies", "timeline", "value_range",
]
