"""Figures of zero written in words, for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): "There were no
false alerts", "not a single arrest was made", "without one false match", "not a single person officers were
looking for was identified", "it did not wrongly flag anyone", "no one was arrested".

Only counts a force keeps (:data:`ZERO_METRICS`) are read as zero, and never in a condition ("if no match is
made"), under a modal ("no such trial would start") or for a wrongful arrest, which no metric counts. Where no
denial comes before it, "a single" counts one (:func:`a_single_counts_one`).
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Token

from .figure_nouns import of_them_at
from .figure_tables import fact_box_metric
from .figure_words import FALSE_VERB_ADVERBS, FIGURE_NOUNS, FIGURE_PEOPLE_NOUNS, FIGURE_VERBS, MAY_HAPPEN
from .lexicon import ANAPHORIC_DETERMINERS, FALSE_MODIFIERS, verb_forms

#: Counts whose absence is a figure of zero: "no false alerts", "no arrests".
ZERO_METRICS = frozenset({"arrests", "charges_or_cautions", "alerts", "false_alerts", "deployments"})
#: What is done to people that nobody may have had done to them: "no one was arrested", "nobody was charged".
_PEOPLE_ZERO_METRICS = frozenset({"arrests", "charges_or_cautions"})
_CONDITIONS = frozenset({"if", "unless", "whether", "until", "where", "when"})
#: Auxiliaries of what would, will or may happen: a zero under them is no count.
_MODALS = MAY_HAPPEN | {"will", "should", "can", "must", "shall", "'ll", "'d"}
#: Words after a denial that deny every one of a noun: "not a single arrest", "without one false match"; the
#: emphatic ones may come a few words after it ("did not lead to a single arrest").
_DENIED_COUNTS = (("a", "single"), ("one", "single"), ("one",), ("any",))
_EMPHATIC = (("a", "single"), ("one", "single"))
#: Verbs of an outcome, after which a denial counts "any" as it counts "a single": "did not lead to any arrests".
_OUTCOME_VERBS = frozenset({"lead", "led", "result", "resulted", "produce", "produced", "generate", "generated",
                            "trigger", "triggered", "yield", "yielded", "make", "made"})  # "did not make any arrests"
#: Words that may stand between a denial and an emphatic count: "did not lead to", "never resulted in".
_DENIAL_GAP_POS = frozenset({"VERB", "AUX", "ADP", "PART", "ADV"})
#: Pronouns for nobody, or for anybody after a denial: "did not wrongly flag anyone", "nobody was misidentified".
_NOBODY = frozenset({"nobody", "anyone", "anybody", "everyone"})
#: Verbs that deny what follows them with "to": "failed to catch a single criminal".
_FAILED = frozenset({"failed", "fails", "fail"})
_CLAUSE_END = frozenset({",", ";", ":", "—", "–", ".", "but", "and", "while", "although"})

#: Words before "a single" that deny it, so that it is a zero or nothing: "Not a single person was wrongly arrested".
_DENIALS = frozenset({"not", "n't", "never", "without", "no", "nor"})
_RESULT_FORMS = verb_forms("result")


class ZeroCount(NamedTuple):
    """A figure of zero: where its words start, what it counts and the counted noun (if any)."""

    phrase_start: int
    metric: str
    noun: Token | None


class FigureZeros:
    """The method of :class:`~lfrwatch.nlp.figures.FigureFinder` that finds figures of zero."""

    def zero_counts(self, doc: Doc) -> dict[int, ZeroCount]:
        """Figures of zero by the token that stands for the number ("no", "single", "one", "not")."""
        found: dict[int, ZeroCount] = {}
        for token in doc:
            lower = token.lower_
            label = fact_box_metric(doc, token.i) if lower in ("none", "nil") and _ends_line(token) else None
            if label in ZERO_METRICS:
                found[token.i] = ZeroCount(token.i, label, None)  # "False alerts: none" in a fact box
            elif lower == "no" and token.dep_ == "det" and token.head.tag_ == "NNS" and token.head.i > token.i:
                # "There were no false alerts", "no arrests were made"
                metric = self._noun_metric(token.head)
                if metric in ZERO_METRICS and not self._in_condition(token.head):
                    found[token.i] = ZeroCount(token.i, metric, token.head)
            elif lower == "no" and token.dep_ == "det" and token.head.tag_ == "NN" \
                    and token.head.dep_ in ("nsubj", "nsubjpass"):
                # "no alert was false", "no alert led to an incorrect intervention": one of a count, as subject
                zero = self._singular_subject_zero(token)
                if zero is not None and not self._in_condition(token.head):
                    found[token.i] = zero
            elif lower in ("not", "without", "never") or (lower in _FAILED and doc[token.i + 1 : token.i + 2].text == "to"):
                zero = self._denied_noun(doc, token) or self._denied_false_alert(doc, token)
                if zero is not None and not self._in_condition(doc[zero[0]]):
                    found[zero[0]] = zero[1]
            elif lower in ("nobody", "none") or (lower == "one" and token.i > 0 and doc[token.i - 1].lower_ == "no"):
                # "nobody was wrongly identified", "no one was misidentified"; "no one was arrested", "none of
                # whom were charged" (not a wrongful arrest: "no one had been arrested after an incorrect match")
                if token.dep_ not in ("nsubj", "nsubjpass") or self._in_condition(token):
                    continue
                start = token.i - (lower == "one")
                if _says_wrongly(token.head):
                    found[token.i] = ZeroCount(start, "false_alerts", None)
                elif token.dep_ == "nsubjpass" and FIGURE_VERBS.get(token.head.lower_) in _PEOPLE_ZERO_METRICS \
                        and _reported_done(token.head):
                    found[token.i] = ZeroCount(start, FIGURE_VERBS[token.head.lower_], None)
                elif lower == "none":
                    zero = self._none_of_them(token)
                    if zero is not None:
                        found[token.i] = ZeroCount(start, *zero)
        return found

    def _none_of_them(self, none: Token) -> tuple[str, Token | None] | None:
        """ "None of the alerts led to an arrest" (no arrests), "Of the 12 alerts, none were false" (no false
        alerts): what none of a counted group came to."""
        verb = none.head
        if verb.lower_ in ("were", "was") and any(c.dep_ == "acomp" and c.lower_ in FALSE_MODIFIERS
                                                   for c in verb.children):
            return "false_alerts", None
        group = next((obj for of in none.children if of.lower_ == "of" for obj in of.children), None)
        if group is None or group.lower_ in ("which", "whom", "them", "these", "those") or any(
                c.lower_ in ANAPHORIC_DETERMINERS or c.lower_ in FALSE_MODIFIERS for c in group.children):
            return None  # "none had resulted in an arrest", "none of those 10 alerts", "seven false alerts, none
            # of which resulted in an arrest": no wrongful arrests, which no metric counts
        if verb.lower_ in _OUTCOME_VERBS:
            for prep in verb.children:
                for noun in prep.children if prep.dep_ == "prep" and prep.lower_ in ("to", "in") else ():
                    metric = self._singular_metric(noun) or self._noun_metric(noun)
                    if noun.dep_ == "pobj" and metric in ZERO_METRICS:
                        return metric, noun
                    if noun.dep_ == "pobj" and self._noun_metric(group) == "alerts" and any(
                            c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
                        return "false_alerts", group  # "none of its recent alerts led to wrong interventions"
        return None

    def _in_condition(self, token: Token) -> bool:
        """In a condition ("if no alerts are raised") or in what is said of any one thing ("a template that
        causes no alert is deleted", in the present), not of what happened ("a deployment that led to no arrests")."""
        clause = self._verb_above(token)
        if clause is None:
            return False
        relative = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
        generic = relative is not None and any(c.dep_ == "det" and (c.lower_ in ("any", "every", "each") or (
            c.lower_ in ("a", "an") and relative.tag_ in ("VBZ", "VBP"))) for c in relative.head.children)
        # "No such trial would start without a consultation": what would or will happen is no count
        modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in clause.children)
        return generic or modal or any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in clause.children)

    def _denied_noun(self, doc: Doc, token: Token) -> tuple[int, ZeroCount] | None:
        """ "not a single arrest was made": (the token standing for the number, the zero)."""
        for gap in range(5):
            at = token.i + 1 + gap
            if gap and (at - 1 >= len(doc) or doc[at - 1].pos_ not in _DENIAL_GAP_POS):
                return None
            words = tuple(t.lower_ for t in doc[at : at + 2])
            outcome = gap and any(t.lower_ in _OUTCOME_VERBS for t in doc[token.i + 1 : at])
            # "There has never been a false alert": what there has never been is none at all
            existential = gap and doc[at - 1].lower_ in ("been", "be") and any(
                t.dep_ == "expl" for t in doc[token.sent.start : token.i])
            for count in (("a",), ("an",)) if existential else _DENIED_COUNTS if not gap or outcome else _EMPHATIC:
                if words[: len(count)] != count:
                    continue
                last = at + len(count) - 1
                if count == ("one",) and of_them_at(doc, last + 1):  # "Not one of them was flagged"
                    return self._denied_one_of_them(doc, token, last)
                noun = _noun_after(doc, last + 1)
                if noun is None:
                    return None
                metric = self._singular_metric(noun)
                if metric is None and noun.lower_ in FIGURE_PEOPLE_NOUNS:
                    metric = _verb_after(doc, noun.i)  # "not a single person officers were looking for was identified"
                if metric is None and gap and (noun.lower_ in FIGURE_PEOPLE_NOUNS or
                                               noun.lower_ + "s" in FIGURE_PEOPLE_NOUNS):
                    # "failed to catch a single criminal", "did not arrest one suspect": the denied verb's count
                    metric = next((FIGURE_VERBS[t.lower_] for t in doc[token.i + 1 : at]
                                   if t.lower_ in FIGURE_VERBS), None)
                if metric == "alerts" and noun.dep_ in ("nsubj", "nsubjpass") and self._says_false(noun.head):
                    metric = "false_alerts"  # "Not a single alert has been wrong"
                if metric == "arrests" and any(c.lower_ in ("wrongly", "wrongfully", "unlawfully", "mistakenly") or (
                        c.dep_ in ("prep", "advcl") and any(t.lower_ in FALSE_MODIFIERS for t in c.subtree))
                                               for c in noun.head.children):
                    # "Not a single person was wrongly arrested", "not one arrest came about because of a false
                    # alert": no wrongful arrest is no count
                    return None
                if metric in ZERO_METRICS:
                    return last, ZeroCount(token.i, metric, noun)
                return None
        return None

    def _denied_one_of_them(self, doc: Doc, token: Token, one: int) -> tuple[int, ZeroCount] | None:
        """ "Not one of them was flagged": no one of a group named before, counted by what the sentence denies
        happened to them."""
        verb = doc[one].head if doc[one].dep_ in ("nsubj", "nsubjpass") else None
        metric = FIGURE_VERBS.get(verb.lower_) if verb is not None else None
        if metric == "alerts" and self._says_false(verb):
            metric = "false_alerts"
        return (one, ZeroCount(token.i, metric, None)) if metric in ZERO_METRICS else None

    def _denied_false_alert(self, doc: Doc, token: Token) -> tuple[int, ZeroCount] | None:
        """ "it did not wrongly flag anyone": a denied wrong identification of anybody."""
        verb = token.head
        if token.dep_ != "neg" or not _says_wrongly(verb):
            return None
        for nobody in verb.children:
            if nobody.dep_ in ("dobj", "nsubjpass") and nobody.lower_ in _NOBODY:
                return token.i, ZeroCount(token.i, "false_alerts", nobody)
        return None

    def _singular_subject_zero(self, no: Token) -> ZeroCount | None:
        """ "no alert led to an incorrect intervention": the noun's metric, false alerts when its verb says the
        thing it did was wrong."""
        noun = no.head
        metric = self._singular_metric(noun)
        if metric not in ZERO_METRICS:
            return None
        verb = noun.head
        if metric == "alerts" and verb.pos_ in ("VERB", "AUX"):
            outcome = [t for t in verb.subtree if t.dep_ in ("pobj", "dobj", "attr", "acomp") and t.i > verb.i]
            wrong = [t for t in outcome if {t.lower_, *(c.lower_ for c in t.lefts)} & FALSE_MODIFIERS]
            if self._says_false(verb) or wrong:
                metric = "false_alerts"
        return ZeroCount(no.i, metric, noun)

    def _singular_metric(self, noun: Token) -> str | None:
        """Metric of a counted noun in the singular, as of its plural: "a single false match"."""
        metric = self._noun_metric(noun)
        if metric is not None:
            return metric
        lower = noun.lower_
        for plural in (lower + "s", lower + "es"):
            metric = FIGURE_NOUNS.get(plural)
            if metric is not None:
                if metric == "alerts" and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
                    return "false_alerts"
                return metric
        return None


