"""The catalogue of sources lfrwatch watches: one entry per spider in spiders/.

Each entry's ``name`` is its spider's ``name``, its file ``spiders/<name>.py``,
its test ``tests/spiders/test_spider_<name>.py`` and its fixtures
``tests/fixtures/sources/<name>/``.

Feeds and listings are paths under ``base_url``, so a mirror (or a test) can
serve a whole source from another host by overriding the base URL alone. Where
a source's articles live on other hosts than its feed, those hosts are in
``extra_domains``. docs/sources.md says, per source, what is known about the
real site and what is assumed.

Options a spider reads:

- ``alternatives``: the start URLs are alternative addresses of one feed or
  listing; a failure is only reported when none of them worked;
- ``unfiltered_feeds``: feeds relevant by construction (a tag or search feed):
  every entry is fetched and judged on its page, not on its title;
- ``max_pages``: listing or API pages to follow per run;
- spider-specific ones, documented in the spider.
"""

from lfrwatch.crawl.sources import Source, register

# -- police ---------------------------------------------------------------------

register(Source(
    name="met_news", kind="police", publisher="Metropolitan Police",
    base_url="https://news.met.police.uk",
    # Mynewsdesk RSS 2.0: the newsroom's current news, and the same releases by source (alternatives).
    feeds=("/rss/current_news/66871", "/rss/source/60923/news"),
    options={"alternatives": True},
    description="Metropolitan Police newsroom (Mynewsdesk RSS): press releases, filtered on title and summary.",
))

register(Source(
    name="essex_police", kind="police", publisher="Essex Police",
    base_url="https://www.essex.police.uk",
    listings=("/news/essex/news/news/", "/news/essex/news/"),
    options={"alternatives": True, "force": "essex", "max_pages": 3},
    description="Essex Police news on the shared police website platform (listing pages).",
))

register(Source(
    name="south_wales_police", kind="police", publisher="South Wales Police",
    base_url="https://www.south-wales.police.uk",
    listings=("/news/south-wales/news/news/", "/news/south-wales/news/"),
    options={"alternatives": True, "force": "south-wales", "max_pages": 3},
    description="South Wales Police news on the shared police website platform (listing pages).",
))

#: The shared police website platform's news search for facial recognition, read when a force's feed fails.
POLICE_PLATFORM_SEARCH = "/news/news-search/?q=facial+recognition"

register(Source(
    name="police_platform", kind="police", publisher="Northamptonshire Police",
    base_url="https://www.northants.police.uk",
    feeds=("/news/northants/news/GetNewsRss/",),
    listings=(POLICE_PLATFORM_SEARCH,),
    options={"force": "northants", "max_pages": 3, "listing_fallback": True},
    enabled=False,
    description="Any other force on the shared police website platform (its news feed; the news search when "
                "the feed fails): scrapy crawl police_platform -a base_url=https://www.<force>.police.uk "
                "-a force=<segment> -a publisher='<Force name>' (default: Northamptonshire Police).",
))

