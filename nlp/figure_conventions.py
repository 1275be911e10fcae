"""Written counts that claim nothing, or claim another metric than their words suggest, by the conventions of
real coverage (``data/eval-real/README.md``, "Not figures" and "Metrics"), for ``lfrwatch_figures``
(:mod:`lfrwatch.nlp.figures`):

- a scale word after a vague lead is a vague amount: "a watchlist of several hundred people";
- a number in a list of ages: "two men aged 46 and 25" (the 25 is an age, as the 46 is);
- a count per second, minute or hour is what a system can do, not what it did: "scan over 300 faces a second";
- people found who were missing are ``other``, not alerts or arrests: "identified six people who had been
  registered as high risk missing people";
- a number of a rate is no count: "one false alert for every 6,000 people", "seven out of eight times", "one alert
  every 90 minutes";
- the police's stores of photos are ``other``, not a watchlist or faces scanned: "58 million photos in the
  passport database", "faces stored on its database", "our 500,000 custody images", "records ... sit in the PND",
  "kept biometric photos of 2,451 people", "searches against the database of 46 million passport holders", and
  so are images counted in a text about those stores, unless on or checked against a list;
- in a text about retrospective or operator-initiated facial recognition only, matches are ``other``;
- people a force "has taken off the streets" are arrests; "the faces of 90,000 fans" scanned are faces scanned and
  "the conditions of four people" checked are ``other``; a crowd's size is no figure; officers injured, or moved
  between teams, are no count of officers; people given notices, warnings or advice, or spoken with, are ``other``;
- people "checked by officers" are ``other``, not faces scanned;
- people banned by bail conditions or found in breach of them are ``other``, "the detention of eight people" and
  "were among those arrested" arrests, "against a list of 480 wanted offenders" the watchlist, and a retrospective
  tool or operator-initiated app "used 25,000 times" counts searches (``other``), not deployments;
- people "arrested and charged" are counted twice, as arrests and as charges.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .figure_nouns import is_watchlist, of_them_at
from .figure_words import FIGURE_NOUNS, FIGURE_VERBS, POLICING_ACTS, RETROSPECTIVE_WORDS, SPEAKING_TO_VERBS
from .numbers import parse_number
from .lexicon import (
    FALSE_MODIFIERS, IMAGE_NOUNS, RATE_WORDS, RESHUFFLE_VERBS, SCALE_WORDS, TIME_UNITS, WORD_NUMBERS, verb_forms,
)

#: Words before a scale word that leave the amount vague: "several hundred", "a few thousand".
VAGUE_LEADS = frozenset({"several", "few", "many", "some", "couple"})
#: Words that open a list of ages: "aged 46 and 25", "ages 16, 17 and 19".
AGE_WORDS = frozenset({"aged", "ages", "age"})
#: Units of a system's capacity: "300 faces a second", "1,000 faces per minute".
CAPACITY_UNITS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours"})
_LIST_WORDS = frozenset({",", "and", "or", "&"})
#: Verbs of keeping a store of images: "photos stored on its database", "the 20million mugshots that forces now hold".
_HOLDING_VERBS = frozenset({"hold", "holds", "held", "keep", "keeps", "kept", "store", "stores", "stored", "retain",
                            "retains", "retained"})
#: Verbs of what a store has in it: "the database contains 12 million custody photos".
_CONTAINING_VERBS = frozenset({"contain", "contains", "contained", "include", "includes", "included"})
_STORE_VERBS = _HOLDING_VERBS | _CONTAINING_VERBS
#: Where the police keep images: "photos in the passport database".
_STORE_NOUNS = frozenset({"database", "databases", "archive", "archives", "system", "systems", "records", "bank",
                          "banks"})  # "the Met's image bank holds about 3 million photographs"
#: What a store holds of people, and verbs of building one up: "kept biometric photos of 2,451 people", "has built
#: up a biometric database of over 2,400 innocent people".
_KEPT_RECORDS = frozenset({"photos", "photographs", "images", "pictures", "mugshots", "database", "databases"})
_BUILDING_VERBS = frozenset({"built", "build", "builds", "building", "amassed", "compiled", "created"})
#: Stores no live watchlist is drawn from whole: "our 500,000 custody images", "46 million passport holders".
_STORE_MODIFIERS = frozenset({"custody", "passport", "passports"})
#: Where a store's contents are put or lie: "loaded 18 million photographs onto a database", "six billion records
#: ... sit in the PND".
_INTO_WORDS = frozenset({"in", "on", "onto", "into", "within"})


def vague_scale(doc: Doc, start: int) -> bool:
    """The number opens on a scale word after a vague lead: "several hundred", "a few thousand"."""
    return start > 0 and doc[start].lower_ in SCALE_WORDS and doc[start - 1].lower_ in VAGUE_LEADS


def listed_age(doc: Doc, start: int) -> bool:
    """The number is in a list of numbers that opens on an age word: the 25 of "aged 46 and 25"; not a number with
    a noun of its own, which opens a list's next item ("Three men, aged 39, 51 and 45, and one woman")."""
    following = doc[start + 1] if start + 1 < len(doc) else None
    if following is not None and following.pos_ == "NOUN" and doc[start].head == following and \
            following.lower_ not in ("year", "years"):
        return False
    j = start - 1
    listed = False
    while j >= 0 and (doc[j].like_num or doc[j].lower_ in _LIST_WORDS):
        listed = listed or doc[j].like_num
        j -= 1
    return listed and j >= 0 and doc[j].lower_ in AGE_WORDS


