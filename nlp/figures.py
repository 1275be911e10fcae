"""Component ``lfrwatch_figures``: numbers that count something about policing
or live facial recognition, with value, unit, metric, qualifier, period and
who claims them.

A number is a figure only when the words around it say what it counts: a
counted noun ("1,000 arrests"), a verb ("arrested 40 people", "deployed 180
times"), a currency, a clause ("773 had led to a charge or caution") or an
earlier figure of the same sentence it elides ("Haringey with 21 deployments
and Westminster with 19"). Dates, ages, times, phone numbers and numbers that
count anything else fall out by that rule rather than by a list of exceptions.

Zero written in words is a figure (:mod:`~lfrwatch.nlp.figure_zeros`), and so is
a number counted by its surroundings (:mod:`~lfrwatch.nlp.figure_parts`): a count
in brackets after its category, a part of a figure given before it, as is a
count in a table's row under a header naming its column's metric
(:mod:`~lfrwatch.nlp.figure_tables`). Vague amounts ("hundreds of") are not figures.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .attribution import SpeakerResolver, is_reporting_verb, subject_of
from .docutils import CharRanges, paragraph_spans, register_extensions, start_of_sentence_before
from .figure_conventions import (
    about_retrospective_only,
    arrested_and_charged,
    capacity_rate,
    classed_false,
    crowd_size,
    missing_people,
    national_total,
    officers_harmed,
    reshuffled,
    vague_scale,
)
from .figure_metrics import _STRONG_METRICS, FigureMetrics
from .figure_noncounts import not_a_count
from .figure_nouns import COMPOUND_REACH, following_noun, shared_subject
from .figure_parts import REST_WORDS, FigureParts, elided_metric
from .figure_words import OCCASION_WORDS
from .figure_zeros import FigureZeros, a_single_counts_one
from .figure_periods import period_antecedents, period_candidates, period_for, period_matcher, same_period_words
from .lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DATA_NOUNS,
    SCALE_WORDS,
    TIME_UNITS,
    VAGUE_NUMBERS,
)
from .numbers import fraction_before, fraction_of, parse_number, tidy_value, whole_count
from .figure_tables import breakdown_metric, fact_box_metric, table_metric
from .periods import MONTHS, rate_unit_days

_RANGE_WORDS = frozenset({"to", "-", "–", "—", "and", "or"})
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
# Token shapes of numbers written with a scale suffix: "1.2bn", "20k", "£3,242k", "3.5mn", "20million" (a shape
# keeps four letters at most).
_SUFFIXED_SHAPES = sorted(
    {f"{digits}{tail}" for digits in ("d", "dd", "ddd", "d.d", "d.dd", "dd.d", "ddd.d", "d,ddd", "dd,ddd", "ddd,ddd")
     for tail in ("x", "xx", "xxx", "xxxx", "x+", "xx+")}  # "1.4m", "2m+"
)
# Verbs that say nothing of what a number counts: "540 were made", "41 were recorded".
_NEUTRAL_VERBS = frozenset(
    {"made", "make", "recorded", "carried", "was", "were", "is", "are", "be", "been", "followed", "came", "took",
     "happened", "occurred", "produced", "generated", "logged", "registered", "reported", "counted", "taken"}
)
_SHOW_VERBS = frozenset(
    {"show", "shows", "showed", "shown", "reveal", "reveals", "revealed", "suggest", "suggests", "suggested", "indicate", "indicates", "indicated"}
)
#: The halves of a hyphenated number word: "seventy-five".
_TENS_WORDS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
_UNIT_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"})
#: Words on a verb that say it was not (or not yet) done: "one van will be sent".
_NOT_DONE = frozenset({"not", "n't", "never", "will", "would", "could", "can", "may", "might", "should", "must"})


@Language.factory(
    "lfrwatch_figures",
    requires=["doc.ents", "token.dep", "doc._.quotes", "doc._.people"],
    assigns=["doc._.figures"],
    default_config={"rate_distance": 3, "max_climb": 8, "skip_headline": True},
)
def make_figures(nlp: Language, name: str, rate_distance: int, max_climb: int, skip_headline: bool):
    return FigureFinder(nlp.vocab, rate_distance=rate_distance, max_climb=max_climb, skip_headline=skip_headline)


class FigureFinder(FigureMetrics, FigureParts, FigureZeros):
    def __init__(self, vocab, rate_distance: int = 3, max_climb: int = 8, skip_headline: bool = True):
        register_extensions()
        self.rate_distance = rate_distance
        self.max_climb = max_climb
        self.skip_headline = skip_headline
        self.numbers = Matcher(vocab)
        self.numbers.add(
            "NUMBER",
            [
                [{"LIKE_NUM": True}],
                [{"LOWER": {"IN": sorted(VAGUE_NUMBERS)}}],
                [{"SHAPE": {"IN": _SUFFIXED_SHAPES}}],
                [{"LOWER": {"IN": sorted(OCCASION_WORDS)}}],
                [{"LOWER": "single"}],
                [{"LOWER": {"IN": sorted(f"{word}+" for word in SCALE_WORDS if len(word) > 2)}}],  # "2 million+"
            ],
        )
        self.periods = period_matcher(vocab)

    # --- numbers ---------------------------------------------------------------

    def number_groups(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of written numbers: "1,000", "3 million", "£1.2bn", "1.4m"."""
        hits = sorted({start for _, start, _ in self.numbers(doc)
                       if doc[start].lower_ != "single" or a_single_counts_one(doc, start)})
        groups: list[list[int]] = []
        for i in hits:
            if groups:
                last = groups[-1]
                # Digits and words join only as one number: "3 million", "twenty five"; "Since June 2015 three
                # forces" (a year, then a count) and "two 14-year-old boys" (a count, then an age) are two.
                joined = i == last[1] and (doc[i].lower_.rstrip(".+") in SCALE_WORDS or (
                    doc[i - 1].is_alpha and doc[i].is_alpha and doc[i - 1].ent_type_ != "ORDINAL"))  # not "first nine"
                # "one hundred and twenty", "tens of thousands"
                joined = joined or (
                    i == last[1] + 1
                    and (
                        (doc[i - 1].lower_ == "and" and doc[i - 2].lower_ in ("hundred", "thousand"))
                        or (doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in VAGUE_NUMBERS and doc[i].lower_ in VAGUE_NUMBERS)
                        or _joined_by_hyphen(doc, i)
                    )
                )
                # "one and a half million", "one-and-a-half million"
                joined = joined or (doc[i].lower_ in SCALE_WORDS and _and_a_half_before(doc, i) == last[1])
                if joined:
                    last[1] = i + 1
                    continue
            groups.append([i, i + 1])
        result = []
        for start, end in groups:
            # "1.4" + "m" written together.
            if end < len(doc) and doc[end].lower_.rstrip(".") in SCALE_WORDS and doc[end - 1].whitespace_ == "" and doc[end - 1].like_num:
                end += 1
            result.append((start, end))
        return result

    # --- periods (lfrwatch.nlp.figure_periods) -----------------------------------

    def period_candidates(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(start, end, text, kind) of period phrases; kind is rate, to_date or date."""
        return period_candidates(doc, self.periods)

    def period_for(self, start: int, end: int, sentence: Span, candidates) -> tuple[str | None, int | None]:
        """The period of a figure: a rate right after it, else the nearest
        period phrase of its sentence. Returns (text, end token of a rate)."""
        return period_for(start, end, sentence, candidates, self.rate_distance)

    # --- claimant ---------------------------------------------------------------

    def claimant_for(self, root: Token, sentence: Span, resolver: SpeakerResolver, quoted) -> dict | None:
        node, steps = root.head, 0
        while steps < self.max_climb:
            # A verb on another line (a headline or byline the parse ran on
            # into) is passed over, never taken as the reporting verb.
            inside = sentence.start <= node.i < sentence.end
            if inside and not quoted(node.idx) and is_reporting_verb(node):
                subject = subject_of(node, inside=lambda i: quoted(node.doc[i].idx))
                if subject is not None and subject.i != root.i:
                    return resolver.resolve(subject)
            if inside and not quoted(node.idx) and node.lower_ in _SHOW_VERBS:
                # "Figures obtained by Liberty showed 18 false alerts"
                subject = shared_subject(node)
                if subject is not None and subject.lower_ in DATA_NOUNS:
                    return resolver.resolve(subject)
            if node.head.i == node.i:
                break
            node, steps = node.head, steps + 1
        # "..., the force said." hanging off the main verb, or "according to X".
        for token in sentence:
            if quoted(token.idx) or token.i == root.i:
                continue
            # "..., the force has confirmed": a clause joined without "and" is an attribution.
            tail = token.dep_ in ("parataxis", "advcl") or (
                token.dep_ == "conj"
                and not any(c.dep_ == "cc" for c in token.children)
                and not any(c.dep_ == "cc" and token.head.i < c.i < token.i for c in token.head.children)
                and (token.left_edge.text == "," or (token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].text == ","))
            )
            if token.lower_ == "according" or (tail and token.i > root.i):
                if is_reporting_verb(token):
                    subject = subject_of(token)
                    if subject is not None:
                        return resolver.resolve(subject)
        return None

    # --- the component ----------------------------------------------------------

    def _headline_end(self, text: str) -> int:
        """End of the first line when it is a headline (short, no final stop): its figures count only when
        they count a force's own metrics (arrests, alerts, deployments...), not "Three towns to get vans"."""
        if not self.skip_headline:
            return -1
        spans = paragraph_spans(text[:2000])
        if not spans:
            return -1
        start, end = spans[0]
        line = text[start:end]
        if len(line.split()) <= 25 and not line.rstrip().endswith((".", "!", "?", '"', "”", ":")):
            return end
        return -1

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens on each access: read it once
        furniture = CharRanges(figure_furniture(text, doc._.boilerplate))
        headline_end = self._headline_end(text)
        quotes = doc._.quotes or []
        quoted = CharRanges([(q["start"], q["end"]) for q in quotes])
        quote_starts = [q["start"] for q in quotes]
        resolver = SpeakerResolver(doc)
        turns = sorted(doc._.speaker_turns or [])
        turn_starts = [t[0] for t in turns]
        periods = None
        line_starts: list[int] = []
        zeros = self.zero_counts(doc)
        retrospective_only = about_retrospective_only(text)
        groups = sorted(set(self.number_groups(doc)) | {(i, i + 1) for i in zeros})
        figures: list[dict] = []
        accepted: list[tuple[int, int, str, str | None, int]] = []  # (sentence start, token start, metric, unit, prep)
        pending_range: dict | None = None
        for k, (start, end) in enumerate(groups):
            first = doc[start]
            if first.idx in furniture or _list_number(doc, start, end):
                continue
            words = self._group_words(doc, start, end)
            parsed = (0, False) if start in zeros else parse_number(words) if words else None
            if parsed is None or parsed[1] or vague_scale(doc, start):
                continue  # vague amounts ("hundreds of", "tens of thousands", "several hundred") are no claim
            value, vague = parsed
            unit = None
            phrase_start = start
            if start > 0 and doc[start - 1].text in CURRENCY_SYMBOLS:
                unit = CURRENCY_SYMBOLS[doc[start - 1].text]
                phrase_start = start - 1
            elif (after := _word_after(doc, end)) < len(doc) and doc[after].lower_ in CURRENCY_WORDS:
                unit = CURRENCY_WORDS[doc[after].lower_]  # "ten million pounds", "a million-pound van"
            if unit is None and (value := whole_count(words, value)) is None:
                pending_range = None
                continue
            if first.lower_ == "single" and start not in zeros:
                phrase_start -= 1  # the "a" of "a single"
            article = _word_before(doc, phrase_start)
            if article >= 0 and doc[article].lower_ in ("a", "an") \
                    and doc[phrase_start].lower_ in SCALE_WORDS | VAGUE_NUMBERS.keys():
                phrase_start = article  # "a million", "a dozen"
                half = _word_before(doc, phrase_start)
                if half >= 0 and doc[half].lower_ == "half":
                    phrase_start, value = half, value / 2  # "half a million", "half-a-million"
                elif phrase_start > 2 and doc[phrase_start - 1].lower_ == "of":
                    share, lead = fraction_before(doc, phrase_start - 1)  # "a quarter of a million"
                    phrase_start, value = (lead, round(value * share)) if share else (phrase_start, value)
            elif article >= 1 and doc[phrase_start].lower_ in SCALE_WORDS and \
                    (share := fraction_of([doc[article - 1].text, doc[article].text])):
                phrase_start, value = article - 1, round(value * share)  # "a half million", "a quarter-million"
            if start in zeros:
                phrase_start, metric, noun = zeros[start]
            elif not_a_count(doc, phrase_start, end, value, unit is not None):
                pending_range = None
                continue
            elif unit is not None:
                metric, noun = "money", following_noun(doc, end)
                if self._not_spent(doc, start, end) or _converted_sum(doc, phrase_start, accepted):
                    pending_range = None
                    continue
            elif first.lower_ in OCCASION_WORDS:
                metric, noun = self.occasion_metric(doc, start), None
                if metric is None:
                    pending_range = None
                    continue
            elif table := table_metric(doc, start, end):  # a count in a table's row: its column's header says what
                metric, noun = table, None
            else:
                metric, noun = self.metric_for(doc, start, end, vague)
                metric, noun = self.surroundings_metric(doc, start, end, metric, noun, accepted)
                if metric is None and noun is None:  # "Alerts: 11" on a line of its own, "Robbery – 5" in a list
                    metric = fact_box_metric(doc, start) or breakdown_metric(doc, start, end)
                elif metric is None and noun.i == end:  # "Watchlist: 6,000 people": what the label says they are
                    metric = fact_box_metric(doc, start)
            labels = {t.ent_type_ for t in doc[start:end]}
            if _day_after_date(doc, start, end):
                labels.add("DATE")  # "on October 21 and 23": the 23rd, a day the recogniser left out of the date
            if "DATE" in labels and _THOUSANDS.fullmatch(first.text):
                labels.discard("DATE")  # "across the whole week 29,000 officers": no date is written with a comma
            elif "DATE" in labels and end - start == 1 and first.text.isdigit() and 31 < int(first.text) < 1000 \
                    and doc[end:end + 1].text.lower().rstrip("s") not in TIME_UNITS and doc[end:end + 1].text != "-":
                labels.discard("DATE")  # "up from 43 last year", "the number was 46": no day, year or span of time
            if _day_of_month(doc, start, end):
                pending_range = None
                continue  # "On the day itself, May 6, the deployment will be ...": a day, whatever the sentence counts
            root = self._group_root(doc, start, end)
            sentence = first.sent
            # Ranges: "from 48 to 63 officers", "between 10 and 20 arrests".
            partner = groups[k + 1] if k + 1 < len(groups) else None
            is_range_start = partner is not None and partner[0] - end == 1 and doc[end].lower_ in _RANGE_WORDS
            if metric is None and noun is None and is_range_start:
                if doc[partner[0] - 1].text in CURRENCY_SYMBOLS:
                    metric, unit = "money", CURRENCY_SYMBOLS[doc[partner[0] - 1].text]
                else:
                    metric, noun = self.metric_for(doc, partner[0], partner[1], False)
            if metric is None and noun is None and pending_range is not None and pending_range["end"] == start - 1:
                metric, unit = pending_range["metric"], pending_range["unit"] or unit
            # A bare number elides an earlier figure's noun unless a verb of its
            # own says what it is: "14 led to an arrest and two were resolved".
            own_verb = root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX") and root.head.lower_ not in _NEUTRAL_VERBS
            rest = start > 0 and doc[start - 1].lower_ in REST_WORDS  # "the final two follow next week"
            elided = metric is None and noun is None and not vague and (rest or not own_verb)
            if rest and metric == "arrests" and noun is None and root.head.lower_ == "held" and accepted \
                    and accepted[-1][2] == "deployments":
                metric = "deployments"  # "38 deployments ...; the remaining 35 were held from August": events held
            # "The system raised 11 match alerts; the MPS classed one as false": a part of the alerts, the false ones
            classed = noun is None and metric in (None, "false_alerts") and bool(accepted) \
                and accepted[-1][2] == "alerts" and classed_false(doc, start, end) \
                and accepted[-1][0] >= start_of_sentence_before(sentence)
            if classed:
                metric = "false_alerts"
            elif elided and not labels & _SKIP_LABELS:  # "on July 7, 14 and 16": dates, not elided counts
                metric = elided_metric(doc, start, end, sentence, accepted) \
                    or self.antecedent_metric(doc, start, end)
            if metric in ("alerts", "arrests", None) and missing_people(noun) and not vague:
                metric = "other"  # missing people found are neither alerts nor arrests
            if metric == "alerts" and retrospective_only:
                metric = "other"  # the matches of retrospective searches or an officer's app, not a live system's
            if metric == "alerts" and noun is None and self._says_false(self._verb_above(root)):
                metric = "false_alerts"  # "173 were positive alerts and 2,554 were wrong": the alerts' noun elided
            if first.idx < headline_end and metric not in _STRONG_METRICS | {"money"}:
                pending_range = None
                continue  # a headline counts a force's own metrics and money: "11 arrested in Southend as ..."
            single_word = len(words) == 1 and first.lower_ in ("one", "a", "an", "single") and start not in zeros
            denied = start > 0 and doc[start - 1].lower_ in ("not", "never")  # "not one arrest ... a false alert"
            # A lone "one" counts only beside its noun ("one arrest"): "One was
            # arrested" and "one, a 17-year-old boy, was held" describe a person; after a denial, nothing.
            # "one knife was seized", "records a single facial recognition van": one thing counted, done to
            one_thing = metric == "other" and noun is not None and noun.tag_ == "NN" and first.lower_ in (
                "one", "single") and noun.dep_ in ("nsubjpass", "dobj") and noun.head.pos_ == "VERB" and not any(
                c.dep_ in ("neg", "aux") and c.lower_ in _NOT_DONE for c in noun.head.children)
            if metric is None or (single_word and not classed and not one_thing and (
                    metric not in _STRONG_METRICS or noun is None or denied)):
                pending_range = None
                continue
            if metric == "watchlist_size" and noun is not None and noun.lower_ in ("watchlist", "watchlists") \
                    and (single_word or noun.lower_ == "watchlists"):
                pending_range = None
                continue  # "one watchlist", "two watchlists": lists counted, not the people on them
            if labels & _SKIP_LABELS and metric not in _STRONG_METRICS:
                pending_range = None
                continue
            if (metric == "officers" and officers_harmed(noun)) or crowd_size(noun) or crowd_size(root) \
                    or national_total(metric, value, noun):
                pending_range = None
                continue  # "26 officers were injured": a casualty count; "a crowd of 10,000 people"; "715,296 arrests"
            if metric in ("officers", "staff", "other") and reshuffled(noun, root):
                pending_range = None
                continue
            if metric == "other" and noun is not None and noun.lower_ == "forces" \
                    and _forces_named_before(doc, start, value):
                pending_range = None
                continue  # "... South Wales Police and Gwent Police. The two forces use FRT": no new count
            if unit is None and metric == "money":
                unit = "GBP"
            qualifier, q_start = self.qualifier(doc, phrase_start, vague, words[0])
            if qualifier is None and (doc[end:end + 1].text == "+" and doc[end - 1].whitespace_ == ""
                                      or doc[end - 1].text.endswith("+")):
                qualifier = "more than"  # "160,000+ faces scanned": a floor, as the set's gold writes it
            phrase_end = end
            if noun is not None and noun.i >= end and noun.i - end < COMPOUND_REACH:
                phrase_end = noun.i + 1
            if capacity_rate(doc, phrase_end):
                pending_range = None
                continue  # "scan over 300 faces a second": what a system can do, not a count
            if periods is None:
                periods = [c for c in self.period_candidates(doc) if doc[c[0]].idx not in furniture]
                line_starts = _line_starts(text)
            # A sentence the parser ran across a line break ends at it: a period
            # on another line (a list item, a "Read more" link) is not this figure's.
            scope = sentence
            line = bisect.bisect_right(line_starts, first.idx)
            low = line_starts[line - 1] if line > 0 else 0
            high = line_starts[line] - 1 if line < len(line_starts) else len(text)
            if low > sentence.start_char or high < sentence.end_char:
                clipped = doc.char_span(max(low, sentence.start_char), min(high, sentence.end_char), alignment_mode="contract")
                if clipped is not None and len(clipped):
                    scope = clipped
            period, rate_end = self.period_for(start, phrase_end, scope, periods)
            if rate_end is not None:
                phrase_end = rate_end
            antecedents = period_antecedents(doc, period, scope, periods, root) if period else None
            figure = {
                "value": tidy_value(value),
                "unit": unit,
                "metric": metric,
                "qualifier": qualifier,
                "period": period,
                "claimant": None,
                "text": text[doc[q_start].idx : doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text)],
                "start": doc[q_start].idx,
                "end": doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text),
            }
            if antecedents:
                figure["period_context"] = antecedents
            if elided and period is None and figures and accepted and accepted[-1][0] == sentence.start \
                    and rate_unit_days(figures[-1]["period"]) is not None:
                figure["period"] = figures[-1]["period"]  # "up to 10 times a week instead of four": four a week
            if first.idx in quoted:
                index = bisect.bisect_right(quote_starts, first.idx) - 1
                figure["quote_index"] = index
                figure["speaker"] = quotes[index]["speaker"]
                figure["claimant"] = quotes[index]["speaker"]
            else:
                claimant = self.claimant_for(root, scope, resolver, lambda pos: pos in quoted)
                if claimant is None and turns:
                    # A transcript: the figure is the claim of whoever has the floor.
                    k = bisect.bisect_right(turn_starts, first.idx) - 1
                    if k >= 0:
                        claimant = resolver.person_speaker(turns[k][1])
                if claimant:
                    figure["claimant"] = claimant["speaker"]
                    if claimant.get("anaphor"):
                        figure["claimant_anaphor"] = True
            figures.append(figure)
            if metric == "charges_or_cautions" and arrested_and_charged(self._verb_above(root)):
                figures.append(dict(figure, metric="arrests"))  # "four suspects were arrested and charged": both
            before = doc[start - 1].lower_ if start > 0 else ""
            accepted.append((sentence.start, start, metric, unit, before))
            pending_range = {"end": end, "metric": metric, "unit": unit} if is_range_start else None
        doc._.figures = merge_repeats(figures)
        return doc


