"""Who says something: the subject of a reporting verb resolved to a named
person, an organisation, or an unnamed description kept as written ("Chief Constable
Shiner", a surname after a post, as "Shiner").

Resolution is document-level: pronouns go to the person of their gender who is
the nearest main-clause subject in the sentences before, else to the last person
of their gender (people.py gives genders from titles, common first names and
pronouns) or to an unnamed "man" or "woman" who is that subject; in "what she called" before a main clause
naming her, to her; "it" in "what it calls" to the subject of the verb above; "which"/"who" to their antecedent,
a statement or report to its owner ("the Met's statement", "a press release from
X") or, for "a statement", the last speaker named; a definite description to the
person named earlier who holds that role, of that organisation ("the commissioner",
"the campaign group's senior advocacy officer"), or to the one person named just
before when the text gave them no role ("the cleaner"), or a post ("the East Derry MP") to the one person
the text names, as its headline's subject; "the spokesperson" to the
"a Met spokesperson" described before."""

from __future__ import annotations

import bisect
from collections import Counter
from itertools import takewhile

from spacy.tokens import Doc, Token

from .antecedents import (
    described_as,
    gendered_description_before,
    organisation_acting_before,
    person_described_in_headline,
    person_named_later_in_sentence,
    person_named_next,
    plural_subject_before,
)
from .descriptions import described_person, org_of_description, person_with_role
from .docutils import age_of_description, canonical_org, known_org, name_after_post, noun_phrase
from .listed_orgs import listed_orgs, spelled_out
from .lexicon import (
    DATA_NOUNS,
    HUMAN_NOUNS,
    OFFICIAL_ROLE_WORDS,
    ORG_ANAPHORS,
    POLITICAL_PARTIES,
    POLICE_ANAPHORS,
    POLICE_ORG_WORDS,
    POST_NOMINALS,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    ROLE_WORDS,
    STATEMENT_NOUNS,
)
from .reporting import SUBJECT_DEPS as _SUBJECT_DEPS
from .reporting import IN_TURN, is_reporting_verb, newline_between, subject_of

def _is_police(name: str) -> bool:
    return any(word in POLICE_ORG_WORDS for word in name.lower().split())


