"""Repairs to the model's parse where the small English model reliably misreads a phrase LFR writing uses often.

"Two wanted people were detained", "a list of 2,000 wanted people", "arrested 30 wanted individuals":
en_core_web_sm often reads the number as the subject of a verb "wanted" (four of the ten such phrases in our
sets, nine of fourteen probe sentences), so the count loses its noun and the sentence its main verb, and the
figure is missed or given the wrong metric. ``lfrwatch_parse_repairs`` puts the phrase back together: the number
and "wanted" modify the noun, and the word below "wanted" on the way to the noun takes the place "wanted" held in
the tree ("detained" becomes the main verb again). A repair that would leave a sentence with other than one root,
or a loop, is not made; the tokens are otherwise untouched, so every later component reads the parse the model
gives a well-read phrase ("Police detained three wanted people").

The model also reads "<noun> wanted for ..." as a clause whose subject is the noun ("The arrests included a man
wanted for rape and two women wanted for fraud", "to find people wanted for serious offences": 44 such phrases
in dev's real pages), so the noun is no object and its count no part of what the verb counts. The noun takes the
clause's place and "wanted" modifies it; "he wanted the Met to carry on" (the verb "want", with an object, an
infinitive or an auxiliary) is left alone.

And it reads a participle after a noun as the main verb when the real one follows with its auxiliary ("Two of the
people flagged were arrested", "Three of the 10 people stopped were arrested"), so the count is given what the
participle says, not what became of the people. The real verb takes the participle's place and the participle
modifies the noun; a verb of saying or thinking, or one with its own object or auxiliary, is left alone. No page in
our sets has this shape misread (it was found by probing, and is assumed), but a count given the wrong metric is
the worst kind of error for a researcher.

And it sets a name off beside the noun before it when a comma-delimited description follows the name and a verb
of saying follows that ("In a blog post on the Facewatch website, Gareth Lewis, Southern's loss prevention
officer, said that ...", "After the force announced ... for Six Nations rugby games, Madeleine Stone, Senior
Advocacy Officer at Big Brother Watch, said:"), so the verb has no subject and its quotation goes to whoever the
search finds next (two pages of the twenty-first dev batch). The name becomes the verb's subject; a name set off
beside a post or a person ("the Director of Big Brother Watch, Silkie Carlo, said") stays, since it gives the
post's holder.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from .lexicon import HUMAN_NOUNS, REPORTING_VERBS, ROLE_WORDS

#: Participles read as a verb with the number before them as subject.
_MODIFYING_PARTICIPLES = frozenset({"wanted"})


def _misread(participle: Token) -> tuple[Token, Token] | None:
    """(number, noun) of "<number> wanted <noun>" where the parse did not hang both words on the noun; the
    participle is one of ``_MODIFYING_PARTICIPLES``, as :func:`repair_parse` finds them."""
    doc = participle.doc
    if participle.i == 0 or participle.i + 1 >= len(doc):
        return None
    number, noun = doc[participle.i - 1], doc[participle.i + 1]
    if not number.like_num or noun.pos_ not in ("NOUN", "PROPN") or noun.is_sent_start or participle.is_sent_start:
        return None
    if number.head == noun and participle.head == noun:
        return None
    return number, noun


def _repaired(participle: Token, number: Token, noun: Token) -> tuple[dict[int, int], dict[int, str]] | None:
    """New heads and labels for the tokens a repair moves, or None when the parse around them is not one of the
    two shapes the model gives (the noun below "wanted", or "wanted" on the noun and the number elsewhere)."""
    heads: dict[int, int] = {}
    deps: dict[int, str] = {}
    if participle in noun.ancestors:  # "Two wanted people were detained": "detained" below "wanted"
        below = noun
        while below.head != participle:
            below = below.head
        is_root = participle.head == participle
        heads[below.i] = below.i if is_root else participle.head.i
        deps[below.i] = participle.dep_
        if below == noun and not is_root and participle.dep_ in ("ccomp", "xcomp", "conj"):
            deps[below.i] = "dobj"  # "arrest more than one hundred wanted people"
        for child in participle.children:
            if child not in (below, number):
                heads[child.i] = below.i
    elif number.head == participle and participle.head == noun:
        pass  # "held 8,000 wanted people": only the number is misplaced
    elif participle.head == noun and number not in noun.ancestors and number.head != noun:
        # "a list of 2,000 wanted people": the number took the noun's place below "of"
        heads[noun.i] = number.head.i if number.head != number else noun.i
        deps[noun.i] = number.dep_
    else:
        return None
    heads[participle.i], deps[participle.i] = noun.i, "amod"
    heads[number.i], deps[number.i] = noun.i, "nummod"
    return heads, deps


#: Prepositions after "wanted" that make it a participle modifying the noun before it: "wanted for robbery".
_WANTED_PREPOSITIONS = frozenset({"for", "on", "by", "in", "over"})
#: Subjects "wanted" can modify besides nouns: "those wanted for offences", "another wanted for assault".
_MODIFIABLE_PRONOUNS = frozenset({"those", "one", "another", "others", "anyone"})
#: Clause labels the model gives "wanted" when it reads "<noun> wanted for ..." as a clause of its own.
_CLAUSE_LABELS = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis"})


def _clause_misread(participle: Token) -> tuple[dict[int, int], dict[int, str]] | None:
    """New heads and labels for "<noun> wanted for ...", which the model reads as a clause with the noun as its
    subject ("find people wanted for serious offences", "a man ... and two women wanted for fraud"): the noun
    takes the clause's place and "wanted" modifies it, as in a well-read "three people wanted for robbery"."""
    doc = participle.doc
    if participle.dep_ not in _CLAUSE_LABELS or participle.i == 0 or participle.i + 1 >= len(doc) \
            or doc[participle.i + 1].lower_ not in _WANTED_PREPOSITIONS:
        return None
    subject = doc[participle.i - 1]
    if subject.head != participle or subject.dep_ != "nsubj" or not (
            subject.pos_ in ("NOUN", "PROPN") or subject.lower_ in _MODIFIABLE_PRONOUNS):
        return None
    if any(c.dep_ in ("aux", "auxpass", "dobj", "xcomp", "ccomp", "neg") for c in participle.children):
        return None  # "he wanted the Met to carry on": the verb "want"
    heads = {subject.i: participle.head.i, participle.i: subject.i}
    deps = {subject.i: "dobj" if participle.dep_ in ("ccomp", "xcomp") else participle.dep_, participle.i: "acl"}
    for child in participle.children:
        if child.i < subject.i:
            heads[child.i] = subject.i  # "among them people wanted for rape": what stood before the noun
    return heads, deps