# Every other force on the shared police website platform ("Single Online Home"): one row each, all read by
# lfrwatch.spiders.police_platform (each row's spider module only names its force). Forces and newsroom addresses:
# the official lists (HL13532, 2021; HL1777, 2024) and a public crawler's list of verified listing addresses. Each
# row reads its newsroom's RSS feed (the listing's GetNewsRss/, attested for four forces by code run against the live
# sites) and, only when it fails, the platform's news search (attested the same way). No page or feed of the
# platform has been seen, so these rows are off until `scrapy check <slug>` passes (docs/sources.md).
#: (slug, publisher, host, force segment in the path, newsroom listing)
POLICE_PLATFORM_FORCES = (
    ("cambridgeshire_police", "Cambridgeshire Constabulary", "www.cambs.police.uk", "cambridgeshire",
     "/news/cambridgeshire/news/"),
    ("cheshire_police", "Cheshire Constabulary", "www.cheshire.police.uk", "cheshire", "/news/cheshire/news/"),
    ("cleveland_police", "Cleveland Police", "www.cleveland.police.uk", "cleveland", "/news/cleveland/news/"),
    ("derbyshire_police", "Derbyshire Constabulary", "www.derbyshire.police.uk", "derbyshire",
     "/news/derbyshire/news/"),
    ("durham_police", "Durham Constabulary", "www.durham.police.uk", "durham", "/news/durham/news/"),
    ("dyfed_powys_police", "Dyfed-Powys Police", "www.dyfed-powys.police.uk", "dyfed-powys", "/news/dyfed-powys/news/"),
    ("gloucestershire_police", "Gloucestershire Constabulary", "www.gloucestershire.police.uk", "gloucestershire",
     "/news/gloucestershire/news/"),
    ("greater_manchester_police", "Greater Manchester Police", "www.gmp.police.uk", "greater-manchester",
     "/news/greater-manchester/news/"),
    ("hampshire_police", "Hampshire and Isle of Wight Constabulary", "www.hampshire.police.uk", "hampshire",
     "/news/hampshire/news/"),
    ("hertfordshire_police", "Hertfordshire Constabulary", "www.herts.police.uk", "hertfordshire",
     "/news/hertfordshire/news/"),
    ("kent_police", "Kent Police", "www.kent.police.uk", "kent", "/news/kent/latest/"),
    ("leicestershire_police", "Leicestershire Police", "www.leics.police.uk", "leicestershire",
     "/news/leicestershire/news/"),
    ("lincolnshire_police", "Lincolnshire Police", "www.lincs.police.uk", "lincolnshire", "/news/lincolnshire/news/"),
    ("merseyside_police", "Merseyside Police", "www.merseyside.police.uk", "merseyside", "/news/merseyside/news/"),
    ("northamptonshire_police", "Northamptonshire Police", "www.northants.police.uk", "northants",
     "/news/northants/news/"),
    ("northumbria_police", "Northumbria Police", "www.northumbria.police.uk", "northumbria", "/news/northumbria/news/"),
    ("north_yorkshire_police", "North Yorkshire Police", "www.northyorkshire.police.uk", "north-yorkshire",
     "/news/north-yorkshire/news/"),
    ("nottinghamshire_police", "Nottinghamshire Police", "www.nottinghamshire.police.uk", "nottinghamshire",
     "/news/nottinghamshire/news/"),
    ("south_yorkshire_police", "South Yorkshire Police", "www.southyorkshire.police.uk", "south-yorkshire",
     "/news/south-yorkshire/news/"),
    ("staffordshire_police", "Staffordshire Police", "www.staffordshire.police.uk", "staffordshire",
     "/news/staffordshire/news/"),
    ("suffolk_police", "Suffolk Constabulary", "www.suffolk.police.uk", "suffolk", "/news/suffolk/news/"),
    ("surrey_police", "Surrey Police", "www.surrey.police.uk", "surrey", "/news/surrey/news/"),
    ("sussex_police", "Sussex Police", "www.sussex.police.uk", "sussex", "/news/sussex/news/"),
    ("thames_valley_police", "Thames Valley Police", "www.thamesvalley.police.uk", "thames-valley",
     "/news/thames-valley/news/"),
    ("warwickshire_police", "Warwickshire Police", "www.warwickshire.police.uk", "warwickshire",
     "/news/warwickshire/news/"),
    ("west_mercia_police", "West Mercia Police", "www.westmercia.police.uk", "west-mercia", "/news/west-mercia/news/"),
    ("west_midlands_police", "West Midlands Police", "www.westmidlands.police.uk", "west-midlands",
     "/news/west-midlands/news/"),
)

for _slug, _publisher, _host, _force, _listing in POLICE_PLATFORM_FORCES:
    register(Source(
        name=_slug, kind="police", publisher=_publisher,
        base_url=f"https://{_host}",
        feeds=(f"{_listing}GetNewsRss/",),
        listings=(POLICE_PLATFORM_SEARCH,),
        options={"force": _force, "max_pages": 3, "layout": "assumed", "listing_fallback": True},
        enabled=False,
        description=f"{_publisher} news on the shared police website platform: its newsroom's RSS feed, the news "
                    "search when the feed fails (addresses attested, no page or feed seen: off until `scrapy check` "
                    "passes).",
    ))

# -- government -----------------------------------------------------------------

register(Source(
    name="gov_uk_news", kind="government", publisher="GOV.UK",
    base_url="https://www.gov.uk",
    feeds=("/search/news-and-communications.atom?keywords=facial+recognition",),
    options={"unfiltered_feeds": ("/search/news-and-communications.atom?keywords=facial+recognition",)},
    description="GOV.UK news and communications finder, Atom feed of a 'facial recognition' search; "
                "each page's publisher is its department.",
))

register(Source(
    name="home_office_media", kind="government", publisher="Home Office",
    base_url="https://homeofficemedia.blog.gov.uk",
    feeds=("/feed/",),
    description="Home Office in the media blog (WordPress on blog.gov.uk), filtered on title, summary and content.",
))

# -- parliament -----------------------------------------------------------------

register(Source(
    name="parliament_written_questions", kind="parliament", publisher="UK Parliament",
    base_url="https://writtenquestions-api.parliament.uk",
    feeds=("/api/writtenquestions/questions",),
    extra_domains=("questions-statements.parliament.uk",),
    options={"search_term": "facial recognition", "since_days": 365, "take": 20, "max_pages": 10,
             "detail_base": "https://questions-statements.parliament.uk/written-questions/detail"},
    description="Written questions and their answers (Written Questions API): one document per answered question.",
))

