"""lfrwatch's NLP: claims (figures, quotes, people, places) from article text.

Reads documents' text and metadata (from the store, through ``extract``, or
from files, for ``lfrwatch analyze``); hands claims, people and places back to
the store (``extract``), and to the timeline and the records' check the shared
readings of a claim (``qualifiers``: what "more than" or "about" allows;
``periods``: running totals, rates, and periods as dates; ``lexicon``: the
organisation aliases).

``pipeline`` loads an installed spaCy model and adds lfrwatch's registered
components (``lines`` before the parser; ``parse_repairs``, ``boilerplate``, ``people``, ``quotes``,
``figures``, ``places`` after the model) as ``config.cfg`` says; ``analyse()`` turns a processed Doc (plus the
document's meta) into plain dicts; ``analyse_texts()`` does both for a stream
of texts with ``nlp.pipe``. ``evaluate`` scores it against gold annotations.

spaCy is imported only when the pipeline is: the rules in ``qualifiers``,
``periods`` and ``lexicon`` cost the CLI no start-up time.
"""

from __future__ import annotations

import importlib

#: Names served from ``pipeline`` on first use (PEP 562), so that importing this package does not load spaCy.
_FROM_PIPELINE = frozenset({
    "CONFIG_PATH", "DEFAULT_MODEL", "MODEL_ENV_VAR", "SELF_PUBLISHING_KINDS", "ModelNotFoundError", "analyse",
    "analyse_texts", "load_pipeline", "split_header",
})

__all__ = sorted(_FROM_PIPELINE)


def __getattr__(name: str):
    if name in _FROM_PIPELINE:
        return getattr(importlib.import_module(f"{__name__}.pipeline"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
