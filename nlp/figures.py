"""Component ``lfrwatch_figures``: numbers that count something about policing
or live facial recognition, with value, unit, metric, qualifier, period and
who claims them.

A number is a figure only when the words around it say what it counts: a
counted noun ("1,000 arrests"), a verb ("arrested 40 people", "deployed 180
times"), a currency, or a clause ("773 had led to a charge or caution").
Dates, ages, times, phone numbers and numbers counting anything else are
left out by that rule rather than by a list of exceptions."""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from .attribution import SpeakerResolver, is_reporting_verb, subject_of
from .docutils import CharRanges, register_extensions
from .lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    FALSE_MODIFIERS,
    METRIC_NOUNS,
    METRIC_VERBS,
    OTHER_POLICING_NOUNS,
    PEOPLE_NOUNS,
    QUALIFIERS,
    RESHUFFLE_VERBS,
    SCALE_WORDS,
    TIME_UNITS,
    VAGUE_NUMBERS,
)
from .numbers import is_number_word, parse_number, tidy_value

_RANGE_WORDS = frozenset({"to", "-", "–", "—", "and", "or"})
_SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
_STRONG_METRICS = frozenset({"arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts", "watchlist_size"})
_QUALIFIER_TUPLES = sorted((tuple(q.split()) for q in QUALIFIERS), key=len, reverse=True)
_VERB_ONLY_METRICS = frozenset({"deployments"})  # "used 10 times": only with "times"
_DATE_PREPOSITIONS = frozenset({"since", "until", "till", "from", "between", "by", "during", "before", "after", "through", "throughout"})
_STATEMENT_TIME_WORDS = frozenset({"earlier", "later", "yesterday", "today", "tonight", "recently"})
_TO_DATE = (("to", "date"), ("so", "far"), ("to", "the", "present"), ("as", "of", "now"))
_CLAUSE_VERBS = frozenset({"be", "is", "was", "were", "are", "been", "rose", "risen", "rise", "rises", "fell", "fallen", "fall", "falls",
                           "reached", "reach", "reaches", "totalled", "totaled", "total", "totals", "stood", "stands", "stand",
                           "increased", "decreased", "grew", "grown", "dropped", "climbed", "doubled", "hit", "numbered", "topped", "exceeded"})


@Language.factory(
    "lfrwatch_figures",
    requires=["doc.ents", "token.dep", "doc._.quotes", "doc._.people"],
    assigns=["doc._.figures"],
    default_config={"rate_distance": 3, "max_climb": 8},
)
def make_figures(nlp: Language, name: str, rate_distance: int, max_climb: int):
    return FigureFinder(nlp.vocab, rate_distance=rate_distance, max_climb=max_climb)