class SpeakerResolver:
    """Resolves subject tokens to speakers within one document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.people = doc._.people or []
        self.mentions = sorted(doc._.person_mentions or [])
        self.mention_starts = [m[0] for m in self.mentions]
        # Organisation entities in order, with their canonical names, and
        # listed names the entity recogniser missed ("the Metropolitan police").
        self.orgs: list[tuple[int, int, str]] = []
        for ent in doc.ents:
            if ent.label_ == "ORG":
                name = canonical_org(ent.text)
                if name:
                    self.orgs.append((ent.start, ent.end, name))
        self.orgs.extend(listed_orgs(doc))
        self.orgs = spelled_out(doc, sorted(self.orgs))
        self.org_starts = [o[0] for o in self.orgs]
        forces = Counter(name for _, _, name in self.orgs if _is_police(name))
        # The force the text is about: the one it names most (first named on a tie).
        self.main_force = max(forces, key=lambda name: (forces[name], -next(o[0] for o in self.orgs if o[2] == name))) if forces else None
        # Reporting verbs outside quotations, in order (note_speakers).
        self.reporting_verbs: list[int] = []
        self._reporting_set: set[int] = set()
        self.described_as: dict[int, set[str]] = {}  # person -> words said of them beside their name (antecedents)
        # Unnamed speakers ("a Met spokesman", "one woman from Manchester"),
        # as (token index, gender), for "he added" / "she said".
        self.unnamed: list[tuple[int, str | None]] = []
        # Whether a token is inside a quotation (set by the quotes component): subjects there do not count.
        self.inside = None

    def note_speakers(self, verb_indices: list[int]) -> None:
        """Record these reporting verbs and their unnamed human subjects."""
        for i in verb_indices:
            verb = self.doc[i]
            if not is_reporting_verb(verb, strict=False):
                continue
            self.reporting_verbs.append(i)
            subject = subject_of(verb)
            if subject is None or subject.pos_ != "NOUN" or self.person_index_at(subject.i) is not None:
                continue
            if subject.lower_ in HUMAN_NOUNS:
                self.unnamed.append((subject.i, HUMAN_NOUNS[subject.lower_]))
        self.unnamed.sort()
        self.reporting_verbs.sort()
        self._reporting_set = set(self.reporting_verbs)

    def person_index_at(self, token_index: int) -> int | None:
        k = bisect.bisect_right(self.mention_starts, token_index) - 1
        if k >= 0:
            first, end, index = self.mentions[k]
            if first <= token_index < end:
                return index
        return None

    def person_before_verb(self, verb: Token, max_distance: int = 20) -> dict | None:
        """ "Jane Doe, director of X, said" when the parse lost the subject:
        the person named just before the verb, in the same paragraph."""
        k = bisect.bisect_left(self.mention_starts, verb.i) - 1
        if k < 0:
            return None
        first, end, index = self.mentions[k]
        if end > verb.i or verb.i - end > max_distance:
            return None
        if "\n" in self.doc[first : verb.i].text:
            return None
        if any(t.pos_ == "VERB" and t.dep_ not in ("amod", "acl", "relcl") for t in self.doc[end : verb.i]):
            return None
        return self.person_speaker(index)

    def last_person_before(self, token_index: int, gender: str | None = None) -> int | None:
        k = bisect.bisect_left(self.mention_starts, token_index) - 1
        while k >= 0:
            index = self.mentions[k][2]
            person_gender = self.people[index].get("gender")
            if gender is None or person_gender is None or person_gender == gender:
                return index
            k -= 1
        return None

    def subject_person_before(self, token: Token, gender: str, sentences: int = 3,
                              depth: int = 0) -> int | Token | None:
        """The person a pronoun continues: the nearest main-clause subject before it, outside quotations, in its
        sentence or the two before, that is a person of its gender (or of no known gender) or a pronoun of its
        gender that itself resolves so (or a name the recogniser tagged a person that the text never gives in
        full, or an unnamed "man" or "woman" of its gender, returned as its token): "Matthews said Pence's debate
        should help Trump. '...,' he said" is Matthews's, not Trump's."""
        doc = self.doc
        inside = self.inside
        seen, crossed = 0, False
        for i in range(token.i, -1, -1):
            if inside is not None and inside(i):
                continue  # a quotation's own sentences are not counted
            candidate = doc[i]
            if crossed:
                seen += 1  # the token after this one opened a sentence
                if seen >= sentences:
                    break
            crossed = candidate.is_sent_start
            if i == token.i or candidate.dep_ not in _SUBJECT_DEPS:
                continue
            main_clause = candidate.head.dep_ == "ROOT" or (
                candidate.head.dep_ == "conj" and candidate.head.head.dep_ == "ROOT")
            if not main_clause:
                continue  # "He added", "Jane Doe said", not "after John Roe left" or "since he suspended"
            index = self.person_index_at(i)
            if index is None:  # the subject's own name set off beside it: "The force's lead, Chief Superintendent
                # Alison Pryor, disputed that"
                appositions = (self.person_index_at(c.i) for c in candidate.children if c.dep_ == "appos")
                index = next((k for k in appositions if k is not None), None)
            if index is not None:
                if self.people[index].get("gender") in (None, gender):
                    return index
                continue
            if candidate.ent_type_ == "PERSON" and candidate.pos_ == "PROPN":
                return candidate  # "Cruz admitted ...": a person the text never names in full
            if candidate.lower_ in (PRONOUNS_MALE if gender == "male" else PRONOUNS_FEMALE) and depth < 3:
                found = self.subject_person_before(candidate, gender, sentences, depth + 1)
                return found if found is not None else self.last_person_before(i, gender)
            if candidate.pos_ in ("NOUN", "PROPN") and candidate.lower_ in HUMAN_NOUNS:
                if HUMAN_NOUNS[candidate.lower_] == gender and candidate.tag_ == "NN" and not any(
                        at == candidate.i for at, _ in self.unnamed) and not any(
                        doc[j].dep_ in _SUBJECT_DEPS and self.person_index_at(j) is not None
                        for j in range(candidate.i + 1, token.i)):  # not "the man ... Kasich offered ... He says"
                    return candidate  # "A man ... was spotted and detained. Afterwards he gave the line "...""
                return None  # "a Met spokesman": left to the unnamed speakers
        return None

    def _mention_position(self, index: int, before: int) -> int:
        """Position in ``mentions`` of the last mention of person ``index`` before a token."""
        k = bisect.bisect_left(self.mention_starts, before) - 1
        while k >= 0 and self.mentions[k][2] != index:
            k -= 1
        return k

    def org_at(self, token_index: int) -> str | None:
        k = bisect.bisect_right(self.org_starts, token_index) - 1
        if k >= 0:
            start, end, name = self.orgs[k]
            if start <= token_index < end:
                return name
        return None

    def last_police_org_before(self, token_index: int) -> str | None:
        return self.last_org_before(token_index, police=True)

    def last_org_before(self, token_index: int, police: bool) -> str | None:
        """The last police force (or the last other organisation) named before a token."""
        k = bisect.bisect_left(self.org_starts, token_index) - 1
        while k >= 0:
            start, end, name = self.orgs[k]
            if end <= token_index and _is_police(name) == police and name not in POLITICAL_PARTIES:
                return name
            k -= 1
        return None

    def _org(self, name: str) -> dict:
        return {"speaker": name, "role": None, "org": name, "honorific": None, "person": None}

    def _owner(self, token: Token, sources: tuple[str, ...] = ()) -> dict | None:
        """Whose figures or statement a noun is: a possessive or an organisation in front ("the Met's",
        "Home Office data"), the agent of a clause on it ("published by the force"), the object of one of
        ``sources``' prepositions ("the press release from the Metropolitan Police"), or, where ``sources`` are
        given (a statement), who gave it in a clause right after it (:meth:`_giver`)."""
        for child in token.children:
            if child.dep_ == "poss" or (child.dep_ == "compound" and child.ent_type_ == "ORG"):
                owner = self.resolve(child)
                if owner and owner.get("org"):
                    return owner
            if child.dep_ == "prep" and child.lower_ in sources:
                for obj in child.children:
                    if obj.dep_ == "pobj" and (self.org_at(obj.i) or self.person_index_at(obj.i) is not None):
                        return self.resolve(obj)
                    if obj.dep_ == "pobj" and obj.lower_ in ORG_ANAPHORS:  # "a statement from the force"
                        owner = self.resolve(obj)
                        if owner and (owner.get("org") or owner.get("anaphor")):
                            return owner  # "the force", resolved later to the publisher when it is a force
            if child.dep_ in ("acl", "relcl") and not any(t.is_quote for t in token.doc[token.i + 1 : child.i]):
                for grandchild in child.children:  # "published by the force", "a letter dated 14 June from X"
                    if grandchild.dep_ == "agent" or (
                            grandchild.lower_ in ("by", *sources) and grandchild.dep_ == "prep"):
                        for obj in grandchild.children:
                            if obj.dep_ == "pobj":
                                owner = self.resolve(obj)
                                if owner:
                                    return owner
        return self._giver(token) if sources else None

    def _giver(self, token: Token) -> dict | None:
        """The named person or body who gave a statement, in a clause with no "that" right after it: "according to
        an interview DC Kevin Walker gave to Police Oracle", however the parse hangs the clause (on the noun, or as
        the verb that "according" hangs on)."""
        verbs = [child for child in token.children if child.dep_ == "relcl"]
        if token.head.lower_ == "to" and token.head.head.lower_ == "according":
            verbs.append(token.head.head.head)
        for verb in verbs:
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.left_edge.i == token.i + 1), None)
            owner = self.resolve(subject) if subject is not None and subject.pos_ in ("PROPN", "NOUN") else None
            if owner and (owner.get("org") or owner.get("person") is not None):
                return owner
        return None

    def _statement_source(self, token: Token) -> dict | None:
        """Who speaks in a statement: its owner ("the Met's statement", "the press release from the
        Metropolitan Police", "the force had put out a statement saying"); None otherwise, so that a statement
        with no owner keeps its description as written ("A statement said: ...", "according to a council
        report", "the audit report"), as the gold does."""
        return self._owner(token, sources=("from", "by", "of")) or self._issuer(token)

    def _issuer(self, token: Token) -> dict | None:
        """The named subject of the verb a statement is the object of: "the force had put out a statement saying",
        "The force answered with a press release"."""
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)  # "hit back with a release"
        if token.dep_ not in ("dobj", "pobj") or verb is None or (token.dep_ == "dobj" and verb != token.head):
            return None
        subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
        found = self.resolve(subject) if subject is not None and subject.i < token.i else None
        named = found and (found.get("org") or found.get("person") is not None or found.get("anaphor")
                           or subject.pos_ == "PROPN")
        return found if named else None

    def last_speaker_before(self, token_index: int, max_tokens: int = 120, since: int = -1) -> dict | None:
        """The speaker of the last reporting verb before a token, within ``max_tokens`` and after the
        character offset ``since``."""
        k = bisect.bisect_left(self.reporting_verbs, token_index) - 1
        while k >= 0 and token_index - self.reporting_verbs[k] <= max_tokens and \
                self.doc[self.reporting_verbs[k]].idx > since:
            verb = self.doc[self.reporting_verbs[k]]
            k -= 1
            # "She says staff ... told her she was barred": who speaks is the one who says it, not who told her
            outer = next((a for a in verb.ancestors if a.i in self._reporting_set and a.sent == verb.sent), None)
            subject = subject_of(outer if outer is not None else verb)
            if subject is None or subject.i >= token_index or subject.lower_ in STATEMENT_NOUNS:
                continue
            found = self.resolve(subject)
            if found:
                return found
        return None

    def _data_source(self, token: Token) -> dict | None:
        """Whose figures: "the Met's figures", "Home Office data", "figures
        published by the force", "documents obtained by Liberty"; else the
        force the text is about, marked as an anaphor (a police release's
        own figures are its publisher's)."""
        owner = self._owner(token)
        if owner:
            return owner
        phrase = noun_phrase(token)
        if self.main_force:
            return {**self._org(self.main_force), "anaphor": True}
        return {"speaker": phrase, "role": None, "org": None, "honorific": None, "person": None, "anaphor": True}

    def described_speaker(self, token: Token) -> dict:
        """A speaker the text describes but never names, in its own words: "a young woman", "civil liberties
        groups"."""
        return {"speaker": noun_phrase(token), "role": None, "org": None, "honorific": None, "person": None}

    def person_speaker(self, index: int) -> dict:
        person = self.people[index]
        return {
            "speaker": person["name"],
            "role": person.get("role"),
            "org": person.get("org"),
            "honorific": person.get("honorific"),
            "person": index,
        }

    def resolve(self, token: Token, previous: dict | None = None) -> dict | None:
        index = self.person_index_at(token.i)
        if index is None and token.lower_ in POST_NOMINALS and token.i > 0:
            index = self.person_index_at(token.i - 1)  # "Jane Doe KC, the force's barrister, said"
        if index is not None:
            return self.person_speaker(index)
        lower = token.lower_
        if lower in PRONOUNS_MALE or lower in PRONOUNS_FEMALE:
            gender = "male" if lower in PRONOUNS_MALE else "female"
            later = person_named_later_in_sentence(self, token, gender)
            if later is not None:
                return self.person_speaker(later)
            index = self.subject_person_before(token, gender)
            if isinstance(index, Token):
                return self.described_speaker(index)
            if index is None:
                index = self.last_person_before(token.i, gender)
            named_at = self.mentions[self._mention_position(index, token.i)][0] if index is not None else -1
            for at, noun_gender in reversed(self.unnamed):
                if at < token.i and at > named_at and noun_gender in (None, gender):
                    return self.resolve(self.doc[at], previous)
            if index is not None:
                return self.person_speaker(index)
            described = gendered_description_before(self, token, gender)
            return None if described is None else self.described_speaker(described)
        whose = any(child.lower_ == "whose" for child in token.children)  # "a press release, whose first line read:"
        if (lower in ("which", "who", "that") or whose) and token.dep_ in _SUBJECT_DEPS and token.head.dep_ == "relcl":
            # "Jane Doe, who said ...": the antecedent; "the press release from the Met following the
            # deployments, which stated ...": the statement the clause may hang from further up.
            antecedent = node = token.head.head
            for _ in range(4):
                if node.lower_ in STATEMENT_NOUNS or self.person_index_at(node.i) is not None or self.org_at(node.i) \
                        or (node.lower_ in POST_NOMINALS and self.person_index_at(node.i - 1) is not None):
                    break  # "a letter ... from Nick Hurd MP, which says:": the MP
                if node.dep_ not in ("pobj", "prep", "acl", "compound") or node.head.i == node.i:
                    node = antecedent
                    break
                node = node.head
            else:
                node = antecedent
            return self.resolve(node, previous)
        if lower == "it" and token.dep_ in _SUBJECT_DEPS:
            governing = token.head.head
            if any(child.lower_ == "what" for child in token.head.children) and governing.i != token.head.i:
                # "for them the force promises what it calls "..."": the subject of the verb above
                subjects = [child for child in governing.children if child.dep_ == "nsubj" and child.lower_ != "it"]
                if subjects:
                    return self.resolve(subjects[0], previous)
            # "The force said ... “...,” it added.": the organisation that spoke in the sentence before
            earlier = self._organisation_subject_before(token)
            if earlier is None:
                earlier = organisation_acting_before(self, token)
            if earlier is not None:
                return self.resolve(earlier, previous)
        if lower == "they" and token.dep_ in _SUBJECT_DEPS and (not previous or previous.get("person") is not None):
            # nor is "they" one person who spoke before: "Some parliamentarians, though, are furious ... “...,” they
            # wrote" after a minister's quotation (the main clauses' subjects then, past "the regulator to step in")
            plural = plural_subject_before(self, token, main_clauses=previous is not None)
            if plural is not None:
                return self.described_speaker(plural)
            if (body := organisation_acting_before(self, token, 1)) is not None and body.head == body.sent.root:
                return self.resolve(body, previous)  # "The force set out how it works in a post. They said: ..."
        if lower in ("they", "we", "it", "i", "you", "this", "that", "which", "who"):
            return dict(previous) if previous and lower in ("they", "we") else None
        for child in token.subtree:
            # "The policing minister, Jane Doe, said", "the spokesperson, Jane Doe MP, said",
            # "the force's head of digital policing, Jane Doe, said"
            # (the parse may make the name a conjunct: "The chief constable of South Wales Police, Matt Jukes,")
            # (or of an opening word: "Responding, Liam Shrivastava, a councillor who ..., said")
            set_off = child.dep_ == "conj" and token.pos_ in ("NOUN", "PROPN", "VERB") and child.left_edge.i > 0 \
                and self.doc[child.left_edge.i - 1].text == "," and (self.doc[child.right_edge.i].text == "," or (
                    child.right_edge.i + 1 < len(self.doc) and self.doc[child.right_edge.i + 1].text == ","))
            if (child.dep_ == "appos" or set_off) and child.i > token.i:
                for part in (child, *child.lefts):
                    index = self.person_index_at(part.i)
                    if index is not None:
                        return self.person_speaker(index)
        named = self._titled_name(token)
        if named is not None:
            return self.person_speaker(named)
        for child in token.children:
            # "Privacy campaign group Big Brother Watch said"
            if child.dep_ == "appos" and child.i > token.i and self.org_at(child.i):
                return self._org(self.org_at(child.i))
        if token.lower_ in OFFICIAL_ROLE_WORDS and token.ent_type_ == "ORG":
            described = described_person(self, token)  # "The PCC said", the tagger taking "PCC" for a body
            if described is not None:
                return self.person_speaker(described)
        if token.text.isupper() and 2 <= len(token.text) <= 4 and any(c.lower_ == "the" for c in token.children):
            # "The ACC said" after "Assistant Chief Constable Andy Pritchard": a post's initials, not a body
            described = person_with_role(self, lower, bisect.bisect_left(self.mention_starts, token.i) - 1)
            if described is not None:
                return self.person_speaker(described)
        org = self.org_at(token.i)
        if org:
            return self._org(org)
        phrase = noun_phrase(token)
        org = known_org(phrase)
        if org:
            return self._org(org)
        if lower in DATA_NOUNS and token.pos_ == "NOUN":
            return self._data_source(token)
        if lower in STATEMENT_NOUNS and token.pos_ == "NOUN":
            source = self._statement_source(token)
            if source:
                return source
        bare_police = lower == "police" and not any(True for _ in token.children)
        determined = any(child.lower_ in ("the", "its", "our") or (  # "Britain's biggest force said"
            child.dep_ == "poss" and child.ent_type_ in ("GPE", "LOC")) for child in token.lefts)
        if bare_police or (lower in ORG_ANAPHORS and determined and len(phrase.split()) <= 3):
            # "the force said": the police force named earlier in the text;
            # "the group said": the last other organisation.
            org = self.last_org_before(token.i, police=lower in POLICE_ANAPHORS)
            if org:
                # A quotation keeps a force's description as written ("the force", "police"), its organisation
                # resolved; a figure's claimant is the organisation.
                lead_word = self.doc[token.left_edge.i]
                written = phrase[:1].lower() + phrase[1:] if token.pos_ == "NOUN" and (
                    lead_word.pos_ == "DET" or lead_word.i == token.i) else phrase  # "Police said"; "Britain's ..."
                described = any(child.dep_ in ("poss", "amod") for child in token.lefts)  # "Britain's biggest force"
                return {**self._org(org), "written": written} if lower in POLICE_ANAPHORS and not described \
                    else self._org(org)
            return {"speaker": phrase, "role": None, "org": None, "honorific": None, "person": None, "anaphor": True}
        age = age_of_description(token)
        if age is not None:  # "the 39-year-old said" after "Daniel Okafor, 39,"
            aged = [index for _, _, index in self.mentions[: bisect.bisect_left(self.mention_starts, token.i)]
                    if age in described_as(self, index)]
            if aged:
                return self.person_speaker(aged[-1])
            near = self.last_person_before(token.i)  # the person of the story: "Patricia Adjei had popped ..."
            if near is not None and self.doc.text.count("\n", self.doc[self.mentions[self._mention_position(
                    near, token.i)][0]].idx, token.idx) <= 2:  # "“...,” the 67-year-old says", two paragraphs on
                return self.person_speaker(near)
        if lower in ("someone", "somebody"):
            return self.described_speaker(token)  # '"What's your suspicion?" someone asks'
        if token.pos_ not in ("NOUN", "PROPN"):
            # people asked in turn: "A second said", "A fourth claimed", "Another added"
            in_turn = lower in IN_TURN and (lower == "another" or (token.i > 0 and self.doc[token.i - 1].lower_ == "a"))
            if not in_turn:
                return None
            said = self.described_speaker(token)
            if lower != "another" and not said["speaker"].lower().startswith("a "):
                said["speaker"] = f"a {said['speaker']}"  # "A fourth claimed", the article parsed apart
            return said
        described = described_person(self, token)
        if described is not None:
            return self.person_speaker(described)
        if any(child.dep_ == "det" and child.lower_ == "the" for child in token.children):
            # "the spokesperson" after "a Met spokesperson said": the one described before.
            for at, _ in reversed(self.unnamed):
                earlier = self.doc[at]
                if at < token.i and earlier.lower_ == token.lower_ and not any(
                        child.dep_ == "det" and child.lower_ == "the" for child in earlier.children):
                    return self.resolve(earlier, previous)
            if len(list(token.children)) == 1:
                # "the Minister said" after "the then Minister for Crime, Policing and Fire wrote": the subject
                # described in full before, in this paragraph or the one before
                start = self.doc.text.rfind("\n", 0, max(0, self.doc.text.rfind("\n", 0, token.idx)))
                window = takewhile(lambda t: t.idx > start, reversed(self.doc[:token.i]))
                fuller = next((t for t in window if t.lower_ == token.lower_ and t.dep_ in _SUBJECT_DEPS
                               and any(c.dep_ == "prep" for c in t.children)), None)
                if fuller is not None:
                    return self.described_speaker(fuller)
        named = person_named_next(self, token)
        if named is None:
            named = person_described_in_headline(self, token)  # "'...': London man says" then his name
        if named is not None:
            return self.person_speaker(named)  # "..., a leading councillor warned. Councillor Amy Brown, who ..."
        return {"speaker": name_after_post(token, phrase) or phrase, "role": None,
                "org": org_of_description(self, token), "honorific": None, "person": None}

    def _organisation_subject_before(self, token: Token, sentences: int = 2) -> Token | None:
        """The subject of the last reporting verb in the ``sentences`` before ``token``'s, when that subject is an
        organisation ("the Met", "The force", "Liberty"), not a person; or the document whose words an "it" goes
        on giving: "the submission pointed to ... It added that ... “...,” it said" (a sentence whose subject is
        "it" sends the search one sentence further back)."""
        sentence = token.sent
        left = sentences
        while left > 0:
            left -= 1
            if sentence.start == 0:
                return None
            sentence = self.doc[sentence.start - 1].sent
            for verb in reversed(sentence):
                reporting = is_reporting_verb(verb)
                if not reporting and not (verb.dep_ == "ROOT" and verb.pos_ == "VERB"):
                    continue
                subject = subject_of(verb)
                if subject is not None and subject.lower_ == "it" and subject.dep_ == "nsubj":
                    left += 1
                    break
                if subject is not None and subject.lower_ in STATEMENT_NOUNS and subject.tag_ == "NN":
                    return subject
                if not reporting:
                    continue
                if subject is None or self.person_index_at(subject.i) is not None:
                    return None
                if subject.lower_ in ORG_ANAPHORS or self.org_at(subject.i):
                    return subject
                return None
        return None

    def _titled_name(self, token: Token) -> int | None:
        """The person a title's words end on, the parse having taken the name into a prepositional phrase:
        "The Police and Crime Commissioner (PCC) for Bedfordshire John Tizard said"; and the person named
        just before a role phrase parsed as the subject: "Jane Doe, lead for LFR at the Met, said"."""
        doc = self.doc
        if token.lower_ in ROLE_WORDS:
            for prep in token.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "at"):
                    continue
                for obj in prep.children:
                    index = self.person_index_at(obj.i)
                    if obj.dep_ == "pobj" and index is not None:
                        k = self._mention_position(index, obj.i + 1)
                        if k >= 0 and obj.left_edge.i < self.mentions[k][0] and self.mentions[k][1] == obj.i + 1:
                            return index  # "for Bedfordshire John Tizard", not "the lawyer for John Doe"
        if token.pos_ != "NOUN":
            return None
        left = token.left_edge.i
        if left >= 2 and doc[left - 1].text == ",":
            index = self.person_index_at(left - 2)
            if index is not None and not newline_between(doc[left - 2], token):
                return index
        for child in token.lefts:  # the name parsed as a dependent of the role: "Jane Doe, lead for ..."
            index = self.person_index_at(child.i)
            if index is not None and any(t.text == "," for t in doc[child.i + 1 : token.i]) and \
                    not newline_between(child, token):
                return index
        return None
