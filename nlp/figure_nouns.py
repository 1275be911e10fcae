"""The noun a number counts, for ``lfrwatch_figures``: the noun right after it ("1,000 arrests", "16,000-strong
watchlist"), past adjectives, quote marks and a bracketed abbreviation, and to the last noun of its compound
("ten facial recognition (LFR) vans"); "false positive" counts though the tagger reads "positive" as an
adjective ("there was just one false positive"). Also whether a noun is a watchlist, and the subject a verb shares
with the verb it is coordinated with, the counted whole a clause's number is a part of ("Of the 2,400 alerts"),
the noun the parse left before a verb, "the list" people are on, and whether a sentence speaks of deploying; and
whether people or images are on, of or held by a watchlist (:func:`watchlist_context`), including where the parse
puts them elsewhere ("a watch-list made up of 6,747 suspects").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .docutils import bracketed_abbreviation_length, start_of_sentence_before
from .figure_words import FIGURE_NOUNS, FIGURE_OTHER_NOUNS
from .lexicon import CONTAIN_VERBS, TIME_UNITS
from .numbers import parse_number

#: The words for a watchlist.
_WATCHLIST_WORDS = frozenset({"watchlist", "watchlists", "watch-list", "watch-lists"})
#: How far after a number the last noun of its counted compound may be: "10 additional mobile live facial
#: recognition vans".
COMPOUND_REACH = 8


def following_noun(doc: Doc, end: int) -> Token | None:
    """The noun right after a number: "1,000 arrests", "16,000-strong watchlist"."""
    i = end
    limit = min(len(doc), end + 5)
    while i < limit:
        token = doc[i]
        # "2,300 faces a day were scanned": a counted noun the tagger took for a verb.
        mistagged = (
            i == end and token.pos_ == "VERB" and token.tag_ == "VBZ" and token.lower_ in FIGURE_NOUNS
            and doc[end - 1].dep_ in ("nsubj", "nummod", "npadvmod")  # "scanned 12k faces": "12k" read as a date
        )
        if token.pos_ in ("NOUN", "PROPN") and _inside_hyphenated_modifier(doc, i):
            i += 1  # "15 LFR-enabled cameras", "two camera-equipped vans": the noun is the one modified
            continue
        if (token.pos_ in ("NOUN", "PROPN") or mistagged) and not token.like_num:
            # Take the last noun of a compound: "budget shortfall", "police staff", "facial recognition vans"
            # (a compound may run past the words searched for its first noun), past a name and its
            # abbreviation: "two new Thames Valley Police (TVP) vehicles", "ten facial recognition (LFR) vans".
            while True:
                following = i + 1 + bracketed_abbreviation_length(doc, i + 1)
                if not (following < len(doc) and following < end + COMPOUND_REACH and not doc[following].like_num
                        and (doc[following].pos_ in ("NOUN", "PROPN") or _noun_tagged_a_verb(doc[following]))):
                    break
                if not (token.dep_ in ("compound", "nmod") or token.pos_ == "PROPN" or following > i + 1
                        or doc[following].lower_ in FIGURE_NOUNS):
                    break
                i = following
                token = doc[i]
            return token
        if _false_positive(doc, i):
            return token
        if token.lower_ in ("last", "this", "next", "previous") and doc[i + 1 : i + 2].text.lower() in TIME_UNITS:
            return None  # "up from 43 last year": when, not what was counted
        # past adjectives and quote marks: "Two "confirmed positive alerts"", "10 additional vans"; past a "+"
        # written onto the number: "1,000+ arrests"
        if token.pos_ == "ADJ" or token.is_quote or token.text in ("-", "–") or token.dep_ in ("amod", "compound") \
                or (token.text == "+" and i == end and not doc[end - 1].whitespace_) \
                or token.lower_ in ("more", "other", "such", "new", "further", "additional", "extra"):
            i += 1
            continue
        return None
    return None


def made_up_of_a_watchlist(noun: Token) -> bool:
    """People a watchlist is made of, where the parse does not put them under it: "a watch-list made up of 6,747
    suspects", "a watchlist of almost 5,000 wanted immigration offenders was crosschecked" (the list read as the
    sentence's root, the people as the verb's subject)."""
    head = noun.head
    if head.lower_ == "of" and head.head.lower_ in ("made", "consisting", "consisted") and head.head.dep_ == "acl":
        return is_watchlist(head.head.head)
    of = noun.left_edge.i - 1
    return of > 0 and noun.doc[of].lower_ == "of" and is_watchlist(noun.doc[of - 1])


def noun_after_bare_of(token: Token) -> Token | None:
    """The metric noun just after an "of" of ``token`` that the parse left no object: "takes the total number of
    LFR arrests to over 1,400", where "arrests" was read as a verb."""
    of = next((c for c in token.children if c.lower_ == "of" and c.dep_ == "prep"), None)
    if of is None or any(c.dep_ == "pobj" for c in of.children):
        return None
    return next((t for t in token.doc[of.i + 1 : of.i + 4] if t.lower_ in FIGURE_NOUNS), None)


