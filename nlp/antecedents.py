"""What "she", "they", "it" and an indefinite description stand for when no one the text named will do:
the last woman or man it described ("flagged a young woman ... She told"), the plural subject just before
("Civil liberties groups see it differently. ... one that they said"), the body that acted just before ("the
evidence the committee heard stood ..., it said") or the paper that spoke ("reads the tender. It goes on:"),
the person named just after a description ("a leading councillor warned. Councillor Amy Brown, who ..."), the one
person of a kind named before ("Chief Superintendent Jane Doe ... The senior officer said"), the one person a
description was said of beside their name ("Daniel Okafor, 39," ... "the 39-year-old said"), the one person a
paragraph tells of before a quotation in the first person that nothing attributes ("Sara walked into a shop." then
'"Within a minute, I'm approached ..."'), the person the paragraph after a quotation names as its speaker ("Those
were the words of ..."), the person a main clause names after "in what she called" ("... was welcomed by Jane
Doe"), the one person a headline names for a post in the body ("said the East Derry MP").
The speaker resolver (attribution.py) asks these last, after the people and organisations it knows by name."""

from __future__ import annotations

import re

from spacy.tokens import Token

from .docutils import is_quotation_mark
from .lexicon import HUMAN_NOUNS, OFFICIAL_ROLE_WORDS, ORG_ANAPHORS, STATEMENT_NOUNS, TITLE_WORDS
from .person_roles import is_police_role

#: Nouns for one person that say which pronoun stands for them: "a young woman ... She told".
GENDERED_NOUNS = {noun: gender for noun, gender in HUMAN_NOUNS.items() if gender is not None}
#: People who speak as a plural: "Critics say", "campaigners warned ... they said".
PEOPLE_WHO_SPEAK = frozenset({"critic", "activist", "expert", "researcher", "academic", "group", "campaigner",
                              "organisation", "organization", "charity", "opponent", "advocate", "lawyer", "mp",
                              "politician", "councillor", "union", "parliamentarian", "lawmaker", "legislator", "peer",
                              "senator"})
#: Bodies "it" may stand for when they spoke or acted just before: "the committee heard ..., it said".
BODY_NOUNS = ORG_ANAPHORS | {"committee", "institute", "council", "commission", "court", "government", "ministry",
                             "office", "authority", "regulator", "watchdog", "company", "firm", "body", "union",
                             "inquiry", "panel", "board", "agency", "inspectorate", "party", "campaign"}
#: Papers that speak for themselves: "It goes on" after "reads the tender".
PAPER_NOUNS = frozenset({"tender", "document", "policy", "strategy", "guidance", "paper", "motion", "bill",
                         "judgment", "ruling", "code", "review", "assessment", "analysis"})


def plural(noun: str) -> str:
    """An English noun's plural, for the nouns above: "spokesman" -> "spokesmen", "charity" -> "charities"."""
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch")) else "s")


PLURAL_SPEAKERS = frozenset(plural(noun) for noun in (*HUMAN_NOUNS, *BODY_NOUNS, *PEOPLE_WHO_SPEAK)) | {
    "police", "people", "spokespeople"}


def gender_fits(person: dict, gender: str | None) -> bool:
    """Whether a person may be the one a description of this gender (None: either) stands for: their gender is
    unknown or the same."""
    return person.get("gender") in (None, gender or person.get("gender"))


def names_plural_speakers(token: Token) -> bool:
    """A plural noun for people or bodies who speak as one: "critics", "campaigners", "parliamentarians"."""
    return token.tag_ == "NNS" and token.lower_ in PLURAL_SPEAKERS


def _tokens_back(resolver, token: Token, sentences: int):
    """The tokens before ``token``, nearest first, in its sentence and the ``sentences`` before it, outside
    quotations."""
    doc = resolver.doc
    seen = 0
    for i in range(token.i - 1, -1, -1):
        if doc[i + 1].is_sent_start:
            seen += 1
            if seen > sentences:
                return
        if resolver.inside is None or not resolver.inside(i):
            yield doc[i]


