"""Read real copies of the sources' pages and feeds with lfrwatch's own spiders, and say how well they read.

Run locally, never in CI (the real copies are third-party files kept outside the
project; see docs/sources.md)::

    make real-check-sources REAL=/path/to/real/sources
    .venv/bin/python scripts/real_check_sources.py /path/to/real/sources

The folder holds one sub-folder per source slug (``bbc_news/``, ``the_register/``...).
In each, every ``*.html`` page is read as the source's spider reads an article
(its ``article_overrides`` then :func:`lfrwatch.crawl.article.extract_article`),
and every ``*.xml``/``*.atom``/``*.rss`` feed as its spider reads a feed
(``parse_feed``: which links it would follow). A page's URL is the ``page: URL``
line its folder's README gives after the file's name, else the page's canonical link;
a feed's is the ``feed: URL`` line, else the spider's first feed address.

What the article really holds comes from an expected parse beside the page:
a fundus test file (``*.json`` with ``title``, ``publishing_date`` and
``body.summary``/``body.sections[].paragraphs``, matched to the page by title) or
a benchmark ground truth (``*ground_truth*<hash>.json`` with ``articleBody``).
Without one, the page's own JSON-LD headline and datePublished stand in for title
and date, and paragraphs are not scored.

Paragraphs of embedded posts (tweets), which the spiders leave out by design,
are set aside from the count and said so.

Per page it prints the title and date read (and whether they are right: the
expected title, or a headline the page itself states in its ``h1``, ``og:title``
or JSON-LD, which the output then names), the
article's paragraphs found among the lines read, and every stray line (a line
read that is not in the article). The target: at least 95% of the paragraphs,
at most two stray lines, the right title and date. The exit status is 1 when a
page misses it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request, TextResponse

from lfrwatch.crawl.article import extract_article, page_metadata
from lfrwatch.crawl.sources import all_sources, spider_loader
from lfrwatch.spiders.base import LONDON, ArticleSpider, utc_to_local

MIN_PARAGRAPH_SHARE = 0.95
MAX_STRAY_LINES = 2
#: Third-party posts embedded in an article: not the article's text.
EMBEDDED_POSTS = "blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed"
FEED_SUFFIXES = {".xml": "application/rss+xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml"}


def normalise(text: str | None) -> str:
    """Text compared without case, accents on quotes, or spacing."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                         "\u2013": "-", "\u2014": "-", "\u00a0": " "}))
    return " ".join(text.split()).casefold()


def spider_for(slug: str) -> ArticleSpider:
    try:
        return spider_loader().load(slug)()
    except KeyError:
        raise LookupError(f"no spider named {slug}") from None


def readme_urls(folder: Path) -> dict[str, str]:
    """{file name: URL} from a README that lists ``<file> <- ...`` then ``page: URL`` (or ``feed: URL``)."""
    readme = folder / "README.md"
    if not readme.is_file():
        return {}
    urls: dict[str, str] = {}
    current = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        named = re.match(r"\s*-\s*([\w.\-]+\.(?:html|xml|rss|atom))(?![\w.])", line)
        if named:
            current = named[1]
        page = re.search(r"\b(?:page|feed):\s*(https?://\S+?),?(?:\s|$)", line)
        if page and current:
            urls[current] = page[1]
            current = None
    return urls


# -- what the article really holds -----------------------------------------------------------------------


def expected_parses(folder: Path) -> list[dict[str, Any]]:
    """Every expected parse in the folder: {"title", "published", "paragraphs", "headings", "file", "url"}."""
    found = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "articleBody" in data:  # article-extraction-benchmark ground truth
            paragraphs = [p for p in re.split(r"\n\s*\n", data["articleBody"]) if p.strip()]
            found.append({"title": None, "published": None, "paragraphs": paragraphs, "headings": [],
                          "file": path.name, "url": data.get("url"), "key": path.stem.rsplit("_", 1)[-1]})
            continue
        for version, parse in data.items():  # fundus: {"V1": {...}, "V2": {...}}
            if not isinstance(parse, dict) or "body" not in parse:
                continue
            body = parse["body"] or {}
            paragraphs = list(body.get("summary") or [])
            headings = []
            for section in body.get("sections") or []:
                headings += section.get("headline") or []
                paragraphs += section.get("paragraphs") or []
            found.append({"title": parse.get("title"), "published": parse.get("publishing_date"),
                          "paragraphs": paragraphs, "headings": headings, "file": f"{path.name}:{version}",
                          "url": None, "key": None})
    return found


