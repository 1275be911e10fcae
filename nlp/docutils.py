"""Helpers shared by the components: Doc extensions, character ranges, names in title case, ages ("the
39-year-old"), paragraphs, organisation names and a speaker's noun phrase as written."""

from __future__ import annotations

import bisect
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from .lexicon import HONORIFIC_TOKENS, ORG_ALIASES, POST_NOMINALS, ROLE_WORDS, TECHNOLOGY_NAMES

# Results of the components, stored as plain JSON-able data so that docs can
# cross process boundaries in ``nlp.pipe(n_process=...)``.
DOC_EXTENSIONS = (
    "figures",  # list of figure dicts (see figures.py)
    "quotes",  # list of quote dicts
    "people",  # list of person dicts
    "places",  # list of place dicts
    "boilerplate",  # list of [start_char, end_char] of page-furniture lines
    "person_mentions",  # list of [first_token, end_token, person_index]
    "speaker_turns",  # list of [char_offset, person_index]: transcript turns
)


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


class CharRanges:
    """Sorted, non-overlapping character ranges with a fast membership test."""

    def __init__(self, ranges: Iterable[Iterable[int]] | None):
        pairs = sorted((int(a), int(b)) for a, b in (ranges or ()))
        self.starts = [a for a, _ in pairs]
        self.ends = [b for _, b in pairs]

    def __contains__(self, position: int) -> bool:
        i = bisect.bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: a line is a paragraph in extracted text."""
    spans = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        stripped = line.strip()
        if stripped:
            left = position + (len(line) - len(line.lstrip()))
            spans.append((left, left + len(stripped)))
        position = end + 1
    return spans


def paragraph_index(paragraph_starts: list[int], position: int) -> int:
    return max(0, bisect.bisect_right(paragraph_starts, position) - 1)


def is_quotation_mark(token: Token) -> bool:
    """A quote mark that opens or closes a quotation, not an apostrophe of possession ("Liberty Investigates’
    editor")."""
    return token.is_quote and token.dep_ != "case" and token.tag_ != "POS"


def start_of_sentence_before(sentence: Span) -> int:
    """The token index where the sentence before ``sentence`` starts; its own start when it is the first."""
    doc = sentence.doc
    return doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start


def strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def object_of_preposition(token: Token, preposition: str) -> Token | None:
    """X in "<token> <preposition> X" as the parse has it: "according to X", "hundreds of X"."""
    for child in token.children:
        if child.lower_ == preposition:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def canonical_org(text: str | None) -> str | None:
    """Normalised organisation name: "the Met's" -> "Metropolitan Police"."""
    if not text:
        return None
    cleaned = strip_possessive(" ".join(text.split()).strip(" ,.;:")).replace("’", "'")
    lower = cleaned.lower()
    if lower in ORG_ALIASES:
        return ORG_ALIASES[lower]
    if lower.startswith("the "):
        cleaned = cleaned[4:]
        lower = lower[4:]
        if lower in ORG_ALIASES:
            return ORG_ALIASES[lower]
    if lower in TECHNOLOGY_NAMES or lower in POST_NOMINALS:
        return None  # "LFR", "AFR Locate": the technology; "KC", "MP": letters after a name
    return cleaned or None


def known_org(text: str) -> str | None:
    """The canonical name when ``text`` is a listed organisation alias."""
    lower = strip_possessive(" ".join(text.split()).strip(" ,.;:")).lower().replace("’", "'")
    if lower.startswith("the "):
        lower = lower[4:]
    return ORG_ALIASES.get(lower)


def bracketed_abbreviation_length(doc: Doc, i: int) -> int:
    """Tokens of a bracketed abbreviation starting at ``i`` ("(LFR)", "(TVP)", "(PCC)"), else 0."""
    if 0 <= i and i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and doc[i + 1].text.isupper():
        return 3
    return 0


def inside_name(token: Token) -> bool:
    """A coordinator or conjunct inside a title-case name: the "and" and "Crime" of "Police and Crime
    Commissioner" (capitalised words on both sides of the "and", written together)."""
    doc = token.doc
    i = token.i if token.dep_ == "cc" else token.left_edge.i - 1
    if not (0 < i < len(doc) - 1) or doc[i].lower_ not in ("and", "&"):
        return False
    return doc[i - 1].is_title and doc[i + 1].is_title and doc[i - 1].pos_ == "PROPN" and doc[i + 1].pos_ == "PROPN"


def age_of_description(token: Token) -> str | None:
    """The age a description gives, as written: "39" for "the 39-year-old"."""
    if token.lower_ != "old":
        return None
    for left in token.doc[max(0, token.i - 4) : token.i]:
        if left.like_num:
            return left.text
    return None


#: Dependents that end a noun phrase: its clauses, appositions, punctuation and coordination.
_DROP_FROM_PHRASE = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "parataxis"})