def gendered_description_before(resolver, token: Token, gender: str, sentences: int = 2) -> Token | None:
    """The person "she" or "he" means when the text names no one of that gender: the last man or woman it
    described, in this sentence or the ``sentences`` before ("flagged a young woman as a shoplifter ... She
    told BBC Newsnight")."""
    for candidate in _tokens_back(resolver, token, sentences):
        if candidate.pos_ == "NOUN" and candidate.tag_ == "NN" and GENDERED_NOUNS.get(candidate.lower_) == gender:
            return candidate
    return None


def plural_subject_before(resolver, token: Token, sentences: int = 1, main_clauses: bool = False) -> Token | None:
    """The people "they" means when no one spoke before: the nearest plural subject naming people or bodies,
    in this sentence or the ``sentences`` before ("Civil liberties groups see it differently. ... one that
    they said had been shown to be “dangerously inaccurate”"); none when another noun or person is the
    subject in between. ``main_clauses``: only the subjects of sentences' main verbs count ("Critics say the
    scanning breaches their rights. In their view ...": the critics, past "the scanning" they spoke of)."""
    for candidate in _tokens_back(resolver, token, sentences):
        if candidate.dep_ not in ("nsubj", "nsubjpass") or (main_clauses and candidate.head != candidate.sent.root):
            continue
        if names_plural_speakers(candidate):
            return candidate
        if candidate.pos_ in ("NOUN", "PROPN") or candidate.lower_ in ("he", "she", "we", "i", "you"):
            return None
    return None


def organisation_acting_before(resolver, token: Token, sentences: int = 3) -> Token | None:
    """The organisation "it" stands for when no organisation spoke just before: the nearest subject of any
    verb (or the agent of one: "an analysis by the ALI has found"), in this sentence or the ``sentences``
    before it, that names an organisation or a body ("the evidence the committee heard stood “in stark
    contrast” to that, it said"), or a paper that speaks ("“...,” reads the tender. It goes on:"). A person
    in between means "it" is no one who spoke."""
    for candidate in _tokens_back(resolver, token, sentences):
        if candidate.dep_ not in ("nsubj", "pobj") or candidate.lower_ == "it":
            continue
        if candidate.dep_ == "pobj" and not (
                candidate.head.lower_ == "by" and candidate.head.head.dep_ in ("nsubj", "nsubjpass")):
            continue
        if resolver.person_index_at(candidate.i) is not None or candidate.lower_ in ("he", "she", "they"):
            return None
        if resolver.org_at(candidate.i) or (candidate.tag_ == "NN" and candidate.lower_ in BODY_NOUNS):
            return candidate
        if candidate.tag_ == "NN" and (candidate.lower_ in STATEMENT_NOUNS or candidate.lower_ in PAPER_NOUNS):
            return candidate
    return None


def person_named_next(resolver, token: Token, sentences: int = 2) -> int | None:
    """The person an indefinite description introduces before naming them: "..., a leading councillor warned.
    Councillor Amy Brown, who chairs the committee, said ..." — the first person named in the ``sentences``
    after it whose role or title holds the description's noun; None for "a spokesman for the force" followed
    by a chief inspector."""
    indefinite = any(child.dep_ in ("det", "nummod") and child.lower_ in ("a", "an", "one") for child in token.children)
    senior = token.lower_ in _KINDS and any(t.lower_ in _KIND_MODIFIERS.get(token.lower_, ()) for t in token.lefts)
    owned = any(child.dep_ == "poss" and child.pos_ == "PROPN" for child in token.children)  # "Croydon's mayor"
    if not indefinite and not senior and not owned:
        return None  # but "the city's most senior police officer has said" before the officer's name
    head = token.lower_
    doc = resolver.doc
    last = token.sent.end
    for _ in range(sentences):
        if last >= len(doc):
            break
        last = doc[last].sent.end
    named_before = {index for first, _, index in resolver.mentions if first < token.i}
    for first, _, index in resolver.mentions:
        if first <= token.i or first >= last or index in named_before:
            continue
        words = (resolver.people[index].get("role") or "").lower().replace(".", " ").split()
        if head in {TITLE_WORDS.get(word, word) for word in words} or (senior and _KINDS[head](resolver.people[index])):
            return index
        if any(doc[j].lower_ == head and doc[j + 1].text == "," for j in range(max(0, first - 5), first)):
            return index  # "A senior officer at the Met has said ... The officer, Commander Lisa Grey, ..."
    return None


