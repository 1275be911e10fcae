"""Numbers counted by what surrounds them rather than by a noun of their own, for ``lfrwatch_figures``
(:mod:`lfrwatch.nlp.figures`): a count in brackets after its category ("people wanted by the courts (549)",
"92% (2,297)", "people recalled to prison (2)" as ``other``), a count listed after a force's name under a lead
that says what the list counts (a written answer's "numbers of arrests ...: Essex Police, 21"), the "ones" of a
figure given before ("two false ones"), a part of a figure given before it ("580 arrests, including 52 registered
sex offenders", "11 match alerts, one of which it said was false", "Four of the 42"), a count said to be right
("just 173 were genuine"), people counted beside another metric's noun ("charges against one individual"),
occasions ("at least once a week"), identifications made retrospectively, and a bare number that elides the noun
of a figure given before (``elided_metric``: "Officers made six arrests. Three were from the first deployment",
"Haringey had 21 deployments, Westminster 19").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .docutils import start_of_sentence_before
from .figure_conventions import spoken_with
from .figure_nouns import earlier_noun, shared_subject
from .figure_words import (
    CORRECT_MODIFIERS,
    DEPLOYED_THINGS,
    FIGURE_NOUNS,
    FIGURE_PEOPLE_NOUNS,
    FIGURE_VERBS,
    OCCASION_WORDS,
    RETROSPECTIVE_WORDS,
)
from .lexicon import DEPLOY_VERBS, FALSE_MODIFIERS, IMAGE_NOUNS, RATE_WORDS, TIME_UNITS

#: Metrics a part of a group may be counted by: "three came from the Tower Hamlets deployment" (arrests).
_PART_METRICS = frozenset({"arrests", "charges_or_cautions", "alerts", "false_alerts", "deployments", "faces_scanned"})
#: Prepositions that put a part inside a whole: "580 arrests, including 52 ...".
_INCLUDING = frozenset({"including", "among", "includes", "included"})
#: Words for a figure given before: "three of them", "two of those".
_BACK_REFERENCES = frozenset({"them", "those", "these", "whom", "which"})
#: Verbs whose occasions are deployments without a rate: "deployed only once", "used twice".
_DEPLOYING_VERBS = frozenset(
    {"deploy", "deploys", "deployed", "use", "uses", "used", "operate", "operates", "operated",
     "pointed", "aimed", "trained"}  # "has pointed its cameras at Notting Hill Carnival twice"
)
#: Words between two figures that set the second against the first: "10 a week instead of four".
_CONTRAST_WORDS = frozenset({"while", "whereas", "compared", "against", "versus", "instead"})
#: Words before a bare number that set it beside a figure of the same sentence: "compared with 32 in 2023".
_COMPARISON_WORDS = frozenset({"compared", "versus", "against", "from", "than", "up", "down", "to", "with", "and"})
#: Words before a bare number that make it the rest of a figure given before: "The other five", "the final two",
#: "the remaining 85".
REST_WORDS = frozenset({"other", "remaining", "final", "last"})
#: Totals that point back at the figure before: "That figure rose to 45".
_POINTING_TOTALS = frozenset({"figure", "number", "total", "tally", "count"})
#: Prepositions joining counted people to another metric's noun: "charges against one individual".
_PEOPLE_PREPOSITIONS = frozenset({"against", "of", "for", "on"})


class FigureParts:
    """The methods of :class:`~lfrwatch.nlp.figures.FigureFinder` that count a number by its surroundings."""

    def surroundings_metric(self, doc: Doc, start: int, end: int, metric: str | None, noun: Token | None,
                            accepted: list) -> tuple[str | None, Token | None]:
        """(metric, counted noun) of a number once its surroundings are read: ``metric`` and ``noun`` are what
        its own words say; ``accepted`` the figures found before it, as (sentence start, token start, metric,
        ...)."""
        root = self._group_root(doc, start, end)
        if noun is None:
            metric = self.bracketed_metric(doc, start, end, root) or metric
            if metric is None and spoken_with(root):
                metric = "other"  # "arrested 10 people and spoke to a further 13 who were allowed to leave"
            if metric is None and _bracketed(doc, start, end):
                # "90 people were arrested: most were wanted by the courts (50)": a breakdown of a figure; "Those
                # arrested included people wanted by the courts (12)": of what the sentence counts before it
                metric = _last_metric_of_sentence(doc, start, accepted)
                if metric is None and doc[start - 2].pos_ in ("NOUN", "PROPN"):  # not a list's "(2) stated ..."
                    metric = _metric_word_before(doc, start)
            if metric is None:
                metric = self.listed_by_force(doc, start)
            if metric is None and _said_correct(root) and (_last_metric_of_sentence(doc, start, accepted) in (
                    "alerts", "false_alerts") or self._noun_metric(self._of_object(root) or root) == "alerts"):
                metric = "alerts"  # "flagged 2,470 possible matches ..., and just 173 were genuine"
            of_object = self._of_object(doc[end - 1])
            counted = earlier_noun(of_object) if metric is None and of_object is not None and of_object.like_num \
                else None
            if counted is not None and counted is not of_object:
                metric = self._noun_metric(counted)  # "Four of the 42 could not be verified" (the 42 matches)
            if metric is None and _part_with_its_reason(doc, start, end):
                # "Three women were arrested, two for failing to appear at court, and one for criminal damage"
                metric = _last_metric_of_sentence(doc, start, accepted)
                metric = metric if metric in ("arrests", "charges_or_cautions") else None
            if metric is None:
                metric, noun = self.antecedent_false(root)
            own_verb = metric is not None and of_object is not None and of_object.lower_ in ("whom", "them")
            if of_object is not None and of_object.lower_ in _BACK_REFERENCES and (metric is None or own_verb):
                if metric is None:
                    # "five people were arrested, three of them for drugs offences": a part of the figure before
                    metric = _last_metric_of_sentence(doc, start, accepted)
                if metric is not None:
                    # counted by "them", so that a lone "one of them" counts too, by its own verb if it has one
                    # ("flagged two people, one of whom was arrested")
                    noun = of_object
        elif noun is not None and noun.lower_ in FIGURE_PEOPLE_NOUNS and metric in (None, "other"):
            metric = "arrests" if _in_custody(noun) else self.prepositional_metric(noun) or metric
            if metric is None and spoken_with(noun):
                metric = "other"  # "Officers engaged with 15 people", "spoke to 12 people", "had conversations with"
        correct = noun is not None and any(c.lower_ in CORRECT_MODIFIERS for c in noun.children)
        if (metric is None or correct) and noun is not None and noun.lower_ == "ones":
            whole = _last_metric_of_sentence(doc, start, accepted)
            if whole in ("alerts", "false_alerts"):
                # "30 alerts: 28 true matches and two false ones": the earlier figure's noun, false if said so;
                # "three false alerts, compared with 1,094 correct ones": true ones are alerts
                metric = "false_alerts" if any(c.lower_ in FALSE_MODIFIERS for c in noun.children) else \
                    "alerts" if correct else whole
        if metric in (None, "other") and _people_in_counted_images(noun):
            # "601,837 mugshots of 334,594 Scots", "600,000 photos of almost 335,000 people": the people in a count
            # of photos are counted as the photos are (a store, a watchlist)
            metric = _last_metric_of_sentence(doc, start, accepted) or metric
        if metric in (None, "other") and noun is not None and noun.dep_ == "appos" and \
                noun.lower_ in FIGURE_PEOPLE_NOUNS and (whole := self._noun_metric(noun.head)) in _PART_METRICS:
            metric = whole  # "580 arrests in London – 52 of them registered sex offenders –": a part of the arrests
        if metric in (None, "other") and self.included_in(noun, root):
            whole = _last_metric_of_sentence(doc, start, accepted)
            if whole in _PART_METRICS:
                metric = whole  # "580 arrests, including 52 registered sex offenders"
        if metric in (None, "other") and noun is not None and noun.dep_ == "dobj" and noun.head.lower_ in (
                "include", "includes", "included") and noun.lower_ in FIGURE_PEOPLE_NOUNS:
            subject = shared_subject(noun.head)
            if subject is not None and subject.lower_ == "they" and noun.sent.start > 0:
                # "... has arrested more than 1,000 wanted criminals ... They include more than 100 people": the
                # people counted last in the sentence before
                whole = _last_metric_of_sentence(doc, noun.sent.start - 1, accepted)
            elif subject is not None and subject.lower_ in ("those", "these"):
                # "Those held included three others wanted for harassment": what the participle says of them
                whole = next((FIGURE_VERBS.get(c.lower_) for c in subject.children if c.dep_ == "acl"), None)
            else:
                whole = self._noun_metric(subject) if subject is not None else None
            if whole in _PART_METRICS:
                metric = whole  # "Those arrests include more than 100 people"
        if metric == "alerts" and self.retrospective(noun, root):
            metric = "other"
        return metric, noun

    def bracketed_metric(self, doc: Doc, start: int, end: int, root: Token) -> str | None:
        """ "most of those arrested were people wanted by the courts (549)": a bare count in brackets after its
        category, counted as the category is, or as the clause's subject ("most of those arrested") is."""
        if not _bracketed(doc, start, end):
            return None
        category = doc[start - 2]
        if _other_category(doc, start):
            return "other"  # "arrests (6), people recalled to prison (2), missing persons located (1)"
        if category.pos_ not in ("NOUN", "PROPN", "NUM") or root.dep_ not in ("appos", "nummod", "npadvmod", "dep"):
            return None  # "(1)" opening a list item
        head = root.head
        if head.lower_ in ("%", "percent", "cent") or head.like_num:
            # "92% (2,297) were false", "92% (2,297) of those turned out to be 'false positives'"
            return self._clause_metric(head) or next((self._noun_metric(t) for t in head.subtree if t.dep_ == "attr"
                                                      and self._noun_metric(t) in _PART_METRICS), None)
        metric = self._noun_metric(head)
        if metric is not None:
            return metric
        node = head
        for _ in range(8):
            for subject in node.children:
                if subject.dep_ not in ("nsubj", "nsubjpass") or subject.i > start:
                    continue
                metric = self._noun_metric(subject) or self._definer_metric(self._of_object(subject))
                if metric in _PART_METRICS:
                    return metric
            if node.head.i == node.i:
                break
            node = node.head
        return None

    def listed_by_force(self, doc: Doc, start: int) -> str | None:
        """A count listed after a force's name, in a sentence that says first what the list counts (a written
        answer's "the following numbers of arrests ...: Metropolitan Police Service, 587; South Wales Police,
        44", "faces scanned ...: Essex Police (305,000)")."""
        if start < 2 or doc[start - 1].text not in (",", "(") or doc[start - 2].text not in _FORCE_ENDINGS:
            return None
        sentence = doc[start].sent
        colon = next((t.i for t in reversed(doc[sentence.start:start]) if t.text == ":"), None)
        if colon is None:
            return None
        for token in doc[sentence.start:colon]:
            if token.lower_ in ("number", "numbers") and token.i + 2 < colon and doc[token.i + 1].lower_ == "of":
                counted = doc[token.i + 2]
                metric = self._noun_metric(counted)
                if metric is None and counted.lower_ in ("faces", "face"):
                    metric = "faces_scanned"
                return metric
        return None

    @staticmethod
    def included_in(noun: Token | None, root: Token) -> bool:
        """The counted people are a part of a whole: "including 52 registered sex offenders", "among them 52
        registered sex offenders"."""
        token = noun if noun is not None else root
        if noun is not None and noun.lower_ not in FIGURE_PEOPLE_NOUNS:
            return False
        if any(c.dep_ == "prep" and c.lower_ == "among" and c.i < root.i for c in token.children):
            return True
        return token.dep_ == "pobj" and token.head.lower_ in _INCLUDING

    def antecedent_false(self, root: Token) -> tuple[str | None, Token | None]:
        """ "11 match alerts, one of which it said was false": (false_alerts, the alerts) for a part of a figure's
        noun said to be false."""
        of_object = self._of_object(root)
        if of_object is None or of_object.lower_ not in ("which", "whom", "them") or root.dep_ != "appos":
            return None, None
        if self._noun_metric(root.head) != "alerts":
            return None, None
        for clause in root.children:
            if clause.dep_ == "relcl" and self._says_false(clause):
                return "false_alerts", root.head
        return None, None

    def prepositional_metric(self, noun: Token) -> str | None:
        """ "charges against one individual", "the arrest of two people": people counted beside the noun of
        another metric, by the noun written just before the preposition, else the one it hangs from."""
        if noun.dep_ != "pobj" or noun.head.lower_ not in _PEOPLE_PREPOSITIONS or noun.head.i == 0:
            return None
        preposition = noun.head
        candidates = [noun.doc[preposition.i - 1], preposition.head]
        if preposition.lower_ == "against" and preposition.head.pos_ == "VERB":
            # "Charges have already been brought against eight people": the verb's subject
            candidates += [c for c in preposition.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for candidate in candidates:
            metric = self._noun_metric(candidate)
            if metric in ("arrests", "charges_or_cautions", "alerts", "false_alerts"):
                return metric
        return None

    def retrospective(self, noun: Token | None, root: Token) -> bool:
        """Identifications made by searching photos after the event: "identified 78 offenders using
        retrospective facial recognition" counts ``other``, not live alerts."""
        verb = self._verb_above(noun if noun is not None else root)
        if verb is None:
            return False
        return any(t.lower_ in RETROSPECTIVE_WORDS for t in verb.subtree)

    def occasion_metric(self, doc: Doc, start: int) -> str | None:
        """ "the vans stop in Croydon at least once a week": a deployment rate, when a rate follows and the
        verb or its subject is a deployment's ("deployed twice a month")."""
        word = doc[start]
        if word.lower_ not in OCCASION_WORDS:
            return None
        if word.dep_ == "advmod":
            # "the technology was deployed only once", "used twice at the carnival", and the parse's "used
            # the cameras at Notting Hill Carnival twice", where "twice" hangs off the place
            verb = word.head if word.head.lower_ in _DEPLOYING_VERBS else self._verb_above(word)
            if verb is not None and verb.i < word.i and verb.lower_ in _DEPLOYING_VERBS:
                return "deployments"
        if start + 2 >= len(doc):
            return None
        if doc[start + 1].lower_ not in RATE_WORDS or doc[start + 2].lower_ not in TIME_UNITS:
            return None
        verb = self._verb_above(word)
        if verb is None:
            return None
        if verb.lower_ in DEPLOY_VERBS:
            return "deployments"
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in DEPLOYED_THINGS:
            return "deployments"
        return None


#: Verbs that put people "into custody": "taken", "brought into custody".
_INTO_CUSTODY_VERBS = frozenset({"taken", "took", "take", "taking", "brought", "bring", "brings", "placed"})


def _in_custody(noun: Token) -> bool:
    """People held after arrest: "we have two suspects in custody", "23 people were taken (or brought) into
    custody"."""
    holders = [noun]
    if noun.dep_ in ("nsubjpass", "dobj") and noun.head.lower_ in _INTO_CUSTODY_VERBS:
        holders.append(noun.head)
    return any(child.lower_ in ("in", "into") and any(obj.lower_ == "custody" for obj in child.children)
               for holder in holders for child in holder.children)


def _people_in_counted_images(noun: Token | None) -> bool:
    """Counted people after the "of" of a counted image noun, or shown in it: "601,837 mugshots of 334,594 Scots",
    "placed 601,837 custody mugshots on the database, showing 334,594 individuals"."""
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        images = [noun.head.head]
    elif noun is not None and noun.dep_ == "dobj" and noun.head.lower_ in ("showing", "depicting"):
        shown = noun.head  # the images the participle hangs from, or those its verb placed
        images = [shown.head] if shown.dep_ == "acl" else [c for c in shown.head.children if c.dep_ == "dobj"]
    else:
        return False
    return any(i.lower_ in IMAGE_NOUNS and any(c.dep_ == "nummod" for c in i.children) for i in images)


def _metric_word_before(doc: Doc, start: int) -> str | None:
    """What the words of a sentence before a number say it counts, when they say arrests, charges or alerts:
    "Those arrested included ..." (arrests)."""
    for token in doc[doc[start].sent.start : start]:
        metric = FIGURE_VERBS.get(token.lower_) if token.pos_ == "VERB" else FIGURE_NOUNS.get(token.lower_)
        if metric in ("arrests", "charges_or_cautions", "alerts"):
            return metric
    return None


def _bracketed(doc: Doc, start: int, end: int) -> bool:
    """The number stands alone in brackets after a word: "wanted by the courts (549)"."""
    return 2 <= start and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")"


#: The last word of a force's name: "Metropolitan Police Service", "Essex Police", "Kent Constabulary".
_FORCE_ENDINGS = frozenset({"Police", "Service", "Constabulary", "Scotland"})
#: Words that end a category in a list of them: "arrests (6), people recalled to prison (2)".
_CATEGORY_BREAKS = frozenset({",", ";", ":", "(", ")", "and"})


def _other_category(doc: Doc, start: int) -> bool:
    """The category a bracketed count follows, back to the list's last break, is one the conventions count as
    ``other``: people recalled or returned to prison, missing people found, people stopped or spoken to."""
    i = start - 2
    while i > doc[start].sent.start and doc[i - 1].text not in _CATEGORY_BREAKS and "\n" not in doc[i - 1].text:
        i -= 1
    words = {t.lower_ for t in doc[i:start - 1]}
    return "missing" in words or bool(words & {"recalled", "returned"}) or bool(
        words & {"stopped", "spoken", "questioned", "searched"} and not words & {"arrested", "charged"})


#: Words saying a bare count was right: "173 were genuine", "eight were right".
_RIGHT_WORDS = CORRECT_MODIFIERS | {"right"}


def _said_correct(root: Token) -> bool:
    """A bare count said to be right: "173 were genuine", "eight were verified as correct"."""
    return root.dep_ in ("nsubj", "nsubjpass") and any(
        (child.dep_ == "acomp" and child.lower_ in _RIGHT_WORDS)
        or (child.dep_ == "prep" and child.lower_ == "as" and any(t.lower_ in _RIGHT_WORDS for t in child.subtree))
        for child in root.head.children)


def _last_metric_of_sentence(doc: Doc, start: int, accepted: list) -> str | None:
    """Metric of the last figure found before ``start`` in its sentence."""
    sentence_start = doc[start].sent.start
    return next((a[2] for a in reversed(accepted) if a[0] == sentence_start), None)


#: Words that give the reason for a part of an arrest figure: "two for failing to appear", "one on suspicion of".
_REASON_WORDS = frozenset({"for", "on", "over", "in"})


def _part_with_its_reason(doc: Doc, start: int, end: int) -> bool:
    """A bare number set off after a figure and followed by its reason: ", two for failing to appear at court",
    "and one in connection with criminal damage"."""
    return 1 <= start and end < len(doc) and doc[start - 1].lower_ in (",", ":", ";", "and") \
        and doc[end].lower_ in _REASON_WORDS


def elided_metric(doc: Doc, start: int, end: int, sentence: Span, accepted) -> str | None:
    """What a bare number counts when it elides the noun of a figure given before: written in parallel after a
    figure of the same sentence ("Haringey with 21 deployments and Westminster with 19", "180 times last year,
    compared with 32 in 2023"), opening the sentence after one ("Officers made six arrests. Three were ..."), or
    after a total pointing back at it ("That figure rose to 45")."""
    before = doc[start - 1].lower_ if start > 0 else ""
    previous = start_of_sentence_before(sentence)
    more = end < len(doc) and doc[end].lower_ == "more" and not (end + 1 < len(doc) and doc[end + 1].pos_ == "NOUN")
    if (before in REST_WORDS or more) and accepted and accepted[-1][0] in (sentence.start, previous):
        # "Three of the arrests ... The other five, D, E, F, G and H, were proactive"; "searches went from 2 to
        # 417, and there were 377 more"
        return accepted[-1][2]
    opening = sentence.start > 0 and _opens_sentence(doc, start, sentence)
    if accepted and accepted[-1][0] != sentence.start and opening:
        # "Officers made six arrests. Three were from the first deployment": a sentence opening on a bare
        # number counts what the sentence before it counted last.
        if accepted[-1][0] != previous:
            return None
        if accepted[-1][2] == "deployments" and _from_a_deployment(sentence, start):
            # "The Met made 17 arrests across three deployments. Six came from the Tower Hamlets deployment":
            # a part of what the deployments gave, not deployments
            return next((a[2] for a in reversed(accepted) if a[0] == previous and a[2] != "deployments"), None)
        return accepted[-1][2]
    if accepted and accepted[-1][0] == previous != sentence.start and _total_pointing_back(doc, start, sentence):
        return accepted[-1][2]  # "The force made 30 arrests. That figure rose to 45 by March."
    for s_start, token_start, metric, unit, prep in reversed(accepted):
        if s_start != sentence.start:
            break
        between = doc[token_start:start]
        if before == prep or before in _COMPARISON_WORDS or any(t.lower_ in _CONTRAST_WORDS for t in between):
            return metric
        if _after_a_gapped_name(doc, start):
            return metric  # "Essex Police made 21 arrests and South Wales Police 44"
        return None
    return None


def _opens_sentence(doc: Doc, start: int, sentence: Span) -> bool:
    """The number opens its sentence, or follows only a pointer back to the sentence before: "Three were
    from the first deployment", "Of those, 173 were positive"."""
    lead = [t for t in doc[sentence.start:start] if not t.is_punct]
    if len(lead) <= 1:
        return start - sentence.start <= 1
    return len(lead) == 2 and lead[0].lower_ == "of" and lead[1].lower_ in ("those", "these", "them", "which")


def _total_pointing_back(doc: Doc, start: int, sentence: Span) -> bool:
    """Before the number, its clause's subject or object is a total that names nothing and points back: "That
    figure rose to 45", "This brings the total to 25", "The tally now stands at 60"."""
    for token in doc[sentence.start:start]:
        if token.lower_ in _POINTING_TOTALS and token.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                c.lower_ in ("that", "this", "the", "its", "their") for c in token.children) and not any(
                c.dep_ in ("prep", "compound", "amod") for c in token.children) and token.head in doc[start].ancestors:
            return True
    return False


def _from_a_deployment(sentence: Span, start: int) -> bool:
    """The sentence says what came from a deployment, after the number: "Six came from the Tower Hamlets
    deployment", "three were from the second"."""
    return any(t.lower_ in ("deployment", "deployments") and t.head.lower_ == "from" for t in sentence
               if t.i > start) or any(t.lower_ == "from" and t.head.lower_ in ("came", "were", "was", "come")
                                      for t in sentence if t.i > start)


def _after_a_gapped_name(doc: Doc, start: int) -> bool:
    """The number follows a name that opens a clause with its verb left out: "... and South Wales Police 44"."""
    first = start - 1
    while first > 0 and doc[first].pos_ == "PROPN" and doc[first].is_title:
        first -= 1
    return first < start - 1 and doc[first].lower_ in ("and", ",", "while", "but")
