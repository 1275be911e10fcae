"""A hand-made claim set with known answers, stored through the store's own API (no spaCy).

Invented organisations' figures and people (fiction, like data/sample). The
story: the Met's running total of LFR arrests goes 1,000 (July 2025) -> more
than 1,300 (March 2026, printed by a paper and a word-for-word copy) -> more
than 1,100 (June 2026: a cumulative decrease). "1,000 to date" is repeated by
the March article, which dates it to last July. Alerts for 2024: 1,046 and
"more than 1,000" agree; 1,200 does not. Essex says more people were charged
than arrested over the same period.
"""

from __future__ import annotations

from typing import Any

from lfrwatch import store

FILLER = (
    "Live facial recognition cameras compare the faces of passers-by with a watchlist of wanted people, and "
    "officers speak to anyone the system flags before deciding whether to make an arrest. Campaigners say the "
    "technology is intrusive; the force says every deployment is announced in advance and images of people "
    "who are not on the watchlist are deleted immediately."
)


def doc(url: str, publisher: str, kind: str, published: str, body: str, *, figures=(), quotes=(), people=(),
        title: str | None = None) -> dict[str, Any]:
    return {"url": url, "publisher": publisher, "kind": kind, "published": published, "body": body,
            "figures": list(figures), "quotes": list(quotes), "people": list(people), "title": title}


def fig(text: str, metric: str, value: float, **extra) -> dict[str, Any]:
    return {"text": text, "metric": metric, "value": value, **extra}


def quote(text: str, speaker: str, **extra) -> dict[str, Any]:
    return {"text": text, "speaker": speaker, **extra}


MET_1 = "https://news.met.example/news/lfr-over-500-arrests-last-year"
MET_2 = "https://news.met.example/news/lfr-passes-1000-arrests"
COURIER = "https://courier.example/news/met-lfr-ten-a-week"
REGISTER = "https://register.example/technology/2026/mar/04/met-lfr-1300"
POST = "https://post.example/news/met-facial-recognition-1300-arrests"
WATCH = "https://privacywatch.example/2026/01/alerts"
GOV = "https://www.gov.example/government/news/lfr-expansion"
ESSEX = "https://essex.example/news/lfr-vans-return"

REGISTER_BODY = (
    "The Metropolitan Police Service says live facial recognition has led to more than 1,300 arrests to date, "
    "as fixed cameras go live in Croydon. Last July the force said it had made 1,000 arrests to date. "
    "\"These are not people who happened to look like someone,\" said Gareth Oyelaran. " + FILLER
)

