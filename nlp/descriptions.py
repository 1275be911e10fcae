"""Definite descriptions of a person or body, for the speaker resolver (:mod:`lfrwatch.nlp.attribution`): the
person named earlier whom "the commissioner", "the PCC" or "the campaign group's senior advocacy officer" means,
and the organisation an unnamed speaker's description names ("a spokesperson for Croydon Council")."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from .antecedents import described_as, gender_fits, person_named_in_headline, person_of_kind
from .lexicon import (
    DATA_NOUNS, HUMAN_NOUNS, OFFICIAL_ROLE_WORDS, ORG_ANAPHORS, POLICE_ANAPHORS, ROLE_INITIALS, STATEMENT_NOUNS,
    TITLE_WORDS,
)


def described_person(resolver, token: Token, paragraphs_back: int = 1) -> int | None:
    """The person named earlier whom a definite description means: "the commissioner", "the PCC", "the
    campaign group's senior advocacy officer" (a person named before with that role, the last one; of that
    organisation when the description names one), else "the cleaner" for the one person named in this
    paragraph or the one before, when the text gives them no other role."""
    doc = resolver.doc
    if token.tag_ in ("NNS", "NNPS") or not any(
            child.dep_ in ("det", "poss") and child.lower_ not in ("a", "an", "one", "another", "some")
            for child in token.children):
        return None
    k = bisect.bisect_left(resolver.mention_starts, token.i) - 1
    if k < 0:
        return None
    head = token.lower_
    if head in STATEMENT_NOUNS or head in DATA_NOUNS:
        return None  # "the letter reads": a document, not the person named before it
    gender = HUMAN_NOUNS.get(head)
    org = org_of_description(resolver, token)
    index = person_with_role(resolver, head, k, org, gender)
    if index is not None:
        return index
    # the one person the text described with the description's word beside their name: "the force's lead for
    # facial recognition", "the shopkeeper", "the head of the violent crime unit" (who "heads" it); an age
    # ("the 39-year-old") is resolve()'s, before it asks here
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and not c.ent_type_}
    described = {index for _, _, index in resolver.mentions[: k + 1] if head in described_as(resolver, index)
                 and modifiers <= described_as(resolver, index)  # not "the Wisconsin Republican"
                 and (org is None or resolver.people[index].get("org") in (None, org))
                 and gender_fits(resolver.people[index], gender)}
    if len(described) == 1:
        return described.pop()
    of_kind = person_of_kind(resolver, token)  # "the campaigner" for Big Brother Watch's advocacy manager
    if of_kind is not None:
        return of_kind
    if org is not None and head in _ORG_PEOPLE:
        # "the Ada Lovelace Institute expert" for its associate director: the one person named of that body
        of_org = {index for _, _, index in resolver.mentions[: k + 1] if resolver.people[index].get("org") == org}
        if len(of_org) == 1:
            return of_org.pop()
    politician = party_politician(resolver, token, k)
    if politician is not None:
        return politician
    # No role fits: the one person named just before, who has no other role.
    start_line = doc[token.i].idx
    for _ in range(paragraphs_back + 1):
        start_line = doc.text.rfind("\n", 0, max(0, start_line - 1))
    # not a person named inside a quotation ('"... beat Hillary Clinton," the governor said')
    inside = resolver.inside or (lambda i: False)
    near = {index for first, _, index in resolver.mentions[: k + 1]
            if doc[first].idx > start_line and not inside(first)}
    if len(near) == 1:
        index = near.pop()
        person = resolver.people[index]
        # "The Metropolitan Police Commissioner said" after "Dame Cressida Dick ... she said": a post of a
        # named body may stand for the one person just named
        official_ok = head not in OFFICIAL_ROLE_WORDS or org is not None
        if person.get("role") is None and head not in ORG_ANAPHORS and official_ok and \
                gender_fits(person, gender) and (org is None or person.get("org") in (None, org)):
            return index
    return person_named_in_headline(resolver, token, k, gender)


#: People a body's name may describe who are most often the one named of it: "the Ada Lovelace Institute expert"
#: (not its spokesperson, officer or source, most often someone else, unnamed).
_ORG_PEOPLE = frozenset({"expert", "director", "chief", "boss", "head", "lawyer", "barrister", "researcher",
                         "academic", "scientist", "campaigner", "leader", "chair", "chairman", "chairwoman"})
#: Words of a party, and the posts a description of a politician by party names: "the Tory MP", "the Green peer".
_PARTY_WORDS = frozenset({"tory", "conservative", "labour", "lib", "dem", "liberal", "democrat", "green", "snp",
                          "plaid", "reform", "crossbench", "crossbencher", "unionist"})
_POLITICIAN_NOUNS = frozenset({"mp", "peer", "msp", "ms", "am", "mep", "minister", "councillor", "politician",
                               "backbencher", "frontbencher", "member", "leader", "mayor"})
#: What a person's role or honorific says of a politician: "the shadow home secretary", "Baroness Jones".
_POLITICIAN_WORDS = _POLITICIAN_NOUNS | {"secretary", "shadow", "lord", "baroness", "chancellor"}


def party_politician(resolver, token: Token, k: int) -> int | None:
    """The one politician named before a description of a politician by party: "the Tory MP" for "Chris Philp, the
    shadow home secretary", "the Green peer" for "Baroness Jones". None when two or more were named."""
    if token.lower_ not in _POLITICIAN_NOUNS or not any(
            t.lower_ in _PARTY_WORDS for t in token.subtree if t.i < token.i):
        return None
    found = set()
    for _, _, index in resolver.mentions[: k + 1]:
        person = resolver.people[index]
        words = f"{person.get('role') or ''} {person.get('honorific') or ''}".lower().split()
        if _POLITICIAN_WORDS.intersection(words):
            found.add(index)
    return found.pop() if len(found) == 1 else None


