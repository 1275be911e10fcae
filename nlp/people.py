"""Component ``lfrwatch_people``: each named person once per document, with
honorific, role, organisation and gender (from a title, a common first name or
the pronouns that follow), and every mention of them ("Sir Mark Rowley", "Mr
Rowley", "Sir Mark") linked to one canonical name.

Roles come from a title written before the name ("Met Commissioner Sir Mark
Rowley"), an apposition ("Jane Doe, policy officer at Liberty,"), a rank used
as honorific ("Det Supt Jane Doe") or the parliamentary forms "Jane Doe
(Croydon West) (Lab)" and "The Minister for Policing (Jane Doe)".
Organisations come from the title, the apposition, "Jane Doe, of Essex
Police," or a relative clause ("who leads policing ... for the Met")."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from .docutils import CharRanges, canonical_org, known_org, paragraph_spans, register_extensions
from .places import load_gazetteer
from .lexicon import (
    FEMALE_HONORIFICS,
    FIRST_NAME_HONORIFICS,
    FIRST_NAMES_FEMALE,
    FIRST_NAMES_MALE,
    HONORIFIC_TOKENS,
    MALE_HONORIFICS,
    ORG_ALIASES,
    POLICE_ORG_WORDS,
    REPORTING_VERBS,
    ROLE_WORDS,
)
from .person_mentions import (
    genders_from_pronouns, known_by_one_name_in, names_a_party_to_a_case, one_letter_apart, surname_mentions,
)
from .person_roles import (  # noqa: F401  (is_government_role: read as people.is_government_role by the pipeline)
    _PLAIN_HONORIFICS,
    _POSSESSIVE,
    _TRAILING_TITLES,
    OWN_ORG,
    PersonRoles,
    is_government_role,
    is_police_role,
)

# Capitalised words that end organisation or place names, never a person's.
_NOT_NAME_WORDS = frozenset(
    {
        "police", "watch", "office", "council", "party", "news", "service", "commission",
        "authority", "carnival", "street", "road", "square", "park", "station", "court",
        "parliament", "government", "ministry", "department", "university", "college",
        "group", "trust", "foundation", "institute", "agency", "unit", "team", "constabulary",
        "bbc", "itv", "lfr", "frt", "uk", "act", "bill", "report", "review", "app", "technology",
        "neighbourhood", "neighborhood", "yard", "hall", "centre", "center", "church",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "facial", "recognition", "live", "met", "home", "secretary", "minister", "mayor",
        "north", "south", "east", "west", "central", "greater", "upon", "city", "borough",
        "county", "district", "the", "and", "of", "state", "labour", "conservative", "artificial", "intelligence",
    }
)
#: One-word places of the gazetteer ("Bedfordshire"), which a title may name just before a name.
_PLACE_NAMES = frozenset(
    name.lower() for row in load_gazetteer() for name in (row["name"], *row["aliases"]) if " " not in name
)
_COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx"})
_TITLE_PLACE_PREPOSITIONS = frozenset({"for", "of", "in", "at"})
_NAME_PARTICLES = frozenset({"de", "van", "von", "da", "del", "della", "le", "la", "bin", "al", "ap", "du", "der", "den", "di", "ul"})
_PLACE_OBJECT_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "around", "throughout", "towards"})
# What may precede a speaker's name on a transcript line: "1.", "Asked by:".
_LINE_PREFIX = re.compile(r"^(?:\d+\.|[A-Za-z ]{1,25}:)$")
_LINE_END = tuple('.!?:;"”)')


_COMMON_FIRST_NAMES = FIRST_NAMES_MALE | FIRST_NAMES_FEMALE
#: Words that open a sentence before a name and are no part of it: "All Shaun Thompson wanted".
_NOT_NAME_LEADS = frozenset({"all", "every", "each", "both", "but", "and", "when", "after", "before", "then", "as"})
#: Ranks and titles that make a name after "in" or "at" a person's: "a backer in Chief Constable Robert France".
_RANK_WORDS = frozenset({"constable", "superintendent", "inspector", "sergeant", "commander", "commissioner",
                         "detective", "minister", "secretary", "councillor", "professor"})


def _judges_title(doc: Doc, i: int) -> bool:
    """The "Justice" of a senior judge's title, "Lord Justice Singh", "Mrs Justice Farbey" (the name is "Singh", as
    the gold writes it); not "Justice Secretary" nor "the Criminal Justice Alliance"."""
    return doc[i].lower_ == "justice" and i > 0 and doc[i - 1].lower_ in ("lord", "lady", "mr", "mrs", "ms")


def _name_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen joining two capitalised name parts with no space: "Ormsley-Grant", "Bonsundy-O'Bryan"."""
    token = doc[i]
    return (
        token.text in ("-", "‐")
        and 0 < i < len(doc) - 1
        and doc[i - 1].whitespace_ == ""
        and token.whitespace_ == ""
        and doc[i - 1].text[:1].isupper()
        and doc[i + 1].text[:1].isupper()
        and doc[i + 1].text.replace("'", "").replace("’", "").isalpha()
    )


