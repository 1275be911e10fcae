"""Where quotations stand in a text, before anyone is asked who said them.

Double marks are paired per paragraph (curly marks by their direction, save an opening mark typeset where the
closing one belongs: '... here,“ said X'; straight ones by the characters around them); single marks (‘ ’ or ',
the Metro and Daily Mail style) too, outside double-quoted stretches. A paragraph without marks is a quotation when
the paragraph before it ends "X said:" (a block quotation, GOV.UK's form). A quotation opening a paragraph right
after one left open continues it, the usual press convention. ``lfrwatch_quotes`` (``quotes.py``) attributes what
these find."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .attribution import is_reporting_verb
from .docutils import CharRanges, paragraph_index
from .introductions import MARKS_TEXT
from .lexicon import REPORTING_VERBS

_MARKS = re.compile(r"[“”\"]")
_OPENING_CONTEXT = set(" \t\n([{—–-:;/")
_CLOSING_CONTEXT = set(" \t\n.,;:!?)]}—–-…")
#: What may follow an opening mark set where a closing one belongs (and "" for the end of the text).
_TURNED_CLOSING = {"", " ", "\n", "\t"}
#: A list item is not a block quotation: "- a ban on ...", "1. ...", "(a) ...".
_LIST_ITEM = re.compile(r"^(?:[-•*–—·]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s")
#: Words between the reporting verb and the colon of an introduction: "said in a statement:", "told MPs:".
_INTRO_TAIL_TOKENS = 5


def _introduced_by(span: Span) -> Token | None:
    """The reporting verb a paragraph ending in a colon closes on ("X said:", "X told MPs:"), if it does."""
    if len(span) < 3 or span[-1].text != ":":
        return None
    for token in reversed(span[max(0, len(span) - 1 - _INTRO_TAIL_TOKENS):-1]):
        if token.text in MARKS_TEXT:
            return None  # 'She said: "..." and added:' is left to the marks
        if is_reporting_verb(token, strict=False):
            passive = any(c.dep_ == "auxpass" for c in token.children) and not any(
                c.dep_ == "agent" for c in token.children)
            return None if passive else token  # "Your request ... is answered below:" has no speaker
    return None


def find_block_quotations(doc: Doc, text: str, paragraphs: list[tuple[int, int]], furniture) -> list[dict]:
    """Paragraphs quoted without marks: each right after a paragraph that ends "X said:" (see the module
    docstring). Only the first paragraph after the introduction: where a block quotation ends is not in the text."""
    found = []
    for k in range(1, len(paragraphs)):
        if text[paragraphs[k - 1][1] - 1] != ":":
            continue  # the common case, decided without a look at the tokens
        start, end = paragraphs[k]
        body = text[start:end]
        if start in furniture or _MARKS.search(body) or _LIST_ITEM.match(body):
            continue
        intro = doc.char_span(*paragraphs[k - 1], alignment_mode="expand")
        if intro is None or _introduced_by(intro) is None:
            continue
        while end > start and text[end - 1] in " ,":
            end -= 1
        found.append({"start": start, "end": end, "paragraph": k, "continues": False, "unclosed": False,
                      "unmarked": True})
    return found


def find_quotation_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[dict]:
    """Pairs quotation marks. Returns dicts with the inner ``start``/``end``,
    the paragraph index, and ``continues`` when the quote goes on from an
    unclosed quote in the previous paragraph."""
    starts = [s for s, _ in paragraphs]
    found: list[dict] = []
    open_at: int | None = None
    open_paragraph = -1
    open_continues = False
    for match in _MARKS.finditer(text):
        position = match.start()
        mark = match.group()
        paragraph = paragraph_index(starts, position)
        if mark == "“":
            # turned the wrong way round to close an open quotation: '... here,“ said Jim Clyburn'
            turned = open_at is not None and paragraph == open_paragraph and position > 0 \
                and not text[position - 1].isspace() and text[position + 1 : position + 2] in _TURNED_CLOSING
            opening = not turned
        elif mark == "”":
            opening = False
        else:
            before = text[position - 1] if position else " "
            after = text[position + 1] if position + 1 < len(text) else " "
            if open_at is not None and paragraph == open_paragraph:
                opening = False
            elif before in _OPENING_CONTEXT or before.isspace():
                opening = True
            elif after in _CLOSING_CONTEXT or after.isspace():
                opening = False
            else:
                opening = open_at is None
        if opening:
            continues = False
            if open_at is not None:
                if paragraph == open_paragraph:
                    continue  # a stray or nested opening mark: keep the outer quote
                found.append({"start": open_at, "end": paragraphs[open_paragraph][1], "paragraph": open_paragraph,
                              "continues": open_continues, "unclosed": True})
                continues = paragraph == open_paragraph + 1 and position == starts[paragraph]
            open_at, open_paragraph, open_continues = position + 1, paragraph, continues
        elif open_at is not None:
            found.append({"start": open_at, "end": position, "paragraph": open_paragraph,
                          "continues": open_continues, "unclosed": False})
            open_at = None
    if open_at is not None and open_paragraph >= 0:
        found.append({"start": open_at, "end": paragraphs[open_paragraph][1], "paragraph": open_paragraph,
                      "continues": open_continues, "unclosed": True})
    cleaned = []
    for quote in found:
        start, end = quote["start"], quote["end"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if end - start >= 2:
            quote["start"], quote["end"] = start, end
            cleaned.append(quote)
    return cleaned


#: A single opening mark: after a space, the paragraph start or an opening bracket or dash, before a letter or
#: digit. A single closing mark: after a non-space, before a space, punctuation or the paragraph end.
_SINGLE_OPENING = re.compile(r"(?:^|(?<=[\s(\[{—–\-:;/]))[‘'](?=\w)")
_SINGLE_CLOSING = re.compile(r"(?<=\S)[’'](?=$|[\s.,;:!?)\]}—–\-…])")


def find_single_quotations(text: str, paragraphs: list[tuple[int, int]], taken: CharRanges) -> list[dict]:
    """Quotations in single marks (‘ ’ or '), the Metro and Daily Mail style, outside double-quoted ones (a
    single-quoted stretch inside a double-quoted one is part of it). An opening mark follows a space, a
    paragraph start or an opening bracket or dash and precedes a letter or digit; a closing one follows a
    non-space and precedes a space, punctuation or the paragraph end, so the apostrophes of "it’s" and "the
    Met’s officers" pair with nothing. A quotation left open runs to the end of its paragraph when it opens
    the paragraph or follows a colon or a reporting verb ("The cleaner told Metro: ‘...")."""
    found = []
    for k, (start, end) in enumerate(paragraphs):
        paragraph = text[start:end]
        if "‘" not in paragraph and "'" not in paragraph:
            continue  # the common case
        closings = [start + m.start() for m in _SINGLE_CLOSING.finditer(paragraph)]
        position = 0
        for match in _SINGLE_OPENING.finditer(paragraph):
            opening = start + match.start()
            if opening < position or opening in taken:
                continue
            close = next((c for c in closings if c > opening + 1), None)
            if close is not None and not any(opening < t < close for t in (taken.starts or ())):
                found.append({"start": opening + 1, "end": close, "paragraph": k, "continues": False,
                              "unclosed": False})
                position = close + 1
                continue
            lead = text[start:opening].rstrip()
            words = lead.lower().split()[-2:]
            if words[-1:] == ["that"]:
                words = words[:-1]  # "Silkie Carlo said that ‘This is ...": the verb before "that" reports it
            last_word = words[-1] if words else ""
            if close is None and (opening == start or lead.endswith(":") or last_word in REPORTING_VERBS):
                found.append({"start": opening + 1, "end": end, "paragraph": k, "continues": False,
                              "unclosed": True})
            break
    return found


def mark_continuations(quotes: list[dict], paragraphs: list[tuple[int, int]]) -> None:
    """A quotation opening a paragraph right after one left open continues it (the press convention)."""
    open_paragraphs = {q["paragraph"] for q in quotes if q["unclosed"]}
    for quote in quotes:
        k = quote["paragraph"]
        if k - 1 in open_paragraphs and quote["start"] - 1 == paragraphs[k][0] and not quote.get("unmarked"):
            quote["continues"] = True