def of_them_at(doc: Doc, i: int) -> bool:
    """ "of them", "of those" or "of these" at token ``i``: a count of a group named before ("two of them")."""
    return i + 1 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].lower_ in ("them", "those", "these")


def _noun_tagged_a_verb(token: Token) -> bool:
    """A counted noun the tagger took for a verb, though the parse gives it a noun's place: "runs 202 CCTV cameras"
    ("cameras" a verb, and the object of "runs")."""
    return token.tag_ == "VBZ" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and (
        token.lower_ in FIGURE_NOUNS or token.lower_ in FIGURE_OTHER_NOUNS)


def _inside_hyphenated_modifier(doc: Doc, i: int) -> bool:
    """The first word of a hyphenated modifier before a noun: "LFR" in "LFR-enabled cameras"."""
    token = doc[i]
    head = token.head
    return (i + 2 < len(doc) and doc[i + 1].text == "-" and head.i == i + 2 and head.dep_ == "amod"
            and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"))


def _false_positive(doc: Doc, i: int) -> bool:
    """ "false positive" with no noun after it, the tagger having read "positive" as an adjective."""
    token = doc[i]
    return (token.lower_ in ("positive", "positives") and i > 0 and doc[i - 1].lower_ == "false"
            and not (i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN")))


def is_watchlist(token: Token) -> bool:
    """ "watchlist", "watch-list", "watch list"."""
    lower = token.lower_
    return lower in _WATCHLIST_WORDS or (lower in ("list", "lists") and any(c.lower_ == "watch" for c in token.lefts))


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


def part_group(verb: Token, root: Token) -> Token | None:
    """The counted whole a clause's number is a part of: "Of the six arrests, three ...", "Out of 25 alerts,
    20 ..." (a whole written with its number, before the part)."""
    for prep in verb.children:
        of = prep if prep.lower_ == "of" else next((c for c in prep.children if c.lower_ == "of"), None)
        if prep.dep_ != "prep" or prep.i > root.i or of is None or prep.lower_ not in ("of", "out"):
            continue
        if any(t.like_num for t in of.subtree):
            return next((o for o in of.children if o.dep_ == "pobj"), None)
    words = [t for t in root.sent if not t.is_space][:6]  # "Of 1,200 alerts, 1,150 ...", "of" parsed as quantmod
    if len(words) >= 4 and words[0].lower_ == "of" and words[1].like_num and words[2].pos_ == "NOUN" \
            and words[3].text == "," and words[3].i < root.i:
        return words[2]
    return None


def earlier_noun(number: Token) -> Token:
    """The noun an earlier mention of a bare number counted, for "Of the 48, 36 were wanted for violence" after
    "48 arrests"; else the number itself."""
    for token in reversed(number.doc[:number.i]):
        if token.lower_ == number.lower_ and token.dep_ == "nummod":
            return token.head
    return number


#: Lists that are no watchlist: "the waiting list", "a shortlist".
_OTHER_LISTS = frozenset({"waiting", "short", "electoral", "reading", "mailing"})


def a_list(token: Token) -> bool:
    """A list people are on or a list of people, with its determiner or owner ("the list", "its list", "a list of
    700 wanted offenders", "the Met's wanted list"): the watchlist, in a text about live facial recognition."""
    return token.lower_ in ("list", "lists") and any(child.dep_ in ("det", "poss") for child in token.children) \
        and not any(child.lower_ in _OTHER_LISTS for child in token.lefts)


def is_a_watchlist(token: Token) -> bool:
    """A watchlist by name ("watchlist", "watch list") or a list with its determiner or owner (:func:`a_list`)."""
    return is_watchlist(token) or a_list(token)


def whole_of_a_part(noun: Token, verb: Token, number: Token) -> bool:
    """The noun is a whole a part of which the verb speaks of: "Of the 2,400 alerts, 92% were false", "2,500
    alerts, of which 2,300 were false", the 20 of "Sixteen of the 20 alerts were false"."""
    if noun.head.lower_ == "of" and noun.head.i < noun.i and (not noun.head.head.like_num or number.head == noun):
        return True  # but "Two of those alerts were false" speaks of the two
    doc = noun.doc
    return any(doc[i].lower_ == "of" and doc[i + 1].lower_ in ("which", "whom") for i in range(noun.i, verb.i - 1))


def noun_before(verb: Token) -> list[Token]:
    """The noun written just before a verb (past its auxiliaries and adverbs), for a subject the parse lost: "By
    2022 incorrect alerts had fallen to zero", where "alerts" hangs from "By"."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].dep_ in ("aux", "auxpass", "neg", "advmod"):
        i -= 1
    return [verb.doc[i]] if i >= verb.sent.start and verb.doc[i].pos_ == "NOUN" else []


#: Words that make a sentence about deploying the technology: "N times" or "N occasions" in it are deployments.
_DEPLOYING_WORDS = frozenset({"deployed", "deploy", "deploys", "deploying", "deployment", "deployments"})


def about_deploying(noun: Token) -> bool:
    """Whether the sentence of "N times" / "N occasions" speaks of deploying the technology."""
    return any(t.lower_ in _DEPLOYING_WORDS for t in noun.sent)


#: Verbs a list is "made up of" or "composed of" its people with.
_MADE_OF_VERBS = frozenset({"made", "composed", "consisted", "consists", "consist", "comprised"})
#: Pronouns that may stand for a watchlist named as the subject before: "The watchlist ... It contained 2,000".
_LIST_PRONOUNS = frozenset({"they", "it", "them"})
#: Verbs people or images are put on a watchlist with: "150 people were added to the watchlist".
_ADDING_VERBS = frozenset({"added", "add", "adding", "uploaded", "upload", "loaded", "load", "put", "entered"})


def watchlist_context(noun: Token, verb: Token | None) -> bool:
    """People or images on/of a watchlist, or held by one (a list with its determiner or owner is one)."""
    if made_up_of_a_watchlist(noun):
        return True
    for child in [*noun.children, *(g for c in noun.children if c.dep_ == "acl" for g in c.children)]:
        if child.lower_ in ("on", "of", "in"):  # also "the 790 people placed on ... watchlist"
            if any(obj.dep_ == "pobj" and is_a_watchlist(obj) for obj in child.children):
                return True
    if (noun.head.lower_ in ("of", "on") or noun.head.lower_ in CONTAIN_VERBS) and is_a_watchlist(noun.head.head):
        return True  # "on the watchlist", "a watchlist featuring 850 individuals", "a list of 700 wanted offenders"
    if verb is not None:
        subject = shared_subject(verb)
        if subject is not None and subject.lower_ in _LIST_PRONOUNS:
            subject = subject_before(subject)  # "Watchlists differed ..., and together they held 1,322"
        if subject is not None and is_a_watchlist(subject) and (verb.lower_ in CONTAIN_VERBS or (
                verb.lower_ in _MADE_OF_VERBS and noun.head.lower_ == "of") or (
                verb.lower_ in ("ran", "run", "runs", "amounted", "amounts") and noun.head.lower_ == "to")):
            # "the watch list contained 639 individuals", "The watch list was made up of 2,000 people",
            # "Watchlists ran to 9,000 people"
            return True
        for child in verb.children:
            placed = child.lower_ in ("on", "onto", "in", "into") or (
                child.lower_ == "to" and verb.lower_ in _ADDING_VERBS)
            if placed and any(_stands_for_a_watchlist(obj, noun) if obj.lower_ in _LIST_PRONOUNS
                              else is_a_watchlist(obj) for obj in child.children):
                return True  # "6,500 people were on the watchlist", "2,300 people were included in the watchlist",
                # "A further 150 people were added to the watchlist"
    return False


#: Verbs of seeking people, whose objects are the people a deployment looks for: "The Met was seeking 1,200 people".
_SEEKING_VERBS = frozenset({"seek", "seeks", "seeking", "sought", "hunt", "hunts", "hunting", "hunted", "target",
                            "targets", "targeting", "targeted"})
#: Verbs people are looked "for" with: "Officers were looking for 1,700 people", "scan the crowd for 50 offenders".
_LOOKING_VERBS = frozenset({"look", "looks", "looking", "search", "searches", "searching", "scan", "scans",
                            "scanning", "scanned", "watch", "watching"})
#: The fewest people sought that make a watchlist, not a manhunt ("Police are hunting two men after a robbery").
_FEWEST_SOUGHT = 20


def sought_people(noun: Token, verb: Token | None) -> bool:
    """People a deployment seeks or looks for (the watchlist): "The Met was seeking 1,200 people", "About 1,500
    wanted people were being sought", "Officers were looking for 1,700 people", "used to scan the crowd for 50
    registered sex offenders"; not fewer than ``_FEWEST_SOUGHT``, whom police hunt after a crime."""
    numbers = [parse_number([c.text]) for c in noun.children if c.dep_ == "nummod"]
    if verb is None or not numbers or numbers[0] is None or numbers[0][0] < _FEWEST_SOUGHT:
        return False
    if noun.dep_ == "dobj" and noun.head == verb and verb.lower_ in _SEEKING_VERBS:
        return True
    if noun.dep_ == "nsubjpass" and noun.head == verb and verb.lower_ in ("sought", "targeted", "hunted"):
        return True
    looked_for = noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head == verb
    return looked_for and verb.lower_ in _LOOKING_VERBS


def subject_before(pronoun: Token, roles: tuple[str, ...] = ("nsubj", "nsubjpass"),
                   aside: Token | None = None) -> Token | None:
    """The last subject (or noun in one of ``roles``) before a pronoun, in its sentence or the one before,
    ``aside`` aside: what "they" most likely stands for."""
    first = start_of_sentence_before(pronoun.sent)
    return next((t for t in reversed(pronoun.doc[first:pronoun.i])
                 if t != aside and t.dep_ in roles and t.pos_ in ("NOUN", "PROPN")), None)


def _stands_for_a_watchlist(pronoun: Token, counted: Token) -> bool:
    """Whether the last subject or object before a pronoun, the counted noun aside, is a watchlist: "The force said
    custody images make up the watchlist. Some 9,756 names were on it"."""
    before = subject_before(pronoun, ("nsubj", "nsubjpass", "dobj", "pobj"), counted)
    return before is not None and is_a_watchlist(before)
