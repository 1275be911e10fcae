"""The periods of figures for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): the period phrases of a
text ("per week", "to date", "last year", "between January and March"), the one a figure belongs to, and, for a
period that points back ("in that time", "during the year"), the periods named before it.
"""

from __future__ import annotations

import re

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .attribution import is_reporting_verb
from .docutils import paragraph_spans
from .lexicon import TIME_UNITS

_DATE_PREPOSITIONS = frozenset({"since", "until", "till", "from", "between", "by", "during", "before", "after", "through", "throughout"})
_BARE_DURATION_WORDS = frozenset(
    {u + "s" for u in TIME_UNITS} | {"many", "several", "some", "few", "recent", "decades", "ages", "the", "coming", "weeks"}
)
# Words joining two dates into one stretch: "from May to July", "the year to March".
_SPAN_LINKS = frozenset({"to", "until", "till", "through", "ending"})
_UNIT_WORDS = frozenset(TIME_UNITS | {u + "s" for u in TIME_UNITS})
# Verbs that date a statement or a document, not the figure in it: "figures published this week".
_PUBLICATION_VERBS = frozenset({"published", "released", "issued", "obtained", "updated", "seen", "dated"})
_RELATIVE_TIME_WORDS = frozenset({"earlier", "ago", "later", "before", "after", "previously", "on"})
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "last", "final"})
#: A DATE entity that names days of a month: "15 May", "19 and 21 March", "3rd-5th June 2024".
_NAMED_DAYS = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:,|and|&|-|–|to)\s*\d{1,2}(?:st|nd|rd|th)?)*\s+(?:of\s+)?"
                         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?$", re.IGNORECASE)
_STATEMENT_TIME_WORDS = frozenset({"earlier", "later", "yesterday", "today", "tonight", "recently"})


#: An age given by decade, after a possessive: "in his 50s", "in her early twenties".
_AGE_DECADE = re.compile(r"^(?:(?:his|her|their)\s+)?(?:early\s+|mid\s*-?\s*|late\s+)?(?:\d0s|\w+ties)$", re.IGNORECASE)
_POSSESSIVES = frozenset({"his", "her", "their"})


def period_matcher(vocab) -> Matcher:
    """The matcher of period phrases that are not DATE entities: rates ("per week"), running totals
    ("to date", "currently") and relative periods ("last year", "in that time")."""
    units = sorted(TIME_UNITS | {u + "s" for u in TIME_UNITS})
    periods = Matcher(vocab)
    periods.add("RATE", [[{"LOWER": {"IN": ["per", "a", "an", "each", "every"]}}, {"LOWER": {"IN": units}}]])
    periods.add("RATE", [[{"LOWER": {"IN": ["daily", "weekly", "monthly", "annually", "yearly", "nightly"]}}]])
    periods.add("TO_DATE", [[{"LOWER": a}, {"LOWER": b}] for a, b in (("to", "date"), ("so", "far"), ("in", "total"))])
    periods.add("TO_DATE", [[{"LOWER": "currently"}]])  # "Watchlists currently hold around 16,000 people"
    # A period named earlier, pointed back at: "in that time", "over the same period" (see period_antecedents).
    periods.add("RELATIVE", [
        [{"LOWER": {"IN": ["in", "over", "during", "within", "throughout"]}}, {"LOWER": {"IN": ["that", "this"]}},
         {"LOWER": {"IN": ["time", "period"]}}],
        [{"LOWER": {"IN": ["in", "over", "during", "within", "throughout"]}}, {"LOWER": "the"}, {"LOWER": "same"},
         {"LOWER": {"IN": ["time", "period"]}}],
    ])
    periods.add(
        "RELATIVE",
        [[{"LOWER": {"IN": ["last", "this", "next", "past", "previous"]}}, {"LOWER": {"IN": units}}]],
    )
    return periods