SCENARIO = [
    doc(MET_1, "Metropolitan Police", "police", "2025-01-30T10:15:00+00:00",
        "Live facial recognition led to over 500 arrests last year. The system generated 1,046 alerts in 2024 "
        "and three false alerts in 2024. \"Every one of these arrests is someone who was wanted,\" said "
        "Detective Chief Superintendent Gareth Oyelaran, the Met's lead for live facial recognition.",
        figures=[
            fig("over 500 arrests", "arrests", 500, qualifier="over", period="last year",
                period_start="2024-01-01", period_end="2024-12-31", claimant="Metropolitan Police"),
            fig("1,046 alerts", "alerts", 1046, period="in 2024", period_start="2024-01-01",
                period_end="2024-12-31", claimant="Metropolitan Police"),
            fig("three false alerts", "false_alerts", 3, period="in 2024", period_start="2024-01-01",
                period_end="2024-12-31", claimant="Metropolitan Police"),
        ],
        quotes=[quote("Every one of these arrests is someone who was wanted", "Gareth Oyelaran",
                      role="lead for live facial recognition", org="Metropolitan Police Service")],
        people=[{"name": "Gareth Oyelaran", "honorific": "Detective Chief Superintendent",
                 "role": "lead for live facial recognition", "org": "Metropolitan Police"}]),
    doc(MET_2, "Metropolitan Police", "police", "2025-07-31T09:00:00+01:00",
        "Live facial recognition passes 1,000 arrests to date, and 773 charged or cautioned to date. "
        "\"Reaching 1,000 arrests shows what the technology can do,\" said Gareth Oyelaran.",
        figures=[
            fig("1,000 arrests to date", "arrests", 1000, period="to date", as_of="2025-07-31", claimant="the Met"),
            fig("773 charged or cautioned to date", "charges_or_cautions", 773, period="to date",
                as_of="2025-07-31", claimant="the Met"),
        ],
        quotes=[quote("Reaching 1,000 arrests shows what the technology can do", "Gareth Oyelaran",
                      org="Metropolitan Police")]),
    doc(COURIER, "London Evening Courier", "press", "2025-10-07T06:00:00+01:00",
        "The Met will more than double facial recognition deployments. Gareth Oyelaran said the cameras had "
        "led to more than 1,000 arrests since the start of last year. \"This is a deeply alarming step,\" said "
        "Imogen Reidy, director of Citizens' Privacy Watch.",
        figures=[
            fig("more than 1,000 arrests", "arrests", 1000, qualifier="more than",
                period="since the start of last year", period_start="2024-01-01", claimant="Gareth Oyelaran"),
        ],
        quotes=[quote("This is a deeply alarming step", "Imogen Reidy", role="director",
                      org="Citizens' Privacy Watch")]),
    doc(WATCH, "Citizens' Privacy Watch", "campaign", "2026-01-20T07:30:00+00:00",
        "The Met told us its cameras generated more than 1,000 alerts in 2024, while a Met briefing to the "
        "London Assembly put the figure at 1,200 alerts in 2024.",
        figures=[
            fig("more than 1,000 alerts", "alerts", 1000, qualifier="more than", period="in 2024",
                period_start="2024-01-01", period_end="2024-12-31", claimant="Metropolitan Police"),
            fig("1,200 alerts", "alerts", 1200, period="in 2024", period_start="2024-01-01",
                period_end="2024-12-31", claimant="Met Police"),
        ]),
    doc(REGISTER, "The Daily Register", "press", "2026-03-04T17:30:00Z", REGISTER_BODY,
        figures=[
            fig("more than 1,300 arrests to date", "arrests", 1300, qualifier="more than", period="to date",
                as_of="2026-03-04", claimant="Metropolitan Police Service"),
            fig("1,000 arrests to date", "arrests", 1000, period="to date", as_of="2025-07-31",
                claimant="the Met", claimed_on="2025-07-31"),
        ],
        quotes=[quote("These are not people who happened to look like someone", "Gareth Oyelaran")]),
    # A word-for-word copy of the Register's story on another site, a day later.
    doc(POST, "The Evening Post", "press", "2026-03-05T08:00:00Z", REGISTER_BODY,
        figures=[
            fig("more than 1,300 arrests to date", "arrests", 1300, qualifier="more than", period="to date",
                as_of="2026-03-05", claimant="Metropolitan Police Service"),
            fig("1,000 arrests to date", "arrests", 1000, period="to date", as_of="2025-07-31",
                claimant="the Met", claimed_on="2025-07-31"),
        ],
        quotes=[quote("These are not people who happened to look like someone", "Gareth Oyelaran")]),
    doc(GOV, "GOV.UK", "government", "2026-06-16T10:30:00+01:00",
        "The Metropolitan Police has made more than 1,100 arrests to date using live facial recognition, the "
        "Home Office said, announcing money for new vans.",
        figures=[
            fig("more than 1,100 arrests to date", "arrests", 1100, qualifier="more than", period="to date",
                as_of="2026-06-16", claimant="Metropolitan Police"),
        ]),
    doc(ESSEX, "Essex Police", "police", "2025-09-18T16:00:00+01:00",
        "Essex Police has made 63 arrests since August 2024 and 70 people were charged since August 2024.",
        figures=[
            fig("63 arrests", "arrests", 63, period="since August 2024", period_start="2024-08-01",
                claimant="Essex Police"),
            fig("70 people were charged", "charges_or_cautions", 70, period="since August 2024",
                period_start="2024-08-01", claimant="Essex Police"),
        ]),
]


def add(db, d: dict[str, Any]) -> None:
    """Store one hand-made document and its analysis as `lfrwatch crawl` and `extract` would."""
    text = d["body"]
    stored = store.store_document(db, {
        "url": d["url"], "canonical_url": d["url"], "text": text, "title": d.get("title") or text[:60],
        "published": d["published"], "publisher": d["publisher"], "kind": d["kind"], "source": "test",
    })
    job = next(j for j in store.documents_to_analyse(db, everything=True) if j["document_id"] == stored.document_id)

    def located(item: dict[str, Any]) -> dict[str, Any]:
        start = text.index(item["text"])
        return {**item, "start": start, "end": start + len(item["text"])}

    store.store_analysis(db, job, {
        "figures": [located(f) for f in d["figures"]],
        "quotes": [located(q) for q in d["quotes"]],
        "people": d["people"],
        "places": d.get("places", []),
    })


def build_db(path, docs=None):
    """A database holding ``docs`` (default: the scenario above)."""
    db = store.open_db(path)
    for d in SCENARIO if docs is None else docs:
        add(db, d)
    return db