@Language.factory(
    "lfrwatch_people",
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc._.people", "doc._.person_mentions", "doc._.speaker_turns"],
    default_config={"max_title_tokens": 8, "max_apposition_tokens": 14},
)
def make_people(nlp: Language, name: str, max_title_tokens: int, max_apposition_tokens: int):
    return PeopleFinder(nlp.vocab, max_title_tokens=max_title_tokens, max_apposition_tokens=max_apposition_tokens)


class PeopleFinder(PersonRoles):
    def __init__(self, vocab, max_title_tokens: int = 8, max_apposition_tokens: int = 14):
        register_extensions()
        self.max_title_tokens = max_title_tokens
        self.max_apposition_tokens = max_apposition_tokens
        self.matcher = Matcher(vocab)
        # A surname after a particle, which either pattern below may end on: "Dame Rachel de Souza".
        particle = [{"LOWER": {"IN": sorted(_NAME_PARTICLES)}}, {"IS_TITLE": True, "POS": "PROPN"}]
        # Names the statistical NER misses but an honorific announces: "Supt Jane Doe".
        self.matcher.add(
            "HONORIFIC_NAME",
            [[{"LOWER": {"IN": sorted(HONORIFIC_TOKENS)}}, {"IS_TITLE": True, "POS": "PROPN", "OP": "+"}],
             [{"LOWER": {"IN": sorted(HONORIFIC_TOKENS)}}, {"IS_TITLE": True, "POS": "PROPN", "OP": "+"}, *particle]],
            greedy="LONGEST",
        )
        # A run of capitalised proper nouns: a name when it speaks or carries
        # a role (checked in candidate_spans); titles in front are split off.
        self.matcher.add("PROPER_NAME", [[{"IS_TITLE": True, "POS": "PROPN", "OP": "+"}],
                                         [{"IS_TITLE": True, "POS": "PROPN", "OP": "+"}, *particle]], greedy="LONGEST")

    # --- mentions -------------------------------------------------------------

    def _speaks_or_has_role(self, doc: Doc, start: int, end: int, text: str) -> bool:
        """Whether a run of proper nouns is used as a person's name."""
        root = doc[end - 1]
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lower_ in REPORTING_VERBS:
            return True
        if root.dep_ == "appos":
            node = root.head
            for _ in range(3):  # "the force's head of digital policing, Ravi Nair,"
                if node.lower_ in ROLE_WORDS and node.i < start:
                    return True
                if node.head.i == node.i:
                    break
                node = node.head
        if end + 1 < len(doc) and doc[end].text == ",":
            following = doc[end + 1 : end + 4]
            if following[0].lower_ in ROLE_WORDS or (following[0].pos_ == "DET" and any(t.lower_ in ROLE_WORDS for t in following[1:])):
                return True
        if any(child.dep_ == "appos" and child.lower_ in ROLE_WORDS for child in root.children):
            return True
        if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].text.isdigit() and \
                len(doc[end + 1].text) <= 3 and doc[end + 2].text == ",":
            return True  # an age in apposition: "Jane Doe, 60, has lived in the borough ..."
        line_start = self._line_start(text, doc[start].idx)
        prefix = text[line_start : doc[start].idx].strip()
        # "Jane Doe (Croydon West) (Lab)" opening a line of a transcript.
        if end < len(doc) and doc[end].text == "(" and (not prefix or _LINE_PREFIX.match(prefix)):
            return True
        # "The Minister for Policing (Jane Doe)"
        if start > 0 and doc[start - 1].text == "(" and end < len(doc) and doc[end].text == ")":
            return any(word.lower().strip(".,") in ROLE_WORDS for word in prefix.split())
        return False

    def _name_after_titles_object(self, doc: Doc, start: int, end: int, text: str) -> int | None:
        """Where the name starts in capitalised words after a title's "of" or "for": at a common first name
        ("Executive Director of Public Safety Steve Ainsworth"), else at the last two words when they speak
        ("Director of Intelligence Lindsey Chiswick explained", the title the parse's subject); None if they follow no
        title."""
        if start < 2 or doc[start - 1].lower_ not in ("of", "for") or doc[start - 2].lower_ not in ROLE_WORDS:
            return None
        first = next((i for i in range(start + 1, end - 1) if doc[i].lower_ in _COMMON_FIRST_NAMES), None)
        title = doc[start - 2]
        title_speaks = title.dep_ in ("nsubj", "nsubjpass") and title.head.lower_ in REPORTING_VERBS
        if first is None and end - start >= 3 and (title_speaks or self._speaks_or_has_role(doc, end - 2, end, text)):
            first = end - 2
        return first

    @staticmethod
    def _line_start(text: str, position: int) -> int:
        return text.rfind("\n", 0, position) + 1

    def candidate_spans(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        spans = [
            [ent.start, ent.end] for ent in doc.ents
            if ent.label_ == "PERSON" and not self._is_location(ent.root)
            and not (ent[0].lower_ == "the" and len(ent) > 1 and ent[1].lower_ not in HONORIFIC_TOKENS)
            and not (ent.start > 0 and doc[ent.start - 1].lower_ == "the" and ent[0].lower_ not in HONORIFIC_TOKENS)
        ]
        for span in spans:  # "Director of Intelligence Jane Doe" taken whole for a name
            span[0] = self._name_after_titles_object(doc, span[0], span[1], text) or span[0]
        proper = self.vocab_proper_id(doc)
        recognised = len(spans)
        # names the recogniser takes for a person on their own: "Shaun" of "Shaun told BBC"
        single_names = {ent.text.lower() for ent in doc.ents if ent.label_ == "PERSON" and len(ent) == 1}
        addressed: set[str] | None = None  # read from the text only when a name needs it
        for match_id, start, end in self.matcher(doc):
            while end + 1 < len(doc) and _name_hyphen(doc, end):
                end += 2  # "Tabitha Ormsley" + "-Grant"
            while end < len(doc) and doc[end].is_upper and doc[end].lower_ in _TRAILING_TITLES:
                end += 1  # "Alistair Penrose MP"
            if match_id == proper:
                if end - start > 2 and doc[start].lower_ in _NOT_NAME_LEADS:
                    start += 1  # "All Shaun Thompson wanted ...": a sentence's first word tagged a proper noun
                led_by_title = end - start > 2 and doc[start].lower_ in ROLE_WORDS  # ranks are role words too
                if led_by_title:
                    start += 1  # "Sergeant Nadia Qureshi was one of the officers": the title opening the sentence
                after_title = self._name_after_titles_object(doc, start, end, text)
                if after_title is not None:
                    start, led_by_title = after_title, True
                widened = False
                for span in spans[:recognised]:
                    if start < span[0] < end:
                        # "Corinna" + "Vale-Hutchins": the recogniser dropped a first name.
                        span[0] = start
                        widened = True
                if widened:
                    continue
                if end - start < 2 or any(t.ent_type_ in ("GPE", "LOC", "FAC", "NORP", "EVENT") for t in doc[end - 2 : end]):
                    continue
                if start > 0 and doc[start - 1].lower_ == "the":
                    continue  # "The Daily Chronicle reports": a name with an article is no person's
                titled = led_by_title or (
                    start > 0 and doc[start - 1].lower_ in ROLE_WORDS and doc[start - 1].pos_ in ("NOUN", "PROPN"))
                org_head = start
                while org_head > 0 and doc[org_head].ent_iob_ == "I":
                    org_head -= 1
                if doc[start].ent_type_ == "ORG" and doc[start].ent_iob_ == "I" and not titled and \
                        doc[org_head].lower_ not in _NOT_NAME_LEADS:  # not "All Shaun Thompson"
                    continue  # the tail of an organisation's name: "Citizens’ Safety Forum" (not "Assembly member X")
                if titled and end - start >= 2:
                    pass  # a name after a title: "Assembly member Iwan Price"
                elif end - start == 2 and (
                        doc[start].lower_ in _COMMON_FIRST_NAMES or {doc[start].lower_, doc[end - 1].lower_} &
                        single_names):
                    pass  # a first name and a surname, one of them a person alone elsewhere: "All Shaun Thompson
                    # wanted was to get home. ... Shaun told BBC"
                elif not self._speaks_or_has_role(doc, start, end, text):
                    if addressed is None:
                        addressed = _addressed_surnames(doc)
                    if doc[end - 1].text not in addressed:
                        continue
            for span in spans:
                if start < span[1] and end > span[0]:
                    if match_id != proper:
                        span[0], span[1] = min(span[0], start), max(span[1], end)
                    break
            else:
                spans.append([start, end])
        for span in spans:
            # "Felicity Arbuthnot" + "-Reyes": a double-barrelled surname split by the tokenizer.
            while span[1] + 1 < len(doc) and _name_hyphen(doc, span[1]):
                span[1] += 2
        return sorted((a, b) for a, b in spans)

    @staticmethod
    def _is_location(root: Token) -> bool:
        """ "a robbery in Thornton Heath": a name governed by a preposition of
        place, with no honorific or rank, is a place the recogniser took for a person (not "a backer in Chief
        Constable Robert France")."""
        head = root.head
        return (
            root.dep_ == "pobj"
            and head.lower_ in _PLACE_OBJECT_PREPOSITIONS
            and not any(t.lower_ in HONORIFIC_TOKENS or t.lower_ in _RANK_WORDS for t in root.subtree)
            and root.i + 1 < len(root.doc)
            and root.doc[root.i + 1].text not in _POSSESSIVE
        )

    @staticmethod
    def vocab_proper_id(doc: Doc) -> int:
        return doc.vocab.strings["PROPER_NAME"]

    @staticmethod
    def _is_name_token(token: Token) -> bool:
        text = token.text
        if token.lower_ in _NAME_PARTICLES:
            return True
        if not text[:1].isupper() or token.lower_ in _NOT_NAME_WORDS:
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        return core.isalpha() and not (token.is_upper and len(core) > 3)

    def mention(self, doc: Doc, start: int, end: int) -> dict | None:
        """Split a candidate span into honorific tokens and name tokens."""
        while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        # A name stops at punctuation: "Nadia Farrow, Police" (a hyphen inside
        # a double-barrelled surname is part of it: "Nadia Farrow-Hill").
        for i in range(start, end):
            if (doc[i].is_space or doc[i].is_punct) and not _name_hyphen(doc, i):
                end = i
                break
        # ... ends before a title written after it: "Jane Doe MP" ...
        while end - start > 1 and doc[end - 1].lower_ in _TRAILING_TITLES:
            end -= 1
        # ... and starts after the titles in front: "Essex Police Detective Superintendent Jane Doe".
        name_start = start
        # "Simon Hall", "Jane Church", "Matthew Barber": a surname that is also a word of places ("the Town Hall")
        # or a job ("the barber"), after a first name
        surname = end - 1 if end - start > 1 and doc[end - 2].lower_ in _COMMON_FIRST_NAMES and \
            doc[end - 1].ent_type_ == "PERSON" and doc[end - 1].text[:1].isupper() else None
        # "Bill Skelly", "Gov. Bill Richardson": a first name that is also a word of names that are no person's
        # (the "Bill" of a bill before Parliament), before a surname in the same person
        given = next((i for i in range(start, end - 1) if doc[i].lower_ in _NOT_NAME_WORDS
                      and doc[i].lower_ in _COMMON_FIRST_NAMES and doc[i].ent_type_ == doc[i + 1].ent_type_ == "PERSON"
                      and doc[i + 1].text[:1].isupper() and doc[i + 1].lower_ not in _NOT_NAME_WORDS), None)
        for i in range(start, end):
            lower = doc[i].lower_
            if (lower in HONORIFIC_TOKENS or lower in ROLE_WORDS or lower in ORG_ALIASES or lower in _NOT_NAME_WORDS) \
                    and i not in (surname, given):
                name_start = i + 1
        # ... and after a place the title names: "Commissioner for Bedfordshire John Tizard".
        while end - name_start > 2 and name_start > 0 and doc[name_start].lower_ in _PLACE_NAMES and \
                doc[name_start - 1].lower_ in _TITLE_PLACE_PREPOSITIONS:
            name_start += 1
        if name_start >= end:
            return None
        if end - name_start < 1:
            return None
        if any(not self._is_name_token(doc[i]) and not _name_hyphen(doc, i) and i not in (surname, given)
               for i in range(name_start, end)):
            return None
        if doc[name_start].lower_ in _NAME_PARTICLES or _name_hyphen(doc, name_start):
            return None
        honorific_start = name_start
        while honorific_start > 0 and (doc[honorific_start - 1].lower_ in HONORIFIC_TOKENS or _judges_title(
                doc, honorific_start - 1)) and doc[honorific_start - 1].lower_ != "the":
            honorific_start -= 1
        words: list[str] = []
        glue = False
        for token in doc[name_start:end]:
            if _name_hyphen(doc, token.i):
                words[-1] += token.text
                glue = True
            elif glue:
                words[-1] += token.text
                glue = False
            else:
                words.append(token.text)
        if known_org(" ".join(words)):
            return None
        honorific = doc[honorific_start:name_start].text or None
        return {"first": honorific_start, "name_start": name_start, "end": end, "words": words, "honorific": honorific}


    # --- clustering -------------------------------------------------------------

    def _parenthesised(self, doc: Doc, spans, text: str) -> set[int]:
        """Token indices inside parentheses after a name that opens a line
        ("Jane Doe (Croydon West) (Lab)"): constituencies and parties, never people."""
        inside: set[int] = set()
        for start, end in spans:
            prefix = text[self._line_start(text, doc[start].idx) : doc[start].idx].strip()
            if prefix and not _LINE_PREFIX.match(prefix):
                continue
            i = end
            while i < len(doc) and doc[i].text == "(":
                close = next((j for j in range(i + 1, min(len(doc), i + 16)) if doc[j].text == ")"), None)
                if close is None:
                    break
                inside.update(range(i + 1, close))
                i = close + 1
        return inside

    def __call__(self, doc: Doc) -> Doc:
        furniture = CharRanges(doc._.boilerplate)
        text = doc.text  # built from the tokens on each access: read it once
        spans = self.candidate_spans(doc, text)
        in_parentheses = self._parenthesised(doc, spans, text)
        mentions = []
        for start, end in spans:
            if doc[start].idx in furniture or start in in_parentheses or names_a_party_to_a_case(doc, start, end):
                continue
            found = self.mention(doc, start, end)
            if found:
                mentions.append(found)

        people: list[dict] = []
        by_full_name: dict[str, int] = {}
        assigned: list[int | None] = [None] * len(mentions)

        def new_person(words: list[str]) -> int:
            people.append({"words": words, "honorific": None, "role": None, "org": None, "gender": None})
            return len(people) - 1

        for k, m in enumerate(mentions):
            if len(m["words"]) < 2:
                continue
            key = " ".join(m["words"]).lower()
            if key not in by_full_name:
                # "Mark Rowley" after "Mark Philip Rowley": same first and last word.
                for other_key, index in list(by_full_name.items()):
                    other = other_key.split()
                    if other[0] == m["words"][0].lower() and other[-1] == m["words"][-1].lower():
                        by_full_name[key] = index
                        break
                else:
                    by_full_name[key] = new_person(m["words"])
            assigned[k] = by_full_name[key]

        known_by_one_name = known_by_one_name_in(doc, mentions)

        def last_mention_before(index: int, position: int) -> int:
            firsts = [mentions[k]["first"] for k, a in enumerate(assigned) if a == index]
            before = [p for p in firsts if p < position]
            return max(before) if before else -(min(firsts) if firsts else 10**9)

        for k, m in enumerate(mentions):
            if assigned[k] is not None:
                continue
            word = m["words"][0].lower()
            honorific = (m["honorific"] or "").lower().split()
            by_surname = [i for i, p in enumerate(people) if p["words"][-1].lower() == word and len(p["words"]) > 1]
            by_first = [
                i for i, p in enumerate(people)
                if p["words"][0].lower() == word and len(p["words"]) > 1 and (not honorific or honorific[-1] in FIRST_NAME_HONORIFICS)
            ]
            options = by_surname or by_first or [  # "Mr McArtur" after "Liam McArthur": a surname misspelt
                i for i, p in enumerate(people)
                if len(p["words"]) > 1 and one_letter_apart(p["words"][-1].lower(), word)]
            if options:
                assigned[k] = max(options, key=lambda i: last_mention_before(i, m["first"]))
            elif m["honorific"]:
                key = f"{(m['honorific'] or '').lower()} {word}"
                if key not in by_full_name:
                    by_full_name[key] = new_person(m["words"])
                assigned[k] = by_full_name[key]
            elif word in known_by_one_name:
                # "Sara had had one of those days ... She says staff searched her bag": a person the text
                # names by a first name only, again and again
                if word not in by_full_name:
                    by_full_name[word] = new_person(m["words"])
                assigned[k] = by_full_name[word]

        person_mentions = []
        for k, m in enumerate(mentions):
            index = assigned[k]
            if index is None:
                continue
            person = people[index]
            person_mentions.append([m["first"], m["end"], index])
            honorific = m["honorific"]
            if honorific:
                last = honorific.split()[-1].lower()
                if last in MALE_HONORIFICS:
                    person["gender"] = person["gender"] or "male"
                elif last in FEMALE_HONORIFICS:
                    person["gender"] = person["gender"] or "female"
                # Prefer a title ("Sir", "DCI") over the plain "Mr" of later mentions.
                current = person["honorific"]
                if current is None or (last not in _PLAIN_HONORIFICS and current.split()[-1].lower() in _PLAIN_HONORIFICS):
                    person["honorific"] = honorific
            role, org = self.role_of(doc, m)
            if person["role"] is None and role:
                person["role"] = role
                person["org"] = org or person["org"]
            elif person["org"] is None and org:
                person["org"] = org

        person_mentions.extend(surname_mentions(doc, person_mentions, people, furniture))
        person_mentions.sort()
        for person in people:
            if person["gender"] is None and len(person["words"]) > 1:
                first = person["words"][0].lower()
                person["gender"] = "male" if first in FIRST_NAMES_MALE else "female" if first in FIRST_NAMES_FEMALE \
                    else None
        genders_from_pronouns(doc, person_mentions, people)
        bylines: list[tuple[int, str]] = []
        turns = self._speaker_turns(doc, mentions, assigned, text, bylines)
        for index, line in bylines:
            if people[index]["role"] is None and any(word.lower().strip(",.") in ROLE_WORDS for word in line.split()):
                people[index]["role"] = line
        self._police_orgs(doc, people)
        doc._.people = [
            {
                "name": " ".join(p["words"]), "honorific": p["honorific"], "role": p["role"],
                "org": None if p["org"] == OWN_ORG else p["org"], "gender": p["gender"], "own": p["org"] == OWN_ORG,
            }
            for p in people
        ]
        doc._.person_mentions = person_mentions
        doc._.speaker_turns = turns
        return doc

    def _police_orgs(self, doc: Doc, people: list[dict]) -> None:
        """A police rank without a force gets the force the text names most."""
        forces = Counter()
        for ent in doc.ents:
            if ent.label_ == "ORG":
                name = canonical_org(ent.text)
                if name and any(w in POLICE_ORG_WORDS for w in name.lower().split()):
                    forces[name] += 1
        if not forces:
            return
        force = forces.most_common(1)[0][0]
        for person in people:
            if person["org"] is None and is_police_role(person["role"]):
                person["org"] = force

    @staticmethod
    def _speaker_turns(doc: Doc, mentions: list[dict], assigned: list[int | None], text: str, bylines: list) -> list[list[int]]:
        """Transcripts (Hansard): a line that is only a speaker's name, perhaps
        with a number and parentheses, starts that speaker's turn. Returns
        [char offset where the turn starts, person index]; bylines (a name
        line over a short unpunctuated line) go to ``bylines`` instead."""
        turns = []
        spans = paragraph_spans(text)
        starts = [s for s, _ in spans]
        for k, m in enumerate(mentions):
            index = assigned[k]
            if index is None:
                continue
            begin = doc[m["first"]].idx
            p = bisect.bisect_right(starts, begin) - 1
            if p < 0:
                continue
            line_start, line_end = spans[p]
            before = text[line_start:begin].strip()
            after = text[doc[m["end"] - 1].idx + len(doc[m["end"] - 1]) : line_end].strip()
            before_ok = not before or before.rstrip(".").isdigit() or (before.endswith("(") and not any(c in before for c in ".!?"))
            after_ok = not after or (after.startswith("(") and after.endswith(")") and not any(c in after for c in ".!?")) or after == ")"
            if before_ok and after_ok and len(text[line_start:line_end].split()) <= 16:
                following = text[spans[p + 1][0] : spans[p + 1][1]] if p + 1 < len(spans) else ""
                if following and len(following.split()) <= 8 and not following.rstrip().endswith(_LINE_END):
                    # A byline: the name, then "Technology reporter" or "BBC News, Croydon".
                    bylines.append((index, following.strip()))
                    continue
                turns.append([line_end, index])
        return turns


def _addressed_surnames(doc: Doc) -> set[str]:
    """Surnames the text gives a courtesy title somewhere ("Ms Brenyah"): a full name ending on one is a person's
    though the recogniser took it for an organisation ("Ama Brenyah was stopped")."""
    return {doc[i + 1].text for i in range(len(doc) - 1)
            if doc[i].lower_.rstrip(".") in _COURTESY_TITLES and doc[i + 1].text[:1].isupper()}
