"""The roles and organisations of people, for ``lfrwatch_people`` (:mod:`lfrwatch.nlp.people`): a title
written before a name ("Met Commissioner Sir Mark Rowley"), an apposition ("Jane Doe, policy officer at Liberty,"),
a rank used as honorific, the parliamentary forms ("Jane Doe (Croydon South) (Lab)"), a relative clause, and whether
a role is a police or a government one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .docutils import bracketed_abbreviation_length, canonical_org, is_quotation_mark, known_org
from .lexicon import (
    ORG_ANAPHORS,
    POLICE_ORG_WORDS,
    POLITICAL_PARTIES,
    POST_NOMINALS,
    ROLE_WORDS,
)

_ORG_PREPOSITIONS = frozenset({"of", "at", "for", "with", "from"})
_PLACE_PREPOSITIONS = frozenset({"from", "in"})
# Marks an organisation written "our": the publisher's, filled in by analyse().
OWN_ORG = "\x00own"
_POSSESSIVE_PRONOUNS = frozenset({"our", "their", "his", "her", "its", "my"})
_JOINERS = frozenset({"of", "for", "and", "&", "to"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# "MP for Croydon South": what follows "for" is a seat or an area, not an employer.
# Titles written after a name: "Jane Doe MP", "John Roe KC".
_TRAILING_TITLES = POST_NOMINALS
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


class PersonRoles:
    """The methods of :class:`~lfrwatch.nlp.people.PeopleFinder` that read a person's role and
    organisation; they use its ``max_title_tokens`` and ``max_apposition_tokens``."""

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
            return canonical_org(PersonRoles._join(tokens))
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
            or tokens[0].text in _POSSESSIVE  # the owner not taken: "’s police and crime commissioner"
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
                    # the force's "Police" is also the title's: "Thames Valley Police and Crime Commissioner"
                    shared = [piece[-1]] if piece[-1].lower_ == "police" and prefix[b:b + 1] and \
                        prefix[b].lower_ == "and" else []
                    tokens = prefix[:a] + shared + prefix[b:] + tokens[first_role:]
                    break
            else:
                continue
            break
        return self._join(tokens), org

    def _left_title(self, doc: Doc, first: int) -> list[Token]:
        """Title words written just before the name (and its honorific)."""
        collected: list[Token] = []
        j = first - 1
        reach = self.max_title_tokens
        if j >= 2 and bracketed_abbreviation_length(doc, j - 2):
            j, reach = j - 3, reach + 3  # past the title's abbreviation: "police and crime commissioner (PCC) Jo Roe"
        while j >= 0 and first - j <= reach:
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
                elif is_quotation_mark(token):
                    return [], None  # '"... beat Hillary Clinton," the governor said': not across a quote mark
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
