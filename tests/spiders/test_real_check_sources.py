"""scripts/real_check_sources.py, run on a folder laid out like the real copies but built from our own fixtures.

The real copies never enter the project (or CI); this checks that the script
reads such a folder, scores paragraphs and stray lines, and fails a page that
misses the target.
"""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from conftest import REPO
from helpers import SOURCES, fill_base_urls

SPEC = importlib.util.spec_from_file_location("real_check_sources", REPO / "scripts" / "real_check_sources.py")
real_check = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(real_check)

PAGE = "evening_standard/news/crime/facial-recognition-oxford-circus-wanted-man-b1254321.html"
URL = "https://www.standard.co.uk/news/crime/facial-recognition-oxford-circus-wanted-man-b1254321.html"
PARAGRAPHS = [
    "A man wanted for a string of burglaries was arrested at Oxford Circus just 20 minutes after police switched on "
    "live facial recognition cameras on Thursday.",
    "The 41-year-old was stopped by officers near the Tube station entrance on Regent Street after the system matched "
    "him to a watchlist of 9,800 people.",
    "A second alert later that afternoon was dismissed by officers within a minute, the Met said.",
    'Inspector Rafferty Olawale-Brennan said: "He had been avoiding us for months. Within minutes of the van arriving, '
    'he was in custody."',
]


def _folder(tmp_path, paragraphs, published="2025-10-09 17:45:00+00:00",
            title="Facial recognition cameras catch wanted man at Oxford Circus within minutes"):
    standard = tmp_path / "evening_standard"
    standard.mkdir(parents=True)
    (standard / "page.html").write_bytes(fill_base_urls((SOURCES / PAGE).read_bytes(), "evening_standard",
                                                        "https://www.standard.co.uk"))
    (standard / "README.md").write_text(f"- page.html <- our fixture\n  page: {URL}, saved for this test\n")
    (standard / "expected.json").write_text(json.dumps({"V1": {
        "title": title, "publishing_date": published, "authors": [],
        "body": {"summary": ["The man was arrested 20 minutes after the cameras were switched on"],
                 "sections": [{"headline": ["Second alert of the day"], "paragraphs": paragraphs}]}}}))
    register = tmp_path / "the_register"
    register.mkdir()
    shutil.copy(SOURCES / "the_register" / "headlines.atom", register / "headlines.atom")
    (tmp_path / "liberty").mkdir()  # evidence only: no page, no feed
    return tmp_path


def test_a_page_that_reads_whole_meets_the_target(tmp_path, capsys):
    assert real_check.main([str(_folder(tmp_path, PARAGRAPHS))]) == 0
    out = capsys.readouterr().out
    assert f"url: {URL}" in out
    assert "paragraphs: ok  5 of 5 read (100%); 6 lines read; 0 stray" in out
    assert "date:  ok  2025-10-09T18:45:00+01:00" in out
    assert "links followed: 2" in out and "www.theregister.com/2025/10/21/met_lfr_expansion_tender/" in out
    assert "liberty/: no real page or feed here" in out
    assert "2 of 2 real files meet the target" in out


def test_missing_paragraphs_and_stray_lines_fail_the_target(tmp_path, capsys):
    # The expected parse says two paragraphs the spider never reads, and leaves out two it does read.
    expected = PARAGRAPHS[:2] + ["A paragraph the page does not have, first of two.",
                                 "A paragraph the page does not have, second of two."]
    assert real_check.main([str(_folder(tmp_path, expected))]) == 1
    out = capsys.readouterr().out
    assert "paragraphs: BELOW TARGET  3 of 5 read (60%)" in out
    assert out.count("    stray:   ") == 2 and out.count("    missing: ") == 2
    assert "MISS evening_standard/page.html" in out


def test_a_wrong_date_is_reported(tmp_path, capsys):
    assert real_check.main([str(_folder(tmp_path, PARAGRAPHS, published="2025-10-08 17:45:00+00:00"))]) == 1
    out = capsys.readouterr().out
    assert "date:  WRONG  2025-10-09T18:45:00+01:00  (expected 2025-10-08 17:45:00+00:00)" in out


def test_no_folder_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit):
        real_check.main([str(tmp_path / "nowhere")])


def test_a_feed_is_read_as_the_address_its_readme_gives(tmp_path, capsys):
    met = tmp_path / "met_news"
    met.mkdir()
    body = fill_base_urls((SOURCES / "met_news" / "rss" / "current_news" / "66871").read_bytes(), "met_news",
                          "https://news.met.police.uk")
    (met / "news_feed.xml").write_bytes(body)
    (met / "current_news_feed.xml").write_bytes(body)
    (met / "README.md").write_text("- news_feed.xml <- our fixture, saved for this test\n"
                                   "  feed: https://news.met.police.uk/rss/source/60923/news\n"
                                   "- current_news_feed.xml.excerpt <- no address given for the feed itself\n")
    assert real_check.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "met_news/news_feed.xml\n  read as: https://news.met.police.uk/rss/source/60923/news\n" in out
    assert "met_news/current_news_feed.xml\n  read as: https://news.met.police.uk/rss/current_news/66871\n" in out
    assert out.count("links followed: 2") == 2 and "2 of 2 real files meet the target" in out
