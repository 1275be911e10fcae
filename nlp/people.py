"""Component ``lfrwatch_people``: each named person once per document, with
honorific, role and organisation, and every mention of them ("Sir Mark
Rowley", "Mr Rowley", "Sir Mark") linked to one canonical name."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .docutils import CharRanges, canonical_org, known_org, register_extensions
from .lexicon import (
    FEMALE_HONORIFICS,
    FIRST_NAME_HONORIFICS,
    HONORIFIC_TOKENS,
    MALE_HONORIFICS,
    ORG_ALIASES,
    POLICE_ORG_WORDS,
    POLITICAL_PARTIES,
    RANK_ABBREVIATIONS,
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
    }
)
_NAME_PARTICLES = frozenset({"de", "van", "von", "da", "del", "della", "le", "la", "bin", "al", "ap", "du", "der", "den", "di", "ul"})
_ORG_PREPOSITIONS = frozenset({"of", "at", "for", "with", "from"})
_JOINERS = frozenset({"of", "for", "and", "&", "to"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PLAIN_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "mr.", "mrs.", "ms."})


@Language.factory(
    "lfrwatch_people",
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc._.people", "doc._.person_mentions"],
    default_config={"max_title_tokens": 8},
)
def make_people(nlp: Language, name: str, max_title_tokens: int):
    return PeopleFinder(nlp.vocab, max_title_tokens=max_title_tokens)


class PeopleFinder:
    def __init__(self, vocab, max_title_tokens: int = 8):
        register_extensions()
        self.max_title_tokens = max_title_tokens
        # Names the statistical NER misses but an honorific announces: "Supt Jane Doe".
        self.matcher = Matcher(vocab)
        self.matcher.add(
            "HONORIFIC_NAME",
            [[{"LOWER": {"IN": sorted(HONORIFIC_TOKENS)}}, {"IS_TITLE": True, "POS": "PROPN", "OP": "+"}]],
            greedy="LONGEST",
        )

    # --- mentions -------------------------------------------------------------

    def candidate_spans(self, doc: Doc) -> list[tuple[int, int]]:
        spans = [[ent.start, ent.end] for ent in doc.ents if ent.label_ == "PERSON"]
        for _, start, end in self.matcher(doc):
            for span in spans:
                if start < span[1] and end > span[0]:
                    span[0], span[1] = min(span[0], start), max(span[1], end)
                    break
            else:
                spans.append([start, end])
        return sorted((a, b) for a, b in spans)

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
        name_start = start
        while name_start < end and (
            doc[name_start].lower_ in HONORIFIC_TOKENS
            or doc[name_start].lower_ in ROLE_WORDS
            or doc[name_start].lower_ in ORG_ALIASES
        ):
            name_start += 1
        if name_start >= end:
            return None
        for i in range(name_start, end):
            if doc[i].is_space or not self._is_name_token(doc[i]):
                return None
        if doc[name_start].lower_ in _NAME_PARTICLES:
            return None
        honorific_start = name_start
        while honorific_start > 0 and doc[honorific_start - 1].lower_ in HONORIFIC_TOKENS:
            if doc[honorific_start - 1].lower_ == "the":
                break
            honorific_start -= 1
        words = [t.text for t in doc[name_start:end]]
        if known_org(" ".join(words)):
            return None
        honorific = doc[honorific_start:name_start].text or None
        return {
            "first": honorific_start,
            "name_start": name_start,
            "end": end,
            "words": words,
            "honorific": honorific,
        }

    # --- roles ----------------------------------------------------------------

    @staticmethod
    def _org_from_tokens(doc: Doc, tokens: list[Token]) -> str | None:
        if not tokens:
            return None
        text = "".join(t.text_with_ws for t in tokens).strip()
        org = known_org(text)
        if org:
            return org
        if all(t.ent_type_ in ("ORG", "NORP") for t in tokens if not t.is_punct and t.text not in _POSSESSIVE and t.lower_ != "the"):
            return canonical_org(text)
        if tokens[-1].lower_ in POLICE_ORG_WORDS and tokens[0].text[:1].isupper():
            return canonical_org(text)
        return None

    @staticmethod
    def _join(tokens: list[Token]) -> str | None:
        if not tokens:
            return None
        text = "".join(t.text_with_ws for t in tokens).strip(" ,;:")
        return " ".join(text.split()) or None

    def _split_role(self, doc: Doc, tokens: list[Token]) -> tuple[str | None, str | None]:
        """(role, org) from the tokens of a title: "the Met's director of
        intelligence" -> ("director of intelligence", "Metropolitan Police")."""
        org = None
        while tokens and (tokens[0].pos_ == "DET" or tokens[0].lower_ in _JOINERS or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in _JOINERS):
            tokens = tokens[:-1]
        if not tokens:
            return None, None
        # Possessive organisation in front: "the Met's", "Liberty's".
        for k, token in enumerate(tokens):
            if token.text in _POSSESSIVE and k > 0:
                candidate = self._org_from_tokens(doc, tokens[:k]) or canonical_org(self._join(tokens[:k]))
                org = candidate
                tokens = tokens[k + 1 :]
                break
        # Trailing "of/at/for ORGANISATION": "Chief Constable of Essex Police".
        for k, token in enumerate(tokens):
            if token.lower_ in _ORG_PREPOSITIONS and k > 0:
                rest = tokens[k + 1 :]
                while rest and rest[0].pos_ == "DET":
                    rest = rest[1:]
                candidate = self._org_from_tokens(doc, rest)
                if candidate:
                    org = org or candidate
                    tokens = tokens[:k]
                    break
        # Organisation words in front of the role word: "Met Commissioner", "Labour MP".
        first_role = next((k for k, t in enumerate(tokens) if t.lower_ in ROLE_WORDS), None)
        if first_role is None:
            return None, org
        if first_role > 0:
            prefix = tokens[:first_role]
            for a in range(len(prefix)):
                for b in range(len(prefix), a, -1):
                    candidate = self._org_from_tokens(doc, prefix[a:b])
                    if candidate and (candidate in POLITICAL_PARTIES or known_org(self._join(prefix[a:b]) or "") or prefix[a].ent_type_ == "ORG"):
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
                if token.ent_type_ == "PERSON":
                    break
            elif token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("amod", "compound") and token.is_alpha and token.head.i > j:
                pass
            else:
                break
            collected.append(token)
            j -= 1
        collected.reverse()
        while collected and collected[0].lower_ in _JOINERS:
            collected = collected[1:]
        return collected

    def _apposition(self, doc: Doc, mention: dict) -> list[Token]:
        """The role phrase in apposition to the name, after or before it."""
        root = doc[mention["end"] - 1]
        # "Charlie Doe, policy officer at Liberty, said"
        for child in root.children:
            if child.dep_ == "appos" and child.i >= mention["end"] and self._role_head(child):
                span = doc[child.left_edge.i : child.right_edge.i + 1]
                return [t for t in span if t.i >= mention["end"]]
        # "the Met's director of intelligence, Jane Doe, said"
        if root.dep_ == "appos" and root.head.i < mention["first"] and self._role_head(root.head):
            head = root.head
            end = mention["first"]
            while end > head.left_edge.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            return list(doc[head.left_edge.i : end])
        return []

    @staticmethod
    def _role_head(token: Token) -> bool:
        if token.like_num or token.ent_type_ in ("PERSON", "GPE", "LOC", "DATE", "TIME", "CARDINAL", "FAC"):
            return False
        if token.lower_ in ROLE_WORDS:
            return True
        return token.pos_ == "NOUN"

    def role_of(self, doc: Doc, mention: dict) -> tuple[str | None, str | None]:
        role, org = self._split_role(doc, self._left_title(doc, mention["first"]))
        if not role:
            role2, org2 = self._split_role(doc, self._apposition(doc, mention))
            role, org = role2, org or org2
        if not role and mention["honorific"]:
            rank = RANK_ABBREVIATIONS.get(mention["honorific"].lower().replace(".", ""))
            if rank:
                role = rank
        return role, org

    # --- clustering -------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        furniture = CharRanges(doc._.boilerplate)
        mentions = []
        for start, end in self.candidate_spans(doc):
            if doc[start].idx in furniture:
                continue
            found = self.mention(doc, start, end)
            if found:
                mentions.append(found)

        people: list[dict] = []
        by_full_name: dict[str, int] = {}
        assigned: list[int | None] = [None] * len(mentions)
        for k, m in enumerate(mentions):
            if len(m["words"]) < 2:
                continue
            key = " ".join(m["words"]).lower()
            if key not in by_full_name:
                # "Mark Rowley" after "Mark Philip Rowley": same first and last word.
                for other_key, index in by_full_name.items():
                    other = other_key.split()
                    if other[0] == m["words"][0].lower() and other[-1] == m["words"][-1].lower():
                        by_full_name[key] = index
                        break
                else:
                    by_full_name[key] = len(people)
                    people.append({"words": m["words"], "honorific": None, "role": None, "org": None, "gender": None, "last_seen": -1})
            assigned[k] = by_full_name[key]

        def seen_before(index: int, position: int) -> int:
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
                assigned[k] = max(options, key=lambda i: seen_before(i, m["first"]))
            elif m["honorific"]:
                key = f"{(m['honorific'] or '').lower()} {word}"
                if key not in by_full_name:
                    by_full_name[key] = len(people)
                    people.append({"words": m["words"], "honorific": None, "role": None, "org": None, "gender": None, "last_seen": -1})
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
            if person["role"] is None:
                role, org = self.role_of(doc, m)
                if role:
                    person["role"] = role
                    person["org"] = org or person["org"]
                elif org and person["org"] is None:
                    person["org"] = org
        doc._.people = [
            {
                "name": " ".join(p["words"]),
                "honorific": p["honorific"],
                "role": p["role"],
                "org": p["org"],
                "gender": p["gender"],
            }
            for p in people
        ]
        doc._.person_mentions = person_mentions
        return doc


def person_at(doc: Doc, token_index: int) -> int | None:
    """Index into ``doc._.people`` of the person whose mention covers a token."""
    for first, end, index in doc._.person_mentions or ():
        if first <= token_index < end:
            return index
    return None


def mentions_span(doc: Doc, span: Span) -> list[int]:
    return [index for first, end, index in (doc._.person_mentions or ()) if first < span.end and end > span.start]