class FigureFinder:
    def __init__(self, vocab, rate_distance: int = 3, max_climb: int = 8):
        register_extensions()
        self.rate_distance = rate_distance
        self.max_climb = max_climb
        self.numbers = Matcher(vocab)
        self.numbers.add(
            "NUMBER",
            [
                [{"LIKE_NUM": True}],
                [{"LOWER": {"IN": sorted(VAGUE_NUMBERS)}}],
                [{"LOWER": {"REGEX": r"^\d[\d,]*(?:\.\d+)?(?:bn|mn|m|k)$"}}],
            ],
        )
        units = sorted(TIME_UNITS | {u + "s" for u in TIME_UNITS})
        self.periods = Matcher(vocab)
        self.periods.add("RATE", [[{"LOWER": {"IN": ["per", "a", "an", "each", "every"]}}, {"LOWER": {"IN": units}}]])
        self.periods.add("RATE", [[{"LOWER": {"IN": ["daily", "weekly", "monthly", "annually", "yearly", "nightly"]}}]])
        self.periods.add("TO_DATE", [[{"LOWER": a}, {"LOWER": b}] for a, b in (("to", "date"), ("so", "far"))])
        self.periods.add(
            "RELATIVE",
            [[{"LOWER": {"IN": ["last", "this", "next", "past", "previous"]}}, {"LOWER": {"IN": units}}]],
        )

    # --- numbers ---------------------------------------------------------------

    def number_groups(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of written numbers: "1,000", "3 million", "£1.2bn", "1.4m"."""
        hits = sorted({start for _, start, _ in self.numbers(doc)})
        groups: list[list[int]] = []
        for i in hits:
            if groups:
                last = groups[-1]
                joined = i == last[1]
                # "one hundred and twenty", "tens of thousands"
                joined = joined or (
                    i == last[1] + 1
                    and (
                        (doc[i - 1].lower_ == "and" and doc[i - 2].lower_ in ("hundred", "thousand"))
                        or (doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in VAGUE_NUMBERS and doc[i].lower_ in VAGUE_NUMBERS)
                    )
                )
                if joined:
                    last[1] = i + 1
                    continue
            groups.append([i, i + 1])
        result = []
        for start, end in groups:
            # "1.4" + "m" written together.
            if end < len(doc) and doc[end].lower_ in SCALE_WORDS and doc[end - 1].whitespace_ == "" and doc[end - 1].like_num:
                end += 1
            result.append((start, end))
        return result

    @staticmethod
    def _group_words(doc: Doc, start: int, end: int) -> list[str]:
        return [t.text for t in doc[start:end] if t.text not in ("£", "$", "€")]

    def qualifier(self, doc: Doc, start: int, vague: bool, first_word: str) -> tuple[str | None, int]:
        for phrase in _QUALIFIER_TUPLES:
            n = len(phrase)
            if start - n < 0:
                continue
            if tuple(t.lower_ for t in doc[start - n : start]) == phrase:
                return doc[start - n : start].text, start - n
        if vague:
            return first_word.lower(), start
        return None, start

    # --- what is counted -------------------------------------------------------

    @staticmethod
    def _following_noun(doc: Doc, end: int) -> Token | None:
        """The noun right after a number: "1,000 arrests", "16,000-strong watchlist"."""
        i = end
        limit = min(len(doc), end + 5)
        while i < limit:
            token = doc[i]
            if token.pos_ in ("NOUN", "PROPN") and not token.like_num:
                # Take the last noun of a compound: "budget shortfall".
                while i + 1 < limit and token.dep_ == "compound" and doc[i + 1].pos_ in ("NOUN", "PROPN"):
                    i += 1
                    token = doc[i]
                return token
            if token.pos_ in ("ADJ", "ADV") or token.text in ("-", "–") or token.dep_ in ("amod", "compound"):
                if token.pos_ == "ADV" and token.lower_ not in ("more", "fewer", "less", "additional", "extra", "new"):
                    return None
                i += 1
                continue
            return None
        return None

    @staticmethod
    def _group_root(doc: Doc, start: int, end: int) -> Token:
        for token in doc[start:end]:
            if not (start <= token.head.i < end) or token.head.i == token.i:
                return token
        return doc[end - 1]

    def _verb_above(self, token: Token) -> Token | None:
        node, steps = token.head, 0
        while steps < 4:
            if node.pos_ in ("VERB", "AUX"):
                return node
            if node.head.i == node.i:
                return None
            node, steps = node.head, steps + 1
        return None

    @staticmethod
    def _noun_metric(noun: Token) -> str | None:
        lower = noun.lower_
        metric = METRIC_NOUNS.get(lower)
        if metric is None and noun.lower_ in ("positives", "identifications") and any(c.lower_ == "false" for c in noun.children):
            return "false_alerts"
        if metric is None and lower in ("list", "lists") and any(c.lower_ == "watch" for c in noun.lefts):
            return "watchlist_size"
        if metric in ("alerts",) and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
            return "false_alerts"
        if metric is None and lower in ("people", "persons", "individuals") and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
            return None
        return metric

    def _verb_metric(self, verb: Token | None, *, times: bool) -> str | None:
        if verb is None:
            return None
        lower = verb.lower_
        for child in verb.children:
            if child.dep_ in ("advmod", "npadvmod") and METRIC_VERBS.get(child.lower_) == "false_alerts":
                return "false_alerts"
        metric = METRIC_VERBS.get(lower)
        if metric in _VERB_ONLY_METRICS and not times:
            return None
        if times and metric is None:
            return None
        return metric

    def _clause_metric(self, root: Token) -> str | None:
        """Metric of a number standing alone in a clause: "773 had led to a
        charge or caution", "arrests rose to 1,200", "a watchlist of 16,000"."""
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of":
            owner = head.head
            metric = self._noun_metric(owner) if owner.pos_ in ("NOUN", "PROPN") else None
            if metric:
                return metric
        verb = self._verb_above(root)
        if verb is None:
            return None
        if root.dep_ in ("nsubj", "nsubjpass"):
            metric = self._verb_metric(verb, times=False)
            if metric:
                return metric
            for token in verb.subtree:
                if token.i != root.i and token.dep_ in ("pobj", "dobj", "conj", "attr") and token.pos_ == "NOUN":
                    metric = self._noun_metric(token)
                    if metric in _STRONG_METRICS:
                        return metric
            return None
        if verb.lower_ in _CLAUSE_VERBS:
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    subject = child
                    if subject.lower_ in ("number", "total", "tally", "count", "figure"):
                        for grandchild in subject.children:
                            if grandchild.lower_ == "of":
                                for obj in grandchild.children:
                                    if obj.dep_ == "pobj":
                                        subject = obj
                    return self._noun_metric(subject)
        return None

    def metric_for(self, doc: Doc, start: int, end: int, vague: bool) -> tuple[str | None, Token | None]:
        """(metric, counted noun) of the number in tokens [start, end)."""
        root = self._group_root(doc, start, end)
        noun = self._following_noun(doc, end)
        if noun is None and root.dep_ in ("nummod", "quantmod", "compound", "npadvmod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= end:
            noun = root.head
        if noun is None and vague:
            # "hundreds of arrests"
            for child in doc[end - 1].children:
                if child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            noun = obj
        if noun is not None:
            metric = self._noun_metric(noun)
            if metric:
                return metric, noun
            lower = noun.lower_
            if vague:
                return ("other", noun) if lower in OTHER_POLICING_NOUNS else (None, noun)
            if lower in PEOPLE_NOUNS or lower == "times":
                for child in noun.children:
                    if child.lower_ == "on" or (child.lower_ == "of" and noun.lower_ != "times"):
                        for obj in child.children:
                            if obj.dep_ == "pobj" and self._noun_metric(obj) == "watchlist_size":
                                return "watchlist_size", noun
                    if child.dep_ in ("acl", "relcl", "amod") and child.pos_ == "VERB":
                        metric = self._verb_metric(child, times=lower == "times")
                        if metric:
                            return metric, noun
                if noun.head.lower_ in ("of", "on") and self._noun_metric(noun.head.head) == "watchlist_size":
                    return "watchlist_size", noun
                metric = self._verb_metric(self._verb_above(noun), times=lower == "times")
                if metric:
                    return metric, noun
                if lower in OTHER_POLICING_NOUNS:
                    return "other", noun
                return None, noun
            if lower in OTHER_POLICING_NOUNS:
                return "other", noun
            return None, noun
        if vague:
            return None, None
        return self._clause_metric(root), None

    @staticmethod
    def _reshuffled(noun: Token | None) -> bool:
        """Officers moved between teams: "80 officers moving to the West End"."""
        if noun is None:
            return False
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.lower_ in RESHUFFLE_VERBS:
                return True
        node = noun.head
        for _ in range(2):
            if node.lower_ in RESHUFFLE_VERBS:
                return True
            node = node.head
        return False

    # --- periods ----------------------------------------------------------------

    def period_candidates(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """(start, end, text, kind) of period phrases; kind is rate, to_date or date."""
        found = []
        for match_id, start, end in self.periods(doc):
            label = doc.vocab.strings[match_id]
            kind = {"RATE": "rate", "TO_DATE": "to_date", "RELATIVE": "date"}[label]
            if kind == "rate" and doc[start].lower_ in ("a", "an") and start > 0 and doc[start - 1].lower_ in ("for", "in", "over", "within"):
                continue
            found.append((start, end, doc[start:end].text, kind))
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            first = ent[0]
            if first.lower_ in _STATEMENT_TIME_WORDS or first.like_num and not ent.text[:4].isdigit():
                continue
            if first.lower_ in ("the", "a") and len(ent) > 1 and ent[1].like_num:
                continue
            if self._attached_to_reporting(ent.root):
                continue
            start = ent.start
            text = ent.text
            if start > 0 and doc[start - 1].lower_ in _DATE_PREPOSITIONS:
                start -= 1
                text = doc[start : ent.end].text
            elif start > 1 and doc[start - 2].lower_ == "in" and doc[start - 1].lower_ in ("the",):
                pass
            found.append((start, ent.end, text, "date"))
        found.sort()
        return found

    @staticmethod
    def _attached_to_reporting(token: Token) -> bool:
        node = token.head
        for _ in range(2):
            if is_reporting_verb(node):
                return True
            if node.pos_ != "ADP" or node.head.i == node.i:
                return False
            node = node.head
        return False

    def period_for(self, doc: Doc, start: int, end: int, sentence, candidates) -> str | None:
        best = None
        best_distance = 10**6
        for p_start, p_end, text, kind in candidates:
            if p_start < sentence.start or p_end > sentence.end:
                continue
            if start <= p_start < end:
                continue
            if kind == "rate":
                if 0 <= p_start - end <= self.rate_distance:
                    return text
                continue
            distance = p_start - end if p_start >= end else start - p_end
            if distance < best_distance:
                best, best_distance = text, distance
        return best

    # --- claimant ---------------------------------------------------------------

    def claimant_for(self, root: Token, sentence, resolver: SpeakerResolver, quoted) -> dict | None:
        node, steps = root.head, 0
        while steps < self.max_climb:
            if not quoted(node.idx) and is_reporting_verb(node):
                subject = subject_of(node)
                if subject is not None and subject.i != root.i:
                    return resolver.resolve(subject)
            if node.head.i == node.i:
                break
            node, steps = node.head, steps + 1
        for token in sentence:
            if token.lower_ == "according" and is_reporting_verb(token) and not quoted(token.idx):
                subject = subject_of(token)
                if subject is not None:
                    return resolver.resolve(subject)
        return None

    # --- the component ----------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        furniture = CharRanges(doc._.boilerplate)
        quotes = doc._.quotes or []
        quoted = CharRanges([(q["start"], q["end"]) for q in quotes])
        quote_starts = [q["start"] for q in quotes]
        resolver = SpeakerResolver(doc)
        periods = None
        groups = self.number_groups(doc)
        figures: list[dict] = []
        pending_range: dict | None = None
        for k, (start, end) in enumerate(groups):
            first = doc[start]
            if first.idx in furniture:
                continue
            words = self._group_words(doc, start, end)
            parsed = parse_number(words) if words else None
            if parsed is None:
                continue
            value, vague = parsed
            labels = {t.ent_type_ for t in doc[start:end]}
            unit = None
            phrase_start = start
            if start > 0 and doc[start - 1].text in CURRENCY_SYMBOLS:
                unit = CURRENCY_SYMBOLS[doc[start - 1].text]
                phrase_start = start - 1
            elif end < len(doc) and doc[end].lower_ in CURRENCY_WORDS:
                unit = CURRENCY_WORDS[doc[end].lower_]
            if end < len(doc) and (doc[end].text == "%" or (doc[end].lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent")):
                continue  # shares and rates are not counts
            if len(words) == 1 and first.is_digit and len(first.text) == 4 and 1800 <= value <= 2100 and unit is None:
                continue  # a year
            if first.is_digit and first.text.startswith("0") and len(first.text) > 1:
                continue  # phone numbers, codes
            if start > 0 and doc[start - 1].lower_ in ("aged", "age", "no", "no.", "number", "section", "article", "page", "room", "flat", "junction", "chapter", "clause", "part", "paragraph", "schedule", "question", "episode", "series", "season", "level", "tier", "category", "grade", "class", "covid", "covid-"):
                continue
            if start > 0 and doc[start - 1].text in ("/", ":", "."):
                continue
            if end < len(doc) and doc[end].text in ("/", ":") and end + 1 < len(doc) and doc[end + 1].like_num:
                continue
            if unit is not None:
                metric, noun = "money", self._following_noun(doc, end)
            else:
                metric, noun = self.metric_for(doc, start, end, vague)
            single_word = len(words) == 1 and first.lower_ in ("one", "a", "an")
            if single_word and (metric not in _STRONG_METRICS or doc[end].lower_ == "of" if end < len(doc) else True):
                continue
            if labels & _SKIP_LABELS and metric not in _STRONG_METRICS:
                continue
            # Ranges: "from 48 to 63 officers", "between 10 and 20 arrests".
            partner = groups[k + 1] if k + 1 < len(groups) else None
            is_range_start = partner is not None and partner[0] - end == 1 and doc[end].lower_ in _RANGE_WORDS
            if metric is None and is_range_start and unit is None:
                p_unit = None
                metric, noun = self.metric_for(doc, partner[0], partner[1], False)
                if doc[start - 1].text in CURRENCY_SYMBOLS or doc[partner[0] - 1].text in CURRENCY_SYMBOLS:
                    metric, p_unit = "money", CURRENCY_SYMBOLS.get(doc[partner[0] - 1].text)
                    unit = p_unit
            if metric is None and pending_range is not None and pending_range["end"] == start - 1:
                metric, unit = pending_range["metric"], pending_range["unit"] or unit
            if metric is None:
                pending_range = None
                continue
            if metric in ("officers", "staff", "other") and self._reshuffled(noun):
                pending_range = None
                continue
            if unit is None and metric == "money":
                unit = "GBP"
            qualifier, q_start = self.qualifier(doc, phrase_start, vague, words[0])
            phrase_end = end
            if noun is not None and noun.i >= end and noun.i - end <= 4:
                phrase_end = noun.i + 1
            if periods is None:
                periods = self.period_candidates(doc)
            sentence = first.sent
            period = self.period_for(doc, start, phrase_end, sentence, periods)
            for p_start, p_end, text, kind in periods:
                if kind == "rate" and text == period and 0 <= p_start - phrase_end <= self.rate_distance:
                    phrase_end = p_end
                    break
            figure = {
                "value": tidy_value(value),
                "unit": unit,
                "metric": metric,
                "qualifier": qualifier,
                "period": period,
                "claimant": None,
                "text": doc.text[doc[q_start].idx : doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text)],
                "start": doc[q_start].idx,
                "end": doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text),
            }
            if first.idx in quoted:
                index = bisect.bisect_right(quote_starts, first.idx) - 1
                figure["quote_index"] = index
                figure["speaker"] = quotes[index]["speaker"]
                figure["claimant"] = quotes[index]["speaker"]
            else:
                claimant = self.claimant_for(self._group_root(doc, start, end), sentence, resolver, lambda pos: pos in quoted)
                if claimant:
                    figure["claimant"] = claimant["speaker"]
                    if claimant.get("anaphor"):
                        figure["claimant_anaphor"] = True
            figures.append(figure)
            pending_range = {"end": end, "metric": metric, "unit": unit} if is_range_start else None
        doc._.figures = figures
        return doc