def expected_for(page: Path, html: str, parses: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The expected parse of this page: same hash in the file name, else the same title."""
    for parse in parses:
        if parse["key"] and parse["key"] in page.name:
            return parse
    titles = {normalise(t) for t in re.findall(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)}
    titles |= {normalise(t) for t in re.findall(r'<meta[^>]+property="og:title"[^>]+content="([^"]*)"', html)}
    titles |= {normalise(t) for t in re.findall(r'"headline"\s*:\s*"([^"]*)"', html)}
    for parse in parses:
        wanted = normalise(parse["title"])
        if wanted and any(wanted in title or title in wanted for title in titles if title):
            return parse
    return None


def page_titles(response) -> dict[str, str]:
    """{normalised title: where the page states it}: its h1, og:title and JSON-LD headline."""
    found = {}
    for where, selector in (("h1", "h1 ::text"), ("og:title", 'meta[property="og:title"]::attr(content)'),
                            ("twitter:title", 'meta[name="twitter:title"]::attr(content)')):
        value = normalise(" ".join(response.css(selector).getall()) if where == "h1" else response.css(selector).get())
        if value:
            found.setdefault(value, where)
    for raw in response.css('script[type="application/ld+json"]::text').getall():
        for headline in re.findall(r'"headline"\s*:\s*"((?:[^"\\]|\\.)*)"', raw):
            found.setdefault(normalise(json.loads(f'"{headline}"')), "JSON-LD headline")
    return found


def same_instant(read: str | None, wanted: str | None) -> bool:
    if not read or not wanted:
        return False
    try:
        expected = datetime.fromisoformat(str(wanted).replace("Z", "+00:00"))
        if expected.tzinfo is None:  # a naive time on a UK page is London time
            expected = expected.replace(tzinfo=LONDON)
        return datetime.fromisoformat(read) == expected
    except ValueError:
        return read[:10] == str(wanted)[:10]


def line_matches(line: str, paragraph: str) -> bool:
    """A line read is the paragraph (or holds it whole, or is nearly all of it)."""
    return line == paragraph or (paragraph in line and len(paragraph) > 20) or \
        (line in paragraph and len(line) >= 0.9 * len(paragraph))


# -- checks -----------------------------------------------------------------------------------------------


def check_page(slug: str, page: Path, url: str | None, parses: list[dict[str, Any]]) -> tuple[list[str], bool]:
    body = page.read_bytes()
    html = body.decode("utf-8", errors="replace")
    if not url:
        url = (re.search(r'<link[^>]+rel="canonical"[^>]+href="([^"]+)"', html) or [None, None])[1] \
            or f"https://example.invalid/{page.name}"
    spider = spider_for(slug)
    response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
    overrides = spider.article_overrides(response)
    article = extract_article(body, url, overrides=overrides)
    published = utc_to_local(article.published, spider.timezone)
    expected = expected_for(page, html, parses)
    out = [f"{slug}/{page.name}", f"  url: {url}"]
    ok = True
    if expected and expected["title"]:
        wanted_title, wanted_date, basis = expected["title"], expected["published"], expected["file"]
    else:
        own = page_metadata(response.selector, url)
        wanted_title, wanted_date = own["title"], own["published"]
        basis = (expected["file"] + " (paragraphs); " if expected else "") + "the page's own metadata (title, date)"
    stated = page_titles(response)
    title_ok = normalise(article.title) == normalise(wanted_title)
    title_note = ""
    if not title_ok and normalise(article.title) in stated:
        where = stated[normalise(article.title)]
        title_ok, title_note = True, f"  (the page's {where}; expected parse: {wanted_title!r})"
    date_ok = same_instant(published, wanted_date)
    ok &= title_ok and date_ok
    out.append(f"  expected from: {basis}")
    out.append(f"  title: {'ok' if title_ok else 'WRONG'}  {article.title!r}"
               + (title_note if title_ok else f"  (expected {wanted_title!r})"))
    out.append(f"  date:  {'ok' if date_ok else 'WRONG'}  {published}"
               + ("" if date_ok else f"  (expected {wanted_date})"))
    out.append(f"  author: {article.author!r}; selectors used: "
               + (", ".join(sorted(k for k, v in overrides.items() if v)) or "none (metadata and trafilatura)"))
    lines = [normalise(line) for line in article.text.splitlines() if line.strip()]
    if not expected:
        out.append(f"  paragraphs: {len(lines)} lines read; no expected parse, not scored")
        return out, ok
    paragraphs = [normalise(p) for p in expected["paragraphs"] if normalise(p)]
    # Embedded posts (tweets and the like) are left out by design; an expected parse may count them.
    embedded = [normalise(" ".join(node.xpath(".//text()").getall())) for node in response.css(EMBEDDED_POSTS)]
    set_aside = [p for p in paragraphs if any(p in post for post in embedded)]
    paragraphs = [p for p in paragraphs if p not in set_aside]
    headings = [normalise(h) for h in expected["headings"]]
    found = [p for p in paragraphs if any(line_matches(line, p) for line in lines)]
    missing = [p for p in paragraphs if p not in found]
    described = {normalise(response.css(f'meta[{attribute}="{name}"]::attr(content)').get())
                 for attribute, name in (("name", "description"), ("property", "og:description"))} - {""}
    standfirst = [line for line in lines if line in described and not any(line_matches(line, p) for p in paragraphs)]
    known = paragraphs + headings + [normalise(wanted_title)] + standfirst
    stray = [line for line in lines if not any(line_matches(line, p) or line_matches(p, line) for p in known)]
    share = len(found) / len(paragraphs) if paragraphs else 1.0
    paragraphs_ok = share >= MIN_PARAGRAPH_SHARE and len(stray) <= MAX_STRAY_LINES
    ok &= paragraphs_ok
    out.append(f"  paragraphs: {'ok' if paragraphs_ok else 'BELOW TARGET'}  {len(found)} of {len(paragraphs)} "
               f"read ({share:.0%}); {len(lines)} lines read; {len(stray)} stray")
    if described and not any(line in described for line in lines):
        out.append("  standfirst: the page's description is not among the lines read")
    elif standfirst:
        out.append("  standfirst: read (the page's description; the expected parse leaves it out)")
    if set_aside:
        out.append(f"  set aside: {len(set_aside)} expected paragraph(s) inside embedded posts (left out by design)")
    out += [f"    missing: {p[:110]!r}" for p in missing]
    out += [f"    stray:   {line[:110]!r}" for line in stray]
    return out, ok


def check_feed(slug: str, feed: Path, url: str | None = None) -> tuple[list[str], bool]:
    spider = spider_for(slug)
    url = url or (spider.feed_urls or [f"https://example.invalid/{feed.name}"])[0]
    content_type = FEED_SUFFIXES.get(feed.suffix.lower(), "application/xml")
    response = TextResponse(url=url, body=feed.read_bytes(), encoding="utf-8", request=Request(url),
                            headers={"Content-Type": content_type})
    entries = spider.feed_entries(response) or []
    requests = [r for r in spider.parse_feed(response) if isinstance(r, Request)]
    links = [spider.entry_link(entry, response) for entry in entries]
    dated = sum(1 for entry in entries if entry.get("published") or entry.get("updated"))
    hosts = sorted({re.sub(r"^https?://([^/]+).*", r"\1", link or "") for link in links})
    out = [f"{slug}/{feed.name}", f"  read as: {url}",
           f"  entries: {len(entries)} ({dated} dated, {sum(1 for link in links if link)} with a link); "
           f"link hosts after the spider's rewrite: {', '.join(hosts)}",
           f"  links followed: {len(requests)} (entries about facial recognition; "
           f"{spider.report.skipped_irrelevant} skipped as not about it)"]
    out += [f"    {r.url}" for r in requests[:10]]
    if entries:
        first = entries[0]
        out.append(f"  first entry: title {first.get('title')!r}; published {first.get('published')!r}; "
                   f"updated {first.get('updated')!r}")
    ok = bool(entries) and all(links) and not spider.report.errors
    out += [f"  ERROR {e['url']}: {e['error']}" for e in spider.report.errors]
    return out, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of real copies, one sub-folder per source slug")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    slugs = {source.name for source in all_sources()}
    all_ok = True
    summary = []
    for folder in sorted(p for p in args.folder.iterdir() if p.is_dir()):
        if folder.name not in slugs:
            print(f"{folder.name}/: not a source slug, skipped\n")
            continue
        pages = sorted(folder.glob("*.html"))
        feeds = sorted(p for p in folder.iterdir() if p.suffix.lower() in FEED_SUFFIXES)
        if not pages and not feeds:
            print(f"{folder.name}/: no real page or feed here (evidence only, see its README)\n")
            continue
        urls = readme_urls(folder)
        parses = expected_parses(folder)
        for page in pages:
            lines, ok = check_page(folder.name, page, urls.get(page.name), parses)
            print("\n".join(lines) + "\n")
            summary.append((f"{folder.name}/{page.name}", ok))
            all_ok &= ok
        for feed in feeds:
            lines, ok = check_feed(folder.name, feed, urls.get(feed.name))
            print("\n".join(lines) + "\n")
            summary.append((f"{folder.name}/{feed.name}", ok))
            all_ok &= ok
    print(f"{sum(ok for _, ok in summary)} of {len(summary)} real files meet the target")
    for name, ok in summary:
        print(f"  {'ok  ' if ok else 'MISS'} {name}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
