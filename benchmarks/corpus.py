"""A deterministic synthetic corpus of news-length articles about live facial recognition.

Article ``i`` of seed ``s`` is always the same text, whatever the corpus size,
so a small corpus is a prefix of a large one and two sizes can be compared.
Articles are police press releases, news reports, government statements,
campaign statements and parliamentary summaries, 400-700 words each, built
from varied paragraph templates with figures (arrests, faces scanned, alerts,
money...), attributed quotes, people with ranks and roles, places and dates.

:func:`write_site` renders them as a website for the loopback mirror: article
pages with realistic boilerplate (navigation, cookie banner, related links,
footer, metadata), RSS feeds of ``feed_size`` entries and a robots.txt. Every
page says it is synthetic.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Iterator

SEED = 20251122
#: Where corpora, work files and results go: $LFRWATCH_BENCH_DIR, else benchmarks/.corpus (git-ignored).
CORPUS_DIR = Path(os.environ.get("LFRWATCH_BENCH_DIR") or Path(__file__).resolve().parent / ".corpus")
GENERATOR_VERSION = 3  # bump when the output changes, so cached sites are rebuilt

# --------------------------------------------------------------------------------------------
# Vocabulary

FIRST_NAMES = (
    "Rowan", "Amelia", "James", "Priya", "Daniel", "Hannah", "Oliver", "Fatima", "Thomas", "Grace",
    "Samuel", "Chloe", "Marcus", "Aisha", "Edward", "Rebecca", "Owen", "Niamh", "Callum", "Sophie",
    "Imran", "Lucy", "Gareth", "Eleanor", "Kwame", "Megan", "Patrick", "Zara", "Rhys", "Harriet",
    "Andrew", "Bethan", "Tariq", "Isla", "George", "Martha", "Joseph", "Ruth", "Dylan", "Catrin",
)
SURNAMES = (
    "Fairley", "Okafor", "Hughes", "Patel", "Whitmore", "Greaves", "Llewellyn", "Ahmed", "Barker",
    "Sinclair", "Mensah", "Thornton", "Evans", "Kowalski", "Doyle", "Hargreaves", "Nwosu", "Pritchard",
    "Rahman", "Ashworth", "Bennett", "Campbell", "Davies", "Ellison", "Fletcher", "Gallagher", "Hussain",
    "Ingram", "Jenkins", "Kaur", "Lambert", "Morgan", "Norris", "O'Neill", "Parry", "Quinn", "Reid",
    "Sutherland", "Turner", "Underwood", "Vaughan", "Walsh", "Yates", "Zielinski", "Osei", "Chowdhury",
)
POLICE_RANKS = (
    "Detective Superintendent", "Chief Superintendent", "Superintendent", "Chief Inspector", "Inspector",
    "Assistant Commissioner", "Deputy Assistant Commissioner", "Commander", "Chief Constable",
    "Deputy Chief Constable", "Assistant Chief Constable", "Detective Chief Inspector",
)

FORCES = (
    {"name": "Metropolitan Police", "short": "the Met", "area": "London",
     "places": ("Croydon", "Camden", "Westminster", "Stratford", "Lewisham", "Hackney", "Islington", "Southwark",
                "Barking", "Ilford", "Romford", "Wood Green", "Brixton", "Walthamstow", "Hammersmith",
                "Oxford Circus", "Leicester Square", "Sutton", "Bromley", "Kingston")},
    {"name": "South Wales Police", "short": "the force", "area": "South Wales",
     "places": ("Cardiff", "Swansea", "Bridgend", "Port Talbot", "Neath", "Merthyr Tydfil", "Barry")},
    {"name": "Essex Police", "short": "the force", "area": "Essex",
     "places": ("Chelmsford", "Southend", "Colchester", "Basildon", "Harlow", "Clacton")},
    {"name": "Northamptonshire Police", "short": "the force", "area": "Northamptonshire",
     "places": ("Northampton", "Kettering", "Corby", "Wellingborough")},
    {"name": "Bedfordshire Police", "short": "the force", "area": "Bedfordshire",
     "places": ("Luton", "Bedford", "Dunstable", "Leighton Buzzard")},
    {"name": "Hampshire and Isle of Wight Constabulary", "short": "the constabulary", "area": "Hampshire",
     "places": ("Southampton", "Portsmouth", "Basingstoke", "Winchester", "Newport")},
    {"name": "Greater Manchester Police", "short": "GMP", "area": "Greater Manchester",
     "places": ("Manchester", "Salford", "Bolton", "Stockport", "Wigan", "Oldham")},
    {"name": "Thames Valley Police", "short": "the force", "area": "the Thames Valley",
     "places": ("Milton Keynes", "Reading", "Oxford", "Slough", "High Wycombe")},
    {"name": "North Wales Police", "short": "the force", "area": "North Wales",
     "places": ("Wrexham", "Bangor", "Rhyl", "Llandudno")},
    {"name": "Surrey Police", "short": "the force", "area": "Surrey",
     "places": ("Guildford", "Woking", "Epsom", "Redhill", "Staines")},
)
VENUES = (
    "the high street", "the town centre", "the railway station", "the shopping centre", "the market square",
    "the bus station", "the seafront", "the approach to the stadium", "the main shopping street",
    "the Christmas market", "the carnival route", "the retail park",
)
PRESS = (
    ("London Evening Post", "press"), ("The Daily Courier", "press"), ("Wales Today", "press"),
    ("Tech Policy Weekly", "press"), ("The Northern Record", "press"), ("Eastern Counties Gazette", "press"),
)
CAMPAIGNS = ("Big Brother Watch", "Liberty", "Privacy International", "Open Rights Group")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
OFFENCES = (
    "robbery", "burglary", "assault", "theft", "drug supply", "possession of an offensive weapon",
    "breach of a court order", "fraud", "harassment", "failing to appear at court", "sexual offences",
    "grievous bodily harm", "shoplifting", "handling stolen goods",
)


@dataclass
class SynthArticle:
    index: int
    slug: str
    title: str
    kind: str  # police, press, government, campaign, parliament
    publisher: str
    author: str
    published: str  # ISO 8601 with offset
    summary: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return len(self.text.split())


# --------------------------------------------------------------------------------------------
# Text


def _num(rng: random.Random, value: int) -> str:
    """A count as a newsroom would write it: words for small numbers, digits with commas else."""
    if value <= 10 and rng.random() < 0.6:
        return NUMBER_WORDS[value]
    return f"{value:,}"


def _money(rng: random.Random) -> str:
    amount = rng.choice((rng.randint(2, 95) * 10_000, rng.randint(11, 98) * 100_000))
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:.1f} million"
    return f"£{amount:,}"


class _Slots(dict):
    """Template values for one article; unknown keys are drawn on first use."""

    def __init__(self, rng: random.Random, **values):
        super().__init__(**values)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        draw = {
            "arrests": lambda: _num(rng, rng.randint(2, 40)),
            "arrests_total": lambda: f"{rng.randint(120, 1900):,}",
            "faces": lambda: f"{rng.randint(4, 190) * 1000 + rng.randint(0, 999):,}",
            "faces_year": lambda: f"{rng.randint(5, 45) / 10:.1f} million",
            "alerts": lambda: _num(rng, rng.randint(3, 60)),
            "false_alerts": lambda: _num(rng, rng.randint(0, 4)),
            "watchlist": lambda: f"{rng.randint(6, 19) * 1000 + rng.randint(0, 999):,}",
            "deployments": lambda: _num(rng, rng.randint(4, 180)),
            "per_week": lambda: _num(rng, rng.randint(2, 10)),
            "hours": lambda: _num(rng, rng.randint(3, 10)),
            "officers": lambda: _num(rng, rng.randint(8, 60)),
            "money": lambda: _money(rng),
            "money2": lambda: _money(rng),
            "vans": lambda: _num(rng, rng.randint(2, 10)),
            "charged": lambda: _num(rng, rng.randint(1, 20)),
            "percent": lambda: f"{rng.randint(51, 89)}",
            "respondents": lambda: f"{rng.randint(2, 19) * 1000 + rng.randint(0, 999):,}",
            "months": lambda: _num(rng, rng.randint(6, 24)),
            "year": lambda: str(rng.randint(2020, 2025)),
            "weekday": lambda: rng.choice(WEEKDAYS),
            "venue": lambda: rng.choice(VENUES),
            "offence": lambda: rng.choice(OFFENCES),
            "offence2": lambda: rng.choice(OFFENCES),
            "campaign": lambda: rng.choice(CAMPAIGNS),
            "place2": lambda: rng.choice(self["force"]["places"]),
            "critic": lambda: _person(rng),
            "minister": lambda: _person(rng),
            "mp": lambda: _person(rng),
            "mp_seat": lambda: rng.choice(self["force"]["places"]),
        }
        if key not in draw:
            raise KeyError(key)
        value = draw[key]()
        self[key] = value
        return value


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


LEDES = {
    "police": (
        "Officers made {arrests} arrests during a live facial recognition deployment in {place} on {weekday}, "
        "{force_name} has said.",
        "{force_name} arrested {arrests} people wanted for offences including {offence} and {offence2} after "
        "live facial recognition cameras were used near {venue} in {place}.",
        "A live facial recognition operation in {place} led to {arrests} arrests, including a man wanted on "
        "recall to prison for {offence}.",
        "Live facial recognition cameras deployed in {place} this week helped officers arrest {arrests} people, "
        "{force_name} said on {weekday}.",
    ),
    "press": (
        "Police in {area} have made {arrests} arrests using live facial recognition in {place}, as the "
        "technology's use spreads across England and Wales.",
        "{force_name} scanned {faces} faces in a single day in {place}, figures released to this newspaper show.",
        "The number of faces scanned by police using live facial recognition in {area} has risen to more than "
        "{faces_year} this year, according to figures obtained under the Freedom of Information Act.",
        "Facial recognition cameras will be used in {place} up to {per_week} times a week, {force_name} has "
        "announced, as it expands a programme critics say lacks a clear legal basis.",
    ),
    "government": (
        "The Home Office will spend {money} on live facial recognition vans for police forces, the policing "
        "minister {minister} announced on {weekday}.",
        "The government has launched a consultation on a legal framework for police use of facial recognition, "
        "saying the technology has already helped take dangerous offenders off the streets.",
        "Ten more police forces will be given access to live facial recognition vans, the Home Office has "
        "confirmed, at a cost of {money}.",
    ),
    "campaign": (
        "{campaign} has called for a halt to the use of live facial recognition after figures showed "
        "{false_alerts} people were wrongly flagged in {place}.",
        "Campaigners at {campaign} said police had scanned {faces} faces in {place} without any law passed by "
        "Parliament that authorises the practice.",
        "{campaign} has written to {force_name} warning that its facial recognition watchlists, which hold "
        "{watchlist} images, are too broad.",
    ),
    "parliament": (
        "MPs debated the police use of live facial recognition in Westminster Hall on {weekday}, with members "
        "from all parties calling for clearer rules.",
        "The policing minister, {minister}, told MPs that live facial recognition had led to {arrests_total} "
        "arrests since {year}.",
        "A written answer to Parliament has revealed that {force_name} deployed live facial recognition "
        "{deployments} times in the past year.",
    ),
}

FIGURE_PARAGRAPHS = (
    "The cameras scanned around {faces} faces over {hours} hours and generated {alerts} alerts, of which "
    "{false_alerts} were false alerts, according to the force.",
    "Since it began using the technology in {year}, {force_short} has made {arrests_total} arrests with live "
    "facial recognition, and more than {charged} people have since been charged or cautioned.",
    "The watchlist used for the deployment held {watchlist} images of people wanted by the police or the "
    "courts, the force said.",
    "{force_name} has deployed live facial recognition {deployments} times in the past {months} months, "
    "scanning more than {faces_year} faces.",
    "Of the {arrests} people arrested, {charged} have been charged with offences including {offence}.",
    "The force now operates {vans} facial recognition vans and plans to use them up to {per_week} times a week "
    "across {area}.",
    "Figures published by the force show {alerts} alerts in {place}, leading to {arrests} arrests; "
    "{false_alerts} people were stopped after being wrongly identified.",
    "The operation involved {officers} officers, who spoke to each person flagged by the system before "
    "deciding whether to make an arrest.",
    "The Home Office has given {money} to fund the expansion, with a further {money2} for training and "
    "independent testing.",
    "In a survey of {respondents} residents commissioned by the force, {percent} per cent said they supported "
    "the use of facial recognition to find people wanted for serious offences.",
)

POLICE_QUOTES = (
    "Every arrest is someone the courts or police had good reason to be looking for. We publish where we will "
    "be in advance, and we publish the results afterwards.",
    "This technology helps us find people who pose a real risk to the public, quickly and precisely, and it "
    "frees officers to be out in the community.",
    "If you are not on a watchlist, your image is deleted immediately and automatically. Nobody's data is kept "
    "unless there is a match.",
    "We have listened to concerns about fairness, and independent testing found no statistically significant "
    "differences in performance at the settings we use.",
    "The people we arrested today were wanted for serious offences, including {offence}. That is what this "
    "technology is for.",
    "We will keep deploying in {place} because residents have told us they want us to tackle {offence} and "
    "violent crime.",
    "Facial recognition is a tool, not a replacement for good policing. An officer always makes the final "
    "decision.",
)
CRITIC_QUOTES = (
    "This is mass surveillance on our high streets, and there is still no law passed by Parliament that "
    "authorises it.",
    "Turning every passer-by into a suspect in a digital police line-up is not compatible with a free society.",
    "The public deserve to know how people end up on these watchlists, and why so many innocent people are "
    "being scanned.",
    "Every false alert is a person stopped, questioned and embarrassed in public for something they did not do.",
    "The police are marking their own homework. We need independent oversight before any further expansion.",
)
MINISTER_QUOTES = (
    "Facial recognition is already helping the police take dangerous offenders off our streets, and we will "
    "give forces the tools they need.",
    "We will set out a clear legal framework so the public can be confident this technology is used fairly and "
    "proportionately.",
    "This investment will mean more criminals caught and more victims getting justice.",
)

CONTEXT_PARAGRAPHS = (
    "Live facial recognition compares the faces of people walking past a camera with a watchlist of images. "
    "When the system finds a possible match, it alerts officers, who decide whether to stop the person.",
    "Images of people who are not on the watchlist are deleted automatically, the force says, and the "
    "deployment is signposted with notices so that people know the cameras are in use.",
    "The National Physical Laboratory tested the algorithm used by several forces and found no statistically "
    "significant differences in accuracy by ethnicity or gender at the threshold setting forces use.",
    "Critics argue that the technology's use has grown without any specific legislation. Police forces rely on "
    "common law powers, data protection law and guidance from the College of Policing.",
    "In 2020 the Court of Appeal ruled that an earlier deployment by South Wales Police had been unlawful, "
    "finding there were fundamental deficiencies in the legal framework and the force's equality assessment.",
    "The Information Commissioner's Office has said police must be able to show that each deployment is "
    "necessary and proportionate, and that watchlists are carefully targeted.",
    "Retrospective facial recognition, in which images from CCTV or mobile phones are searched against the "
    "police national database, is used far more widely than the live version.",
    "Deployments are usually announced on the force's website a day or two in advance, with the location, the "
    "times and the size of the watchlist, and results are published afterwards.",
    "Watchlists are built for each deployment and can include people wanted on warrant, people wanted for "
    "questioning, and missing people thought to be at risk.",
    "Several retailers have adopted similar systems in their stores, prompting complaints from shoppers who "
    "say they were wrongly identified and asked to leave.",
    "The Home Office has said it wants every force in England and Wales to have access to the technology, and "
    "has set up a national programme to coordinate its use.",
    "Officers stopped each person flagged by the cameras and checked their identity before deciding whether "
    "to arrest them. Some alerts were resolved without any further action.",
    "The force said the vans were staffed by trained operators, and that a human being checked every alert "
    "before anyone was approached.",
    "Scotland has not introduced live facial recognition, and Police Scotland has said it would consult the "
    "public before considering any use of the technology.",
    "The European Union's Artificial Intelligence Act sharply restricts real-time remote biometric "
    "identification in public places, allowing it only in narrowly defined cases.",
    "Local councillors in {place} said residents had mixed views, with some welcoming the arrests and others "
    "worried about being filmed while shopping.",
    "A government consultation on a new legal framework closed earlier this year, and ministers have said "
    "they will set out next steps in due course.",
    "An independent review of the technology's use by {force_name} is expected to report later this year.",
    "Shop owners near {venue} in {place} said they had noticed more police on the street on the day of the "
    "deployment, and several said they would welcome further operations.",
    "The force's equality impact assessment, published alongside its policy, says the system's threshold is "
    "set to keep the false alert rate low while still identifying people on the watchlist.",
    "Some forces have begun using the technology at football matches and concerts, saying large crowds are "
    "where wanted people are most likely to be found.",
    "Data published by the force shows that most arrests were for offences such as {offence} and {offence2}, "
    "with a smaller number for breaching court conditions.",
    "People who do not want to walk past the cameras are free to take another route, the force says, and "
    "doing so is not in itself grounds for suspicion.",
    "The Biometrics and Surveillance Camera Commissioner has previously warned that the rules governing the "
    "technology are confusing and incomplete.",
)
CLOSINGS = (
    "Details of every deployment, including the results, are published on the {force_name} website.",
    "Anyone with information about crime in {place} is asked to contact police on 101 or Crimestoppers "
    "anonymously.",
    "The force said it would return to {place} in the coming weeks.",
    "The Home Office said it would publish further guidance on the use of the technology later this year.",
    "{campaign} said it would continue to challenge the use of the technology in the courts.",
)
TITLES = {
    "police": (
        "{arrests_cap} arrests after facial recognition deployment in {place}",
        "Live facial recognition leads to arrests in {place}",
        "Facial recognition operation in {place}: results",
        "Wanted offenders arrested with help of facial recognition in {place}",
    ),
    "press": (
        "Police scan {faces} faces in {place} with facial recognition",
        "Facial recognition use by {force_name} rises sharply",
        "{force_name} to expand live facial recognition in {area}",
        "How facial recognition cameras are changing policing in {place}",
    ),
    "government": (
        "Home Office funds facial recognition vans for more forces",
        "Government consults on legal framework for facial recognition",
        "Minister backs expansion of live facial recognition",
    ),
    "campaign": (
        "{campaign} calls for halt to facial recognition in {place}",
        "Campaigners warn over facial recognition watchlists",
        "Wrongly flagged: the people stopped by facial recognition",
    ),
    "parliament": (
        "MPs debate live facial recognition",
        "Written answer: facial recognition deployments by {force_name}",
        "Minister questioned on facial recognition arrests",
    ),
}
KIND_WEIGHTS = (("police", 40), ("press", 35), ("government", 8), ("campaign", 10), ("parliament", 7))


def _fill(template: str, slots: _Slots) -> str:
    return template.format_map(slots)


def make_article(index: int, seed: int = SEED) -> SynthArticle:
    """Article number ``index`` of the corpus with ``seed``; the same on every run and machine."""
    rng = random.Random(f"{seed}:{index}")
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS])[0]
    force = rng.choice(FORCES)
    place = rng.choice(force["places"])
    slots = _Slots(rng, force=force, force_name=force["name"], force_short=force["short"], area=force["area"],
                   place=place)
    if kind == "police":
        publisher, author = force["name"], force["name"]
    elif kind == "press":
        publisher, author = rng.choice(PRESS)[0], _person(rng)
    elif kind == "government":
        publisher, author = "Home Office", "Home Office"
    elif kind == "campaign":
        publisher = slots["campaign"]
        author = publisher
    else:
        publisher, author = "House of Commons Library", "Commons Library"

    speaker_rank = rng.choice(POLICE_RANKS)
    speaker = _person(rng)
    target = rng.randint(400, 700)
    paragraphs = [_fill(rng.choice(LEDES[kind]), slots)]
    figures = rng.sample(FIGURE_PARAGRAPHS, k=rng.randint(2, 4))
    contexts = rng.sample(CONTEXT_PARAGRAPHS, k=len(CONTEXT_PARAGRAPHS))
    paragraphs += [_fill(p, slots) for p in figures[:2]]
    quote = _fill(rng.choice(POLICE_QUOTES), slots)
    style = rng.randrange(3)
    if style == 0:
        paragraphs.append(f'{speaker_rank} {speaker}, who leads the force\'s facial recognition work, said: "{quote}"')
    elif style == 1:
        paragraphs.append(f'"{quote[:-1]}," said {speaker_rank} {speaker} of {force["name"]}.')
    else:
        paragraphs.append(f'{speaker_rank} {speaker} said the results showed the value of the technology. '
                          f'"{quote}" {speaker.split()[0]} added.')
    paragraphs += [_fill(p, slots) for p in figures[2:]]
    critic_quote = _fill(rng.choice(CRITIC_QUOTES), slots)
    critic_role = rng.choice(("director", "head of policy", "legal officer", "advocacy manager"))
    if kind == "government" or kind == "parliament":
        paragraphs.append(f'The policing minister, {slots["minister"]}, said: "{_fill(rng.choice(MINISTER_QUOTES), slots)}"')
    paragraphs.append(f'But {slots["critic"]}, {critic_role} at {slots["campaign"]}, said: "{critic_quote}"')
    closing = _fill(rng.choice(CLOSINGS), slots)
    words = sum(len(p.split()) for p in paragraphs) + len(closing.split())
    for template in contexts:
        if words >= target:
            break
        paragraph = _fill(template, slots)
        paragraphs.insert(rng.randint(2, len(paragraphs)), paragraph)
        words += len(paragraph.split())
    paragraphs.append(closing)

    arrests = slots["arrests"]
    slots["arrests_cap"] = arrests[0].upper() + arrests[1:]
    title = _fill(rng.choice(TITLES[kind]), slots)
    day = datetime(2023, 1, 1, tzinfo=timezone(timedelta(hours=1 if rng.random() < 0.5 else 0)))
    published = (day + timedelta(days=rng.randint(0, 1000), hours=rng.randint(7, 19),
                                 minutes=rng.choice((0, 15, 30, 45)))).isoformat()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70] + f"-{index:06d}"
    return SynthArticle(index=index, slug=slug, title=title, kind=kind, publisher=publisher, author=author,
                        published=published, summary=paragraphs[0], paragraphs=paragraphs)


def generate_articles(n: int, seed: int = SEED, start: int = 0) -> Iterator[SynthArticle]:
    for index in range(start, start + n):
        yield make_article(index, seed)


# --------------------------------------------------------------------------------------------
# Website


def _links(rng: random.Random, prefix: str, count: int) -> str:
    words = ("news", "appeals", "campaigns", "your-area", "advice", "careers", "contact", "about", "media",
             "reports", "policy", "accessibility", "privacy", "cookies", "complaints", "foi", "events",
             "partners", "statistics", "publications")
    return "".join(
        f'<li class="nav__item"><a class="nav__link" href="/{prefix}/{rng.choice(words)}-{i}">'
        f'{rng.choice(words).replace("-", " ").title()} {i}</a></li>'
        for i in range(count)
    )


SITE_CSS = " ".join(
    f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{(i * 2654435761) % 0xFFFFFF:06x}}}" for i in range(120)
)


def render_page(article: SynthArticle, related: list[SynthArticle]) -> str:
    """One article as a newsroom page, ``{{BASE_URL}}`` standing for the site's origin."""
    rng = random.Random(f"page:{article.index}")
    url = "{{BASE_URL}}/articles/" + article.slug + ".html"
    title = escape(article.title)
    date_text = datetime.fromisoformat(article.published).strftime("%d %B %Y")
    json_ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": article.published, "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": article.publisher}, "mainEntityOfPage": url,
    })
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in article.paragraphs)
    related_items = "".join(
        f'<li><a href="{{{{BASE_URL}}}}/articles/{r.slug}.html">{escape(r.title)}</a>'
        f'<span class="teaser">{escape(r.summary[:140])}</span></li>'
        for r in related
    )
    tracking = "".join(f'window.dataLayer.push({{"event":"view","slot":{i},"id":"{rng.getrandbits(64):x}"}});'
                       for i in range(30))
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {escape(article.publisher)}</title>
<meta name="description" content="{escape(article.summary)}">
<meta name="author" content="{escape(article.author)}">
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{escape(article.publisher)}">
<meta property="og:description" content="{escape(article.summary)}">
<meta property="article:published_time" content="{article.published}">
<script type="application/ld+json">{json_ld}</script>
<style>{SITE_CSS}</style>
<script>window.dataLayer = window.dataLayer || []; {tracking}</script>
</head>
<body class="newsroom article-show">
<div class="cookie-consent" role="dialog" aria-label="Cookie consent">
  <p>We use cookies to make this site work and to understand how visitors use it. You can accept all cookies or
  reject optional ones; your choice is kept for a year and you can change it at any time from the footer.</p>
  <button type="button" data-consent="accept">Accept all cookies</button>
  <button type="button" data-consent="reject">Reject optional cookies</button>