def period_candidates(doc: Doc, matcher: Matcher) -> list[tuple[int, int, str, str]]:
    """(start, end, text, kind) of period phrases; kind is rate, to_date or date."""
    found = []
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        kind = {"RATE": "rate", "TO_DATE": "to_date", "RELATIVE": "date"}[label]
        if kind == "rate" and doc[start].lower_ in ("a", "an") and start > 0 and doc[start - 1].lower_ in ("for", "in", "over", "within"):
            continue
        if kind == "rate" and doc[start].lower_ in ("a", "an") and end < len(doc) and doc[end].lower_ in _RELATIVE_TIME_WORDS:
            continue  # "198 a year earlier": a point in time, not a rate
        if kind == "date":
            if _attached_to_reporting(doc[end - 1], publication_only=True):
                continue
            if start > 0 and doc[start - 1].lower_ in _DATE_PREPOSITIONS:
                start -= 1
        found.append((start, end, doc[start:end].text, kind))
    ents = [ent for ent in doc.ents if ent.label_ == "DATE"]
    joined_to_previous = False
    for k, ent in enumerate(ents):
        if joined_to_previous:
            joined_to_previous = False
            continue
        first = ent[0]
        # "between January 2024 and July this year", "the 12 months to the end of August"
        following = ents[k + 1] if k + 1 < len(ents) else None
        link = doc[ent.end].lower_ if ent.end < len(doc) else ""
        joins = following is not None and following.start == ent.end + 1 and (
            (link == "and" and ent.start > 0 and doc[ent.start - 1].lower_ == "between")
            or (link in _SPAN_LINKS and (ent.start > 0 and doc[ent.start - 1].lower_ == "from" or any(t.lower_ in _UNIT_WORDS for t in ent)))
        )
        if len(ent) == 1 and first.is_digit and not 1800 <= int(first.text) <= 2100:
            continue  # "the 2632 alerts": a count the tagger took for a year
        if _AGE_DECADE.match(ent.text) and (first.lower_ in _POSSESSIVES
                                            or (ent.start > 0 and doc[ent.start - 1].lower_ in _POSSESSIVES)):
            continue  # "One man in his 50s": an age, not a period
        named_days = _NAMED_DAYS.match(ent.text) is not None  # "15 May", "19 and 21 March": days, not a duration
        if first.lower_ in _STATEMENT_TIME_WORDS or (first.like_num and not ent.text[:4].isdigit() and not joins
                                                     and not named_days):
            continue
        counted = first.lower_ in ("the", "a") and len(ent) > 1 and ent[1].like_num
        # "the first quarter of 2025" is a date; "the 12 months to March" a span
        dated_ordinal = counted and ent[1].lower_ in _ORDINAL_WORDS and any(t.is_digit and len(t.text) == 4 for t in ent)
        spans_to = any(t.lower_ in _SPAN_LINKS for t in ent)
        if counted and not dated_ordinal and not joins and not spans_to:
            continue  # "the two days": a duration
        if all(t.lower_ in _BARE_DURATION_WORDS for t in ent):
            continue  # "for months", "in recent years": a duration, no period
        if _attached_to_reporting(ent.root):
            continue
        start, end = ent.start, ent.end
        if joins:
            end = following.end
            joined_to_previous = True
        opened = _span_opening(doc, start)
        if opened is not None:
            start = opened  # "between Monday 8 and Saturday 13 September": the first day is not an entity
        elif start > 0 and doc[start - 1].lower_ in _DATE_PREPOSITIONS:
            start -= 1
        elif _in_since_clause(ent.root):
            # "Since we began using it in August 2024, ...": the clause starts a running total.
            found.append((start, end, "since " + doc[start:end].text, "date"))
            continue
        found.append((start, end, doc[start:end].text, "date"))
    found.sort()
    return found

def _in_since_clause(token: Token) -> bool:
    """A date inside a clause opened by "since": "since it began deploying it in 2024"."""
    node = token.head
    for _ in range(5):
        if node.lower_ == "since" and node.dep_ == "prep":
            return True  # "Since its launch in May 2023"
        if node.pos_ in ("VERB", "AUX"):
            if any(child.dep_ == "mark" and child.lower_ == "since" for child in node.children):
                return True
            if node.dep_ != "xcomp":
                return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False

def _attached_to_reporting(token: Token, publication_only: bool = False) -> bool:
    """A date that times the statement ("said on Monday") or the document
    ("figures published this week"), not the figure."""
    node = token.head
    for _ in range(2):
        if node.lower_ in _PUBLICATION_VERBS and node.dep_ in ("acl", "relcl"):
            return True
        if not publication_only and is_reporting_verb(node):
            return True
        if node.pos_ != "ADP" or node.head.i == node.i:
            return False
        node = node.head
    return False

def period_for(start: int, end: int, sentence: Span, candidates, rate_distance: int) -> tuple[str | None, int | None]:
    """The period of a figure: a rate right after it, else the nearest
    period phrase of its sentence. Returns (text, end token of a rate)."""
    best = None
    best_distance = 10**6
    for p_start, p_end, text, kind in candidates:
        if p_start < sentence.start or p_end > sentence.end or start <= p_start < end:
            continue
        if kind == "rate":
            if 0 <= p_start - end <= rate_distance:
                return text, p_end
            continue
        if kind == "to_date" and len(text.split()) == 1 and not _modifies(sentence.doc[p_start],
                                                                            sentence.doc[start]):
            continue  # "£3.2m for vans shared by forces that do not currently have them": another clause's
        distance = p_start - end if p_start >= end else start - p_end
        if distance < best_distance or (distance == best_distance and len(text) > len(best or "")):
            if _other_clause(sentence.doc[start], sentence.doc[p_end - 1]):
                continue
            best, best_distance = text, distance
    return best, None