_CAPTION_LABEL = re.compile(r"\W{0,3}(?:image|video|media) caption\s*[,:]\s*", re.IGNORECASE)
_PICTURE_SOURCE = re.compile(r"\bimage source\s*[,:][^.!?]{0,60}$", re.IGNORECASE)


def figure_furniture(text: str, boilerplate: list) -> list[tuple[int, int]]:
    """The page furniture figures are not read in: the boilerplate component's lines, but for a caption's
    words after its label ("Image caption, Two "confirmed positive alerts" were registered"), and with the
    description of a picture that names its source ("Two police vans in the centre of a town ... Image source,
    Bedfordshire Police")."""
    ranges = []
    for start, end in boilerplate:
        label = _CAPTION_LABEL.match(text, start, end)
        ranges.append((start, label.end() if label else end))
    for start, end in paragraph_spans(text):
        if _PICTURE_SOURCE.search(text, start, end):
            ranges.append((start, end))
    return ranges


def _forces_named_before(doc: Doc, start: int, value: float) -> bool:
    """ "the two forces" pointing back at as many forces named in the sentence before."""
    if start == 0 or doc[start - 1].lower_ != "the":
        return False
    sentence = doc[start].sent
    if sentence.start == 0:
        return False
    before = doc[sentence.start - 1].sent
    # A force's name ends in "Police" or "Constabulary" after a place: "Gwent Police", "Dyfed-Powys Police".
    named = {t.i for t in before if t.text in ("Police", "Constabulary") and t.i > before.start
             and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].is_title}
    return len(named) == value