#: Auxiliaries that open the real main verb after a reduced relative: "people flagged were arrested".
_OPENING_AUXILIARIES = frozenset({"was", "were", "had", "has", "have", "is", "are"})


def _reduced_relative_misread(clause: Token) -> tuple[dict[int, int], dict[int, str]] | None:
    """New heads and labels for "<noun> <participle> ... were <verb>", which the model reads with the participle
    as the main verb and the real one as its clause ("Two of the people flagged were arrested", "Three people
    wanted on warrant were located"): the clause has no subject of its own and opens with its auxiliary. The
    real verb takes the participle's place, with the participle's subject as its own, and the participle
    modifies the noun before it, as in a well-read "Three of those flagged were arrested"."""
    participle = clause.head
    doc = clause.doc
    if clause.dep_ != "ccomp" or clause.tag_ != "VBN" or participle.tag_ not in ("VBN", "VBD") \
            or participle.i == 0 or participle.i >= clause.i:
        return None
    opening = clause.left_edge
    if opening.head != clause or opening.dep_ not in ("aux", "auxpass") or opening.lower_ not in _OPENING_AUXILIARIES:
        return None
    if participle.lower_ in REPORTING_VERBS or participle.right_edge.i < opening.i - 1:
        # "It said it had ... and had built checks": a verb of saying (or thinking), or words between the two verbs
        # that are not the participle's own ("wanted on warrant")
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return None
    subjects = [c for c in participle.children if c.dep_ == "nsubj" and c.i < participle.i]
    noun = doc[participle.i - 1]
    if len(subjects) != 1 or noun.pos_ not in ("NOUN", "PROPN", "PRON") or noun not in subjects[0].subtree \
            or any(c.dep_ in ("dobj", "aux", "auxpass", "neg") for c in participle.children):
        return None  # "Officers said they were ...": a verb with its own object, auxiliary or subject
    subject = subjects[0]
    heads = {clause.i: participle.head.i if participle.head != participle else clause.i,
             subject.i: clause.i, participle.i: noun.i}
    deps = {clause.i: participle.dep_, subject.i: "nsubjpass" if opening.dep_ == "auxpass" else "nsubj",
            participle.i: "acl"}
    for child in participle.children:
        if child.i > clause.i or child.i < subject.i:
            heads[child.i] = clause.i  # the full stop, and anything before the subject, go with the main verb
    return heads, deps