def _other_clause(figure: Token, period: Token) -> bool:
    """Whether the period sits in a coordinated clause with its own subject
    ("24 officers will run them, and the cameras are due early next year")."""
    figure_path = [figure, *figure.ancestors]
    on_figure_path = {t.i for t in figure_path}
    for node in [period, *period.ancestors]:
        if node.i in on_figure_path:
            return False  # reached the common ancestor
        if node.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in node.children):
            return True
    return False


#: A period that points back at one named earlier: "the year", "during the week", "in that time", "over the
#: same eleven months", "the whole year". Not "this year" (the year of the text), nor "the next year" or "the
#: past year" (a year of their own).
ANAPHORIC_PERIOD = re.compile(r"^(?:(?:in|during|over|across|throughout|for|within)\s+)?(?:(?:the|that)\s+"
                              r"(?:same\s+(?:[a-z-]+\s+|\d+\s+)?|whole\s+|entire\s+)?"
                              r"(?:year|week|month|fortnight|period|time|years|weeks|months|days)"
                              r"|this\s+(?:time|period))$", re.IGNORECASE)
#: A total over the period the text is about, when its verb is in the past: "Officers received 1,046 alerts in
#: total" in a report on last year. ("The force has made 1,000 arrests in total" is a running total.)
_CONTEXT_TOTALS = frozenset({"in total"})
#: How many earlier periods are offered, nearest first (the pipeline takes the first whose length fits).
_ANTECEDENTS = 3


_WEEKDAY_NAMES = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _span_opening(doc: Doc, start: int) -> int | None:
    """Where "between"/"from" opens a span whose first day the NER left out of the date entity at ``start``:
    "between Monday 8 and [Saturday 13 September]", "from 8 to [13 September]"."""
    if start < 3 or doc[start - 1].lower_ not in ("and", "to", "until"):
        return None
    k = start - 2
    while k > 0 and start - k <= 4 and (doc[k].like_num or doc[k].lower_ in _WEEKDAY_NAMES
                                        or doc[k].lower_ in ("st", "nd", "rd", "th")):
        k -= 1
    return k if k < start - 2 and doc[k].lower_ in ("between", "from") else None


def _modifies(adverb: Token, figure: Token) -> bool:
    """Whether an adverb ("currently") modifies the clause a figure is in: its head is above the figure."""
    return any(node.i == adverb.head.i for node in figure.ancestors)


def _in_past(root: Token) -> bool:
    """Whether the clause of a figure is in the simple past: "received", "were" (not "has made")."""
    node = root
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node.tag_ == "VBD" and not any(c.dep_ == "aux" and c.lower_ in ("has", "have")
                                                  for c in node.children)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def period_antecedents(doc: Doc, period: str, scope: Span, candidates, root: Token) -> list[str] | None:
    """For a period that points back ("during the year", "in that time", a past "in total"), the periods named
    before it in the text, nearest first; the pipeline resolves them and keeps the first whose length fits.
    A past "in total" looks back only to the paragraph before its own."""
    lower = period.lower()
    total = lower in _CONTEXT_TOTALS
    if not (total and _in_past(root)) and not ANAPHORIC_PERIOD.match(lower):
        return None
    at = next((c[0] for c in candidates if c[2] == period and scope.start <= c[0] < scope.end), scope.start)
    earliest = 0
    if total:
        paragraphs = [s for s, _ in paragraph_spans(doc.text[:doc[at].idx])]
        earliest = paragraphs[-2] if len(paragraphs) > 1 else 0
    found: list[str] = []
    for start, end, text, kind in sorted(candidates, key=lambda c: -c[0]):
        if end > at or kind == "rate" or doc[start].idx < earliest:
            continue
        if text.lower() in _CONTEXT_TOTALS or ANAPHORIC_PERIOD.match(text) or text in found:
            continue
        found.append(text)
        if len(found) == _ANTECEDENTS:
            break
    return found or None


_PERIOD_FILLER = frozenset({"in", "during", "over", "for", "the", "a", "an", "of", "across", "throughout"})


def same_period_words(a: str, b: str) -> bool:
    """ "summer" and "during the busiest summer" are one period written twice;
    "2023" and "last year" are not known to be."""
    words_a = {w for w in a.lower().split() if w not in _PERIOD_FILLER}
    words_b = {w for w in b.lower().split() if w not in _PERIOD_FILLER}
    return bool(words_a) and bool(words_b) and (words_a <= words_b or words_b <= words_a)
