"""Reporting verbs and their subjects: whether a token is a verb that attributes speech ("said", "according
to", "as one shopkeeper put it", "the statement went on", what a body or a study "found"), and the token that
speaks through it. Used by the quotes component, the speaker resolver (:mod:`lfrwatch.nlp.attribution`) and the
figures' claimants."""

from __future__ import annotations

from spacy.tokens import Token

from .docutils import age_of_description, object_of_preposition
from .lexicon import REPORTING_VERBS, STATEMENT_NOUNS, WEAK_REPORTING_VERBS

SUBJECT_DEPS = ("nsubj", "nsubjpass")
_FINDING_VERBS = frozenset({"found", "finds"})
#: Bodies and studies whose findings are what they say.
FINDERS = frozenset({"committee", "watchdog", "review", "report", "inquiry", "court", "judge", "judges", "audit",
                     "analysis", "study", "research", "regulator", "commissioner", "inspectorate", "investigation",
                     "evaluation", "assessment", "survey", "tribunal", "panel", "inspectors", "researchers"})
_CLIMB_TO_HEAD = ("conj", "advcl", "xcomp", "ccomp", "parataxis")
#: What the parser makes of a name after its verb at times: '"...," said Skelly' (an adverb), 'said Trump' (an object).
_MISREAD_NAME_DEPS = ("advmod", "npadvmod", "dobj", "attr", "oprd", "dative")


def is_reporting_verb(token: Token, strict: bool = True) -> bool:
    if token.lower_ in ("put", "puts") and any(child.lower_ == "it" for child in token.children):
        return True  # "as one shopkeeper put it"
    if token.lower_ in ("went", "goes", "go") and any(child.lower_ == "on" for child in token.children):
        # "The Met's statement went on: ...", '"A sign is not consent," she went on.'
        subject = next((child for child in token.children if child.dep_ == "nsubj"), None)
        return (token.i + 2 < len(token.doc) and token.doc[token.i + 2].text in (":", ",", '"', "“", "‘")) or (
            subject is not None and subject.i > 0 and token.doc[subject.i - 1].text in ("”", '"', "’", ","))
    if token.lower_ in _FINDING_VERBS and token.pos_ == "VERB":
        # "The watchdog found “serious shortcomings”", "an analysis by the ALI has found": what a body or a
        # study finds is what it says; not "officers found two knives"
        return any(child.dep_ == "nsubj" and (child.lower_ in FINDERS or child.ent_type_ == "ORG")
                   for child in token.children)
    if token.lower_ not in REPORTING_VERBS:
        return False
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    if token.lower_ in ("read", "reads"):
        # "A statement read: ..." (tagged a noun at times), not a "Read more:" line
        return not strict and any(child.dep_ == "nsubj" for child in token.children)
    if strict and token.lower_ in WEAK_REPORTING_VERBS:
        return False
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


#: Verbs of catching someone on camera or within earshot, whose object is who speaks in the participle after
#: them: "caught a campaigner telling an officer", "filmed a man shouting".
_PERCEIVING_VERBS = frozenset({"caught", "catches", "catch", "filmed", "films", "recorded", "records", "heard", "hears",
                               "overheard", "saw", "seen", "sees", "showed", "shown", "shows", "captured", "captures",
                               "spotted"})


#: Words for the next of several people asked in turn, as a speaker: "A second said", "Another added".
IN_TURN = frozenset({"another", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                     "last", "final"})


