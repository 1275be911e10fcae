"""What a number counts, for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): the qualifier before a
number ("more than"), sums that are not spent, and the metric read from the counted noun, the verb or the clause
around a number. Numbers that count nothing are :mod:`lfrwatch.nlp.figure_noncounts`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .figure_words import (
    CORRECT_MODIFIERS,
    CHANGE_VERBS,
    COURT_WORDS,
    DEPLOYED_THINGS,
    FALSE_VERB_ADVERBS,
    FIGURE_NOUNS,
    FIGURE_OTHER_NOUNS,
    FIGURE_PEOPLE_NOUNS,
    FIGURE_VERBS,
    MATCH_MODIFIERS,
    MAY_HAPPEN,
    MATCH_NOUNS,
    NOT_COUNTED_NOUNS,
    NOT_SPENT_WORDS,
    SOLVED_VERBS,
    POLICING_ACTS,
    SINGLE_PEOPLE_NOUNS,
)
from .figure_conventions import among_those, banned_on_bail, checked_by_officers, given_charges, given_notices
from .figure_conventions import of_the_people, retrospective_tool, searched_against, sent_back_to_prison, stored_images
from .figure_conventions import a_store_by_its_size, about_stores_only, kept_in_store, later_joined_verbs
from .figure_conventions import taken_off_streets
from .docutils import object_of_preposition
from .figure_nouns import about_deploying, earlier_noun, following_noun, noun_after_bare_of, noun_before
from .figure_nouns import of_them_at, part_group, shared_subject, sought_people, watchlist_context, whole_of_a_part
from .lexicon import (
    CONTAIN_VERBS,
    CURRENCY_SYMBOLS,
    DEPLOY_VERBS,
    EVENT_NOUNS,
    FALSE_MODIFIERS,
    IMAGE_NOUNS,
    QUALIFIERS,
    TIMES_NOUNS,
)

#: Acts of police (of ``POLICING_ACTS``) on the people an alert points to, which "wrongly" makes the sign of a
#: false alert.
_STOPPING_ACTS = frozenset({"stopped", "stop", "stopping", "questioned", "engaged"})
_STRONG_METRICS = frozenset({"arrests", "charges_or_cautions", "deployments", "faces_scanned", "alerts", "false_alerts", "watchlist_size"})
_QUALIFIER_TUPLES = sorted((tuple(q.split()) for q in QUALIFIERS), key=len, reverse=True)
_LONGEST_QUALIFIER = len(_QUALIFIER_TUPLES[0])
_QUALIFIER_WORDS = frozenset(word for q in QUALIFIERS for word in q.split()) | {"the", "a", "an", "another"}
_SEARCH_VERBS = frozenset({"search", "searches", "searched", "searching"})
_SPORT_WORDS = frozenset({"football", "rugby", "cricket", "league", "cup", "premier", "home", "away", "international", "test", "six"})
#: Prepositions that say where or when a counted thing happened, not what it is.
_PLACE_PREPOSITIONS = frozenset({"from", "at", "in", "during", "across", "on", "after", "before"})
#: Days a technology was used on, counted as deployments: "deployed on six days".
_DEPLOYMENT_DAYS = frozenset({"days", "nights", "evenings", "weekends"})


#: Phrases after a verb that say it was done wrongly: "stopped in error".
_IN_ERROR = frozenset({("in", "error"), ("by", "mistake")})
#: Nouns that stand for a count of what follows their "of": "the number of officers", "the fleet of vans".
_WHOLE_NOUNS = frozenset({"number", "total", "tally", "count", "figure", "size", "fleet"})


def _led_to_charges(verb: Token | None) -> bool:
    """ "... resulted in charges", "... led to a charge or caution": a verb of outcome whose object is a charge."""
    return verb is not None and verb.lower_ in ("led", "resulted", "ended") and any(
        prep.dep_ == "prep" and prep.lower_ in ("to", "in") and any(
            FIGURE_NOUNS.get(o.lower_) == "charges_or_cautions" for o in prep.children if o.dep_ == "pobj")
        for prep in verb.children)


def _charges_against_one(noun: Token, verb: Token | None) -> bool:
    """Charges of an offence one person faces ("The man faces two charges of assault", "He was charged with two
    charges of theft"): counts in court, no count of people charged."""
    if noun.lower_ not in ("charges", "charge") or not any(
            c.lower_ == "of" and any(o.dep_ == "pobj" and o.lower_ not in FIGURE_PEOPLE_NOUNS for o in c.children)
            for c in noun.children):
        return False
    subject = shared_subject(verb) if verb is not None else None
    return subject is not None and (subject.lower_ in ("he", "she") or subject.lower_ in SINGLE_PEOPLE_NOUNS
                                    or subject.ent_type_ == "PERSON")


class FigureMetrics:
    """The methods of :class:`~lfrwatch.nlp.figures.FigureFinder` that read what a number counts."""

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

    def _not_spent(self, doc: Doc, start: int, end: int) -> bool:
        """A sum that is no claim about policing: compensation, fraud, stolen goods, property damage ("repaid
        more than £50,000 in compensation", "property worth under £5000")."""
        root = self._group_root(doc, start, end)
        near = [*list(root.ancestors)[:3], *doc[max(0, start - 4) : end + 3]]
        verb = self._verb_above(root)
        if verb is not None:  # what the sum is said of: "the savings to society are estimated at £439,668"
            near += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return any(t.lower_ in NOT_SPENT_WORDS for t in near)

    # --- what is counted -------------------------------------------------------

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
        """X in "<token> of X", also where the parse left "of" no object (:func:`noun_after_bare_of`)."""
        return object_of_preposition(token, "of") or noun_after_bare_of(token)

    @staticmethod
    def _noun_metric(noun: Token) -> str | None:
        lower = noun.lower_
        metric = FIGURE_NOUNS.get(lower)
        if noun.text == "police" and any(c.dep_ == "nummod" for c in noun.children):
            return "officers"  # "more than 11,000 police deployed"; not "Essex Police's", "four Police and Crime ..."
        if metric is None and lower in ("list", "lists") and any(c.lower_ == "watch" for c in noun.lefts):
            metric = "watchlist_size"
        if metric == "watchlist_size" and lower.endswith("lists") and any(c.dep_ == "nummod" for c in noun.children):
            return None  # "drew on three watch lists": a count of lists, not of the people on them
        if metric == "officers" and noun.i + 2 < len(noun.doc) and noun.doc[noun.i + 1].tag_ == "POS" and \
                noun.doc[noun.i + 2].lower_ == "worth":
            return None  # "20,000 police officers' worth of time": time, not officers
        if lower in MATCH_NOUNS and lower != "matches":
            # "three 'positive IDs'", "false identifications"; a bare "IDs" or "identifications" says no more.
            if any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
                return "false_alerts"
            return "alerts" if any(c.lower_ in MATCH_MODIFIERS for c in noun.lefts) else None
        if lower in ("trials", "pilots") and any(c.lower_ in COURT_WORDS for c in noun.lefts):
            return None
        if metric == "arrests" and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
            return None  # "no wrongful arrests": no metric counts wrongful arrests
        if lower == "scans" and getattr(object_of_preposition(noun, "of"), "lower_", None) in IMAGE_NOUNS:
            return "other"  # "scans of immigration database photos" are searches of a store
        if metric == "alerts" and any(c.lower_ in FALSE_MODIFIERS for c in noun.lefts):
            return "false_alerts"
        if lower == "positive" or (metric == "false_alerts" and lower == "positives"):
            # "false positives" ("one false positive", the tagger reading "positive" as an adjective); not a
            # bare "positives" or "positive"
            said_false = any(c.lower_ == "false" for c in noun.lefts) or (noun.i > 0 and noun.doc[noun.i - 1].lower_ == "false")
            return "false_alerts" if said_false else None
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
                if child.dep_ in ("advmod", "npadvmod") and child.lower_ in FALSE_VERB_ADVERBS:
                    return True
                if child.dep_ == "prep" and any(o.dep_ == "pobj" and (child.lower_, o.lower_) in _IN_ERROR
                                                for o in child.children):
                    return True  # "35 people were stopped in error", "flagged by mistake"
                if child.dep_ in ("xcomp", "ccomp") and child.i > verb.i:
                    following = child
            verb = following
        return False

    def _verb_metric(self, verb: Token | None) -> str | None:
        if verb is None:
            return None
        if self._says_false(verb) and FIGURE_VERBS.get(verb.lower_) in ("alerts", "false_alerts", None):
            return "false_alerts" if FIGURE_VERBS.get(verb.lower_) in ("alerts", "false_alerts") else None
        metric = FIGURE_VERBS.get(verb.lower_)
        if metric == "faces_scanned" and checked_by_officers(verb):
            return "other"  # "23 people were checked by officers and allowed to go": stopped, not scanned
        return None if metric == "deployments" else metric

    def _subtree_metric_verb(self, verb: Token) -> str | None:
        """ "had their faces scanned": a metric verb just below the governing verb."""
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "conj") and child.pos_ == "VERB":
                if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "neg") for c in child.children):
                    continue  # "2,000 fans passed the van, but nobody was flagged": another subject's verb; "but
                    # were not arrested": a denied one
                if child.dep_ == "conj" and any(c.dep_ == "dobj" and (c.like_num or any(
                        n.dep_ == "nummod" for n in c.children)) for c in child.children):
                    continue  # "stopped five people and arrested two of them": that verb counts its own
                metric = FIGURE_VERBS.get(child.lower_)
                if metric and metric != "deployments" and not (
                        metric == "faces_scanned" and verb.lower_ in POLICING_ACTS):  # "stopped and checked"
                    return metric
        return None

    def _people_metric(self, noun: Token) -> str | None:
        verb = self._verb_above(noun)
        if noun.dep_ == "dobj" and noun.head.lower_ in FIGURE_VERBS:
            verb = noun.head  # "helped police arrest 146 people": "arrest" is tagged a noun
        if sought_people(noun, verb):
            return "watchlist_size"  # "used to scan the crowd for 50 registered sex offenders": whom it looks for
        if watchlist_context(noun, verb):
            found = self._verb_metric(verb) if verb is not None and verb.lower_ not in CONTAIN_VERBS else None
            # "The cameras picked out seven people on the watchlist": what was done to them, if anything
            return found if found in ("arrests", "alerts", "charges_or_cautions") else "watchlist_size"
        for child in noun.children:
            described = child.dep_ == "acl" or (child.dep_ == "relcl" and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that", "which") for c in child.children))
            if described and child.pos_ == "VERB":  # not "121 people, of whom 84 had been charged"
                metric = self._described_metric(child)
                if metric is not None:
                    return metric
        subject = noun.dep_ in ("nsubj", "nsubjpass")
        metric = (self._coordinated_metric(verb) if subject else None) or self._verb_metric(verb) or among_those(verb)
        if metric:
            return metric
        if verb is not None:
            metric = self._subtree_metric_verb(verb)
            total = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" and \
                noun.head.head.lower_ in ("total", "number") else noun  # "A total of 27 people were spoken to"
            if metric is None and total.dep_ in ("dobj", "nsubjpass") and (
                    verb.lower_ in POLICING_ACTS or sent_back_to_prison(verb) or given_notices(verb)):
                # "Officers stopped seven people", "Five people were recalled to prison", "Nine people were given
                # fixed penalty notices": checked, stopped, dealt with or sent back, not arrested; "five people were
                # wrongly stopped": stopped on a false alert
                return "false_alerts" if verb.lower_ in _STOPPING_ACTS and self._says_false(verb) else "other"
            if metric is None and total.dep_ == "nsubjpass" and given_charges(verb):
                return "charges_or_cautions"  # "Nine people were given cautions"
            return metric
        return None

    def _coordinated_metric(self, verb: Token | None) -> str | None:
        """ "40 persons had been identified and arrested": of verbs sharing the people as subject, the last that
        names a metric says what became of them (not a denied one: "stopped and questioned but not arrested")."""
        if verb is None or verb.pos_ != "VERB":
            return None
        for conjunct in reversed(later_joined_verbs(verb)):
            metric = self._verb_metric(conjunct)
            if metric == "faces_scanned" and verb.lower_ in POLICING_ACTS:
                continue  # "Eight people were stopped and checked": people checked, not faces scanned
            if metric:
                return metric
        return None

    def _described_metric(self, verb: Token) -> str | None:
        """Metric of people described by a participle or relative clause: "75 persons being identified and
        arrested" (the last of coordinated verbs: what became of them), "eight people who were stopped"."""
        found = None
        if any(child.lower_ in MAY_HAPPEN for child in verb.children):
            return None  # "who could then be detained and questioned": what may happen to them
        for described in (verb, *verb.conjuncts):
            if described.i < verb.i or any(child.dep_ == "neg" for child in described.children):
                continue  # "37 people who were flagged but not arrested": not what became of them
            metric = FIGURE_VERBS.get(described.lower_)
            if self._says_false(described) and metric in ("alerts", None):
                metric = "false_alerts" if metric else None
            elif described.lower_ in POLICING_ACTS and metric is None:
                metric = "other"
            if metric and metric != "deployments":
                found = metric
        return found

    def metric_for(self, doc: Doc, start: int, end: int, vague: bool) -> tuple[str | None, Token | None]:
        """(metric, counted noun) of the number in tokens [start, end); the
        metric is None when the words around it do not say."""
        root = self._group_root(doc, start, end)
        noun = following_noun(doc, end)
        if noun is None and root.dep_ in ("nummod", "quantmod", "compound", "npadvmod") \
                and root.head.pos_ in ("NOUN", "PROPN") and root.head.i >= end \
                and not any(t.text == "," for t in doc[end:root.head.i]):  # not "The other five, D, E and F"
            noun = root.head
        if noun is None and root.dep_ == "quantmod" and doc[end:end + 1].text.lower() == "of" and root.head.like_num \
                and root.head.dep_ == "nummod" and root.head.head.pos_ == "NOUN":
            noun = root.head.head  # "just eight of 42 matches were verified as correct": a part, counted as its whole
        of_object = self._of_object(doc[end - 1])
        if noun is None and of_object is not None and (vague or self._noun_metric(of_object) or of_object.lower_ in
                                                       FIGURE_OTHER_NOUNS):  # "120 of its CCTV cameras"
            noun = of_object  # "hundreds of arrests", "Two of those alerts"
        if noun is None:
            if vague:
                return None, None
            metric = self._partitive_metric(of_object) or self._clause_metric(root) or self._definer_metric(of_object)
            return metric, None
        lower = noun.lower_
        verb = self._verb_above(noun)
        if lower in NOT_COUNTED_NOUNS:  # "more than 10,000 violent crimes recorded": a crime total; not "solved"
            return ("other" if getattr(verb, "lower_", None) in SOLVED_VERBS else None), noun
        metric = self._noun_metric(noun)
        if metric == "alerts" and lower in EVENT_NOUNS and (
            noun.head.lower_ in ("at", "during", "across")
            or any(c.dep_ in ("compound", "amod") and c.lower_ in _SPORT_WORDS for c in noun.lefts)
        ):
            metric = None  # "used at 12 football matches": fixtures, not face matches
        if metric in ("alerts",) and self._says_false(verb) and not whole_of_a_part(noun, verb, root) \
                and not any(c.lower_ in CORRECT_MODIFIERS for c in noun.lefts):  # not "two correct matches"
            return "false_alerts", noun
        if metric == "charges_or_cautions" and _charges_against_one(noun, verb):
            return None, noun  # "The man faces two charges of assault": counts in court, as "two counts of theft" are
        if metric == "faces_scanned" and kept_in_store(noun):
            return "other", noun  # "More than 20m faces stored on police database": the police's store of photos
        if metric == "faces_scanned" and watchlist_context(noun, verb):
            return "watchlist_size", noun  # "a watchlist of up to 10,000 faces", "The list held 800 faces"
        if metric == "arrests" and noun.head.lower_ == "of" and noun.head.head == root and _led_to_charges(verb):
            return "charges_or_cautions", noun  # "Four of the arrests resulted in charges": what became of them
        if metric:
            return metric, noun
        if vague:
            return None, noun  # "hundreds of offenders": too vague to be a claim
        if lower in IMAGE_NOUNS:
            store = kept_in_store(noun) or a_store_by_its_size(doc, start, end)
            against = searched_against(noun)  # "checked against 8,000 images" (a watchlist), "19 million" (a store)
            listed = watchlist_context(noun, verb) or (against and not store)
            scanned = verb is not None and FIGURE_VERBS.get(verb.lower_) == "faces_scanned" and not against
            if not scanned and not listed and store or stored_images(noun, scanned, listed):
                return "other", noun  # "the 90,000 photos stored on the force's database": the police's store
            return ("faces_scanned" if scanned else "watchlist_size"), noun
        if lower in TIMES_NOUNS:
            ancestors = list(noun.ancestors)[:6]
            if any(a.lower_ in _SEARCH_VERBS for a in ancestors) or any(t.lower_ in ("searches", "search")
                                                                          for t in noun.sent):
                # "searched the database 25,000 times": retrospective searches; "The bulk of the searches came ...,
                # when police ran the technology over passport images more than 300 times"
                return "other", noun
            if any(a.lower_ in DEPLOY_VERBS for a in ancestors):  # not "the retrospective tool was used 25,000 times"
                searched = retrospective_tool(ancestors) or about_stores_only(doc)
                return ("other" if searched else "deployments"), noun
            if about_deploying(noun) and not any(FIGURE_VERBS.get(a.lower_) not in (None, "faces_scanned")
                                                  for a in ancestors):
                # "it was deployed 9 times; the count climbed, reaching 180 times"; "a million faces scanned on 34
                # separate occasions, the deployment data show"
                return "deployments", noun
            verb_of = next((a for a in ancestors if a.pos_ in ("VERB", "AUX")), None)
            subject = shared_subject(verb_of) if verb_of is not None else None
            if subject is not None and subject.lower_ in DEPLOYED_THINGS and verb_of.lower_ not in FIGURE_VERBS:
                return "deployments", noun  # "The vans went out on five occasions in May"
            if (matched := self._verb_metric(verb_of)) in ("alerts", "false_alerts"):
                return matched, noun  # "correctly identified potential suspects 234 times"
            return None, None  # "compared with 32 times": may elide an earlier figure's noun
        if lower in EVENT_NOUNS and noun.head.pos_ == "ADP" and noun.head.lower_ in ("at", "on", "in", "across", "during"):
            if verb is not None and verb.lower_ in DEPLOY_VERBS:
                return "deployments", noun
        if lower == "occasions" and about_deploying(noun) and (
                verb is None or FIGURE_VERBS.get(verb.lower_) in (None, "faces_scanned")):
            return "deployments", noun  # "on 34 separate occasions, the force's deployment data show"
        if lower in _DEPLOYMENT_DAYS and noun.head.lower_ == "on" and verb is not None and verb.lower_ in DEPLOY_VERBS:
            return "deployments", noun  # "used the technology on six days" ("for six days" is a length of time)
        metric = "other" if banned_on_bail(noun) else of_the_people(noun)
        if metric is not None:
            return metric, noun  # "the faces of 90,000 festival-goers", "the conditions of four people"
        if lower in FIGURE_PEOPLE_NOUNS:
            metric = self._people_metric(noun) or self._verb_written_before(doc, start)
            if metric:
                return metric, noun
        if taken_off_streets(noun):
            return "arrests", noun  # "has taken more than 1,700 offenders off the capital's streets"
        if lower in FIGURE_OTHER_NOUNS:
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
            metric = FIGURE_VERBS.get(doc[i].lower_)
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
                    metric = FIGURE_VERBS.get(predicate.lower_)
                    if metric and metric != "deployments":
                        return metric
        return None

    @staticmethod
    def _definer_metric(group: Token | None) -> str | None:
        """ "Two of those arrested had breached ...": a part of a group its participle defines, counted as the
        group is when nothing else is said of the part."""
        if group is None or group.lower_ not in ("those", "these", "them", "people"):
            return None
        for definer in group.children:
            if definer.dep_ == "acl" and definer.pos_ == "VERB":
                metric = FIGURE_VERBS.get(definer.lower_)
                if metric in ("arrests", "charges_or_cautions"):
                    return metric
        return None

    def _clause_metric(self, root: Token) -> str | None:
        """Metric of a number standing for its noun: "773 had led to a charge or
        caution", "Ten were false alerts", "arrests rose to 1,200", "a
        watchlist of 16,000"."""
        for participle in root.children:
            if participle.dep_ == "acl" and participle.i == root.i + 1:
                metric = FIGURE_VERBS.get(participle.lower_)
                if metric and metric != "deployments":
                    return metric  # "Nine arrested as facial recognition van visits town"
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
            metric = self._noun_metric(head.head)
            if metric:
                return metric
            if head.head.lower_ in ("list", "lists") and head.head.head.lower_ in ("used", "use", "uses", "against"):
                return "watchlist_size"  # "deployments in Croydon used lists of more than 16,000"
        verb = self._verb_above(root)
        if verb is None:
            return None
        if root.dep_ == "pobj" and root.head.lower_ in ("from", "to"):
            # "take the fleet of vans from 10 to 50", "raise the number of officers to 40": what the object counts
            for counted in verb.children:
                if counted.dep_ == "dobj":
                    metric = self._counted_metric(counted)
                    if metric is None and counted.lower_ in _WHOLE_NOUNS and (
                            subject := shared_subject(verb)) is not None:
                        metric = self._counted_metric(subject)  # "The arrests bring the total to 1,035"
                    if metric:
                        return metric
        if root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head == verb:
            # "Charges or cautions have followed for 773 of those arrested": the people the subject came for
            metric = next((self._noun_metric(c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if metric in _STRONG_METRICS:
                return metric
        if root.dep_ == "dobj" and verb.lower_ in POLICING_ACTS:
            return "other"  # "recalling 21 more to prison"
        if root.dep_ == "dobj" and verb.pos_ == "VERB" and not any(c.dep_ == "neg" for c in verb.children):
            metric = self._verb_metric(verb)
            if metric is not None:
                return metric  # "arrested 12 people and charged five of them", "Police charged five of the men"
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
            if verb.lower_ in ("said", "told", "answered", "responded", "reported"):
                return "other"  # respondents counted by what they said: "six said they have access to the PND"
            for child in verb.children:
                if child.dep_ == "attr" and child.pos_ == "NOUN":
                    metric = self._noun_metric(child)
                    if metric:
                        return metric
                    if child.lower_ in FIGURE_OTHER_NOUNS and self._of_object(root) is not None:
                        return "other"  # "More than 100 of them were registered sex offenders"
            metric = self._verb_metric(verb)
            if metric:
                return metric
            if verb.lower_ in POLICING_ACTS:
                return "other"  # "At least five were stopped and questioned"
            group = part_group(verb, root)
            # a clause joined on with a subject of its own speaks of something else: "only 41 have been correct,
            # and a miniscule 31 have led to arrests"
            others = [c for c in verb.children if c.dep_ == "conj" and any(
                g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
            for token in verb.subtree:
                if group is not None and group.left_edge.i <= token.i <= group.right_edge.i:
                    continue  # "Out of 25 alerts, 20 led to arrests": the whole is not what the part counts
                if any(c.left_edge.i <= token.i <= c.right_edge.i for c in others):
                    continue
                if token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS | {"without"}:
                    # "three came from the Tower Hamlets deployment": where they came from, not what; "Three were
                    # released without charge": what did not happen
                    continue
                if token.i != root.i and token.dep_ in ("pobj", "dobj", "conj", "attr") and token.pos_ == "NOUN":
                    metric = self._noun_metric(token)
                    if metric in _STRONG_METRICS:
                        return metric
            if group is not None:
                # "Of the six arrests, three came from ...": a part of a group counted as the group is;
                # "Of the 18 people wrongly flagged, 11 were Black": a part of people, counted as other.
                metric = self._noun_metric(group if not group.like_num else earlier_noun(group))
                return metric if metric in _STRONG_METRICS else "other"
            return None
        copula = root.dep_ == "attr" and verb.lower_ in ("was", "is", "were", "are", "stood", "stands")
        if verb.lower_ in CONTAIN_VERBS or verb.lower_ in CHANGE_VERBS or copula:
            subject = shared_subject(verb)  # "searches ... numbered two in 2020 and had reached 417 by 2023"
            for subject in [subject] if subject is not None else noun_before(verb):
                whole = subject.lower_ in _WHOLE_NOUNS
                if whole:  # "the number of arrests", "Monday's arrest total was 223"
                    subject = self._of_object(subject) or next(
                        (c for c in subject.children if c.dep_ == "compound"), subject)
                metric = self._noun_metric(subject)
                if metric is None and (subject.lower_ in FIGURE_PEOPLE_NOUNS or subject.lower_ in IMAGE_NOUNS):
                    # "The number of people on the watchlist was 8,000", "... of images on each watchlist was 508"
                    if watchlist_context(subject, None):
                        metric = "watchlist_size"
                    elif whole:  # "The number of people arrested has risen to 1,300": what the participle says
                        metric = next((self._described_metric(c) for c in subject.children
                                       if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"), None)
                if metric is None and subject.lower_ in FIGURE_OTHER_NOUNS and verb.lower_ in CHANGE_VERBS:
                    metric = "other"  # "searches went from just 2 in 2020 to 417 in 2023"
                if metric:
                    return metric
        return None

    def _counted_metric(self, noun: Token) -> str | None:
        """What a noun phrase counts: "arrests", "the number of officers", "the fleet of vans" (other)."""
        if noun.lower_ in _WHOLE_NOUNS:
            noun = self._of_object(noun) or noun
        metric = self._noun_metric(noun)
        if metric is None and noun.lower_ in FIGURE_OTHER_NOUNS:
            metric = "other"
        return metric

    def antecedent_metric(self, doc: Doc, start: int, end: int) -> str | None:
        """ "N of them" after the noun it counts in the same sentence: "Those custody images, in excess of 600,000
        of them, are held by ..." counts images."""
        if not of_them_at(doc, end):
            return None
        for noun in reversed(doc[doc[start].sent.start:start]):
            if noun.pos_ != "NOUN":
                continue
            if noun.lower_ in IMAGE_NOUNS and self._noun_metric(noun) is None:
                return "other" if kept_in_store(noun) else "watchlist_size"
            metric = self._counted_metric(noun)
            if metric is not None:
                return metric
        return None