#: Campaign groups whose people a later "the campaigner" means.
CAMPAIGN_ORGS = frozenset({"Big Brother Watch", "Liberty", "Amnesty International", "Open Rights Group",
                           "Privacy International", "Statewatch", "StopWatch", "Fair Trials", "Article 19"})
_CAMPAIGN_ROLE_WORDS = frozenset({"campaign", "campaigns", "campaigner", "activist", "advocacy", "advocate"})
_ACADEMIC_ROLE_WORDS = frozenset({"research", "researcher", "professor", "lecturer", "academic", "scientist",
                                  "criminologist", "reader"})


def _campaigner(person: dict) -> bool:
    words = set((person.get("role") or "").lower().split())
    return person.get("org") in CAMPAIGN_ORGS or bool(words & _CAMPAIGN_ROLE_WORDS)


def _academic(person: dict) -> bool:
    words = set((person.get("role") or "").lower().replace(",", " ").split())
    org = (person.get("org") or "").lower()
    return bool(words & _ACADEMIC_ROLE_WORDS) or "university" in org or "university" in words


def _senior_officer(person: dict) -> bool:
    return is_police_role(person.get("role")) or is_police_role(person.get("honorific"))


#: A description's noun -> who counts as one of that kind: "the campaigner", "the researcher", "the senior officer".
_KINDS = {"campaigner": _campaigner, "activist": _campaigner, "researcher": _academic, "academic": _academic,
          "expert": _academic, "officer": _senior_officer, "detective": _senior_officer}
#: Words that must stand before a noun for it to mean one named person: "the senior officer", not "the officer"
#: (the one who made the stop, often unnamed).
_KIND_MODIFIERS = {"officer": frozenset({"senior"})}


def person_of_kind(resolver, token: Token) -> int | None:
    """The one person named before a definite description of a kind whose role does not hold its noun: "the
    campaigner" for the advocacy manager at Big Brother Watch, "the researcher" for a lecturer, "the senior
    officer" for a chief superintendent. None when two or more people of the kind were named."""
    kind = _KINDS.get(token.lower_)
    if kind is None or token.tag_ != "NN":
        return None
    if not any(child.dep_ == "det" and child.lower_ == "the" for child in token.children):
        return None
    needed = _KIND_MODIFIERS.get(token.lower_)
    if needed and not any(child.lower_ in needed for child in token.lefts):
        return None
    found = {index for first, _, index in resolver.mentions
             if first < token.i and kind(resolver.people[index])}
    return found.pop() if len(found) == 1 else None


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my)\b")


def one_person_before(resolver, quote_text: str, paragraph_before: tuple[int, int]) -> dict | None:
    """The speaker of a paragraph of quotation in the first person that no words attribute, after a paragraph
    that tells of one person only: 'Sara had had one of those days ... so she walked into a shop.' then
    '"Within less than a minute, I'm approached by a store worker ..."'."""
    if not _FIRST_PERSON.search(quote_text):
        return None
    start, end = paragraph_before
    doc = resolver.doc
    named = {index for first, _, index in resolver.mentions if start <= doc[first].idx < end}
    return resolver.person_speaker(named.pop()) if len(named) == 1 else None


#: How a paragraph opens when it says whose were the words just quoted: "Those were the words of", "So said".
_SAID_AFTER = re.compile(r"(?:Those|These) were the (?:words|thoughts|views) of|(?:That|This) (?:was|is) (?:the "
                         r"(?:verdict|view|message|warning|reaction) of|how)|So (?:said|says)", re.IGNORECASE)