def capacity_rate(doc: Doc, phrase_end: int) -> bool:
    """A rate per second, minute or hour right after the counted phrase: "300 faces a second"."""
    following = doc[phrase_end:phrase_end + 2]
    return len(following) == 2 and following[0].lower_ in RATE_WORDS and following[1].lower_ in CAPACITY_UNITS


def missing_people(noun: Token | None) -> bool:
    """The counted people are described as missing: "six people who had been registered as high risk missing
    people", "three missing people"."""
    if noun is None:
        return False
    if any(child.lower_ == "missing" for child in noun.children):
        return True
    clauses = [child for child in noun.children if child.dep_ in ("relcl", "acl")]
    return any(token.lower_ == "missing" for clause in clauses for token in clause.subtree)


def in_rate(doc: Doc, start: int, end: int) -> bool:
    """A number of a rate: "one false alert for every 6,000 people scanned" (both numbers), "wrong seven out of
    eight times" (both; "out of 25 alerts, 20 led to arrests" is a part and its whole, two counts)."""
    if start >= 2 and doc[start - 1].lower_ == "every" and (doc[start - 2].lower_ in ("for", "in") or (
            start >= 3 and doc[start - 2].pos_ == "ADV" and doc[start - 3].lower_ in ("for", "in"))):
        return True  # "one false alert for every 6,000", "an arrest for roughly every 5,400 faces"
    for i in range(end, min(len(doc) - 1, end + 5)):
        if doc[i].is_punct:
            break
        if doc[i].lower_ in ("for", "in") and doc[i + 1].lower_ == "every":
            return True
        if doc[i].lower_ == "every" and i <= end + 1 and any(
                t.lower_ in TIME_UNITS | CAPACITY_UNITS for t in doc[i + 1:i + 3]):
            return True  # "one alert every 90 minutes", "an arrest every hour"
    if start >= 2 and doc[start - 1].lower_ == "every" and doc[start - 2].lower_ == "of":
        return True  # "Of every five people it picked out, four were innocent" (the five)
    if any(prep.lower_ == "of" and any(any(c.lower_ == "every" for c in whole.children) for whole in prep.children)
           for prep in doc[start].head.children if prep.dep_ == "prep"):
        return True  # (the four)
    if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "out" and doc[start - 3].like_num:
        return _in_proportion(doc[start - 3], doc[start]) or (
            end < len(doc) and doc[end].lower_ in ("times", "occasions", "cases"))
    if end + 2 < len(doc) and doc[end].lower_ == "out" and doc[end + 1].lower_ == "of" and doc[end + 2].like_num:
        return _in_proportion(doc[start], doc[end + 2]) or (
            end + 3 < len(doc) and doc[end + 3].lower_ in ("times", "occasions", "cases"))
    return False


def _in_proportion(part: Token, whole: Token) -> bool:
    """ "Four out of five suspects": a share written in words, whole of ten at most, is a proportion, not a part
    and its whole ("eight out of 42 matches" counts both)."""
    values = [WORD_NUMBERS.get(token.lower_) for token in (part, whole)]
    return None not in values and values[0] < values[1] <= 10


