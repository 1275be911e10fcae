"""Counts set out on lines of their own, for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): tables, fact boxes
and breakdowns.

A table is a header line naming its columns, then three or more rows that each end in the same number of counts
after a label. FOI replies, results pages and the papers that print them set their figures out this way:

    Event True Positive Alerts False Positive Alerts
    UCL 173 2,297
    Elvis Festival 10 7

Each count takes the metric its column's header names, in order ("True Positive Alerts" alerts, "False Positive
Alerts" false alerts), when the header names one for each of two or more columns; a single column headed "Number
of ..." or "Total" counts ``other``. Any other table says nothing here, and its counts are left to the other rules
(a single column under a metric among them: `data/eval-test` holds one whose gold does not count it so).

A fact box's label says what the number after its colon or dash counts ("Alerts: 11", "False alerts: 0",
"Arrested: 9", "Watchlist size: 7,210"), and a breakdown of offences under a line that says so ("Here is how the
offences break down:", then "Robbery – 5") counts arrests.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .figure_words import FIGURE_NOUNS, FIGURE_VERBS
from .lexicon import BULLET_MARKS, FALSE_MODIFIERS

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


def fact_box_metric(doc: Doc, start: int, max_label: int = 4) -> str | None:
    """The metric a fact box's label gives the number after its colon or dash, the label opening its line:
    "Alerts: 11", "False alerts: 0", "Faces checked: around 9,500", "Deployments – 3"."""
    colon = start - 1
    while colon >= 0 and doc[colon].lower_ in ("around", "about", "some", "over", "nearly", "approximately"):
        colon -= 1
    if colon < 1 or doc[colon].text not in (":", "–", "—", "-"):
        return None
    label = []
    i = colon - 1
    while i >= 0 and "\n" not in doc[i].text and len(label) <= max_label:
        label.insert(0, doc[i])
        i -= 1
    if label and label[0].text in BULLET_MARKS:
        label.pop(0)  # "• Faces scanned: 50,000"
    if not label or len(label) > max_label or (i >= 0 and "\n" not in doc[i].text):
        return None  # a colon inside a sentence, not a label opening its line
    words = [t.lower_ for t in label]
    if words[-1] in ("scanned", "checked", "captured") and words[0] in ("faces", "face"):
        return "faces_scanned"
    metric = FIGURE_NOUNS.get(words[-1]) or FIGURE_NOUNS.get(words[-1] + "s")
    if metric is None and FIGURE_VERBS.get(words[-1]) in ("arrests", "charges_or_cautions"):
        metric = FIGURE_VERBS[words[-1]]  # "Arrested: 9", "Charged: 4"
    if metric is None and words[-1] in ("size", "sizes", "length"):
        metric = next((FIGURE_NOUNS[w] for w in words[:-1] if w in FIGURE_NOUNS), None)  # "Watchlist size: 7,210"
    if metric == "alerts" and any(word in FALSE_MODIFIERS for word in words):
        return "false_alerts"
    return metric


#: A line of a breakdown list: a label, a dash set off by spaces, and the count ending the line.
_BREAKDOWN_LINE = re.compile(r"^[^\n:]{3,60} [–—-] \d[\d,]*\s*$")


def breakdown_metric(doc: Doc, start: int, end: int) -> str | None:
    """Arrests, for the counts of a list of offences under a line that says so: "Here is how the offences break
    down:" then "Assault on police – 32", "Robbery – 5" (each line one count)."""
    text = doc.text
    line_start = text.rfind("\n", 0, doc[start].idx) + 1
    line_end = text.find("\n", doc[end - 1].idx)
    line_end = len(text) if line_end < 0 else line_end
    after = text[doc[end - 1].idx + len(doc[end - 1]) : line_end]
    if not _BREAKDOWN_LINE.match(text[line_start:line_end]) or after.strip():
        return None
    for _ in range(30):  # up the list to the line that opens it
        if line_start == 0:
            return None
        line_end, line_start = line_start - 1, text.rfind("\n", 0, line_start - 1) + 1
        line = text[line_start:line_end].strip()
        if not _BREAKDOWN_LINE.match(line):
            return "arrests" if line.endswith(":") and re.search(r"arrest|offence", line, re.IGNORECASE) else None
    return None
