"""A local check of the record parser on real record files kept outside the project (``make real-check REAL=dir``).

    .venv/bin/python -m lfrwatch.records.real_check /path/to/met-records

For each PDF in the folder: the deployment rows read against the rows the
file holds, counted twice (the rows the parser saw, and, independently, the
lines of the PDF's text layer that carry a DD/MM/YY date), every row that
could not be read, and the locations without a place or a borough. Then every
file is stored in a scratch database, as a crawl would store it, and the
stored deployments and arrests are totalled by year, and, for the Met, the
claims issue #18 names are stored beside them (as the NLP stores a figure
with its period) and compared, as ``lfrwatch check`` compares them. The real
files never enter the repository or CI; this is run by hand where they are.

Exit status 0 when every row of every file was read, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

from lfrwatch import store
from lfrwatch.records.files import store_record_file
from lfrwatch.records.met_pdf import parse_pdf
from lfrwatch.records.queries import coverage, current_deployments, list_files
from lfrwatch.records.reconcile import refresh_comparisons
from lfrwatch.records.rows import ParsedRecords

_DATED_LINE = re.compile(r"(?<!\d)\d{2}/\d{2}/\d{2}(?:\d{2})?(?!\d)")


def dated_lines(data: bytes) -> int:
    """Lines of the PDF's text layer holding a date: one per deployment row, whatever the tables look like."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(_DATED_LINE.findall(line)) > 0 for page in pdf.pages
                   for line in (page.extract_text() or "").splitlines())


_MET_DOWNLOADS = "https://www.met.police.uk/SysSiteAssets/media/downloads/force-content/met/advice/lfr/"
#: The Met's own names for the files jared-krauss/ALHFRS keeps renamed (its notes give them; docs/records.md),
#: so the period is read from the name as a crawl would read it. The path of the third is assumed.
MET_URLS = {
    "met-lfr-grid-2020-2022.pdf": _MET_DOWNLOADS + "new/lfr-deployment-grid-2020-2022.pdf",
    "met-lfr-grid-2023-to-2024.pdf": _MET_DOWNLOADS + "deployment-records/lfr-deployment-grid-2023-to-2024.pdf",
    "met-lfr-grid-2025-to-may2026.pdf": _MET_DOWNLOADS + "new/lfr-deployment-grid-2025-up-to-May20-.pdf",
}

#: The claims issue #18 checks against the Met's real records, in our own words: (claimed on, publisher, kind,
#: text, verdict the issue expects). Their figures, periods and claimants come from the NLP, as in a crawl.
ISSUE_18_CLAIMS = [
    ("2025-02-10", "Metropolitan Police", "police", "Officers made over 500 arrests last year with the cameras.",
     "consistent"),
    ("2024-03-12", "BBC News", "press", "The Met said the cameras led to 42 arrests in February.", "higher"),
    ("2024-03-25", "Metropolitan Police", "police", "Officers made 17 arrests on 19 and 21 March.", "consistent"),
    ("2024-05-16", "Metropolitan Police", "police", "Officers made six arrests on 15 May.", "consistent"),
]


def claim_url(number: int) -> str:
    return f"https://example.invalid/issue-18/{number}"


def store_claims(db, claims=ISSUE_18_CLAIMS, nlp=None) -> None:
    """Each claim's text in a document of its own, stored and analysed as a crawl and `lfrwatch extract` would."""
    from lfrwatch.nlp.extract import extract_claims

    for number, (published, publisher, kind, text, _) in enumerate(claims, start=1):
        store.store_document(db, {"url": claim_url(number), "canonical_url": claim_url(number), "text": text,
                                  "title": text, "published": published, "publisher": publisher, "kind": kind,
                                  "source": "real-check"})
    extract_claims(db, nlp=nlp)


def check_file(path: Path) -> tuple[ParsedRecords, int]:
    data = path.read_bytes()
    return parse_pdf(data, path.name), dated_lines(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of real record PDFs (never in the repository)")
    parser.add_argument("--force", default="met", help="force whose records they are (default: met)")
    parser.add_argument("--db", default=":memory:", help="keep the database here (then: lfrwatch check --db ...)")
    args = parser.parse_args(argv)
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        print(f"error: no PDF files in {args.folder}", file=sys.stderr)
        return 1
    db = store.open_db(args.db)
    complete = True
    print(f"{'file':48} {'pages':>5} {'read':>5} {'in file':>7} {'dated lines':>11}  result")
    for path in files:
        parsed, lines = check_file(path)
        whole = not parsed.unread and parsed.rows_in_file == lines
        complete &= whole
        print(f"{path.name:48} {parsed.pages:>5} {len(parsed.deployments):>5} {parsed.rows_in_file:>7} "
              f"{lines:>11}  {'all rows read' if whole else 'ROWS MISSING'}")
        for problem in parsed.problems():
            print(f"    {problem.in_file()}")
        no_place = [d["location"] for d in parsed.deployments if d["place"] is None]
        no_borough = [d["location"] for d in parsed.deployments if d["borough"] is None]
        if no_place or no_borough:
            print(f"    {len(no_place)} row(s) without a place ({', '.join(sorted(set(no_place)))}); "
                  f"{len(no_borough)} without a borough ({', '.join(sorted(set(no_borough)))})")
        data = path.read_bytes()
        url = MET_URLS.get(path.name, f"file:///{path.name}") if args.force == "met" else f"file:///{path.name}"
        store_record_file(db, {"force": args.force, "url": url, "source": "real-check",
                               "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}, parsed)
    stored = current_deployments(db, args.force)
    print("\ncoverage: " + ", ".join(f"{a} to {b}" for a, b in coverage(db, args.force)))
    for row in list_files(db, force=args.force):
        print(f"  {row['url'].rsplit('/', 1)[-1]}: period {row['label']!r}, {row['period_start']} to "
              f"{row['period_end'] or 'its last row'}")
    deployments, arrests, unknown = Counter(), Counter(), Counter()
    for row in stored:
        year = row["date"][:4]
        deployments[year] += 1
        if row["arrests"] is None:
            unknown[year] += 1
        else:
            arrests[year] += row["arrests"]
    print(f"stored: {len(stored)} deployments, {sum(arrests.values())} arrests")
    print(f"{'year':6} {'deployments':>11} {'arrests':>8}  arrests not recorded")
    for year in sorted(deployments):
        print(f"{year:6} {deployments[year]:>11} {arrests[year]:>8}  {unknown[year] or ''}")
    if args.force == "met":
        store_claims(db)
        expected = {claim_url(n): claim[-1] for n, claim in enumerate(ISSUE_18_CLAIMS, start=1)}
        print("\nclaims of issue #18, read by the NLP, against the stored records (as lfrwatch check compares them):")
        rows = sorted(refresh_comparisons(db), key=lambda r: r["claimed_on"])
        if sorted(r["document_url"] for r in rows) != sorted(expected):
            print("  NOT AS EXPECTED: the NLP did not read a comparable figure from every claim")
        for row in rows:
            agrees = "as expected" if expected.get(row["document_url"]) == row["verdict"] else "NOT AS EXPECTED"
            print(f"  {row['claimed_on']} {row['claim_text']!r} ({row['period']}): {row['verdict']}, "
                  f"recorded {row['recorded'] if row['recorded'] is not None else '-'} "
                  f"({agrees})\n      {row['reason']}")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
