"""Component ``lfrwatch_people``: each named person once per document, with
honorific, role and organisation, and every mention of them ("Sir Mark
Rowley", "Mr Rowley", "Sir Mark") linked to one canonical name.

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
from .lexicon import (
    FEMALE_HONORIFICS,
    FIRST_NAME_HONORIFICS,
    HONORIFIC_TOKENS,
    MALE_HONORIFICS,
    ORG_ALIASES,
    ORG_ANAPHORS,
    POLICE_ORG_WORDS,
    POLITICAL_PARTIES,
    REPORTING_VERBS,
    ROLE_WORDS,
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
        "county", "district", "the", "and", "of", "state", "labour", "conservative",
    }
)
_NAME_PARTICLES = frozenset({"de", "van", "von", "da", "del", "della", "le", "la", "bin", "al", "ap", "du", "der", "den", "di", "ul"})
_ORG_PREPOSITIONS = frozenset({"of", "at", "for", "with", "from"})
_PLACE_PREPOSITIONS = frozenset({"from", "in"})
_PLACE_OBJECT_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "around", "throughout", "towards"})
# What may precede a speaker's name on a transcript line: "1.", "Asked by:".
_LINE_PREFIX = re.compile(r"^(?:\d+\.|[A-Za-z ]{1,25}:)$")
_LINE_END = tuple('.!?:;"”)')
# Marks an organisation written "our": the publisher's, filled in by analyse().
OWN_ORG = "\x00own"
_POSSESSIVE_PRONOUNS = frozenset({"our", "their", "his", "her", "its", "my"})
_JOINERS = frozenset({"of", "for", "and", "&", "to"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# "MP for Croydon South": what follows "for" is a seat or an area, not an employer.
# Titles written after a name: "Jane Doe MP", "John Roe KC".
_TRAILING_TITLES = frozenset({"mp", "mep", "ms", "msp", "am", "kc", "qc", "obe", "mbe", "cbe", "qpm", "kpm", "mla"})
_SEAT_HOLDERS = frozenset({"mp", "member", "mayor", "commissioner", "councillor", "minister", "secretary", "commander", "lead"})
#: Posts named by their brief: the word before them is the brief, not an employer ("Home Secretary").
_PORTFOLIO_ROLES = frozenset({"secretary", "minister"})
_PLAIN_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "mr.", "mrs.", "ms."})
# Honorifics that are titles of courtesy, not ranks (a rank is also a role).
_COURTESY_HONORIFICS = _PLAIN_HONORIFICS | {
    "sir", "dame", "dr", "dr.", "prof", "prof.", "professor", "lord", "lady", "baroness", "baron",
    "rev", "revd", "canon", "rt", "hon", "the",
}
# Role words that make a role a police one, whose organisation is the force.
_POLICE_RANK_WORDS = frozenset(
    {
        "constable", "sergeant", "inspector", "superintendent", "commander", "commissioner",
        "detective", "pc", "dci", "di", "ds", "dc", "dcs", "supt", "insp", "sgt", "acc", "dcc",
        "dac", "ac", "cmdr", "chief", "officer",
    }
)
_NOT_POLICE_ROLES = ("crime commissioner", "information commissioner", "biometrics", "commissioner for", "policy officer", "advocacy officer", "campaigns officer", "press officer", "data protection officer")
# Party names and the abbreviations parliamentary records use.
PARTY_NAMES = {
    "lab": "Labour", "labour": "Labour", "lab co-op": "Labour", "con": "Conservative Party",
    "conservative": "Conservative Party", "ld": "Liberal Democrats", "lib dem": "Liberal Democrats",
    "liberal democrat": "Liberal Democrats", "liberal democrats": "Liberal Democrats", "snp": "SNP",
    "green": "Green Party", "green party": "Green Party", "pc": "Plaid Cymru", "plaid cymru": "Plaid Cymru",
    "dup": "DUP", "sdlp": "SDLP", "sf": "Sinn Féin", "ind": "Independent", "independent": "Independent",
    "reform": "Reform UK", "reform uk": "Reform UK", "alliance": "Alliance Party", "uup": "UUP",
}


def _name_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen joining two capitalised name parts with no space: "Ormsley-Grant"."""
    token = doc[i]
    return (
        token.text in ("-", "‐")
        and 0 < i < len(doc) - 1
        and doc[i - 1].whitespace_ == ""
        and token.whitespace_ == ""
        and doc[i - 1].text[:1].isupper()
        and doc[i + 1].text[:1].isupper()
        and doc[i + 1].is_alpha
    )