def kept_in_store(noun: Token) -> bool:
    """Images the police keep, not a watchlist: "photos stored on its database", "a store of 21 million photos",
    "the database holds 19 million custody images",
    "over 58 million photos in the passport database", "the 20million mugshots that forces now hold"."""
    if any(c.dep_ in ("acl", "relcl") and c.lower_ in _HOLDING_VERBS and not _on_a_watchlist(c) for c in noun.children):
        return True
    if noun.dep_ == "nsubjpass" and noun.head.lower_ in _HOLDING_VERBS and not _on_a_watchlist(noun.head):
        return True  # "Those custody images ... are held by the force"; not "stored on the watchlist"
    if noun.dep_ == "dobj" and noun.head.lower_ in _STORE_VERBS and any(
            child.dep_ == "nsubj" and child.lower_ in _STORE_NOUNS for child in noun.head.children):
        return True  # "The Police National Database holds 19 million custody images": a store, not a watchlist
    if any(c.dep_ == "prep" and c.lower_ in _INTO_WORDS and any(o.lower_ in _STORE_NOUNS for o in c.children)
           for c in noun.children):
        return True
    if any(c.dep_ in ("compound", "amod") and c.lower_ in _STORE_MODIFIERS for c in noun.lefts):
        return True  # "run it against our 500,000 custody images"
    if noun.dep_ in ("nsubj", "dobj") and _put_in_store(noun.head):
        return True  # "loaded up to 18 million photographs onto a database", "six billion records ... sit in the PND"
    return noun.head.lower_ == "of" and noun.head.head.lower_ in ("store", "stores", "archive")


def _on_a_watchlist(verb: Token) -> bool:
    """A verb of holding whose place is a watchlist: "Images of 2,000 people were stored on the watchlist"."""
    return any(c.dep_ == "prep" and c.lower_ in _INTO_WORDS and any(is_watchlist(o) for o in c.children)
               for c in verb.children)


def _put_in_store(verb: Token) -> bool:
    """A verb with a place in a store named by its preposition: "onto a facial recognition database", "in the PND"
    (the Police National Database)."""
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "prep" and c.lower_ in _INTO_WORDS and any(
            o.lower_ in _STORE_NOUNS or o.text in ("PND", "PNC") for o in c.children) for c in verb.children)


#: Words of facial recognition run on stored images, not live: also searches of the Police National Database.
_RETROSPECTIVE = re.compile(r"\b(?:" + "|".join(sorted(RETROSPECTIVE_WORDS)) + r"|oifr|operator[- ]initiated"
                            r"|fac(?:e|ial) search(?:es)?|PND)\b", re.IGNORECASE)
_LIVE = re.compile(r"\b(?:live (?:facial|face|camera)|LFR|AFR Locate)", re.IGNORECASE)


_IMAGE_STORES = re.compile(r"custody (?:image|photo|picture)|Police National Database|\bPND\b|passport database|"
                           r"Criminal History System|\b(?:images|photos|photographs) (?:held|kept|retained)\b",
                           re.IGNORECASE)
_IMAGE_STORES_KEY = "lfrwatch_about_image_stores"


def stored_images(noun: Token, scanned: bool, on_a_watchlist: bool) -> bool:
    """Images counted in a text about the police's stores of photos (custody images, the Police National Database,
    the passport database) are the store (``other``), unless they were scanned, are on or checked against a list,
    or the sentence names a watchlist before them: "Police Scotland on its own is holding at least three million
    images"; not "checks each scan against a database of over 500,000 images", "had their 'watchlist' ready ...
    16,231 names"."""
    doc = noun.doc
    if scanned or on_a_watchlist or not _about_image_stores(doc):
        return False
    against = noun.head.lower_ == "of" and noun.head.head.head.lower_ == "against"
    return not against and not any(is_watchlist(t) for t in doc[noun.sent.start:noun.i])


def _about_image_stores(doc: Doc) -> bool:
    """Whether a text speaks of the police's stores of photos (worked out once per document)."""
    if _IMAGE_STORES_KEY not in doc.user_data:
        doc.user_data[_IMAGE_STORES_KEY] = bool(_IMAGE_STORES.search(doc.text))
    return doc.user_data[_IMAGE_STORES_KEY]


def a_store_by_its_size(doc: Doc, start: int, end: int) -> bool:
    """Images counted in millions are a store of the police's or the state's photos, not a watchlist (the largest
    watchlists in our sets hold half a million): "25,000 searches every month against 19 million UK police
    mugshots"."""
    parsed = parse_number([token.text for token in doc[start:end]])
    return parsed is not None and parsed[0] >= 1_000_000


