"""The words that introduce a quotation and name its speaker without a verb of saying before it, for the
quotes component: a name before the colon ('Pollsters agree - Jane Doe: "..."'), the subject of a clause ending in
a colon ('Jane Doe was blunt:'), the one whose words or view a sentence gives ('In the force's words, ...'), the
source the quotation's own clause is "according to", the issuer of a statement just before ('Trump issued a
statement, "..."') and the report whose findings a list quotes in part ('Among the main findings of the report:')."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .antecedents import names_plural_speakers, plural_subject_before
from .attribution import SpeakerResolver
from .docutils import object_of_preposition, strip_possessive
from .lexicon import STATEMENT_NOUNS, verb_forms
from .reporting import FINDERS, is_reporting_verb, newline_between

MARKS_TEXT = frozenset({"“", "”", '"'})
#: Verbs whose object is the one spoken to: 'she told Jane Doe: "..."'.
_ADDRESSING_VERBS = verb_forms("tell", "told") | verb_forms("ask") | verb_forms("warn") | verb_forms("urge") \
    | verb_forms("answer") | verb_forms("email") | verb_forms("thank")


def colon_subject(doc: Doc, colon: int, inside, resolver: SpeakerResolver) -> dict | None:
    """The speaker a clause ending in a colon names as its subject, whatever its verb: 'Jane Doe was blunt:',
    'The elections board was conclusive in its findings:' (a person, he or she, or a named organisation)."""
    if colon < 1:
        return None
    node = doc[colon - 1]
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i or inside(node.head.i) or node.head.i > colon:
            break
        node = node.head
    if node.pos_ not in ("VERB", "AUX") or inside(node.i):
        return None
    for child in node.children:
        if child.dep_ == "nsubj" and child.i < colon and not inside(child.i) and (
                resolver.person_index_at(child.i) is not None or child.lower_ in ("he", "she")
                or child.pos_ == "PROPN" or resolver.org_at(child.i) or child.lower_ in STATEMENT_NOUNS):
            return resolver.resolve(child)  # also "The message from the force was simple:"
        if child.dep_ == "nsubj" and child.i < colon and names_plural_speakers(child):
            return resolver.described_speaker(child)  # "Two business owners who ... believe AI could ...:"
    return None


def named_before_colon(doc: Doc, span: Span, resolver: SpeakerResolver) -> dict | None:
    """The person or organisation named right before the colon that opens a quotation: 'Pollsters agree - Jane
    Doe: "..."' ('In his words: "..."' is :func:`in_the_words_of`'s)."""
    before = words_before(doc, span, 4)
    if len(before) < 2 or before[-1].text != ":":
        return None
    named = before[-2]
    addressed = named.dep_ in ("pobj", "dative", "iobj") or (
        named.dep_ == "dobj" and named.head.lower_ in _ADDRESSING_VERBS)
    if addressed:
        return None  # 'Trump wrote to Roffman: "..."', 'she told Roffman: "..."': the one spoken to
    index = resolver.person_index_at(named.i)
    if index is not None:
        return resolver.person_speaker(index)
    org = resolver.org_at(named.i)  # 'Estimates are problematic - Pew Research: "..."'
    return resolver.resolve(named) if org and named.pos_ == "PROPN" else None


def in_the_words_of(doc: Doc, span: Span, resolver: SpeakerResolver) -> dict | None:
    """The one whose words or view the quotation's sentence says it gives: 'In the force's words, LFR "will ..."',
    'in the words of the judge, "..."', 'In his view it could have a "..."', 'In their view' after 'Critics say'."""
    for token in words_before(doc, span, 25):
        if token.lower_ in ("words", "view") and token.head.lower_ == "in" and not newline_between(token, span[0]):
            of = [c for c in token.children if c.lower_ == "of"]
            owner = [c for c in token.children if c.dep_ == "poss"] + [o for c in of for o in c.children
                                                                        if o.dep_ == "pobj"]
            said = resolver.resolve(owner[0]) if owner else None
            if said is None and owner and owner[0].lower_ == "their":  # "Critics say ... In their view it ..."
                plural = plural_subject_before(resolver, token, main_clauses=True)
                said = resolver.described_speaker(plural) if plural is not None else None
            return {**said, **{key: strip_possessive(said[key]) for key in ("speaker", "written") if said.get(key)}} \
                if said else None
    return None


def according_to_in_clause(span: Span, inside, resolver: SpeakerResolver) -> dict | None:
    """X of "according to X" in the clause the quotation belongs to, below any verb of saying: 'Jane Doe told the
    paper that "...," and according to The Register the database holds "..."' is The Register's."""
    for node in span.root.ancestors:
        if inside(node.i):
            continue  # the clause of an earlier quotation the parse hangs this one from
        if is_reporting_verb(node):
            return None
        for child in node.children:
            if child.lower_ == "according" and child.dep_ == "prep" and child.i < span.start and not inside(child.i) \
                    and node.dep_ == "conj":  # a clause of its own, not "X said that, according to ..."
                source = object_of_preposition(child, "to")
                return resolver.resolve(source) if source is not None else None
    return None


def words_before(doc: Doc, span: Span, window: int) -> list[Token]:
    """The tokens among the ``window`` before a quotation that are neither quote marks nor spaces."""
    return [t for t in doc[max(0, span.start - window) : span.start] if t.text not in MARKS_TEXT and not t.is_space]


def statement_just_before(before: list[Token], resolver: SpeakerResolver, previous: dict | None) -> dict | None:
    """The issuer of a statement written just before the quotation, with no verb of saying: 'Trump issued a
    statement, "..."' (``before`` runs back from the opening mark); not "in response to "..."", which has no
    determiner."""
    for token in before[:3]:
        if token.lower_ in STATEMENT_NOUNS and token.dep_ in ("dobj", "pobj") and any(
                child.dep_ in ("det", "poss") for child in token.children):
            return resolver.resolve(token, previous)
    return None


#: Words of a lead line that introduces a body's findings: "Among the main findings of the report:".
_FINDINGS_WORDS = frozenset({"findings", "found", "finds", "concluded", "conclusions", "recommendations"})


def finding_in_a_list(doc: Doc, quote: dict, paragraphs: list[tuple[int, int]],
                      resolver: SpeakerResolver) -> dict | None:
    """The report (or review, inquiry, ...) whose findings a list quotes in part: after "Among the main findings of
    the report, which came out this week:", the line 'The force never produced "a sufficiently detailed impact
    assessment"' gives the report's words, not the force's. The list is the short lines after the lead."""
    for lead in range(quote["paragraph"] - 1, max(-1, quote["paragraph"] - 9), -1):
        start, end = paragraphs[lead]
        line = doc.char_span(start, end, alignment_mode="contract")
        if line is None or len(line) > 80:
            return None
        if line.text.rstrip().endswith(":"):
            finder = next((t for t in line if t.lower_ in FINDERS and t.pos_ == "NOUN"), None)
            if finder is None or not any(t.lower_ in _FINDINGS_WORDS for t in line):
                return None
            return resolver.described_speaker(finder)
    return None
