"""The demo crawls the sample site's deployment records too, and prints claimed beside recorded.

data/sample/records/README.md states what the sample records add up to; this
checks those sums in the demo's database, and the verdict a new user sees for
the Met's "1,000 arrests to date" (31 July 2025) against the 1,046 its records
add up to by then.
"""

from __future__ import annotations

import pytest

from lfrwatch import records, store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from click.testing import CliRunner

    from lfrwatch.cli import cli

    db_file = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db_file)], catch_exceptions=False)
    return result, str(db_file)


def test_the_demo_prints_claimed_versus_recorded(demo):
    result, _ = demo
    assert result.exit_code == 0, result.stderr
    assert "crawled 3 source(s)" in result.stderr and ", 0 errors" in result.stderr
    section = result.stdout.split("Claimed versus recorded", 1)[1].split("\nExplore:", 1)[0]
    header = section.splitlines()[1].split()
    assert header[:4] == ["claimed_on", "force", "metric", "qualifier"] and "verdict" in header
    lines = [line.split() for line in section.splitlines()[3:] if line.strip()]
    thousand = [line for line in lines if line[:3] == ["2025-07-31", "met", "arrests"] and "1000" in line]
    assert thousand and "1046" in thousand[0] and "consistent" in thousand[0]


def test_the_sample_records_add_up_to_what_their_readme_says(demo):
    _, db_file = demo
    db = store.open_db(db_file)
    met = records.current_deployments(db, "met")

    def arrests(first, last, place=None):
        return sum(d["arrests"] for d in met if first <= d["date"] <= last and (place is None or d["place"] == place))

    assert sum(1 for d in met if d["date"].startswith("2024")) == 176
    assert arrests("2024-01-01", "2024-12-31") == 517
    assert arrests("2024-01-01", "2024-12-31", "Croydon") == 137
    assert arrests("2024-01-01", "2025-07-31") == 1046
    assert arrests("2024-01-01", "2025-10-07") == 1163
    assert arrests("2024-01-01", "2026-03-04") == 1287
    assert sum(d["total_alerts"] for d in met if d["date"].startswith("2024")) == 1046
    assert records.coverage(db, "met") == [("2024-01-01", "2026-06-12")]
    essex = records.current_deployments(db, "essex")
    assert (len(essex), sum(d["arrests"] for d in essex)) == (41, 63)
    week = [d for d in essex if "2025-09-08" <= d["date"] <= "2025-09-14"]
    assert (len(week), sum(d["arrests"] for d in week), sum(d["total_alerts"] for d in week)) == (6, 9, 11)
    stored = db["record_comparisons"].count
    assert stored > 0 and stored == len(records.compare_claims(db))
