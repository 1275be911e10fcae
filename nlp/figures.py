"""Component ``lfrwatch_figures``: numbers that count something about policing
or live facial recognition, with value, unit, metric, qualifier, period and
who claims them.

A number is a figure only when the words around it say what it counts: a
counted noun ("1,000 arrests"), a verb ("arrested 40 people", "deployed 180
times"), a currency, a clause ("773 had led to a charge or caution") or an
earlier figure of the same sentence it elides ("Haringey with 21 deployments
and Westminster with 19"). Dates, ages, times, phone numbers and numbers that
count anything else fall out by that rule rather than by a list of exceptions.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .attribution import DATA_NOUNS, SpeakerResolver, is_reporting_verb, subject_of
from .docutils import CharRanges, paragraph_spans, register_extensions
from .lexicon import (
    ANAPHORIC_DETERMINERS,
    CONTAIN_VERBS,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DEPLOY_VERBS,
    EVENT_NOUNS,
    FALSE_MODIFIERS,
    IMAGE_NOUNS,
    METRIC_NOUNS,
    METRIC_VERBS,
    MULTIPLIER_FOLLOWERS,
    OTHER_POLICING_NOUNS,
    PEOPLE_NOUNS,
    QUALIFIERS,
    RESHUFFLE_VERBS,
    SCALE_WORDS,
    TIME_UNITS,
    TIMES_NOUNS,
    VAGUE_NUMBERS,
)
from .numbers import parse_number, tidy_value
from .periods import rate_unit_days

_RANGE_WORDS = frozenset({"to", "-", "–", "—", "and", "or"})
_SKIP_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
# Numbers inside names: "Six Nations", "Covid-19", "Article 8".
_NAME_LABELS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "FAC", "LAW", "PRODUCT", "GPE", "NORP", "PERSON", "LOC"})
_STRONG_METRICS = frozenset({"arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts", "watchlist_size"})
_QUALIFIER_TUPLES = sorted((tuple(q.split()) for q in QUALIFIERS), key=len, reverse=True)
_LONGEST_QUALIFIER = len(_QUALIFIER_TUPLES[0])
_QUALIFIER_WORDS = frozenset(word for q in QUALIFIERS for word in q.split()) | {"the", "a", "an", "another"}
# Token shapes of numbers written with a scale suffix: "1.2bn", "20k", "3.5mn".
_SUFFIXED_SHAPES = sorted(
    {f"{digits}{tail}" for digits in ("d", "dd", "ddd", "d.d", "d.dd", "dd.d", "ddd.d") for tail in ("x", "xx")}
)
_DATE_PREPOSITIONS = frozenset({"since", "until", "till", "from", "between", "by", "during", "before", "after", "through", "throughout"})
_BARE_DURATION_WORDS = frozenset(
    {u + "s" for u in TIME_UNITS} | {"many", "several", "some", "few", "recent", "decades", "ages", "the", "coming", "weeks"}
)
# Words joining two dates into one stretch: "from May to July", "the year to March".
_SPAN_LINKS = frozenset({"to", "until", "till", "through", "ending"})
_UNIT_WORDS = frozenset(TIME_UNITS | {u + "s" for u in TIME_UNITS})
# Verbs that date a statement or a document, not the figure in it: "figures published this week".
_PUBLICATION_VERBS = frozenset({"published", "released", "issued", "obtained", "updated", "seen", "dated"})
_DURATION_UNITS = frozenset({"day", "week", "fortnight", "month", "year", "hour", "minute", "night", "weekend"})
_SEARCH_VERBS = frozenset({"search", "searches", "searched", "searching"})
# Verbs that say nothing of what a number counts: "540 were made", "41 were recorded".
_NEUTRAL_VERBS = frozenset(
    {"made", "make", "recorded", "carried", "was", "were", "is", "are", "be", "been", "followed", "came", "took",
     "happened", "occurred", "produced", "generated", "logged", "registered", "reported", "counted"}
)
_RELATIVE_TIME_WORDS = frozenset({"earlier", "ago", "later", "before", "after", "previously", "on"})
_SPORT_WORDS = frozenset({"football", "rugby", "cricket", "league", "cup", "premier", "home", "away", "international", "test", "six"})
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "last", "final"})
_SHOW_VERBS = frozenset(
    {"show", "shows", "showed", "shown", "reveal", "reveals", "revealed", "suggest", "suggests", "suggested", "indicate", "indicates", "indicated"}
)
#: A DATE entity that names days of a month: "15 May", "19 and 21 March", "3rd-5th June 2024".
_NAMED_DAYS = re.compile(r"^\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:,|and|&|-|–|to)\s*\d{1,2}(?:st|nd|rd|th)?)*\s+(?:of\s+)?"
                         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?$", re.IGNORECASE)
_STATEMENT_TIME_WORDS = frozenset({"earlier", "later", "yesterday", "today", "tonight", "recently"})
# Words before a number that make it a label, not a count.
_LABEL_WORDS = frozenset(
    {
        "aged", "age", "no", "no.", "number", "section", "article", "page", "room", "flat", "junction", "chapter",
        "clause", "part", "paragraph", "schedule", "question", "episode", "series", "season", "level", "tier",
        "category", "grade", "class", "covid", "uin", "volume", "vol", "vol.", "col", "column", "hc", "deb", "ref",
        "reference", "case", "pc", "route", "bus", "line", "platform", "gate",
    }
)
_WATCHLIST_WORDS = frozenset({"watchlist", "watchlists", "watch-list", "watch-lists"})
_FALSE_VERB_ADVERBS = frozenset({"wrongly", "mistakenly", "falsely", "incorrectly", "wrongfully"})
#: How far after a number the last noun of its counted compound may be: "10 additional mobile live facial
#: recognition vans".
_COMPOUND_REACH = 8
#: Days a technology was used on, counted as deployments: "deployed on six days".
_DEPLOYMENT_DAYS = frozenset({"days", "nights", "evenings", "weekends"})
#: Things police do to people, counted with no metric of their own: "five were stopped and questioned".
_POLICING_ACTS = frozenset({"stopped", "searched", "questioned", "fined", "jailed", "sentenced", "bailed"})
#: Counts whose "no" is a figure of zero: "no false alerts", "no arrests".
_ZERO_METRICS = frozenset({"arrests", "charges_or_cautions", "alerts", "false_alerts", "deployments"})
_CONDITIONS = frozenset({"if", "unless", "whether", "until", "where", "when"})
#: Words between two figures that set the second against the first: "10 a week instead of four".
_CONTRAST_WORDS = frozenset({"while", "whereas", "compared", "against", "versus", "instead"})
_COMPARISON_WORDS = frozenset({"compared", "versus", "against", "from", "than", "up", "down", "to", "with", "and"})


@Language.factory(
    "lfrwatch_figures",
    requires=["doc.ents", "token.dep", "doc._.quotes", "doc._.people"],
    assigns=["doc._.figures"],
    default_config={"rate_distance": 3, "max_climb": 8, "skip_headline": True},
)
def make_figures(nlp: Language, name: str, rate_distance: int, max_climb: int, skip_headline: bool):
    return FigureFinder(nlp.vocab, rate_distance=rate_distance, max_climb=max_climb, skip_headline=skip_headline)


class FigureFinder:
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
            ],
        )
        units = sorted(TIME_UNITS | {u + "s" for u in TIME_UNITS})
        self.periods = Matcher(vocab)
        self.periods.add("RATE", [[{"LOWER": {"IN": ["per", "a", "an", "each", "every"]}}, {"LOWER": {"IN": units}}]])
        self.periods.add("RATE", [[{"LOWER": {"IN": ["daily", "weekly", "monthly", "annually", "yearly", "nightly"]}}]])
        self.periods.add("TO_DATE", [[{"LOWER": a}, {"LOWER": b}] for a, b in (("to", "date"), ("so", "far"), ("in", "total"))])
        self.periods.add("TO_DATE", [[{"LOWER": "currently"}]])  # "Watchlists currently hold around 16,000 people"
        # A period named earlier, pointed back at: "in that time", "over the same period" (see period_antecedents).
        self.periods.add("RELATIVE", [
            [{"LOWER": {"IN": ["in", "over", "during", "within", "throughout"]}}, {"LOWER": {"IN": ["that", "this"]}},
             {"LOWER": {"IN": ["time", "period"]}}],
            [{"LOWER": {"IN": ["in", "over", "during", "within", "throughout"]}}, {"LOWER": "the"}, {"LOWER": "same"},
             {"LOWER": {"IN": ["time", "period"]}}],
        ])
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
            if end < len(doc) and doc[end].lower_.rstrip(".") in SCALE_WORDS and doc[end - 1].whitespace_ == "" and doc[end - 1].like_num:
                end += 1
            result.append((start, end))
        return result

    def zero_counts(self, doc: Doc) -> set[int]:
        """Tokens "no" that state a count of zero: "There were no false alerts", "no arrests were made"; only
        before a plural noun of a count a force keeps (:data:`_ZERO_METRICS`), never in a condition ("if no ...")."""
        found = set()
        for token in doc:
            if token.lower_ != "no" or token.dep_ != "det" or token.head.tag_ != "NNS" or token.head.i <= token.i:
                continue
            if self._noun_metric(token.head) not in _ZERO_METRICS:
                continue
            clause = self._verb_above(token.head)
            if clause is not None and any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in clause.children):
                continue
            found.add(token.i)
        return found

    @staticmethod
    def _group_words(doc: Doc, start: int, end: int) -> list[str]:
        return [t.text for t in doc[start:end] if t.text not in CURRENCY_SYMBOLS]

    @staticmethod
    def qualifier(doc: Doc, start: int, vague: bool, first_word: str) -> tuple[str | None, int]:
        before = tuple(doc[i].lower_ for i in range(max(0, start - _LONGEST_QUALIFIER), start))
        for phrase in _QUALIFIER_TUPLES:
            n = len(phrase)
            if n <= len(before) and before[len(before) - n :] == phrase:
                return doc[start - n : start].text, start - n
        if vague:
            return first_word.lower(), start
        return None, start

    @staticmethod
    def _not_a_count(doc: Doc, start: int, end: int, value: float, has_unit: bool) -> bool:
        """Years, codes, phone numbers, labels ("section 60"), ratios ("one in
        150,000"), multipliers ("three times the number"), names ("Six Nations")."""
        first = doc[start]
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if end - start == 1 and first.is_digit and len(first.text) == 4 and 1800 <= value <= 2100 and not has_unit:
            return True
        if first.is_digit and first.text.startswith("0") and len(first.text) > 1:
            return True
        if before is not None and before.lower_ in _LABEL_WORDS and not has_unit:
            return True
        if before is not None and before.text in ("/", ":", ".", "#", "-") and before.whitespace_ == "":
            return True  # "v.2", "10:30", "#3"
        if after is not None and after.text in ("/", ":", ")") and end + 1 < len(doc) and doc[end + 1].like_num:
            return True
        if after is not None and (after.text == "%" or (after.lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent")):
            return True  # shares and rates are not counts
        if after is not None and after.lower_ == "in" and first.lower_ in ("one", "1", "a") and end + 1 < len(doc) and (doc[end + 1].like_num or doc[end + 1].lower_ == "every"):
            return True
        j = start - 1
        if j >= 0 and doc[j].lower_ == "every":
            j -= 1
        if j >= 1 and doc[j].lower_ == "in" and doc[j - 1].lower_ in ("one", "1", "a"):
            return True
        if after is not None and after.lower_ == "times" and end + 1 < len(doc) and doc[end + 1].lower_ in MULTIPLIER_FOLLOWERS:
            return True
        hyphenated = after is not None and after.text in ("-", "‐") and after.whitespace_ == "" and first.whitespace_ == ""
        if hyphenated and end + 1 < len(doc) and doc[end + 1].lower_ in _DURATION_UNITS:
            return True  # "a two-day deployment", "a 12-week consultation": a length of time
        if before is not None and before.lower_ in ANAPHORIC_DETERMINERS:
            return True
        if before is not None and before.lower_ in ("every", "each", "any", "no") and first.lower_ in ("one", "1"):
            return True  # "Every one of these arrests is someone ..."
        if start >= 2 and before.lower_ == "the" and doc[start - 2].lower_ == "of" and not has_unit:
            return True  # "Of the 540 people arrested": a figure given before
        if any(t.ent_type_ in _NAME_LABELS for t in doc[start:end]) and not has_unit:
            return True
        return False

    # --- what is counted -------------------------------------------------------

    @staticmethod
    def _following_noun(doc: Doc, end: int) -> Token | None:
        """The noun right after a number: "1,000 arrests", "16,000-strong watchlist"."""
        i = end
        limit = min(len(doc), end + 5)
        while i < limit:
            token = doc[i]
            # "2,300 faces a day were scanned": a counted noun the tagger took for a verb.
            mistagged = (
                i == end and token.pos_ == "VERB" and token.tag_ == "VBZ" and token.lower_ in METRIC_NOUNS
                and doc[end - 1].dep_ in ("nsubj", "nummod")
            )
            if (token.pos_ in ("NOUN", "PROPN") or mistagged) and not token.like_num:
                # Take the last noun of a compound: "budget shortfall", "police staff", "facial recognition vans"
                # (a compound may run past the words searched for its first noun).
                while i + 1 < len(doc) and i + 1 < end + _COMPOUND_REACH and doc[i + 1].pos_ in ("NOUN", "PROPN") and (
                        token.dep_ == "compound" or doc[i + 1].lower_ in METRIC_NOUNS):
                    i += 1
                    token = doc[i]
                return token
            if token.pos_ == "ADJ" or token.text in ("-", "–") or token.dep_ in ("amod", "compound") or token.lower_ in ("more", "other", "such", "new", "further", "additional", "extra"):
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

    @staticmethod
    def _verb_above(token: Token, limit: int = 4) -> Token | None:
        node, steps = token.head, 0
        while steps < limit:
            if node.pos_ in ("VERB", "AUX"):
                return node
            if node.head.i == node.i:
                return None
            node, steps = node.head, steps + 1
        return None

    @staticmethod
    def _of_object(token: Token) -> Token | None:
        """X in "<token> of X"."""
        for child in token.children:
            if child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    @staticmethod
    def _noun_metric(noun: Token) -> str | None:
        lower = noun.lower_
        metric = METRIC_NOUNS.get(lower)
        if metric is None and lower in ("list", "lists") and any(c.lower_ == "watch" for c in noun.lefts):
            return "watchlist_size"
        if metric is None and lower in ("identifications",) and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
            return "false_alerts"
        if metric == "alerts" and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
            return "false_alerts"
        if metric == "false_alerts" and lower == "positives" and not any(c.lower_ == "false" for c in noun.lefts):
            return None
        return metric

    @staticmethod
    def _says_false(verb: Token | None) -> bool:
        """ "... were false", "... were false alerts", "wrongly flagged"."""
        for _ in range(3):  # "were later judged to be false"
            if verb is None:
                return False
            following = None
            for child in verb.children:
                if child.dep_ in ("acomp", "attr", "oprd") and (child.lower_ in FALSE_MODIFIERS or any(c.lower_ in FALSE_MODIFIERS for c in child.lefts)):
                    return True
                if child.dep_ in ("advmod", "npadvmod") and child.lower_ in _FALSE_VERB_ADVERBS:
                    return True
                if child.dep_ in ("xcomp", "ccomp") and child.i > verb.i:
                    following = child
            verb = following
        return False

    def _verb_metric(self, verb: Token | None) -> str | None:
        if verb is None:
            return None
        if self._says_false(verb) and METRIC_VERBS.get(verb.lower_) in ("alerts", "false_alerts", None):
            return "false_alerts" if METRIC_VERBS.get(verb.lower_) in ("alerts", "false_alerts") else None
        metric = METRIC_VERBS.get(verb.lower_)
        return None if metric == "deployments" else metric

    @staticmethod
    def _watchlist_context(noun: Token, verb: Token | None) -> bool:
        """People or images on/of a watchlist, or held by one."""
        for child in noun.children:
            if child.lower_ in ("on", "of", "in"):
                if any(obj.dep_ == "pobj" and obj.lower_ in _WATCHLIST_WORDS for obj in child.children):
                    return True
        if noun.head.lower_ in ("of", "on") and noun.head.head.lower_ in _WATCHLIST_WORDS:
            return True
        if verb is not None:
            subject = shared_subject(verb)
            if subject is not None and subject.lower_ in _WATCHLIST_WORDS and verb.lower_ in CONTAIN_VERBS:
                return True
            for child in verb.children:
                if child.lower_ == "on" and any(obj.lower_ in _WATCHLIST_WORDS for obj in child.children):
                    return True
        return False

    def _subtree_metric_verb(self, verb: Token) -> str | None:
        """ "had their faces scanned": a metric verb just below the governing verb."""
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "conj") and child.pos_ == "VERB":
                if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                    continue  # "2,000 fans passed the van, but nobody was flagged": another subject's verb
                metric = METRIC_VERBS.get(child.lower_)
                if metric and metric != "deployments":
                    return metric
        return None

    def _people_metric(self, noun: Token) -> str | None:
        verb = self._verb_above(noun)
        if noun.dep_ == "dobj" and noun.head.lower_ in METRIC_VERBS:
            verb = noun.head  # "helped police arrest 146 people": "arrest" is tagged a noun
        if self._watchlist_context(noun, verb):
            return "watchlist_size"
        for child in noun.children:
            if child.dep_ == "acl" and child.pos_ == "VERB":
                metric = METRIC_VERBS.get(child.lower_)
                if self._says_false(child) and metric in ("alerts", None):
                    return "false_alerts" if metric else None
                if metric and metric != "deployments":
                    return metric
        metric = self._verb_metric(verb)
        if metric:
            return metric
        if verb is not None:
            return self._subtree_metric_verb(verb)
        return None

    def metric_for(self, doc: Doc, start: int, end: int, vague: bool) -> tuple[str | None, Token | None]:
        """(metric, counted noun) of the number in tokens [start, end); the
        metric is None when the words around it do not say."""
        root = self._group_root(doc, start, end)
        noun = self._following_noun(doc, end)
        if noun is None and root.dep_ in ("nummod", "quantmod", "compound", "npadvmod") and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= end:
            noun = root.head
        of_object = self._of_object(doc[end - 1])
        if noun is None and of_object is not None and (vague or self._noun_metric(of_object)):
            noun = of_object  # "hundreds of arrests", "Two of those alerts"
        if noun is None:
            if vague:
                return None, None
            return (self._partitive_metric(of_object) or self._clause_metric(root)), None
        metric = self._noun_metric(noun)
        verb = self._verb_above(noun)
        lower = noun.lower_
        if metric == "alerts" and lower in EVENT_NOUNS and (
            noun.head.lower_ in ("at", "during", "across")
            or any(c.dep_ in ("compound", "amod") and c.lower_ in _SPORT_WORDS for c in noun.lefts)
        ):
            metric = None  # "used at 12 football matches": fixtures, not face matches
        if metric in ("alerts",) and self._says_false(verb):
            return "false_alerts", noun
        if metric:
            return metric, noun
        if vague:
            return None, noun  # "hundreds of offenders": too vague to be a claim
        if lower in IMAGE_NOUNS:
            scanned = METRIC_VERBS.get(verb.lower_) == "faces_scanned" if verb is not None else False
            return ("faces_scanned" if scanned else "watchlist_size"), noun
        if lower in TIMES_NOUNS:
            ancestors = list(noun.ancestors)[:6]
            if any(a.lower_ in DEPLOY_VERBS for a in ancestors):
                return "deployments", noun
            if any(a.lower_ in _SEARCH_VERBS for a in ancestors):
                return "other", noun  # "searched the database 25,000 times": retrospective searches
            return None, None  # "compared with 32 times": may elide an earlier figure's noun
        if lower in EVENT_NOUNS and noun.head.pos_ == "ADP" and noun.head.lower_ in ("at", "on", "in", "across", "during"):
            if verb is not None and verb.lower_ in DEPLOY_VERBS:
                return "deployments", noun
        if lower in _DEPLOYMENT_DAYS and noun.head.lower_ == "on" and verb is not None and verb.lower_ in DEPLOY_VERBS:
            return "deployments", noun  # "used the technology on six days" ("for six days" is a length of time)
        if lower in PEOPLE_NOUNS:
            metric = self._people_metric(noun) or self._verb_written_before(doc, start)
            if metric:
                return metric, noun
        if lower in OTHER_POLICING_NOUNS:
            return "other", noun
        return None, noun

    @staticmethod
    def _verb_written_before(doc: Doc, start: int) -> str | None:
        """ "helped police arrest at least 146 people" when the parse does not
        link the verb: the metric verb written just before the number."""
        i = start - 1
        while i >= 0 and start - i <= 4 and doc[i].lower_ in _QUALIFIER_WORDS:
            i -= 1
        if i >= 0:
            metric = METRIC_VERBS.get(doc[i].lower_)
            if metric and metric != "deployments":
                return metric
        return None

    @staticmethod
    def _partitive_metric(group: Token | None) -> str | None:
        """ "773 of those arrested having been charged or cautioned": a part of
        a group (defined by a participle) counted by what is said of the part,
        not by the word that defines the group."""
        if group is None:
            return None
        for definer in group.children:
            if definer.dep_ not in ("acl", "relcl") or definer.pos_ != "VERB":
                continue
            for predicate in definer.children:
                if predicate.dep_ in ("xcomp", "advcl", "conj") and predicate.pos_ == "VERB":
                    metric = METRIC_VERBS.get(predicate.lower_)
                    if metric and metric != "deployments":
                        return metric
        return None

    def _clause_metric(self, root: Token) -> str | None:
        """Metric of a number standing for its noun: "773 had led to a charge or
        caution", "Ten were false alerts", "arrests rose to 1,200", "a
        watchlist of 16,000"."""
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
            metric = self._noun_metric(head.head)
            if metric:
                return metric
        verb = self._verb_above(root)
        if verb is None:
            return None
        if root.dep_ == "dobj":
            # "Officers judged 9 of them to be false alerts"
            for child in verb.children:
                if child.dep_ in ("xcomp", "oprd"):
                    for predicate in [child, *child.children]:
                        if predicate.dep_ in ("attr", "oprd") and predicate.pos_ == "NOUN":
                            metric = self._noun_metric(predicate)
                            if metric:
                                return metric
        if root.dep_ in ("nsubj", "nsubjpass"):
            if self._says_false(verb):
                return "false_alerts"  # "21 were false": only alerts are false here
            for child in verb.children:
                if child.dep_ == "attr" and child.pos_ == "NOUN":
                    metric = self._noun_metric(child)
                    if metric:
                        return metric
                    if child.lower_ in OTHER_POLICING_NOUNS and self._of_object(root) is not None:
                        return "other"  # "More than 100 of them were registered sex offenders"
            metric = self._verb_metric(verb)
            if metric:
                return metric
            if verb.lower_ in _POLICING_ACTS:
                return "other"  # "At least five were stopped and questioned"
            if any(c.dep_ == "prep" and c.lower_ == "of" and any(t.like_num for t in c.subtree) for c in verb.children):
                return "other"  # "Of the 18 people wrongly flagged, 11 were Black": a part of a group counted
            for token in verb.subtree:
                if token.i != root.i and token.dep_ in ("pobj", "dobj", "conj", "attr") and token.pos_ == "NOUN":
                    metric = self._noun_metric(token)
                    if metric in _STRONG_METRICS:
                        return metric
            return None
        if verb.lower_ in CONTAIN_VERBS or verb.lower_ in ("rose", "risen", "rise", "fell", "fallen", "increased", "decreased", "grew", "grown", "dropped", "climbed", "doubled", "reached", "totalled", "stood", "stands", "averaged"):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    subject = child
                    if subject.lower_ in ("number", "total", "tally", "count", "figure", "size"):
                        subject = self._of_object(subject) or subject
                    metric = self._noun_metric(subject)
                    if metric:
                        return metric
        return None

    @staticmethod
    def _reshuffled(noun: Token | None, root: Token) -> bool:
        """Officers moved between teams: "80 officers moving to the West End",
        "90 reassigned to robbery hotspots"."""
        for token in (noun, root):
            if token is None:
                continue
            for child in token.children:
                if child.dep_ in ("acl", "relcl") and child.lower_ in RESHUFFLE_VERBS:
                    return True
            node = token.head
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
            if kind == "rate" and doc[start].lower_ in ("a", "an") and end < len(doc) and doc[end].lower_ in _RELATIVE_TIME_WORDS:
                continue  # "198 a year earlier": a point in time, not a rate
            if kind == "date":
                if self._attached_to_reporting(doc[end - 1], publication_only=True):
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
            if self._attached_to_reporting(ent.root):
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
            elif self._in_since_clause(ent.root):
                # "Since we began using it in August 2024, ...": the clause starts a running total.
                found.append((start, end, "since " + doc[start:end].text, "date"))
                continue
            found.append((start, end, doc[start:end].text, "date"))
        found.sort()
        return found

    @staticmethod
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

    @staticmethod
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

    def period_for(self, start: int, end: int, sentence: Span, candidates) -> tuple[str | None, int | None]:
        """The period of a figure: a rate right after it, else the nearest
        period phrase of its sentence. Returns (text, end token of a rate)."""
        best = None
        best_distance = 10**6
        for p_start, p_end, text, kind in candidates:
            if p_start < sentence.start or p_end > sentence.end or start <= p_start < end:
                continue
            if kind == "rate":
                if 0 <= p_start - end <= self.rate_distance:
                    return text, p_end
                continue
            if kind == "to_date" and len(text.split()) == 1 and not _modifies(sentence.doc[p_start],
                                                                                sentence.doc[start]):
                continue  # "£3.2m for vans shared by forces that do not currently have them": another clause's
            distance = p_start - end if p_start >= end else start - p_end
            if distance < best_distance or (distance == best_distance and len(text) > len(best or "")):
                if self._other_clause(sentence.doc[start], sentence.doc[p_end - 1]):
                    continue
                best, best_distance = text, distance
        return best, None

    @staticmethod
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
        """End of the first line when it is a headline (short, no final stop)."""
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
        furniture = CharRanges(doc._.boilerplate)
        text = doc.text  # built from the tokens on each access: read it once
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
        groups = sorted(self.number_groups(doc) + [(i, i + 1) for i in zeros])
        figures: list[dict] = []
        accepted: list[tuple[int, int, str, str | None, int]] = []  # (sentence start, token start, metric, unit, prep)
        pending_range: dict | None = None
        for k, (start, end) in enumerate(groups):
            first = doc[start]
            if first.idx in furniture or first.idx < headline_end:
                continue
            words = self._group_words(doc, start, end)
            parsed = (0, False) if start in zeros else parse_number(words) if words else None
            if parsed is None:
                continue
            value, vague = parsed
            unit = None
            phrase_start = start
            if start > 0 and doc[start - 1].text in CURRENCY_SYMBOLS:
                unit = CURRENCY_SYMBOLS[doc[start - 1].text]
                phrase_start = start - 1
            elif end < len(doc) and doc[end].lower_ in CURRENCY_WORDS:
                unit = CURRENCY_WORDS[doc[end].lower_]
            if phrase_start > 0 and doc[phrase_start - 1].lower_ in ("a", "an") and doc[phrase_start].lower_ in SCALE_WORDS | VAGUE_NUMBERS.keys():
                phrase_start -= 1  # "a million", "a dozen"
            if self._not_a_count(doc, phrase_start, end, value, unit is not None):
                pending_range = None
                continue
            if unit is not None:
                metric, noun = "money", self._following_noun(doc, end)
            else:
                metric, noun = self.metric_for(doc, start, end, vague)
            labels = {t.ent_type_ for t in doc[start:end]}
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
            elided = metric is None and noun is None and not vague and not own_verb
            if elided:
                metric = self._elided_metric(doc, start, sentence, accepted)
            single_word = len(words) == 1 and first.lower_ in ("one", "a", "an")
            # A lone "one" counts only beside its noun ("one arrest"): "One was
            # arrested" and "one, a 17-year-old boy, was held" describe a person.
            if metric is None or (single_word and (metric not in _STRONG_METRICS or noun is None)):
                pending_range = None
                continue
            if labels & _SKIP_LABELS and metric not in _STRONG_METRICS:
                pending_range = None
                continue
            if metric in ("officers", "staff", "other") and self._reshuffled(noun, root):
                pending_range = None
                continue
            if unit is None and metric == "money":
                unit = "GBP"
            qualifier, q_start = self.qualifier(doc, phrase_start, vague, words[0])
            phrase_end = end
            if noun is not None and noun.i >= end and noun.i - end < _COMPOUND_REACH:
                phrase_end = noun.i + 1
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
            before = doc[start - 1].lower_ if start > 0 else ""
            accepted.append((sentence.start, start, metric, unit, before))
            pending_range = {"end": end, "metric": metric, "unit": unit} if is_range_start else None
        doc._.figures = merge_repeats(figures)
        return doc

    @staticmethod
    def _elided_metric(doc: Doc, start: int, sentence: Span, accepted) -> str | None:
        """A bare number after a figure of the same sentence counts the same
        thing when written in parallel: "Haringey with 21 deployments and
        Westminster with 19", "180 times last year, compared with 32 in 2023"."""
        before = doc[start - 1].lower_ if start > 0 else ""
        for s_start, token_start, metric, unit, prep in reversed(accepted):
            if s_start != sentence.start:
                break
            between = doc[token_start:start]
            if before == prep or before in _COMPARISON_WORDS or any(t.lower_ in _CONTRAST_WORDS for t in between):
                return metric
            return None
        return None


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


def _line_starts(text: str) -> list[int]:
    """Character offsets where a line starts, after the first."""
    starts = []
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def shared_subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with:
    "Watchlists are drawn up ... and held 11,800 people"."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


_PERIOD_FILLER = frozenset({"in", "during", "over", "for", "the", "a", "an", "of", "across", "throughout"})


def _same_period_words(a: str, b: str) -> bool:
    """ "summer" and "during the busiest summer" are one period written twice;
    "2023" and "last year" are not known to be."""
    words_a = {w for w in a.lower().split() if w not in _PERIOD_FILLER}
    words_b = {w for w in b.lower().split() if w not in _PERIOD_FILLER}
    return bool(words_a) and bool(words_b) and (words_a <= words_b or words_b <= words_a)


def merge_repeats(figures: list[dict]) -> list[dict]:
    """One figure per claim: the same value and metric said twice in a text
    (headline, standfirst, body) is kept once, with the details of both."""
    kept: list[dict] = []
    for figure in figures:
        for earlier in kept:
            if earlier["value"] == figure["value"] and earlier["metric"] == figure["metric"] and earlier["unit"] == figure["unit"]:
                if earlier["period"] and figure["period"] and not _same_period_words(earlier["period"], figure["period"]):
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
