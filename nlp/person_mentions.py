"""Mentions of people that the entity recogniser misses or leaves bare, for ``lfrwatch_people``: a person the
text names by one name alone ("Sara ... Sara says"), later mentions by surname or first name alone ("said
Skelly", tagged an adverb; "McArtur" after Liam McArthur, misspelt), and a person's gender from the pronouns that
follow them ("Jane Doe spoke first. She said ...")."""

from __future__ import annotations

import bisect
from collections import Counter

import numpy
from spacy.attrs import LOWER, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc

from .docutils import start_of_sentence_before
from .lexicon import HONORIFIC_TOKENS, ORG_ALIASES


_VERSUS = frozenset({"v", "v.", "vs", "vs.", "versus"})


def names_a_party_to_a_case(doc: Doc, first: int, end: int) -> bool:
    """A name that is a party to a legal case ("the case of Bridges versus South Wales Police", "R (Bridges) v
    Chief Constable", "Smith v Jones") names the case, not a person acting in the text: a pronoun after it is not
    theirs."""
    after = end + 1 if end < len(doc) and doc[end].text == ")" else end
    before = first - 2 if first > 0 and doc[first - 1].text == "(" else first - 1
    return (after < len(doc) and doc[after].lower_ in _VERSUS) or (before >= 0 and doc[before].lower_ in _VERSUS)


def known_by_one_name_in(doc: Doc, mentions: list[dict]) -> set[str]:
    """Words the text names a person by alone (lower case): a one-word name the recogniser takes for a person,
    written at least twice, once as a subject, that is no part of a longer name and no organisation or place
    ("Sara walked into a shop. ... Sara says")."""
    longer = {word.lower() for m in mentions if len(m["words"]) > 1 for word in m["words"]}
    named = {ent.text.lower() for ent in doc.ents if ent.label_ == "PERSON" and len(ent) == 1}
    counts: dict[str, int] = {}
    subjects: set[str] = set()
    for token in doc:  # the recogniser may miss the name where the text opens with it: count it as a proper noun
        if token.pos_ == "PROPN" and token.lower_ in named:
            counts[token.lower_] = counts.get(token.lower_, 0) + 1
            if token.dep_ in ("nsubj", "nsubjpass"):
                subjects.add(token.lower_)
    places = {ent.text.lower() for ent in doc.ents if ent.label_ in ("GPE", "LOC", "ORG", "FAC")}
    return {word for word, n in counts.items() if n >= 2 and word in subjects and word not in longer
            and word not in places and word not in ORG_ALIASES and word.isalpha()}


def surname_mentions(doc: Doc, person_mentions: list[list[int]], people: list[dict], furniture) -> list[list[int]]:
    """Later mentions by surname (or first name) alone that the entity recogniser did not take for a person
    ("Holloway attacked ..." tagged an organisation, "said Skelly" an adverb, "Shaun told BBC"): a capitalised
    word that is the surname or first name of exactly one person named in full (or the one name of a person the
    text knows by one name), standing alone (no other proper noun or "the" beside it). Returns [first, end,
    person index] each. A proper noun one letter from one such surname is a mention too (a misspelling: "Mr
    McArtur said" after "Liam McArthur")."""
    by_surname: dict[str, int | None] = {}
    for index, person in enumerate(people):
        # "Shaun told BBC" after "Shaun Thompson": a first name alone names its one person as a surname does;
        # so does the one name of a person the text knows by one name ("Sara")
        for name in {person["words"][-1].lower(), person["words"][0].lower()}:
            by_surname[name] = None if by_surname.get(name, index) != index else index
    by_surname = {surname: index for surname, index in by_surname.items() if index is not None}
    if not by_surname:
        return []
    wanted = numpy.array([doc.vocab.strings.add(surname) for surname in by_surname], dtype="uint64")
    hits = {i: by_surname[doc[i].lower_] for i in numpy.nonzero(numpy.isin(doc.to_array(LOWER), wanted))[0].tolist()}
    taken = {i for first, end, _ in person_mentions for i in range(first, end)}
    hits.update(misspelt_surname_mentions(doc, person_mentions, people, set(hits) | taken))
    found = []
    for i, index in sorted(hits.items()):
        token = doc[i]
        # The tagger reads some surnames as adverbs ("said Skelly", "Early described it"): past a sentence's
        # first word, a capitalised surname tagged an adverb is still the name.
        misread = (token.pos_ == "ADV" and not token.is_sent_start) or (  # "Insp Davies said", "Davies" a noun
            token.pos_ == "NOUN" and i > 0 and doc[i - 1].lower_ in HONORIFIC_TOKENS)
        if i in taken or not token.text[:1].isupper() or not (token.pos_ == "PROPN" or misread) \
                or token.idx in furniture or names_a_party_to_a_case(doc, i, i + 1):
            continue
        beside = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc)]
        if any(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in HONORIFIC_TOKENS for t in beside) or (
                i > 0 and doc[i - 1].lower_ == "the"):
            continue  # a rank before it is no other name: "Insp Davies said" after "Insp Simon Davies"
        found.append([i, i + 1, index])
    return found


