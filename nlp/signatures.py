"""Quotations signed rather than attributed, for ``lfrwatch_quotes`` (:mod:`lfrwatch.nlp.quotes`): the person
named after a dash that follows a quotation ('"..." ― Jane Doe', a signed comment) and the name-and-role line
under a pull quote ('"Just because a technology exists, ..."' then 'Jane Doe, Police Inspector').
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .attribution import SpeakerResolver

#: A closing mark, then a dash and a name: a signed quotation, '"..." ― Jane Doe'.
_SIGNATURE = re.compile(r"[”\"’']?[ \t]*(?:[―—–]|--)[ \t]*(?=[A-Z])")


def signed_by(doc: Doc, quote: dict, resolver: SpeakerResolver) -> dict | None:
    """The person named right after a dash that follows a quotation: '"..." ― Jane Doe', a signed comment; or
    on the line after a quotation that ends its paragraph, a line of a name and a role only: a web page's
    pull quote, '"Just because a technology exists, ..."' then 'Jane Doe, Police Inspector'."""
    text = quote["full_text"]
    if quote.get("unclosed"):
        return None
    found = _SIGNATURE.match(text, quote["end"])
    if found is None:
        return _name_line_after(doc, quote, resolver)
    span = doc.char_span(found.end(), min(len(text), found.end() + 1), alignment_mode="expand")
    index = resolver.person_index_at(span[0].i) if span is not None and len(span) else None
    return resolver.person_speaker(index) if index is not None else None


_NAME_LINE_AFTER = re.compile(r"[”\"’']?[ \t]*\n(?=[A-Z])")


def _name_line_after(doc: Doc, quote: dict, resolver: SpeakerResolver, max_words: int = 8) -> dict | None:
    """The person a short line after a quotation's paragraph names at its start, the line holding no verb:
    'Jane Doe, Police Inspector' under a pull quote."""
    text = quote["full_text"]
    found = _NAME_LINE_AFTER.match(text, quote["end"])
    line_start = text.rfind("\n", 0, quote["start"]) + 1
    if found is None or text[line_start:quote["start"]].strip(" \t\"“‘'"):
        return None  # words before the quotation on its line: not a pull quote of its own
    line_end = text.find("\n", found.end())
    line = doc.char_span(found.end(), len(text) if line_end < 0 else line_end, alignment_mode="expand")
    if line is None or not 0 < len(line) <= max_words or any(t.pos_ in ("VERB", "AUX") for t in line):
        return None
    index = resolver.person_index_at(line[0].i)
    if index is None:
        return None
    name_end = next((end for first, end, at in resolver.mentions if first == line[0].i and at == index), None)
    # a name and a role, as a signature is: not a bare name (a byline) or a name with a place
    signed = name_end is not None and name_end < line.end - 1 and doc[name_end].text == ","
    return resolver.person_speaker(index) if signed else None