def _noun_after(doc: Doc, i: int) -> Token | None:
    """The noun a denial counts: the first noun after it, past adjectives ("a single false match")."""
    for token in doc[i : i + 4]:
        if token.pos_ in ("NOUN", "PROPN") or (token.lower_ == "positive" and doc[token.i - 1].lower_ == "false"):
            return token  # "a single false positive", the tagger reading "positive" as an adjective
        if token.pos_ not in ("ADJ", "VERB") and not token.is_quote:
            return None
    return None


def _verb_after(doc: Doc, i: int) -> str | None:
    """Metric of the first metric verb after a denied person, in the same clause."""
    for token in doc[i + 1 : i + 12]:
        if token.lower_ in _CLAUSE_END:
            return None
        if token.pos_ == "VERB":
            metric = FIGURE_VERBS.get(token.lower_)
            if metric and metric != "deployments":
                return "false_alerts" if _says_wrongly(token) else metric
    return None


def _reported_done(verb: Token) -> bool:
    """A passive verb that reports what was done, rightly: "no one was arrested", not "to make sure that no one is
    wrongly arrested" (a wish, and a wrongful arrest) nor "no one had been arrested after an incorrect match"."""
    if any(child.dep_ == "auxpass" and child.lower_ in ("is", "are", "be") for child in verb.children):
        return False
    return not any(t.lower_ in FALSE_MODIFIERS or t.lower_ in FALSE_VERB_ADVERBS for t in verb.subtree)