def named_in_the_paragraph_after(resolver, paragraph_after: tuple[int, int]) -> dict | None:
    """The speaker of a paragraph of quotation that no words attribute, named by the paragraph after it: '"This
    is a tool that is here to stay." / Those were the words of Chief Constable Derek Ainsworth ...', 'So said
    Patrick Monaghan, who ...', 'So says ...', 'That is how resident Jean Whitfield, 71, described ...'."""
    first_sentence = _first_sentence(resolver.doc, paragraph_after)
    if first_sentence is None or not _SAID_AFTER.match(resolver.doc.text, paragraph_after[0]):
        return None
    named = [index for first, _, index in resolver.mentions if first_sentence.start <= first < first_sentence.end]
    return resolver.person_speaker(named[0]) if named else None


def _first_sentence(doc, paragraph: tuple[int, int]):
    """The first sentence of a paragraph given by its character offsets (None for a paragraph with no tokens)."""
    span = doc.char_span(*paragraph, alignment_mode="expand")
    return span[0].sent if span is not None and len(span) else None


#: What "made" a speaker's words in a paragraph after them: "Jane Doe made the remark as ...".
_REMARK_NOUNS = frozenset({"remark", "remarks", "comment", "comments"})
#: Determiners that point back to the words just quoted: "made the remark", "made those comments".
_POINTING_BACK = frozenset({"the", "this", "these", "those"})


def making_the_remark_after(resolver, paragraph_after: tuple[int, int]) -> dict | None:
    """The person the paragraph after a quotation says made it, as the subject of "made the remark(s)" or "made
    the comments" in its first sentence: '"... in no way did justice to the issues," the chair of the committee
    has said.' then 'Liberal Democrat MP Norman Lamb made the remark as ...'."""
    for token in _first_sentence(resolver.doc, paragraph_after) or ():
        if token.lower_ in ("made", "makes") and any(
                c.dep_ == "dobj" and c.lower_ in _REMARK_NOUNS and any(d.lower_ in _POINTING_BACK for d in c.children)
                for c in token.children):  # the words just quoted, not "X has made comments about ..."
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            index = resolver.person_index_at(subject.i) if subject is not None else None
            return resolver.person_speaker(index) if index is not None else None
    return None


def described_as(resolver, index: int, max_words: int = 12) -> set[str]:
    """The words the text describes a person with beside their name, in lower case, for a later description to
    match: the title before the name ("Shopkeeper Imran Chaudhry", "Former detective Paul Hendry") and the
    phrase set off after it ("Claire Whitcombe, the force's lead for facial recognition,", "Alan Greaves, who
    heads the force's violent crime unit,", "Daniel Okafor, 39,") or said after "is" ("Tim Rowlandson is the force
    lead for the project"); verbs also as nouns ("heads" -> "head")."""
    cache = resolver.described_as
    if index in cache:
        return cache[index]
    doc = resolver.doc
    words: set[str] = set()
    for first, end, at in resolver.mentions:
        if at != index:
            continue
        i = first - 1
        while i >= 0 and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and doc[i].is_alpha and first - i <= 3:
            words.add(doc[i].lower_)  # the title before the name
            i -= 1
        if end < len(doc) and doc[end].text in (",", "("):
            for token in doc[end + 1 : end + 1 + max_words]:
                if token.text in (",", ")", ".", ";", ":") or token.is_sent_start or is_quotation_mark(token):
                    break  # not past a closing mark: '"... beat Hillary Clinton," the governor said'
                # the phrase's own words, not those after a preposition: "a member of the board" is no board
                if token.dep_ != "prep" and not any(a.dep_ == "prep" and a.i > end for a in token.ancestors):
                    words.add(token.lower_)
        name = doc[end - 1]
        if name.dep_ == "nsubj" and name.head.lower_ in ("is", "was"):
            # "Tim Rowlandson is the force lead for the project": the noun the name is said to be and the words of
            # its post, not of its owner ("the Clinton campaign's national political director" is no campaign)
            words |= {t.lower_ for attr in name.head.children if attr.dep_ == "attr" and attr.pos_ == "NOUN"
                      for t in (*(c for c in attr.lefts if c.dep_ not in ("poss", "det")), attr)}
    words |= {word[:-1] for word in words if word.endswith("s") and len(word) > 3}
    cache[index] = words
    return words