def _day_of_month(doc: Doc, start: int, end: int) -> bool:
    """A day written beside its month: the 6 of "May 6" and of "6 May" (the month capitalised, so not "may")."""
    if end - start != 1 or not doc[start].is_digit or not 1 <= int(doc[start].text) <= 31:
        return False
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return any(t is not None and t.is_title and t.lower_ in MONTHS for t in (before, after))


def _day_after_date(doc: Doc, start: int, end: int) -> bool:
    """A day of the month listed after a date: the 23 of "October 21 and 23", "on 7, 14 and 16 July" is read by
    the recogniser; not "on 12 May and 40 more arrests"."""
    if end - start != 1 or not doc[start].is_digit or not 1 <= int(doc[start].text) <= 31 or start < 3:
        return False
    if doc[start - 1].lower_ not in ("and", ",", "or", "&"):
        return False
    day, month = doc[start - 2], doc[start - 3]
    followed = end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN") and doc[end].lower_ not in MONTHS
    return day.is_digit and int(day.text) <= 31 and month.lower_ in MONTHS and not followed


def _converted_sum(doc: Doc, phrase_start: int, accepted: list) -> bool:
    """A sum in brackets right after another sum of the sentence is that sum converted: "£3.5 million (US$4.7
    million)"."""
    if phrase_start < 2 or doc[phrase_start - 1].text != "(" or not accepted:
        return False
    sentence_start, _, metric, _, _ = accepted[-1]
    previous = doc[phrase_start - 2]
    return metric == "money" and sentence_start == doc[phrase_start].sent.start \
        and (previous.like_num or previous.lower_.rstrip(".") in SCALE_WORDS)