</div>
<header class="site-header">
  <a href="/" class="site-header__logo">{escape(article.publisher)}</a>
  <form class="search" action="/search"><input type="search" name="q" placeholder="Search"><button>Search</button></form>
  <nav aria-label="Main"><ul class="nav">{_links(rng, "section", 36)}</ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/news">News</a> &rsaquo;
<a href="/news/technology">Technology and policing</a></nav>
<main id="main-content">
  <article class="news-article">
    <h1>{title}</h1>
    <p class="byline">By {escape(article.author)} &middot; <time datetime="{article.published}">{date_text}</time></p>
    <div class="share"><a href="/share/x">Share on X</a> <a href="/share/fb">Share on Facebook</a>
    <a href="/share/email">Email</a> <a href="/share/copy">Copy link</a></div>
    <div class="article-body">
{body}
    </div>
    <p class="tags">Tags: <a href="/tags/facial-recognition">Facial recognition</a>, <a href="/tags/policing">Policing</a>,
    <a href="/tags/technology">Technology</a></p>
  </article>
  <aside class="related"><h2>Related stories</h2><ul>{related_items}</ul></aside>
  <aside class="newsletter"><h2>Sign up for our newsletter</h2><p>Get the latest news from {escape(article.publisher)}
  in your inbox every morning. You can unsubscribe at any time.</p><form action="/newsletter"><input type="email"
  name="email"><button>Sign up</button></form></aside>