@Language.factory(
    "lfrwatch_people",
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc._.people", "doc._.person_mentions", "doc._.speaker_turns"],
    default_config={"max_title_tokens": 8, "max_apposition_tokens": 14},
)
def make_people(nlp: Language, name: str, max_title_tokens: int, max_apposition_tokens: int):
    return PeopleFinder(nlp.vocab, max_title_tokens=max_title_tokens, max_apposition_tokens=max_apposition_tokens)


class PeopleFinder:
    def __init__(self, vocab, max_title_tokens: int = 8, max_apposition_tokens: int = 14):
        register_extensions()
        self.max_title_tokens = max_title_tokens
        self.max_apposition_tokens = max_apposition_tokens
        self.matcher = Matcher(vocab)
        # Names the statistical NER misses but an honorific announces: "Supt Jane Doe".
        self.matcher.add(
            "HONORIFIC_NAME",
            [[{"LOWER": {"IN": sorted(HONORIFIC_TOKENS)}}, {"IS_TITLE": True, "POS": "PROPN", "OP": "+"}]],
            greedy="LONGEST",
        )
        # A run of capitalised proper nouns: a name when it speaks or carries
        # a role (checked in candidate_spans); titles in front are split off.
        self.matcher.add("PROPER_NAME", [[{"IS_TITLE": True, "POS": "PROPN", "OP": "+"}]], greedy="LONGEST")

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
        line_start = self._line_start(text, doc[start].idx)
        prefix = text[line_start : doc[start].idx].strip()
        # "Jane Doe (Croydon West) (Lab)" opening a line of a transcript.
        if end < len(doc) and doc[end].text == "(" and (not prefix or _LINE_PREFIX.match(prefix)):
            return True
        # "The Minister for Policing (Jane Doe)"
        if start > 0 and doc[start - 1].text == "(" and end < len(doc) and doc[end].text == ")":
            return any(word.lower().strip(".,") in ROLE_WORDS for word in prefix.split())
        return False

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
        proper = self.vocab_proper_id(doc)
        recognised = len(spans)
        for match_id, start, end in self.matcher(doc):
            while end + 1 < len(doc) and _name_hyphen(doc, end):
                end += 2  # "Tabitha Ormsley" + "-Grant"
            while end < len(doc) and doc[end].is_upper and doc[end].lower_ in _TRAILING_TITLES:
                end += 1  # "Alistair Penrose MP"
            if match_id == proper:
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
                if doc[start].ent_type_ == "ORG" and doc[start].ent_iob_ == "I":
                    continue  # the tail of an organisation's name: "Citizens’ Safety Forum"
                if not self._speaks_or_has_role(doc, start, end, text):
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
        place, with no honorific, is a place the recogniser took for a person."""
        head = root.head
        return (
            root.dep_ == "pobj"
            and head.lower_ in _PLACE_OBJECT_PREPOSITIONS
            and not any(t.lower_ in HONORIFIC_TOKENS for t in root.subtree)
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
        for i in range(start, end):
            lower = doc[i].lower_
            if lower in HONORIFIC_TOKENS or lower in ROLE_WORDS or lower in ORG_ALIASES or lower in _NOT_NAME_WORDS:
                name_start = i + 1
        if name_start >= end:
            return None
        if end - name_start < 1:
            return None
        for i in range(name_start, end):
            if not self._is_name_token(doc[i]) and not _name_hyphen(doc, i):
                return None
        if doc[name_start].lower_ in _NAME_PARTICLES or _name_hyphen(doc, name_start):
            return None
        honorific_start = name_start
        while honorific_start > 0 and doc[honorific_start - 1].lower_ in HONORIFIC_TOKENS and doc[honorific_start - 1].lower_ != "the":
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

    # --- roles ----------------------------------------------------------------

    @staticmethod
    def _join(tokens: list[Token]) -> str | None:
        if not tokens:
            return None
        text = "".join(t.text_with_ws for t in tokens).strip(" ,;:")
        return " ".join(text.split()) or None

    def _org_from_tokens(self, tokens: list[Token]) -> str | None:
        while tokens and (tokens[0].pos_ == "DET" or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].text in _POSSESSIVE):
            tokens = tokens[:-1]
        # "the campaign group Liberty", "the charity Big Brother Watch": a description before the name.
        k = 0
        while k < len(tokens) - 1 and tokens[k].is_lower and tokens[k].pos_ in ("NOUN", "ADJ") and not tokens[k].ent_type_:
            k += 1
        if k and tokens[k].ent_type_ == "ORG" and tokens[k].text[:1].isupper():
            tokens = tokens[k:]
        if not tokens:
            return None
        text = self._join(tokens) or ""
        org = known_org(text) or PARTY_NAMES.get(text.lower())
        if org:
            return org
        if text.lower() in ("police", "the police", "force", "the force"):
            return None
        words = [t for t in tokens if not t.is_punct and t.text not in _POSSESSIVE]
        if words and all(t.ent_type_ in ("ORG", "NORP") for t in words) and words[0].text[:1].isupper():
            return canonical_org(text)
        if tokens[-1].lower_ in POLICE_ORG_WORDS | {"office", "council", "watch", "panel", "commission", "authority", "department", "ministry", "service"} and tokens[0].text[:1].isupper():
            return canonical_org(text)
        return None

    @staticmethod
    def _possessor_org(tokens: list[Token]) -> str | None:
        """The organisation of "Liberty's" or of "the group's" / "the force's"
        (the last such organisation named before); a common noun is never one."""
        words = [t for t in tokens if t.pos_ != "DET" and not t.is_punct]
        if not words:
            return None
        if words[0].text[:1].isupper():
            return canonical_org(PeopleFinder._join(tokens))
        noun = words[-1].lower_
        if noun not in ORG_ANAPHORS:
            return None
        police = noun in ("force", "police", "service", "constabulary")
        doc = tokens[0].doc
        for ent in reversed(doc.ents):
            if ent.end > tokens[0].i or ent.label_ != "ORG":
                continue
            name = canonical_org(ent.text)
            if name and (any(w in POLICE_ORG_WORDS for w in name.lower().split()) == police) and name not in POLITICAL_PARTIES:
                return name
        return None

    def _split_role(self, tokens: list[Token], anchor: Token | None = None) -> tuple[str | None, str | None]:
        """(role, org) from the words of a title: "the Met's director of
        intelligence" -> ("director of intelligence", "Metropolitan Police")."""
        org = None
        while tokens and (
            tokens[0].pos_ == "DET" or tokens[0].lower_ in _JOINERS or tokens[0].is_punct or tokens[0].lower_ in _POSSESSIVE_PRONOUNS
        ):
            if tokens[0].lower_ == "our":
                org = OWN_ORG  # "our legal and policy officer": the publisher's
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct and tokens[-1].text != ")" or tokens[-1].lower_ in _JOINERS):
            tokens = tokens[:-1]
        if not tokens:
            return None, None
        # "(Home Office)" after a role.
        if tokens[-1].text == ")":
            opening = max((k for k, t in enumerate(tokens) if t.text == "("), default=None)
            if opening is not None:
                org = self._org_from_tokens(tokens[opening + 1 : -1])
                tokens = tokens[:opening]
        role_positions = [k for k, t in enumerate(tokens) if t.lower_ in ROLE_WORDS or (anchor is not None and t.i == anchor.i)]
        first_role = role_positions[0] if role_positions else None
        # Possessive organisation in front: "the Met's", "Liberty's".
        for k, token in enumerate(tokens):
            if k + 1 < len(tokens) and tokens[k + 1].ent_iob_ == "I" and token.ent_type_:
                continue  # an apostrophe inside a name: "National Police Chiefs’ Council"
            if token.text in _POSSESSIVE and k > 0 and (first_role is None or k < first_role):
                org = org or self._org_from_tokens(tokens[:k]) or self._possessor_org(tokens[:k])
                tokens = tokens[k + 1 :]
                break
        # Trailing "of/at/for ORGANISATION" or "from/in PLACE".
        for k, token in enumerate(tokens):
            if k == 0:
                continue
            rest = tokens[k + 1 :]
            if token.lower_ in _ORG_PREPOSITIONS and not (token.lower_ == "for" and tokens[k - 1].lower_ in _SEAT_HOLDERS):
                candidate = self._org_from_tokens(rest)
                if candidate:
                    org = org or candidate
                    tokens = tokens[:k]
                    break
            if token.lower_ in _PLACE_PREPOSITIONS and rest and all(t.text[:1].isupper() or t.lower_ in ("and", "the") for t in rest):
                tokens = tokens[:k]
                break
        role_positions = [k for k, t in enumerate(tokens) if t.lower_ in ROLE_WORDS or (anchor is not None and t.i == anchor.i)]
        if not role_positions:
            return None, org
        first_role = role_positions[0]
        # Organisation words in front of the role word: "Met Commissioner", "Labour MP".
        prefix = tokens[:first_role]
        for a in range(len(prefix)):
            for b in range(len(prefix), a, -1):
                piece = prefix[a:b]
                candidate = self._org_from_tokens(piece)
                portfolio = tokens[first_role].lower_ in _PORTFOLIO_ROLES and not known_org(self._join(piece) or "")
                if portfolio and candidate not in POLITICAL_PARTIES:
                    continue  # "Home Secretary", "Policing Minister": the brief, not an organisation
                if candidate and (candidate in POLITICAL_PARTIES or known_org(self._join(piece) or "") or piece[0].ent_type_ in ("ORG", "NORP")):
                    org = org or candidate
                    tokens = prefix[:a] + prefix[b:] + tokens[first_role:]
                    break
            else:
                continue
            break
        return self._join(tokens), org

    def _left_title(self, doc: Doc, first: int) -> list[Token]:
        """Title words written just before the name (and its honorific)."""
        collected: list[Token] = []
        j = first - 1
        while j >= 0 and first - j <= self.max_title_tokens:
            token = doc[j]
            lower = token.lower_
            if token.is_space or token.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"):
                break
            if lower in ROLE_WORDS or token.text in _POSSESSIVE:
                pass
            elif lower in _JOINERS:
                if not collected:
                    break
            elif (token.is_title or (token.is_upper and token.is_alpha)) and token.pos_ in ("PROPN", "NOUN", "ADJ"):
                if token.ent_type_ == "PERSON" and lower not in ROLE_WORDS:
                    break
            elif token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("amod", "compound", "conj", "nmod") and token.is_alpha and collected:
                pass
            else:
                break
            collected.append(token)
            j -= 1
        collected.reverse()
        while collected and collected[0].lower_ in _JOINERS:
            collected = collected[1:]
        return collected

    @staticmethod
    def _phrase(head: Token, stop_before: int | None = None) -> list[Token]:
        """The contiguous phrase of ``head`` without relative clauses."""
        dropped: set[int] = set()
        for token in head.subtree:
            if token.i != head.i and token.dep_ in ("relcl", "acl", "advcl"):
                dropped.update(t.i for t in token.subtree)
        comma = next((t.i for t in head.subtree if t.i > head.i and t.text in (",", ";")), None)
        tokens = [
            t for t in head.subtree
            if t.i not in dropped and (stop_before is None or t.i < stop_before) and (comma is None or t.i < comma)
        ]
        run: list[Token] = []
        for t in tokens:
            if run and t.i != run[-1].i + 1:
                if t.i > head.i:
                    break
                run = []
            run.append(t)
        # A phrase never starts or ends inside a name the parse split
        # ("Citizens’ Privacy Watch", "the National Police Chiefs’ Council lead").
        doc = head.doc
        while run and run[0].ent_iob_ == "I" and run[0].i > 0 and doc[run[0].i - 1].ent_type_ == run[0].ent_type_:
            run.insert(0, doc[run[0].i - 1])
        while run and run[-1].ent_type_ and run[-1].i + 1 < len(doc) and doc[run[-1].i + 1].ent_iob_ == "I":
            if stop_before is not None and run[-1].i + 1 >= stop_before:
                break
            run.append(doc[run[-1].i + 1])
        return run

    def _apposition(self, doc: Doc, mention: dict) -> tuple[list[Token], Token | None]:
        """The role phrase in apposition to the name, and its head noun."""
        root = doc[mention["end"] - 1]
        if root.head.i == mention["end"] and root.head.lower_ in _TRAILING_TITLES:
            root = root.head  # "Alistair Penrose MP": the title heads the phrase

        def same_line(a: int, b: int) -> bool:
            return "\n" not in doc[min(a, b) : max(a, b)].text

        # "Jane Doe, policy officer at Liberty, said"
        for child in root.children:
            if child.dep_ == "appos" and child.i >= mention["end"] and self._role_head(child) and same_line(root.i, child.i):
                return [t for t in self._phrase(child) if t.i >= mention["end"]], child
        # "the Met's director of intelligence, Jane Doe, said"
        if root.dep_ == "appos" and root.head.i < mention["first"] and self._role_head(root.head) and same_line(root.head.i, root.i):
            return self._phrase(root.head, stop_before=mention["first"]), root.head
        # The parse missed it: ", ROLE ," right after the name.
        end = mention["end"]
        if end + 1 < len(doc) and doc[end].text == ",":
            tokens = []
            depth = 0
            window = doc[end + 1 : end + 1 + self.max_apposition_tokens]
            for k, token in enumerate(window):
                if token.text == "(":
                    depth += 1
                elif token.text == ")":
                    depth -= 1
                elif depth == 0 and token.text == "," and k + 1 < len(window) and window[k + 1].is_title and not any(t.lower_ in ROLE_WORDS for t in tokens):
                    pass  # "Police, Fire and Crime Commissioner"
                elif depth == 0 and (token.text in (",", ";", ":", ".") or token.is_space or token.pos_ in ("VERB", "AUX")):
                    break
                tokens.append(token)
            if any(t.lower_ in ROLE_WORDS for t in tokens):
                return tokens, None
        return [], None

    @staticmethod
    def _role_head(token: Token) -> bool:
        if token.like_num or token.ent_type_ in ("PERSON", "GPE", "LOC", "DATE", "TIME", "CARDINAL", "FAC", "ORG"):
            return token.lower_ in ROLE_WORDS and token.ent_type_ not in ("PERSON", "DATE", "CARDINAL")
        if token.lower_ in ROLE_WORDS:
            return True
        return token.pos_ == "NOUN"

    def _attached_org(self, doc: Doc, mention: dict) -> str | None:
        """ "Jane Doe, of Essex Police," / "from the Met's Central West command" /
        "who leads policing in Croydon for the Met"."""
        root = doc[mention["end"] - 1]
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in _ORG_PREPOSITIONS and child.i >= mention["end"]:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        org = self._org_from_tokens(list(doc[obj.left_edge.i : obj.i + 1]))
                        if org:
                            return org
                org = self._org_in(list(child.subtree)[1:])
                if org:
                    return org
            if child.dep_ == "relcl":
                org = self._org_in(list(child.subtree))
                if org:
                    return org
        return None

    def _org_in(self, tokens: list[Token]) -> str | None:
        """The first organisation named in these tokens."""
        k = 0
        while k < len(tokens):
            token = tokens[k]
            if token.ent_type_ == "ORG" and token.ent_iob_ == "B":
                run = [token]
                while k + 1 < len(tokens) and tokens[k + 1].ent_iob_ == "I":
                    k += 1
                    run.append(tokens[k])
                org = self._org_from_tokens(run)
                if org:
                    return org
            elif known_org(token.text) and token.text[:1].isupper():
                return known_org(token.text)
            k += 1
        return None

    def _parliamentary(self, doc: Doc, mention: dict) -> tuple[str | None, str | None, int]:
        """Role and party from "Jane Doe (Croydon West) (Lab)" or "(Labour -
        Croydon West)"; role from "The Minister for X (Jane Doe)". Returns
        (role, org, end of the parenthesised part)."""
        role = org = None
        i = mention["end"]
        parts = []
        while i < len(doc) and doc[i].text == "(":
            close = next((j for j in range(i + 1, min(len(doc), i + 16)) if doc[j].text == ")"), None)
            if close is None:
                break
            parts.append(doc[i + 1 : close])
            i = close + 1
        for part in parts:
            text = part.text.strip()
            lower = text.lower()
            if lower in PARTY_NAMES:
                org = PARTY_NAMES[lower]
            elif " - " in text or " – " in text:
                party, _, seat = text.replace(" – ", " - ").partition(" - ")
                org = PARTY_NAMES.get(party.strip().lower()) or canonical_org(party)
                role = f"MP for {seat.strip()}"
            elif text[:1].isupper() and not any(t.pos_ in ("VERB", "AUX") for t in part):
                known = known_org(text)
                if known:
                    org = known
                else:
                    role = f"MP for {text}"
        end = i
        first = mention["first"]
        if first > 0 and doc[first - 1].text == "(" and mention["end"] < len(doc) and doc[mention["end"]].text == ")":
            line_start = first - 1
            while line_start > 0 and not doc[line_start - 1].is_space and doc[line_start - 1].text not in (".", ":"):
                line_start -= 1
            title = [t for t in doc[line_start : first - 1]]
            if any(t.lower_ in ROLE_WORDS for t in title):
                role, title_org = self._split_role(title)
                org = org or title_org
        return role, org, end

    def role_of(self, doc: Doc, mention: dict) -> tuple[str | None, str | None]:
        role, org, _ = self._parliamentary(doc, mention)
        if role:
            return role, org
        role, title_org = self._split_role(self._left_title(doc, mention["first"]))
        org = org or title_org
        tokens, head = self._apposition(doc, mention)
        apposition_role, apposition_org = self._split_role(tokens, anchor=head)
        role = role or apposition_role
        org = org or apposition_org or self._attached_org(doc, mention)
        honorific = mention["honorific"]
        if not role and honorific and honorific.split()[-1].lower().rstrip(".") not in _COURTESY_HONORIFICS:
            role = honorific  # a rank: "Det Supt"
        return role, org


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
            if doc[start].idx in furniture or start in in_parentheses:
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
            options = by_surname or by_first
            if options:
                assigned[k] = max(options, key=lambda i: last_mention_before(i, m["first"]))
            elif m["honorific"]:
                key = f"{(m['honorific'] or '').lower()} {word}"
                if key not in by_full_name:
                    by_full_name[key] = new_person(m["words"])
                assigned[k] = by_full_name[key]

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


def is_police_role(role: str | None) -> bool:
    """A police rank or post ("Chief Inspector", "DCI"), not a civilian
    "policy officer" or a "Police and Crime Commissioner"."""
    if not role:
        return False
    lower = role.lower()
    if any(phrase in lower for phrase in _NOT_POLICE_ROLES):
        return False
    words = set(lower.replace(".", "").split())
    ranks = words & _POLICE_RANK_WORDS
    return bool(ranks) and not (ranks <= {"officer", "chief"} and "police" not in words)


#: Words of a government post: "Policing Minister", "Home Secretary", "Parliamentary Under-Secretary of State".
_GOVERNMENT_ROLE_WORDS = frozenset({"minister", "secretary", "under-secretary"})


def is_government_role(role: str | None) -> bool:
    """A minister's or secretary of state's post, not a shadow one."""
    if not role:
        return False
    words = set(role.lower().split())
    return bool(words & _GOVERNMENT_ROLE_WORDS) and "shadow" not in words