def subject_of(verb: Token, depth: int = 0, inside=None, shared: bool = False) -> Token | None:
    """The speaker token of a reporting verb ("according to X" gives X).

    ``inside(token_index)`` tells whether a token is quoted: a verb hanging
    from a quotation ("... "felt uneasy" but insisted ...") takes its subject
    from further up, never from inside the quote. ``shared``: the verb asked about
    is an active one coordinated with or governed by this one, so a passive subject
    here is its subject too ("He was impressed by ..., and has argued that", "The force
    is understood to have told ...")."""
    if verb.lower_ == "according":
        return object_of_preposition(verb, "to")
    if depth == 0 or inside is None or not inside(verb.i):
        # The subject nearest the verb in its paragraph: a subhead line left without a full stop is parsed as a
        # second subject ("Data protection compliance \n The audit report said").
        direct = [child for child in verb.children if child.dep_ in SUBJECT_DEPS
                  and (inside is None or not inside(child.i))]
        subjects = [child for child in direct if not newline_between(child, verb)] or [
            conjunct for child in direct for conjunct in child.conjuncts if not newline_between(conjunct, verb)]
        if subjects:
            subject = min(subjects, key=lambda child: abs(child.i - verb.i))
            if subject.dep_ == "nsubjpass" and not shared:
                # "Police Scotland have been urged (by X)": the subject of a passive is spoken to, not speaking.
                return _agent_of(verb)
            return subject
        inverted = _inverted_name(verb)
        if inverted is not None:
            return inverted
        described = _noun_before_its_relative_clause(verb)
        if described is not None:
            return described
        # "A fourth claimed:", "the 39-year-old said", the parser taking "fourth" or "old" for a modifier of the verb
        in_turn = [child for child in verb.lefts if child.dep_ in ("amod", "advmod") and (
            child.lower_ in IN_TURN or age_of_description(child) is not None)]
        if in_turn:
            return in_turn[0]
    # "he said, adding ...": the subject belongs to the verb it hangs from,
    # within the same paragraph.
    head = verb.head
    if verb.dep_ == "acl" and head.lower_ in STATEMENT_NOUNS:
        return head  # "the force had put out a statement saying ...": the statement, whose issuer speaks
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl") and head.lower_ in _PERCEIVING_VERBS:
        # "The cameras caught a campaigner ... telling an officer: '...'": the one caught speaking
        seen = [child for child in head.children if child.dep_ == "dobj"]
        if seen:
            return seen[0]
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and head.dep_ == "ccomp" and not (inside and inside(head.head.i)):
        head = head.head  # "Campaigners want the move stopped, warning of ...": who wants it, not the move
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        head = head.head  # "has been keen to stress that ...": the one who was keen
    # plainly active: "and has argued", "to have told"; not "and described as", which may share the passive
    active = not any(child.dep_ == "auxpass" for child in verb.children) and (
        verb.tag_ in ("VB", "VBZ", "VBP", "VBG") or any(child.dep_ == "aux" for child in verb.children))
    if depth < 3 and verb.dep_ in _CLIMB_TO_HEAD and head.i != verb.i and not newline_between(head, verb):
        return subject_of(head, depth + 1, inside, shared=verb.dep_ in ("conj", "xcomp") and active)
    return None


def _inverted_name(verb: Token) -> Token | None:
    """The name after a verb that follows a quotation ('"...," said Skelly'), which the parser read as no
    subject: an adverb for a name ending in "-ly", an object."""
    doc = verb.doc
    if verb.i < 1 or verb.i + 1 >= len(doc) or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # not "..., telling Stephanopoulos that ...", where the name is spoken to
    if not (doc[verb.i - 1].is_quote or (verb.i >= 2 and doc[verb.i - 1].text == "," and doc[verb.i - 2].is_quote)):
        return None
    name = doc[verb.i + 1]
    if name.is_title and name.is_alpha and name.dep_ in _MISREAD_NAME_DEPS and name.head.i == verb.i \
            and not name.is_stop and name.ent_type_ not in ("DATE", "TIME", "GPE", "LOC"):
        return name
    return None


def _noun_before_its_relative_clause(verb: Token) -> Token | None:
    """The subject the parse lost to a relative clause just before the verb: "..., a White House official who
    spoke anonymously to discuss internal strategy said Wednesday" (the parse hung "official" elsewhere)."""
    doc = verb.doc
    end = verb.i - 1
    if end > 0 and doc[end].text == ",":
        end -= 1
    if end < 1 or verb.dep_ != "ROOT":
        return None
    for node in (doc[end], *doc[end].ancestors):
        if node.i >= verb.i:
            break
        if node.pos_ in ("NOUN", "PROPN") and node.right_edge.i == end and node.dep_ not in SUBJECT_DEPS and any(
                child.dep_ == "relcl" and child.i > node.i for child in node.children):
            return node
    return None


def _agent_of(verb: Token) -> Token | None:
    """Y of a passive "... was said by Y"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def newline_between(a: Token, b: Token) -> bool:
    """Whether a line break stands between two tokens (a subhead left without a full stop, a new paragraph)."""
    low, high = sorted((a.i, b.i))
    return any("\n" in token.text for token in a.doc[low:high])