def _word_before(doc: Doc, i: int) -> int:
    """The index of the word before token ``i``, past a hyphen joining them ("half-a-million"); -1 at the start."""
    return i - 2 if i > 1 and doc[i - 1].text == "-" else i - 1


def _word_after(doc: Doc, end: int) -> int:
    """The index of the word at ``end``, past a hyphen joining it to a scale word before ("million-pound"; not
    "a 10-pound bag", a weight)."""
    joined = end + 1 < len(doc) and doc[end].text == "-" and doc[end - 1].lower_ in SCALE_WORDS
    return end + 1 if joined else end


def _list_number(doc: Doc, start: int, end: int) -> bool:
    """The number of an item in a numbered list, opening its line: "2. That the council is investing ...",
    "3) Nine arrests were made"."""
    opens_line = start == 0 or "\n" in doc[start - 1].text
    return opens_line and end - start == 1 and doc[start].is_digit and end < len(doc) and doc[end].text in (".", ")")


def _joined_by_hyphen(doc: Doc, i: int) -> bool:
    """A number word joined to the word before by a hyphen written close (the tokenizer splits it in three):
    "seventy-five" (tens, then units), "two-million", "three-hundred" (a number word, then a scale word)."""
    hyphen, before = doc[i - 1], doc[i - 2]
    if hyphen.text not in ("-", "‐") or hyphen.whitespace_ or before.whitespace_:
        return False
    word = doc[i].lower_
    return (before.lower_ in _TENS_WORDS and word in _UNIT_WORDS) or (word in SCALE_WORDS and before.is_alpha)