def about_retrospective_only(text: str) -> bool:
    """Whether a text is about retrospective or operator-initiated facial recognition (searches of stored images,
    an officer's app) and never about live facial recognition: its matches are no live alerts (``other``)."""
    return bool(_RETROSPECTIVE.search(text)) and not _LIVE.search(text)


def about_stores_only(doc: Doc) -> bool:
    """Whether a text is about the police's stores of photos (custody images, the Police National Database) and
    never about live facial recognition: the technology "used on 440 occasions" there searched the store."""
    return _about_image_stores(doc) and not _LIVE.search(doc.text)


def sent_back_to_prison(verb: Token) -> bool:
    """People sent back to prison, recalled on licence (``other``): "Nine people were returned to prison", "sent
    back to jail"; not "sent to prison" (a sentence, no figure)."""
    backs = [child for child in verb.children if child.dep_ in ("prt", "advmod") and child.lower_ == "back"]
    if not backs and verb.lower_ not in ("returned", "returning", "return"):
        return False
    # "to prison" under the verb, or under "back" where the model reads it as an adverb: "sent back to prison"
    return any(child.dep_ == "prep" and child.lower_ == "to" and any(
        obj.lower_ in ("prison", "jail", "gaol") for obj in child.children)
        for holder in (verb, *backs) for child in holder.children)


#: Verbs that take people off the streets: "has taken more than 1,700 offenders off the capital's streets".
_TAKING_VERBS = frozenset({"take", "takes", "taken", "took", "taking", "get", "gets", "got", "getting", "remove",
                           "removes", "removed", "removing"})
#: People a force is after, whom taking off the streets means arresting.
_WANTED_PEOPLE = frozenset({"offenders", "criminals", "suspects", "people", "individuals"})


def taken_off_streets(noun: Token) -> bool:
    """A count of people a force took "off the streets" (arrests, as the Met's figures put it), not people
    who stayed off the streets; also people described so: "over 1,300 criminals taken off London's streets"."""
    if noun.lower_ not in _WANTED_PEOPLE:
        return False
    verbs = [noun.head] if noun.dep_ in ("dobj", "nsubjpass", "nsubj") else []
    verbs += [child for child in noun.children if child.dep_ == "acl"]
    for verb in verbs:
        if verb.lower_ not in _TAKING_VERBS:
            continue
        off = [child for child in verb.children if child.dep_ in ("prep", "prt") and child.lower_ in ("off", "from")]
        places = [obj for child in off for obj in child.children] + [obj for obj in verb.children if obj.dep_ == "dobj"]
        if off and any(place.lower_ in ("streets", "street") for place in places):
            return True
    return False


#: What happens to officers that makes their number a casualty count, not officers on duty.
_HARM_WORDS = frozenset({"injured", "hurt", "wounded", "assaulted", "attacked", "killed", "hospitalised",
                         "hospitalized"})


def officers_harmed(noun: Token | None) -> bool:
    """Officers counted as hurt ("26 officers were injured", "five injured officers"): no claim about policing
    strength or LFR."""
    if noun is None:
        return False
    verb = noun.head
    passive = noun.dep_ in ("nsubjpass", "nsubj") and verb.lower_ in _HARM_WORDS
    return passive or any(child.dep_ == "amod" and child.lower_ in _HARM_WORDS for child in noun.children)


def reshuffled(noun: Token | None, root: Token) -> bool:
    """Officers moved between teams: "80 officers moving to the West End",
    "90 reassigned to robbery hotspots"."""
    for token in (noun, root):
        if token is None:
            continue
        for child in token.children:
            about_event = any(c.dep_ == "nsubj" and c.lower_ == "which" for c in child.children)
            if child.dep_ in ("acl", "relcl") and child.lower_ in RESHUFFLE_VERBS and not about_event:
                return True  # not "spoke to seven people, which has moved forward the investigations"
        node = token.head
        for _ in range(2):
            if node.lower_ in RESHUFFLE_VERBS:
                return True
            node = node.head
    return False


#: Nouns of a gathering whose size is no claim: "a crowd of 10,000 people".
_GATHERINGS = frozenset({"crowd", "crowds", "audience", "gathering", "throng"})