def _listed_titles_after(run: list[Token]) -> list[Token]:
    """The rest of a list of capitalised words a title ends on, after its "for" or "of": the ", Policing and Fire"
    of "the Minister for Crime, Policing and Fire", which the parse hangs elsewhere; only a list closed by "and"."""
    doc, last = run[0].doc, run[-1]
    if not last.is_title or not any(t.lower_ in ("for", "of") for t in run):
        return []
    i, added = last.i + 1, []
    while i + 1 < len(doc) and doc[i].text in (",", "and", "&") and doc[i + 1].is_title:
        closing = doc[i].text != ","
        j = i + 1
        while j < len(doc) and doc[j].is_title and doc[j].pos_ in ("PROPN", "NOUN"):
            j += 1
        added += list(doc[i:j])
        if closing:
            return added
        i = j
    return []


def noun_phrase(token: Token) -> str:
    """A speaker's noun phrase as written, without clauses hanging off it: "a young woman" of "a young woman
    who lives nearby"."""
    keep: list[Token] = []

    def kept(child: Token) -> bool:
        # "and" inside a title-case name stays: "a spokesman for the Police and Crime Commissioner"; so does
        # one among the words before the noun ("the biometrics and surveillance camera commissioner") and a
        # possessive's apostrophe written as a mark of its own ("the National Police Chiefs’ Council")
        in_name = child.dep_ in ("cc", "conj") and child.ent_type_ != "PERSON" and (
            inside_name(child) or child.i < token.i)
        possessive = child.text in ("’", "'") and child.i > 0 and not child.doc[child.i - 1].whitespace_
        return child.dep_ not in _DROP_FROM_PHRASE or in_name or possessive

    def walk(node: Token) -> None:
        for child in node.lefts:
            if kept(child):
                walk(child)
        keep.append(node)
        for child in node.rights:
            if kept(child):
                walk(child)

    walk(token)
    keep.sort(key=lambda t: t.i)
    # Cut at the first gap so the phrase stays contiguous.
    run = [keep[0]]
    for t in keep[1:]:
        if t.i != run[-1].i + 1:
            if t.i > token.i:
                break
            run = [t]
            continue
        run.append(t)
    run += _listed_titles_after(run)
    text = "".join(t.text_with_ws for t in run).strip(" ,;:")
    text = " ".join(text.split())
    if run and run[0].pos_ == "DET" and run[0].i != token.i:
        text = text[:1].lower() + text[1:]
    return text


def name_after_post(token: Token, phrase: str) -> str | None:
    """The surname a post or rank is written before, with no first name ("Chief Constable Shiner", "PCC
    Michael", "Deputy Chief Constable McLaren"): the name as a speaker is written, without the post."""
    words = phrase.split()
    if len(words) < 2 or token.pos_ != "PROPN" or token.text != words[-1] or not words[-1][:1].isupper():
        return None
    post = [word.lower().rstrip(".") for word in words[:-1]]
    return words[-1] if all(word in ROLE_WORDS or word in HONORIFIC_TOKENS for word in post) else None