def _says_wrongly(verb: Token) -> bool:
    """A verb of a wrong identification: "wrongly flagged", "misidentified"."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if FIGURE_VERBS.get(verb.lower_) == "false_alerts":
        return True
    return FIGURE_VERBS.get(verb.lower_) == "alerts" and any(c.lower_ in FALSE_VERB_ADVERBS for c in verb.children)


def a_single_counts_one(doc: Doc, i: int) -> bool:
    """Whether the "single" at ``i`` counts one, as "one" does: "has produced just a single incorrect alert"; not
    after a denial (the zeros read "not a single arrest"), not in "a single-day event" or "single mothers", and not
    where it names the one thing that held the others ("12 arrests in a single deployment"; "resulted in a single
    arrest" counts)."""
    after = doc[i + 1] if i + 1 < len(doc) else None
    if i == 0 or doc[i - 1].lower_ != "a" or after is None or not after.is_alpha or doc[i].whitespace_ == "":
        return False
    if any(t.lower_ in _DENIALS for t in doc[max(doc[i].sent.start, i - 5) : i]):
        return False
    noun = doc[i].head
    prep = noun.head if noun.dep_ == "pobj" else None
    return prep is None or prep.lower_ in ("to", "of") or (prep.lower_ == "in" and prep.head.lower_ in _RESULT_FORMS)


def _ends_line(token: Token) -> bool:
    """Whether a word is the last of its line, a full stop aside."""
    rest = token.doc[token.i + 1 : token.i + 3]
    return not len(rest) or "\n" in rest[0].text or (rest[0].text == "." and (len(rest) == 1 or "\n" in rest[1].text))