def crowd_size(noun: Token | None) -> bool:
    """People counted as the size of a crowd ("picked out a face in a crowd of 10,000 people"): crowd sizes are
    not figures, whatever verb the sentence has."""
    return noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and \
        noun.head.head.lower_ in _GATHERINGS


#: What officers hand people who are dealt with but not arrested: "given fixed penalty notices", "issued with
#: community protection notices", "given words of advice".
_NOTICES = frozenset({"notice", "notices", "warning", "warnings", "advice", "penalty", "penalties", "ticket",
                      "tickets",
                      # dealt with out of court: "Two people were given community resolutions", "dispersal orders"
                      "resolution", "resolutions", "order", "orders"})


def _given(verb: Token) -> list[Token]:
    """What people were given or issued: "given fixed penalty notices", "issued with dispersal orders"."""
    if verb.lower_ not in ("given", "issued", "handed", "served"):
        return []
    objects = [child for child in verb.children if child.dep_ == "dobj"]
    return objects + [obj for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "with"
                      for obj in prep.children if obj.dep_ == "pobj"]


def given_notices(verb: Token) -> bool:
    """People given or issued notices, warnings or advice (``other``: dealt with, not arrested)."""
    return any(obj.lower_ in _NOTICES or (obj.lower_ == "words" and any(
        of.lower_ == "of" and any(a.lower_ == "advice" for a in of.children) for of in obj.children))
        for obj in _given(verb))


def given_charges(verb: Token) -> bool:
    """People given cautions or issued with summonses (``charges_or_cautions``): "Nine people were given
    cautions"."""
    return any(FIGURE_NOUNS.get(obj.lower_) == "charges_or_cautions" for obj in _given(verb))


#: Verbs of scanning faces: "scanned the faces of 90,000 festival-goers".
_SCANNING_VERBS = frozenset({"scanned", "scan", "scans", "scanning", "captured", "captures", "recorded", "checked",
                             "compared", "analysed", "analyzed", "processed"})
#: Verbs of searching faces against the people of a watchlist: "searched against 9,722 people".
_SEARCHING_VERBS = frozenset({"searched", "search", "compared", "matched", "checked", "screened"})
#: Verbs that compare faces "with" or "to" the people of a list: "compared with a database of 5,000 people".
_COMPARING_VERBS = frozenset({"compared", "compare", "compares", "comparing", "matched", "match", "checked"})
#: Nouns whose contents faces are searched against: "against a database of 8,000 images".
_HOLDERS = frozenset({"list", "lists", "database", "databases", "register", "watchlist", "watchlists"})
#: What officers check about a person that is no scan of a face: "checked the conditions of another four people".
_PERSONAL_RECORDS = frozenset({"conditions", "condition", "identity", "identities", "details", "bail", "licence",
                               "license", "documents", "papers"})


def searched_against(noun: Token) -> bool:
    """Images faces are searched or compared against, alone or as the contents of a list or database: "Faces are
    checked against a database of 8,000 images", "matched against 2,000 images"."""
    holder = noun.head.head if noun.head.lower_ == "of" and noun.head.head.lower_ in _HOLDERS else noun
    verb = holder.head.head
    if verb.lower_ in ("faces", "face"):
        verb = verb.head  # "compared faces against 2,500 custody images", "against" hung on "faces"
    return holder.dep_ == "pobj" and (
        (holder.head.lower_ == "against" and verb.lower_ in _SEARCHING_VERBS | _COMPARING_VERBS)
        or (holder.head.lower_ in ("with", "to") and verb.lower_ in _COMPARING_VERBS))