def _swallowed_speaker(name: Token) -> tuple[dict[int, int], dict[int, str]] | None:
    """New heads and labels for "<...noun>, <Name>, <description>, said", which the model reads with the name set
    off beside the noun before it and the verb of saying left with no subject ("In a blog post on the firm's
    website, Jo Bloggs, the shop's manager, said ...", "After the force announced its plan for the match days,
    Jo Bloggs, of a campaign group, said:"): the name, with its description, becomes the verb's subject. A name set
    off beside a post or a person ("the Director of the group, Jo Bloggs, said") is left there, giving its role."""
    doc = name.doc
    start, end = name.left_edge.i, name.right_edge.i
    if name.ent_type_ != "PERSON" or name.pos_ != "PROPN" or name.head.i >= start or start < 2 \
            or name.lower_ in ROLE_WORDS or name.head.ent_type_ == "PERSON" \
            or name.head.lower_ in ROLE_WORDS or name.head.lower_ in HUMAN_NOUNS \
            or end + 2 >= len(doc) or doc[start - 1].text != "," or doc[end + 1].text != ",":
        return None
    verb = doc[end + 2]
    if verb.pos_ != "VERB" or verb.lower_ not in REPORTING_VERBS or any(
            c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return None
    return {name.i: verb.i}, {name.i: "nsubj"}


def _one_tree(sentence: range, head_of: list[int]) -> bool:
    """Whether the tokens of a sentence form one tree: one root, every token reaching it."""
    roots = [i for i in sentence if head_of[i] == i]
    if len(roots) != 1:
        return False
    for i in sentence:
        seen = 0
        while head_of[i] != i:
            i = head_of[i]
            seen += 1
            if seen > len(sentence) or i not in sentence:
                return False
    return True


def repair_parse(doc: Doc) -> Doc:
    """Doc with its "<number> wanted <noun>" phrases parsed as a number and a participle modifying the noun, its
    "<noun> wanted for ..." phrases as the noun with the participle modifying it, its "<noun> <participle>
    were <verb>" sentences with the verb as their main verb, and a name set off beside the noun before it as the
    subject of the verb of saying after it."""
    wanted = numpy.isin(doc.to_array(LOWER), [doc.vocab.strings[word] for word in _MODIFYING_PARTICIPLES])
    participles = [doc[i] for i in numpy.nonzero(wanted)[0].tolist()]
    repairs = [(t, _repaired(t, *found)) for t in participles if (found := _misread(t))]
    repairs += [(t, moved) for t in participles if (moved := _clause_misread(t))]
    labels = doc.to_array(DEP)
    clauses = numpy.nonzero(labels == doc.vocab.strings["ccomp"])[0].tolist()
    repairs += [(doc[i], moved) for i in clauses if (moved := _reduced_relative_misread(doc[i]))]
    appositions = numpy.nonzero(labels == doc.vocab.strings["appos"])[0].tolist()
    repairs += [(doc[i], moved) for i in appositions if (moved := _swallowed_speaker(doc[i]))]
    if not repairs:
        return doc
    head_of = [t.head.i for t in doc]
    dep_of = [t.dep_ for t in doc]
    for token, moved in repairs:
        if moved is None:
            continue
        heads, deps = moved
        trial = list(head_of)
        for i, head in heads.items():
            trial[i] = head
        sentence = range(token.sent.start, token.sent.end)
        if _one_tree(sentence, trial):
            head_of = trial
            dep_of = [deps.get(i, dep) for i, dep in enumerate(dep_of)]
    if head_of == [t.head.i for t in doc]:
        return doc
    array = doc.to_array([HEAD, DEP])
    strings = doc.vocab.strings
    for i, (head, dep) in enumerate(zip(head_of, dep_of)):
        array[i, 0] = (head - i) % (1 << 64)  # HEAD is stored as an offset, in an unsigned array
        array[i, 1] = strings.add(dep)
    doc.from_array([HEAD, DEP], array)
    return doc


@Language.component("lfrwatch_parse_repairs", assigns=["token.head", "token.dep"])
def parse_repairs(doc: Doc) -> Doc:
    return repair_parse(doc)