register(Source(
    name="hansard_debates", kind="parliament", publisher="Hansard (UK Parliament)",
    base_url="https://hansard.parliament.uk",
    listings=("/search/Debates",),
    options={"search_term": '"facial recognition"', "since_days": 365, "max_pages": 3},
    description="Hansard debates found by a search for \"facial recognition\"; text from /debates/GetDebateAsText.",
))

# -- campaign groups --------------------------------------------------------------

register(Source(
    name="big_brother_watch", kind="campaign", publisher="Big Brother Watch",
    base_url="https://bigbrotherwatch.org.uk",
    feeds=("/feed/",),
    description="Big Brother Watch (WordPress): press releases and blog posts, filtered on title, summary and content.",
))

register(Source(
    name="liberty", kind="campaign", publisher="Liberty",
    base_url="https://www.libertyhumanrights.org.uk",
    listings=("/campaign/resist-facial-recognition/", "/news/", "/fundamental/facial-recognition/"),
    options={"alternatives": True, "max_pages": 2},
    description="Liberty: the facial recognition campaign page, the news listing and the explainer.",
))

# -- press ------------------------------------------------------------------------

register(Source(
    name="bbc_news", kind="press", publisher="BBC News",
    base_url="https://feeds.bbci.co.uk",
    feeds=("/news/technology/rss.xml", "/news/uk/rss.xml"),
    extra_domains=("bbc.co.uk", "bbc.com"),
    description="BBC News technology and UK feeds, filtered on title and summary.",
))

register(Source(
    name="guardian", kind="press", publisher="The Guardian",
    base_url="https://www.theguardian.com",
    feeds=("/technology/facial-recognition/rss",),
    options={"unfiltered_feeds": ("/technology/facial-recognition/rss",)},
    description="The Guardian's facial recognition tag feed.",
))

register(Source(
    name="sky_news", kind="press", publisher="Sky News",
    base_url="https://feeds.skynews.com",
    feeds=("/feeds/rss/uk.xml", "/feeds/rss/technology.xml"),
    extra_domains=("news.sky.com",),
    description="Sky News UK and technology feeds, filtered on title and summary.",
))

register(Source(
    name="independent", kind="press", publisher="The Independent",
    base_url="https://www.independent.co.uk",
    feeds=("/topic/facial-recognition/rss", "/news/uk/crime/rss"),
    options={"unfiltered_feeds": ("/topic/facial-recognition/rss",)},
    description="The Independent's facial recognition topic feed and UK crime feed.",
))

register(Source(
    name="evening_standard", kind="press", publisher="Evening Standard",
    base_url="https://www.standard.co.uk",
    feeds=("/news/crime/rss", "/news/london/rss"),
    description="Evening Standard crime and London feeds, filtered on title and summary.",
))

register(Source(
    name="computer_weekly", kind="press", publisher="Computer Weekly",
    base_url="https://www.computerweekly.com",
    feeds=("/rss/All-Computer-Weekly-content.xml",),
    description="Computer Weekly's all-content feed, filtered on title and summary.",
))

register(Source(
    name="the_register", kind="press", publisher="The Register",
    base_url="https://www.theregister.com",
    feeds=("/headlines.atom",),
    extra_domains=("go.theregister.com",),
    description="The Register's headlines Atom feed, filtered on title and summary.",
))

register(Source(
    name="google_news", kind="press", publisher="Google News",
    base_url="https://news.google.com",
    feeds=("/rss/search?q=%22facial+recognition%22+police&hl=en-GB&gl=GB&ceid=GB:en",),
    description="Google News search feed, for discovery: links are resolved to the publisher's URL and read "
                "with the publisher's own spider where lfrwatch has one.",
))

# -- official deployment records (lfrwatch/records/, docs/records.md) ------------

register(Source(
    name="met_lfr_records", kind="police", publisher="Metropolitan Police",
    base_url="https://www.met.police.uk",
    listings=("/advice/advice-and-information/fr/facial-recognition/",),
    options={"records_force": "met"},
    description="The Met's LFR deployment records: PDF tables linked from its facial recognition pages.",
))

register(Source(
    name="swp_lfr_records", kind="police", publisher="South Wales Police",
    base_url="https://www.south-wales.police.uk",
    listings=("/police-forces/south-wales-police/areas/about-us/about-us/facial-recognition-technology/",),
    options={"records_force": "south-wales"},
    description="South Wales Police LFR deployments: HTML tables on its facial recognition pages.",
))

register(Source(
    name="essex_lfr_records", kind="police", publisher="Essex Police",
    base_url="https://www.essex.police.uk",
    listings=("/police-forces/essex-police/areas/essex-police/about-us/live-facial-recognition/",),
    options={"records_force": "essex"},
    description="Essex Police LFR deployments: the HTML table on its live facial recognition page.",
))