def of_the_people(noun: Token) -> str | None:
    """The metric of people counted after "of": "scanned the faces of 90,000 festival-goers" (faces scanned),
    "against a list of 480 wanted offenders" and "searched against 9,722 people" (the watchlist),
    "checked the conditions of another four people" (``other``: people checked, not faces)."""
    if noun.dep_ == "compound":
        noun = noun.head  # "festival" of "festival-goers"
    if noun.dep_ == "pobj" and noun.head.lower_ == "against" and noun.head.head.lower_ in _SEARCHING_VERBS:
        return "watchlist_size"  # "the force searched against 9,722 people"
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return None
    owner = noun.head.head
    if owner.lower_ in ("faces", "face") and (owner.head.lower_ in _SCANNING_VERBS or any(
            t.lower_ in _SCANNING_VERBS for t in noun.doc[max(0, owner.i - 3):owner.i])):
        return "faces_scanned"  # also "will scan the faces of around 90,000 people", "faces" parsed a subject
    if owner.lower_ in ("faces", "face") and owner.head.lower_ == "over" and owner.head.head.lower_ in (
            "recognition", "technology", "software", "cameras", "system"):
        return "faces_scanned"  # "ran live facial recognition over the faces of 8,600 people"
    if _biometric_data(owner) and _taken_in(owner):
        return "faces_scanned"  # "The biometric data of 12,120 people went through its system"
    if owner.lower_ in ("detention", "arrest", "arrests", "apprehension", "capture") and owner.dep_ == "pobj":
        # "resulted in the detention of eight people", "led to the arrest of two more", "ended in the apprehension
        # of 173 individuals", "led to the capture of six wanted men"
        return "arrests"
    holder = owner.head.head if owner.head.lower_ == "of" and owner.lower_ in IMAGE_NOUNS \
        else owner  # "compared live with a store of mugshots of 500,000 criminals"
    compared = holder.head.lower_ in ("with", "to") and holder.head.head.lower_ in _COMPARING_VERBS
    if holder.lower_ in ("list", "database", "register", "store") and (holder.head.lower_ == "against" or compared):
        if kept_in_store(noun) or any(c.lower_ in _STORE_MODIFIERS for c in holder.lefts):
            return "other"  # "searches against the UK's database of 46 million passport holders": a store
        # "checked passers-by against a list of 480 wanted offenders", "compared with a database of 5,000 people
        # wanted for serious crimes"
        return "watchlist_size"
    if owner.lower_ in _PERSONAL_RECORDS and owner.dep_ == "dobj" and owner.head.lower_ in ("checked", "verified"):
        return "other"
    if owner.lower_ in _KEPT_RECORDS and (kept_in_store(owner) or owner.dep_ == "dobj" and owner.head.lower_ in
                                          _HOLDING_VERBS | _BUILDING_VERBS):
        return "other"  # "kept biometric photos of 2,451 people", "built up a biometric database of over 2,400"
    return None


_TAKE_FORMS = verb_forms("take", "took") | {"taken"}
_GO_FORMS = verb_forms("go", "went") | {"gone"} | verb_forms("pass") | verb_forms("run", "ran", "running")


def _biometric_data(noun: Token) -> bool:
    """ "the biometric data", "the biometric information", "facial data": what a scan of a face takes."""
    return noun.lower_ in ("data", "information") and any(c.lower_ in ("biometric", "facial") for c in noun.lefts)


def _taken_in(noun: Token) -> bool:
    """A system took the noun in: scanned or processed it, "took in" it, or it "went through" the system."""
    verb = noun.head
    if noun.dep_ == "dobj":
        return verb.lower_ in _SCANNING_VERBS or (verb.lower_ in _TAKE_FORMS and any(
            c.dep_ == "prt" and c.lower_ == "in" for c in verb.children))
    return noun.dep_ in ("nsubj", "nsubjpass") and verb.lower_ in _GO_FORMS and any(
        c.dep_ == "prep" and c.lower_ == "through" for c in verb.children)


#: Verbs that put a count in a class: "the MPS classed one as false", "police judged two to be false matches".
_CLASSING_VERBS = frozenset({"classed", "classified", "deemed", "judged", "considered", "assessed", "categorised",
                             "categorized", "recorded", "counted", "marked", "logged", "rated", "regarded"})


def classed_false(doc: Doc, start: int, end: int) -> bool:
    """A count a classing verb just before it puts down as false: "the MPS classed one as false", "judged two
    of them to be false alerts" (the alerts counted being false ones)."""
    if not (start > 0 and doc[start - 1].lower_ in _CLASSING_VERBS):
        return False
    i = end
    if of_them_at(doc, i):
        i += 2
    words = [t.lower_ for t in doc[i:i + 5]]
    if words[:1] == ["as"]:
        rest = words[1:]
    elif words[:2] == ["to", "be"]:
        rest = words[2:]
    else:
        return False
    if rest[:1] in (["a"], ["an"]):
        rest = rest[1:]
    return bool(rest) and rest[0] in FALSE_MODIFIERS


