"""Numbers that count nothing, for ``lfrwatch_figures`` (:mod:`lfrwatch.nlp.figures`): years, codes, phone
numbers, labels ("section 60"), ratios ("one in 150,000"), multipliers ("three times the number"), lengths of
time ("a two-day deployment"), ranks ("one of the biggest"), numbers given before and numbers inside names
("Six Nations").
"""

from __future__ import annotations

from spacy.tokens import Doc

from .figure_conventions import in_rate, listed_age
from .lexicon import ANAPHORIC_DETERMINERS, MULTIPLIER_FOLLOWERS

# Numbers inside names: "Six Nations", "Covid-19", "Article 8".
_NAME_LABELS = frozenset({"ORG", "EVENT", "WORK_OF_ART", "FAC", "LAW", "PRODUCT", "GPE", "NORP", "PERSON", "LOC"})
_DURATION_UNITS = frozenset({"day", "week", "fortnight", "month", "year", "hour", "minute", "night", "weekend"})
# Words before a number that make it a label, not a count.
_LABEL_WORDS = frozenset(
    {
        "aged", "age", "no", "no.", "number", "section", "article", "page", "room", "flat", "junction", "chapter",
        "clause", "part", "paragraph", "schedule", "question", "episode", "series", "season", "level", "tier",
        "category", "grade", "class", "covid", "uin", "volume", "vol", "vol.", "col", "column", "hc", "deb", "ref",
        "reference", "case", "pc", "route", "bus", "line", "platform", "gate",
    }
)


def _to_the_next(doc: Doc, end: int) -> bool:
    """ "to the next", "to another", "to the other" within a few words after "from one (deployment)"."""
    words = [t.lower_ for t in doc[end:end + 6]]
    for k, word in enumerate(words[:-1]):
        if word == "to" and (words[k + 1] == "another" or words[k + 1:k + 3] in (["the", "next"], ["the", "other"])):
            return True
    return False


def not_a_count(doc: Doc, start: int, end: int, value: float, has_unit: bool) -> bool:
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
    if not has_unit and listed_age(doc, start):
        return True  # the 25 of "two men aged 46 and 25"
    if before is not None and before.text in ("/", ":", ".", "#", "-") and before.whitespace_ == "" and not (
            before.text == "-" and start > 1 and doc[start - 2].like_num and not doc[start - 2].whitespace_):
        return True  # "v.2", "10:30", "#3"; not the end of a range written "5-10 arrests"
    if before is not None and after is not None and before.text == "[" and after.text == "]":
        return True  # "The first full deployment [3] is due": a note or link marker
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
    if in_rate(doc, start, end):
        return True
    if first.lower_ == "one" and end + 2 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "the" \
            and (doc[end + 2].tag_ == "JJS" or doc[end + 2].lower_ in ("most", "few", "first", "only")):
        return True  # "one of the biggest deployments in Europe": a rank, not a count
    hyphenated = after is not None and after.text in ("-", "‐") and after.whitespace_ == "" and first.whitespace_ == ""
    if hyphenated and end + 1 < len(doc) and doc[end + 1].lower_ in _DURATION_UNITS:
        return True  # "a two-day deployment", "a 12-week consultation": a length of time
    if before is not None and before.lower_ in ANAPHORIC_DETERMINERS:
        return True
    if before is not None and before.lower_ in ("every", "each", "any", "no") and first.lower_ in ("one", "1"):
        return True  # "Every one of these arrests is someone ..."
    if before is not None and before.lower_ == "from" and first.lower_ == "one" and _to_the_next(doc, end):
        return True  # "Watchlists differed from one deployment to the next": each in turn, not a count
    if start >= 2 and before.lower_ == "the" and doc[start - 2].lower_ == "of" and not has_unit \
            and _said_before(doc, start, end):
        return True  # "Of the 540 people arrested" after "540 arrests": given before
    if any(t.ent_type_ in _NAME_LABELS for t in doc[start:end]) and not has_unit \
            and not _counts_next_noun(doc, end):
        return True  # "Six Nations"; not "deployed LFR 16 times", where the entity ran on over the number
    return False


def _said_before(doc: Doc, start: int, end: int) -> bool:
    """The number's words were written earlier in the text: "Of the 540 people arrested" after "540 arrests"."""
    words, n = doc[start:end].text.lower(), end - start
    return any(t.like_num and doc[t.i : t.i + n].text.lower() == words for t in doc[:start])


def _counts_next_noun(doc: Doc, end: int) -> bool:
    """The number counts the common plural noun right after it, outside any name: "LFR 16 times"."""
    noun = doc[end] if end < len(doc) else None
    return noun is not None and noun.tag_ == "NNS" and noun.ent_type_ not in _NAME_LABELS and doc[end - 1].head == noun