def misspelt_surname_mentions(doc: Doc, person_mentions: list[list[int]], people: list[dict], seen: set[int]) -> dict:
    """Proper nouns outside ``seen`` one letter from the surname of exactly one person named in full before them
    ("Mr McArtur said" after "Liam McArthur"): {token index: person index}."""
    first_named: dict[int, int] = {}
    for first, _, index in person_mentions:
        if len(people[index]["words"]) > 1:
            first_named[index] = min(first, first_named.get(index, first))
    found = {}
    for i in numpy.nonzero(doc.to_array(POS) == PROPN)[0].tolist():
        token = doc[i]
        if i in seen or len(token) < 5 or not token.text[:1].isupper():
            continue
        named = [index for index, first in first_named.items()
                 if first < token.i and one_letter_apart(people[index]["words"][-1].lower(), token.lower_)]
        if len(named) == 1:
            found[token.i] = named[0]
    return found


_PRONOUN_GENDERS = {"he": "male", "she": "female"}
_QUOTE_MARKS = ("“", "”", '"')


def genders_from_pronouns(doc: Doc, person_mentions: list[list[int]], people: list[dict]) -> None:
    """A person the text gives no honorific gets the gender of the pronouns that follow them when they are the
    only person named since the start of the sentence before: "Jane Doe spoke first. She said the council was
    not asked." votes "female" for Jane Doe; a clear majority of votes decides, and sentences with quotation
    marks do not vote. '"...," she said' can then pass over a man named after her."""
    if not person_mentions or all(person["gender"] for person in people):
        return
    starts = [first for first, _, _ in person_mentions]
    lowers = doc.to_array(LOWER)
    wanted = numpy.array([doc.vocab.strings.add(word) for word in _PRONOUN_GENDERS], dtype="uint64")
    pronouns = numpy.nonzero(numpy.isin(lowers, wanted))[0]
    votes: dict[int, Counter] = {}
    for i in pronouns.tolist():
        token = doc[i]
        if token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        sentence = token.sent
        if any(mark in sentence.text for mark in _QUOTE_MARKS):
            continue  # the pronouns that attribute quotations are what the genders are for, not votes
        window_start = start_of_sentence_before(sentence)
        k = bisect.bisect_left(starts, i)
        named = {index for first, _, index in person_mentions[bisect.bisect_left(starts, window_start):k]}
        if len(named) == 1:
            votes.setdefault(named.pop(), Counter())[_PRONOUN_GENDERS[token.lower_]] += 1
    for index, counted in votes.items():
        (gender, count), *rest = counted.most_common()
        if people[index]["gender"] is None and (not rest or count >= 2 * rest[0][1]):
            people[index]["gender"] = gender


def one_letter_apart(name: str, other: str) -> bool:
    """Two surnames of five letters or more one letter apart (one added, dropped, changed, or two swapped): a
    misspelling real pages make ("Liam McArthur" then "Mr McArtur", "Liz Thomson" then "Thompson")."""
    if name == other or min(len(name), len(other)) < 5 or abs(len(name) - len(other)) > 1:
        return False
    if len(name) == len(other):
        differ = [k for k in range(len(name)) if name[k] != other[k]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and name[differ[0]] == other[differ[1]] and name[differ[1]] == other[differ[0]])
    short, long = sorted((name, other), key=len)
    return any(long[:k] + long[k + 1:] == short for k in range(len(long)))