def _and_a_half_before(doc: Doc, i: int) -> int:
    """Where "and a half" (or "-and-a-half") starts before token ``i``, else -1."""
    k = i
    for word in ("half", "a", "and"):
        k = _word_before(doc, k)
        if k < 0 or doc[k].lower_ != word:
            return -1
    return k - 1 if k > 0 and doc[k - 1].text == "-" else k


def _line_starts(text: str) -> list[int]:
    """Character offsets where a line starts, after the first."""
    starts = []
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts



def merge_repeats(figures: list[dict]) -> list[dict]:
    """One figure per claim: the same value and metric said twice in a text
    (headline, standfirst, body) is kept once, with the details of both."""
    kept: list[dict] = []
    for figure in figures:
        for earlier in kept:
            if earlier["value"] == figure["value"] and earlier["metric"] == figure["metric"] and earlier["unit"] == figure["unit"]:
                if earlier["period"] and figure["period"] and not same_period_words(earlier["period"], figure["period"]):
                    continue
                for key in ("period", "qualifier", "claimant"):
                    if earlier.get(key) is None and figure.get(key) is not None:
                        earlier[key] = figure[key]
                        if key == "claimant":
                            # Said first without attribution: a release's own claim (see analyse()).
                            earlier["claimant_inherited"] = True
                break
        else:
            kept.append(figure)
    return kept