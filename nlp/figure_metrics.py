"""What a number counts, for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): figures of zero ("no
arrests"), the qualifier before a number ("more than"), numbers that count nothing (years, labels, ratios, names),
and the metric read from the counted noun, the verb or the clause around a number.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import (
    ANAPHORIC_DETERMINERS,
    CONTAIN_VERBS,
    CURRENCY_SYMBOLS,
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
    TIMES_NOUNS,
)

# Numbers inside names: "Six Nations", "Covid-19", "Article 8".
_NAME_LABELS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "FAC", "LAW", "PRODUCT", "GPE", "NORP", "PERSON", "LOC"})
_STRONG_METRICS = frozenset({"arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts", "watchlist_size"})
_QUALIFIER_TUPLES = sorted((tuple(q.split()) for q in QUALIFIERS), key=len, reverse=True)
_LONGEST_QUALIFIER = len(_QUALIFIER_TUPLES[0])
_QUALIFIER_WORDS = frozenset(word for q in QUALIFIERS for word in q.split()) | {"the", "a", "an", "another"}
_DURATION_UNITS = frozenset({"day", "week", "fortnight", "month", "year", "hour", "minute", "night", "weekend"})
_SEARCH_VERBS = frozenset({"search", "searches", "searched", "searching"})
_SPORT_WORDS = frozenset({"football", "rugby", "cricket", "league", "cup", "premier", "home", "away", "international", "test", "six"})
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


class FigureMetrics:
    """The methods of :class:`~lfrwatch.nlp.figures.FigureFinder` that read what a number counts."""

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

