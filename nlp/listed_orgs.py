"""Organisation names for the speaker resolver (:mod:`lfrwatch.nlp.attribution`): those of the alias table
(:data:`lfrwatch.nlp.lexicon.ORG_ALIASES`) written outside an ORG entity ("the Metropolitan police" tagged as a
place is still the Metropolitan Police), and an acronym in brackets read as the name it follows.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc

from .lexicon import ORG_ALIASES

# Listed organisation names by first word, longest first; "the ..." forms and
# one-word names that are also common words ("green", "labour") are left to the NER, but for the
# campaign groups whose one-word names the tagger reads as proper nouns ("Liberty has warned").
_PROPER_NOUN_ONLY = frozenset({"liberty", "amnesty"})
_ONE_WORD_NAMES = frozenset({"met", "npcc", "mopac", "ipco", "ico", "psni", "btp"}) | _PROPER_NOUN_ONLY
_ALIASES_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _alias, _name in sorted(ORG_ALIASES.items(), key=lambda item: -len(item[0].split())):
    _words = tuple(_alias.split())
    if _words[0] != "the" and (len(_words) > 1 or _alias in _ONE_WORD_NAMES):
        _ALIASES_BY_FIRST_WORD.setdefault(_words[0], []).append((_words, _name))
_LISTED_ORGS_KEY = "lfrwatch_listed_orgs"


def listed_orgs(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of listed organisation names written
    outside an ORG entity: "the Metropolitan police" tagged as a place."""
    cached = doc.user_data.get(_LISTED_ORGS_KEY)
    if cached is not None:
        return cached
    found: list[tuple[int, int, str]] = []
    n = len(doc)
    # Only the tokens that can start a listed name are looked at (Token objects are costly).
    lowers = doc.to_array(LOWER)
    starts = numpy.nonzero(numpy.isin(lowers, _first_word_hashes(doc)))[0]
    next_free = 0
    for i in starts.tolist():
        token = doc[i]
        if i < next_free or token.ent_type_ == "ORG" or not token.text[:1].isupper():
            continue
        for words, name in _ALIASES_BY_FIRST_WORD[token.lower_]:
            end = i + len(words)
            if len(words) == 1 and words[0] in _PROPER_NOUN_ONLY and token.tag_ != "NNP":
                continue  # "Liberty is precious"
            if end <= n and all(doc[i + k].lower_ == word for k, word in enumerate(words)):
                found.append((i, end, name))
                next_free = end
                break
    doc.user_data[_LISTED_ORGS_KEY] = found
    return found


def _first_word_hashes(doc: Doc) -> "numpy.ndarray":
    strings = doc.vocab.strings
    return numpy.array([strings.add(word) for word in _ALIASES_BY_FIRST_WORD], dtype="uint64")


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether the capitals of ``acronym`` are the initials of ``name``'s capitalised words, in order and from
    the first: "TBI" of "Tony Blair Institute for Global Change", "BBW" of "Big Brother Watch"."""
    initials = [word[0] for word in name.split() if word[:1].isupper()]
    if len(acronym) < 2 or not acronym.isupper() or not initials or initials[0] != acronym[0]:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in acronym)


def spelled_out(doc: Doc, orgs: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Organisations in order, an acronym in brackets just after the name it abbreviates taking that name, as the
    name is written there: in "The Tony Blair Institute for Global Change (TBI) is calling ..." the institute
    speaks, not "TBI". A later "TBI" stays as written."""
    full: dict[int, str] = {}
    for start, end, name in orgs:
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and \
                _abbreviates(doc[end + 1].text, name):
            full[end + 1] = name
    return [(start, end, full.get(start, name)) for start, end, name in orgs]