def person_with_role(resolver, head: str, k: int, org: str | None = None, gender: str | None = None) -> int | None:
    """The last person, of those mentioned up to mention ``k``, whose role holds a description's head word, as
    written, as a title's full word ("Supt"), as the role's initials ("PCC", "ACC") or as a word of the initials
    written out ("the commissioner" for "the Thames Valley PCC")."""
    for _, _, index in reversed(resolver.mentions[: k + 1]):
        person = resolver.people[index]
        words = (person.get("role") or "").lower().replace("(", " ").replace(")", " ").split()
        role = [TITLE_WORDS.get(word.strip("."), word.strip(".")) for word in words]
        role += [full for word in words for full in ROLE_INITIALS.get(word.strip("."), "").split()]
        role.append("".join(word[0] for word in words if word not in ("and", "of", "for", "the", "&")))  # PCC
        title = words[: next((at for at, word in enumerate(words) if word in ("for", "in", "at")), len(words))]
        role.append("".join(word[0] for word in title if word not in ("and", "of", "the", "&")))  # "... for Kent"
        if head in role and (org is None or person.get("org") in (None, org)) and gender_fits(person, gender):
            return index
    return None


def org_of_description(resolver, token: Token) -> str | None:
    """The organisation an unnamed speaker's description names: "a spokesperson for Croydon Council",
    "a Met spokesman", "the council's spokesperson"."""
    for child in token.children:
        if child.dep_ in ("compound", "poss", "nmod") or (
                child.dep_ == "prep" and child.lower_ in ("for", "of", "at")):
            for part in child.subtree:
                org = resolver.org_at(part.i)
                if org:
                    return org
        if child.dep_ == "poss" and child.lower_ in ORG_ANAPHORS and any(
                c.lower_ in ("the", "its") for c in child.children):
            # "the group's senior advocacy officer", "the force's director": the body named last before
            return resolver.last_org_before(child.i, police=child.lower_ in POLICE_ANAPHORS)
    return None