def banned_on_bail(noun: Token | None) -> bool:
    """People banned or barred from a place by bail conditions, or found in breach of them (``other``): "Five
    people were banned from entering the town centre under bail conditions", "Three people were found to be in
    breach of their bail conditions"."""
    if noun is None or noun.dep_ not in ("nsubjpass", "nsubj") or noun.head.lower_ not in ("banned", "barred",
                                                                                          "found"):
        return False
    words = {token.lower_ for token in noun.head.subtree}
    return "bail" in words and (noun.head.lower_ != "found" or "breach" in words)


def retrospective_tool(verbs: list[Token]) -> bool:
    """A verb of using whose subject is a retrospective or operator-initiated tool ("The retrospective tool was
    used 25,000 times", "Officers used the operator-initiated facial recognition app 57 times"): searches
    (``other``), not deployments."""
    for verb in verbs:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and _RETROSPECTIVE.search(
                    "".join(t.text_with_ws for t in child.subtree)):
                return True
    return False


def spoken_with(token: Token) -> bool:
    """People (or a bare count) officers spoke or dealt with, after a preposition: "engaged with 15 people",
    "spoke to a further 13", "had conversations with seven other people" (``other``: checked, not arrested)."""
    if token.dep_ != "pobj":
        return False
    prep, owner = token.head, token.head.head
    return owner.lower_ in POLICING_ACTS or (prep.lower_ == "to" and owner.lower_ in SPEAKING_TO_VERBS) or (
        prep.lower_ == "with" and owner.lower_ in ("conversations", "conversation", "words"))


#: Who checks people by hand, not by camera: "checked by officers".
_CHECKERS = frozenset({"officers", "officer", "police", "constables", "pcs", "staff"})


def checked_by_officers(verb: Token) -> bool:
    """People checked by officers, not faces scanned by a camera (``other``): "23 people were checked by officers
    and allowed to go on their way", "officers checked 12 people's details"."""
    if verb.lower_ not in ("checked", "check", "checking"):
        return False
    doers = [obj for child in verb.children if child.dep_ == "agent" for obj in child.children if obj.dep_ == "pobj"]
    doers += [child for child in verb.children if child.dep_ == "nsubj"]
    return any(doer.lower_ in _CHECKERS for doer in doers) or any(  # "checked for compliance" with their orders
        child.lower_ == "for" and any(obj.lower_ == "compliance" for obj in child.children) for child in verb.children)


def among_those(verb: Token | None) -> str | None:
    """What became of the people "among those" a participle counts: "Two men ... were among those arrested"
    (arrests)."""
    if verb is None or verb.lower_ not in ("were", "was", "are", "is"):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "among":
            for those in prep.children:
                for clause in those.children:
                    if clause.dep_ in ("acl", "relcl") and FIGURE_VERBS.get(clause.lower_) in (
                            "arrests", "charges_or_cautions", "alerts"):
                        return FIGURE_VERBS[clause.lower_]
    return None


def national_total(metric: str | None, value: float, noun: Token | None) -> bool:
    """A count too large to be about live facial recognition, a national total cited for context: "a total of
    715,296 arrests" (by London's police since 2020), "six million CCTV cameras" (Britain's)."""
    if metric == "arrests" and value >= 100_000:
        return True
    return metric == "other" and value >= 1_000_000 and noun is not None and noun.lower_ in ("cameras", "camera")


def later_joined_verbs(verb: Token) -> list[Token]:
    """Verbs joined on after ``verb`` that share its subject and are not denied: the "charged" of "were arrested and
    charged"; not "stopped but not arrested", nor "..., and police charged them" (a subject of its own), nor the
    "cautioned" of "540 were arrested and 406 charged or cautioned" (joined to a verb with a subject of its own)."""
    def own_clause(joined: Token) -> bool:
        while joined != verb and joined.dep_ == "conj":
            if any(c.dep_.startswith("nsubj") or c.dep_ == "neg" for c in joined.children):
                return True
            joined = joined.head
        return False

    return [v for v in verb.conjuncts if v.i > verb.i and not own_clause(v)]


def arrested_and_charged(verb: Token | None) -> bool:
    """Whether people counted as charged were arrested first, the verb above them joined to a later charging verb
    of the same subject: "four suspects were arrested and charged" is both an arrest figure and a charge figure, as
    the set's gold writes it."""
    return verb is not None and FIGURE_VERBS.get(verb.lower_) == "arrests" and any(
        FIGURE_VERBS.get(v.lower_) == "charges_or_cautions" for v in later_joined_verbs(verb))