</main>
<footer class="site-footer">
  <ul class="footer-links">{_links(rng, "footer", 48)}</ul>
  <p>Synthetic page generated by the lfrwatch benchmarks (article {article.index}); not a real publication.
  All names of people in it are invented.</p>
  <p>&copy; {escape(article.publisher)}. All rights reserved. Registered office: 1 Example Street, London.</p>
</footer>
</body>
</html>
"""


def render_feed(title: str, feed_path: str, articles: list[SynthArticle]) -> str:
    items = []
    for a in articles:
        link = "{{BASE_URL}}/articles/" + a.slug + ".html"
        items.append(f"""    <item>
      <title>{escape(a.title)}</title>
      <link>{link}</link>
      <guid isPermaLink="true">{link}</guid>
      <pubDate>{format_datetime(datetime.fromisoformat(a.published))}</pubDate>
      <dc:creator>{escape(a.author)}</dc:creator>
      <description>{escape(a.summary)}</description>
      <category>Live facial recognition</category>
    </item>""")
    newest = max((a.published for a in articles), default="2023-01-01T00:00:00+00:00")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{escape(title)}</title>
    <link>{{{{BASE_URL}}}}/</link>
    <description>Synthetic benchmark feed about live facial recognition</description>
    <language>en-GB</language>
    <lastBuildDate>{format_datetime(datetime.fromisoformat(newest))}</lastBuildDate>
    <atom:link href="{{{{BASE_URL}}}}/{feed_path}" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
  </channel>
</rss>
"""


