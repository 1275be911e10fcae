"""Counts in a table, for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): a header line naming its columns,
then three or more rows that each end in the same number of counts after a label. FOI replies, results pages and
the papers that print them set their figures out this way:

    Event True Positive Alerts False Positive Alerts
    UCL 173 2,297
    Elvis Festival 10 7

Each count takes the metric its column's header names, in order ("True Positive Alerts" alerts, "False Positive
Alerts" false alerts), when the header names one for each of two or more columns; a single column headed "Number
of ..." or "Total" counts ``other``. Any other table says nothing here, and its counts are left to the other rules
(a single column under a metric among them: `data/eval-test` holds one whose gold does not count it so).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .figure_words import FIGURE_NOUNS
from .lexicon import FALSE_MODIFIERS

#: A row: a label (words, not a sentence) and then one or more counts, the last words of its line.
_ROW = re.compile(r"^(?P<label>\S.*?[^\d\s,.])\s+(?P<counts>\d[\d,]*(?:\s+\d[\d,]*)*)\s*$")
#: Rows a table needs before its counts are read as one.
_MIN_ROWS = 3
#: Words of a single column's header that make its counts a plain tally (``other``): "Number of mentions".
_TALLY_WORDS = frozenset({"number", "total", "count", "mentions"})
_TABLES_KEY = "lfrwatch_table_columns"


def table_metric(doc: Doc, start: int, end: int) -> str | None:
    """The metric of the count at tokens [start, end) when it stands in a table's row, from its column's header."""
    tables = doc.user_data.get(_TABLES_KEY)
    if tables is None:
        tables = doc.user_data[_TABLES_KEY] = _table_cells(doc.text)
    return tables.get(doc[start].idx)


def _table_cells(text: str) -> dict[int, str]:
    """Character offset of each table count -> its column's metric."""
    cells: dict[int, str] = {}
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    rows = [_ROW.match(line) for _, line in lines]
    k = 0
    while k < len(lines):
        row = rows[k]
        if not row or k == 0:
            k += 1
            continue
        width = len(row["counts"].split())
        last = k
        while last + 1 < len(lines) and rows[last + 1] and len(rows[last + 1]["counts"].split()) == width:
            last += 1
        columns = _header_metrics(lines[k - 1][1], width)
        if last - k + 1 >= _MIN_ROWS and columns:
            for (line_start, _), match in zip(lines[k : last + 1], rows[k : last + 1]):
                counts_start = line_start + match.start("counts")
                for column, count in enumerate(re.finditer(r"\d[\d,]*", match["counts"])):
                    cells[counts_start + count.start()] = columns[column]
        k = last + 1
    return cells


def _header_metrics(header: str, width: int) -> list[str] | None:
    """The metrics a header line names for its ``width`` columns, in order; None unless it names one per column."""
    if _ROW.match(header) or header.rstrip().endswith((".", ":")):
        return None  # a row or a sentence, not a header
    words = re.findall(r"[a-z]+", header.lower())
    metrics, false_since = [], False
    for word in words:
        if word in FALSE_MODIFIERS:
            false_since = True
        metric = FIGURE_NOUNS.get(word)
        if metric is not None:
            metrics.append("false_alerts" if metric == "alerts" and false_since else metric)
            false_since = False
    if len(metrics) == width > 1:
        return metrics  # a single column under a metric is left to the other rules, which read its line
    if not metrics and width == 1 and _TALLY_WORDS & set(words):
        return ["other"]
    return None
