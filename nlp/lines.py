"""Component ``lfrwatch_line_breaks``: every line of a text opens a sentence.

It runs before the parser, which keeps sentence starts set before it. Real pages
have lines with no closing full stop (a headline, a photo credit, "Sign up to our
newsletter", a caption); left to itself the parser runs such a line into the first
sentence of the next paragraph, and the subject of that sentence is lost ("Sign up
to our daily newsletter / Civil liberties groups see it differently" parses
"groups" as the object of "to").

The first word after a bullet that opens a line ("• Of the six people stopped, four were arrested") opens a
sentence too, so the bullet stands alone and the line is parsed as the sentence it is; read as part of it, the
bullet had lost counts or given them the wrong metric (probe sentences; no page of our sets moved)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import BULLET_MARKS

_NEW_LINE = re.compile(r"\n\s*(?=\S)")
#: A bullet opening a line, with the space after it: what follows is read as a sentence of its own.
_BULLET = re.compile(r"^[ \t]*[" + re.escape("".join(sorted(BULLET_MARKS))) + r"][ \t]+(?=\S)", re.MULTILINE)


@Language.component("lfrwatch_line_breaks", assigns=["token.is_sent_start"])
def mark_line_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token of every line after the first, and on the first word after a
    bullet that opens a line."""
    for pattern in (_NEW_LINE, _BULLET):
        for found in pattern.finditer(doc.text):
            span = doc.char_span(found.end(), found.end() + 1, alignment_mode="expand")
            if span is not None and len(span) and span[0].i > 0:
                span[0].is_sent_start = True
    return doc