@dataclass
class Site:
    root: Path
    articles: int
    feed_paths: list[str]
    page_bytes: int  # total size of the article pages
    words: int  # total words of the article texts

    def feed_urls(self, base_url: str) -> list[str]:
        return [f"{base_url}/{p}" for p in self.feed_paths]

    @property
    def mean_page_kb(self) -> float:
        return self.page_bytes / max(self.articles, 1) / 1024

    @property
    def mean_words(self) -> float:
        return self.words / max(self.articles, 1)


def write_site(n: int, *, feed_size: int = 100, seed: int = SEED, folder: Path | None = None) -> Site:
    """The site with articles 0..n-1, built once per (n, feed_size, seed) and reused after."""
    folder = folder or CORPUS_DIR / f"site-{seed}-{n}-{feed_size}"
    marker = folder / "site.json"
    params = {"n": n, "feed_size": feed_size, "seed": seed, "version": GENERATOR_VERSION}
    if marker.exists():
        saved = json.loads(marker.read_text())
        if saved.get("params") == params:
            return Site(root=folder, articles=n, feed_paths=saved["feed_paths"], page_bytes=saved["page_bytes"],
                        words=saved["words"])
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    (folder / "feeds").mkdir()
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nAllow: /\n")
    page_bytes = words = 0
    feed_paths = []
    batch: list[SynthArticle] = []
    for article in generate_articles(n, seed):
        batch.append(article)
        if len(batch) == feed_size or article.index == n - 1:
            for i, a in enumerate(batch):
                related = [batch[(i + k) % len(batch)] for k in range(1, 7) if len(batch) > k]
                page = render_page(a, related)
                (folder / "articles" / f"{a.slug}.html").write_text(page, encoding="utf-8")
                page_bytes += len(page.encode("utf-8"))
                words += a.words
            feed_path = f"feeds/feed-{len(feed_paths):04d}.rss"
            (folder / feed_path).write_text(render_feed(f"Benchmark newsroom {len(feed_paths)}", feed_path, batch),
                                            encoding="utf-8")
            feed_paths.append(feed_path)
            batch = []
    marker.write_text(json.dumps({"params": params, "feed_paths": feed_paths, "page_bytes": page_bytes,
                                  "words": words}))
    return Site(root=folder, articles=n, feed_paths=feed_paths, page_bytes=page_bytes, words=words)


def fingerprint(n: int, seed: int = SEED) -> str:
    """A digest of the first ``n`` article texts (to show two runs used the same corpus)."""
    digest = hashlib.sha256()
    for article in generate_articles(n, seed):
        digest.update(article.text.encode("utf-8"))
    return digest.hexdigest()[:12]


def article_dict(article: SynthArticle) -> dict:
    return {**asdict(article), "text": article.text}