def person_named_later_in_sentence(resolver, pronoun: Token, gender: str) -> int | None:
    """The person a pronoun looks ahead to, in "what she called" before the main clause that names her: "The
    EHRC's involvement in what she called a "landmark legal challenge" was welcomed by ... director Rebecca
    Vincent", "In what he described as a "dark day", John Doe said": the one named after it who is the main
    clause's subject or its passive's agent, of the pronoun's gender or of none known."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.dep_ not in ("pcomp", "csubj", "advcl") \
            or not any(child.lower_ == "what" for child in verb.children):
        return None
    sentence = pronoun.sent
    for first, end, index in resolver.mentions:
        if not pronoun.i < first < sentence.end or not gender_fits(resolver.people[index], gender):
            continue
        for token in resolver.doc[first:end]:
            if token.dep_ == "appos":
                token = token.head  # "by Big Brother Watch interim director Rebecca Vincent"
            subject = token.dep_ == "nsubj" and token.head == sentence.root
            agent = token.dep_ == "pobj" and token.head.dep_ == "agent" and token.head.head == sentence.root
            if subject or agent:
                return index
    return None


def _headline_end(text: str) -> int:
    """Where the first line ends when it is a headline (a line with no full stop, more text below it); 0 when it
    is not."""
    end = text.find("\n")
    return end if end >= 0 and text[:end].rstrip()[-1:] not in (".", "!", "?") else 0


def person_described_in_headline(resolver, token: Token) -> int | None:
    """The person a headline's bare description stands for, named at the top of the text below it:
    "'Police said I was wanted': London man says ..." then "Shaun Thompson only wanted to go home": the first
    person the first two paragraphs under the headline (a first line with no full stop) name, of the
    description's gender. None for a description with an article ("a man"), a plural or a non-human noun."""
    doc, text = resolver.doc, resolver.doc.text  # the text is built from the tokens on each access: once
    headline_end = _headline_end(text)
    if token.lower_ not in HUMAN_NOUNS or token.tag_ != "NN" or token.idx >= headline_end \
            or any(child.dep_ in ("det", "poss") for child in token.children) or not resolver.mentions:
        return None
    below_end = text.find("\n", text.find("\n", headline_end + 1) + 1)
    below_end = len(text) if below_end < 0 else below_end
    first, _, index = resolver.mentions[0]
    # the first person named: not in the headline itself (a description beside a name is theirs or another's)
    if headline_end <= doc[first].idx < below_end and gender_fits(resolver.people[index], HUMAN_NOUNS[token.lower_]):
        return index
    return None


def person_named_in_headline(resolver, token: Token, last_mention: int, gender: str | None) -> int | None:
    """The person a post stands for when the text names only them, as its headline's subject (a first line with
    no full stop), with no role of their own: "Gregory Campbell calls for safeguards" then "said the East Derry
    MP". ``last_mention`` is the position in ``resolver.mentions`` of the last mention before the post."""
    named = {index for _, _, index in resolver.mentions[: last_mention + 1]}
    if len(named) != 1 or token.lower_ not in OFFICIAL_ROLE_WORDS:
        return None
    index = named.pop()
    person = resolver.people[index]
    doc = resolver.doc
    first, end, _ = resolver.mentions[0]
    if doc[first].idx < _headline_end(doc.text) \
            and any(word.dep_ == "nsubj" for word in doc[first:end]) and person.get("role") is None \
            and gender_fits(person, gender):
        return index
    return None
