"""Component ``lfrwatch_quotes``: direct quotations and who said them.

Where quotations stand is ``quote_spans.py``'s: marks paired per paragraph (double and single), a quote left open
at the end of a paragraph and reopened at the start of the next as one statement continued, and a paragraph
without marks after one that introduces it ("Policing Minister Jane Doe said:", GOV.UK's block quotation). This
component keeps those that are speech and finds their speakers. A quotation signed with a dash and a name ('"..."
― Jane Doe') is that person's. Speakers come from the reporting verb the quote hangs from in the parse, else from
the words just after or before it, else from the sentence just before that reports a speaker ("Jane Doe said it
was the largest operation.") or, in the quotation's paragraph, is about a named person ('Doe backs the plan.
"..."'), else, in a list of a report's findings after a lead line ending in a colon, from the report, else from
the quote before it (a paragraph that is nothing but a quotation, or a partial quotation in the next paragraph with
no one else named); a partial quotation whose words recur in a longer attributed one takes that one's speaker; a
partial quotation left without one is the person's who is the subject of its sentence ('Jane Doe hit back,
accusing the council of "..."'). A short line of quotation with no full stop, set as a crosshead, is the
speaker's of the paragraph below it. A person only described ("the chair of the committee has said") is the one
the next paragraph says "made the remark". A force described as "the force" or "police" is kept as written, its
organisation resolved."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from spacy.matcher import Matcher

from .antecedents import BODY_NOUNS, making_the_remark_after, named_in_the_paragraph_after, one_person_before
from .attribution import SpeakerResolver, is_reporting_verb, subject_of
from .docutils import CharRanges, paragraph_index, paragraph_spans, register_extensions
from .introductions import colon_subject, in_the_words_of, named_before_colon, statement_just_before
from .introductions import according_to_in_clause, finding_in_a_list, words_before
from .lexicon import HUMAN_NOUNS, REPORTING_VERBS, ROLE_WORDS, THINKING_VERBS
from .quote_spans import find_block_quotations, find_quotation_spans, find_single_quotations, mark_continuations
from .signatures import signed_by

_SENTENCE_END = frozenset({".", "!", "?"})
#: Words a title leaves in lower case: "Zones of Safety".
_TITLE_SMALL_WORDS = frozenset({"of", "for", "the", "and", "a", "an", "in", "on", "to", "at", "with", "by", "or"})
#: Words before quoted words that are a label or a title, not speech.
_LABEL_WORDS = frozenset({"reading", "titled", "entitled", "headlined", "captioned", "marked"})
#: Things words are shown on, whose words are no speech: 'a sign that read "..."'.
_DISPLAY_NOUNS = frozenset({"sign", "signs", "banner", "banners", "placard", "placards", "poster", "posters",
                            "billboard", "sticker"})
#: What a quotation takes over when it takes another's speaker.
_SPEAKER_KEYS = ("speaker", "role", "org", "honorific", "speaker_anaphor")
#: The most words a quotation standing as a crosshead has.
_CROSSHEAD_WORDS = 14


@Language.factory(
    "lfrwatch_quotes",
    requires=["token.dep", "doc._.people"],
    assigns=["doc._.quotes"],
    default_config={"window_tokens": 16, "carry_paragraphs": 2, "min_words": 3},
)
def make_quotes(nlp: Language, name: str, window_tokens: int, carry_paragraphs: int, min_words: int):
    return QuoteFinder(nlp.vocab, window_tokens=window_tokens, carry_paragraphs=carry_paragraphs, min_words=min_words)


class QuoteFinder:
    def __init__(self, vocab, window_tokens: int = 16, carry_paragraphs: int = 2, min_words: int = 3):
        register_extensions()
        self.window_tokens = window_tokens
        self.carry_paragraphs = carry_paragraphs
        self.min_words = min_words
        self.reporting = Matcher(vocab)
        self.reporting.add("REPORTING", [[{"LOWER": {"IN": sorted(REPORTING_VERBS)}}]])

    def is_speech(self, doc: Doc, quote: dict) -> bool:
        """Speech rather than a scare quote, a title or a quoted label."""
        words = quote["text"].split()
        if len(words) < self.min_words:
            return False
        alpha = [w for w in words if w[:1].isalpha()]
        content = [w for w in alpha if w.lower() not in _TITLE_SMALL_WORDS]
        if len(alpha) >= 3 and sum(w[:1].isupper() for w in alpha) >= 0.75 * len(alpha):
            return False  # "Blacklisted: Inside Britain's Private Watchlists"
        if len(words) <= 4 and len(content) >= 2 and all(w[:1].isupper() for w in content):
            return False  # a name in title case: "Zones of Safety", "Plan for Change"
        after = doc.char_span(quote["end"] + 1, min(quote["text_length"], quote["end"] + 40), alignment_mode="expand")
        noun_after = after is not None and len(after) and after[0].pos_ == "NOUN" and not after[0].is_sent_start
        if len(words) < 6 and noun_after and words[0].lower() != "to":  # 'standing by "to ensure smooth" entry'
            return False  # a quoted label: the "facial recognition in use" sign
        lead = quote["full_text"][max(0, quote["start"] - 20) : quote["start"] - 1].split()
        last = lead[-1].lower().strip(",:") if lead else ""
        if last in _LABEL_WORDS:
            return False  # words on a sign or a title: a sign reading 'Police live facial recognition in use'
        if last in ("read", "reads", "said", "says", "saying") and any(
                w.lower().strip(",") in _DISPLAY_NOUNS for w in lead[-4:-1]):
            return False  # 'a sign that read "Police live facial recognition in use"'
        return True

    # --- finding the reporting verb ------------------------------------------

    def _climb(self, span: Span, inside, bounds: tuple[int, int]) -> object:
        """The reporting verb the quotation hangs from in the parse, within
        the quotation's own paragraphs."""
        for token in span:
            head = token.head
            if span.start <= head.i < span.end or head.i == token.i:
                continue
            node, steps, thought = head, 0, None
            while steps < 8:
                if not bounds[0] <= node.idx < bounds[1]:
                    break
                if not inside(node.i) and is_reporting_verb(node):
                    if node.lower_ not in THINKING_VERBS:
                        return node
                    # 'Jane Doe said most voters have come to believe "..."': the one who said it, above
                    thought = thought or node
                if node.head.i == node.i:
                    break
                node, steps = node.head, steps + 1
            if thought is not None:
                return thought
        return None

    def _window(self, doc: Doc, first: int, step: int, inside) -> list:
        """Tokens beside a quotation up to a sentence end, a newline or another quote."""
        tokens = []
        i = first
        while 0 <= i < len(doc) and len(tokens) < self.window_tokens:
            token = doc[i]
            if token.is_space and "\n" in token.text:
                break
            if token.text in ("“", "”", '"') or inside(i):
                break
            if token.text in _SENTENCE_END and step > 0:
                break
            if step < 0 and token.text in _SENTENCE_END:
                break
            tokens.append(token)
            i += step
        return tokens

    @staticmethod
    def _verb_in(tokens, inside) -> object:
        for token in tokens:
            if is_reporting_verb(token, strict=False):
                if subject_of(token, inside=inside) is not None:
                    return token
        return None

    def attribute(self, doc: Doc, span: Span, quote: dict, inside, resolver: SpeakerResolver, previous: dict | None, bounds):
        first = span.end
        while first < min(len(doc), span.end + 3) and doc[first].text in (",", "—", "–", "”", '"'):
            first += 1  # '"...," the letter reads': past the comma the quotation's end left out, and the mark
        after = self._window(doc, first, 1, inside)
        before = self._window(doc, span.start - 2, -1, inside)
        ends_open = quote["text"][-1:] in (",", "?", "!", "—", "-") or (
            span.end < len(doc) and doc[span.end].text in (",", "—", "–"))
        named = named_before_colon(doc, span, resolver) or in_the_words_of(doc, span, resolver) \
            or according_to_in_clause(span, inside, resolver)
        if named is not None:
            return named
        # "The officers, she said, demanded ... and became "...": the one a parenthesis says is speaking
        candidates = [verb for verb in span[0].sent if verb.dep_ == "parataxis" and not inside(verb.i)
                      and is_reporting_verb(verb) and verb.i < span.start]
        climbed = self._climb(span, inside, bounds)
        if climbed is not None:
            # and the verbs reporting it in turn: "A spokesperson said that ... officers, who were told to "..."
            candidates += [climbed] + [verb for verb in climbed.ancestors if verb.sent == climbed.sent
                                       and not inside(verb.i) and is_reporting_verb(verb)]
        if ends_open:
            candidates += [self._verb_in(after, inside), self._verb_in(before, inside)]
        else:
            candidates += [self._verb_in(before, inside), self._verb_in(after, inside)]
        for verb in candidates:
            if verb is None:
                continue
            subject = subject_of(verb, inside=inside)
            speaker = None if subject is None or inside(subject.i) else resolver.resolve(subject, previous)
            if speaker is None:
                # no subject, or one that names no one ("Responding to the proposals, Jane Doe said"):
                # the person named just before the verb
                speaker = resolver.person_before_verb(verb)
            if speaker:
                return speaker
        return statement_just_before(before, resolver, previous)

    def _previous_paragraph_intro(self, doc: Doc, quote: dict, paragraphs, resolver, previous):
        """ "The force said:" closing the paragraph before a quotation paragraph."""
        k = quote["paragraph"]
        mark = 0 if quote.get("unmarked") else 1
        if k == 0 or quote["start"] - mark != paragraphs[k][0]:
            return None
        start, end = paragraphs[k - 1]
        if not quote["full_text"][start:end].rstrip().endswith(":"):
            return None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        for token in reversed(span):
            if is_reporting_verb(token, strict=False):
                subject = subject_of(token, inside=lambda i: False)
                speaker = resolver.resolve(subject, previous) if subject is not None else None
                return speaker or resolver.person_before_verb(token)
        colon = max((t.i for t in span if t.text == ":"), default=None)
        return colon_subject(doc, colon, lambda i: False, resolver) if colon else None  # 'Jane Doe was blunt:'

    # --- the component ----------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        furniture = CharRanges(doc._.boilerplate)
        paragraphs = paragraph_spans(text)
        raw = [q for q in find_quotation_spans(text, paragraphs) if q["start"] not in furniture]
        double_quoted = CharRanges([(q["start"] - 1, q["end"] + 1) for q in raw])
        raw += [q for q in find_single_quotations(text, paragraphs, double_quoted) if q["start"] not in furniture]
        raw = sorted(raw + find_block_quotations(doc, text, paragraphs, furniture), key=lambda q: q["start"])
        mark_continuations(raw, paragraphs)
        quoted = CharRanges([(q["start"] - (0 if q.get("unmarked") else 1), q["end"] + 1) for q in raw])
        resolver = SpeakerResolver(doc)

        def inside(token_index: int) -> bool:
            return doc[token_index].idx in quoted

        resolver.inside = inside
        resolver.note_speakers([start for _, start, _ in self.reporting(doc) if doc[start].idx not in quoted])

        quotes: list[dict] = []
        weakly_attributed: list[bool] = []  # speaker carried over from another quote, or none
        crossheads: list[bool] = []  # a line of the text that is only a quotation, like a headline
        paragraph_of: list[int] = []
        previous: dict | None = None
        previous_paragraph = -10
        previous_end = 0
        for quote in raw:
            span = doc.char_span(quote["start"], quote["end"], alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            quote["text"] = text[quote["start"] : quote["end"]]
            quote["text_length"], quote["full_text"] = len(text), text
            if not self.is_speech(doc, quote):
                continue
            last_paragraph = paragraph_index([s for s, _ in paragraphs], quote["end"])
            bounds = (paragraphs[quote["paragraph"]][0], paragraphs[last_paragraph][1])
            # A block quotation's speaker is the one its introduction names; a signed one, its signer.
            speaker = None if quote.get("unmarked") else (
                signed_by(doc, quote, resolver) or self.attribute(doc, span, quote, inside, resolver, previous,
                                                                   bounds))
            if speaker is None:
                speaker = self._previous_paragraph_intro(doc, quote, paragraphs, resolver, previous)
            paragraph_start, paragraph_end = paragraphs[quote["paragraph"]]
            whole_paragraph = quote["start"] - 1 <= paragraph_start + 1 and (quote["end"] + 2 >= paragraph_end or quote["unclosed"])
            weak = speaker is None
            if speaker is None and whole_paragraph and not quote["continues"] and quote["paragraph"] > 0:
                # A paragraph of quotation after one that reports its speaker: 'Jane Doe said it was the
                # largest operation in decades.' then '"We have been planning ..."'.
                before = quote["paragraph"] - 1
                while before > 0 and any(s <= paragraphs[before][0] and paragraphs[before][1] <= e
                                         for s, e in doc._.boilerplate or ()):
                    before -= 1  # past a photo caption between them: '... a spokesman said.' (caption) '"..."'
                since = max(previous_end, paragraphs[before][0])
                speaker = resolver.last_speaker_before(span.start, since=since)
            stop = None if speaker is not None or quote["continues"] else _stop_before(doc, span, paragraph_start)
            if stop is not None:
                # A quotation that opens a sentence after one that names who speaks, in the same paragraph:
                # 'Jane Doe agreed. "..."', 'The chief constable explained why. "..."'.
                if stop.text == ":":
                    speaker = colon_subject(doc, stop.i, inside, resolver)
                if speaker is None:  # only the sentence just before counts
                    sentence_before = doc[stop.sent.start].idx - 1
                    speaker = resolver.last_speaker_before(
                        span.start, since=max(previous_end, paragraph_start, sentence_before))
                if speaker is None and stop.text == "." and \
                        doc[stop.sent.start].idx >= max(previous_end, paragraph_start):
                    # 'Roloson supports Clinton in the race. "I'm a college graduate, ..."': the person the
                    # sentence before is about
                    subject = next((c for c in stop.sent.root.children if c.dep_ == "nsubj"), None)
                    index = resolver.person_index_at(subject.i) if subject is not None else None
                    speaker = resolver.person_speaker(index) if index is not None else None
            if speaker is None and not whole_paragraph:
                speaker = finding_in_a_list(doc, quote, paragraphs, resolver)
            if speaker is None and previous is not None and not whole_paragraph and not quote["continues"]:
                # 'The regulator has "asked the Home Office for urgent clarity"': the body the sentence is about,
                # not the person who spoke before it
                speaker = _sentence_subject(doc, span, inside, resolver, bodies=True)
            if speaker is None and previous is not None:
                close_enough = quote["paragraph"] - previous_paragraph <= self.carry_paragraphs
                # Someone else named between the two: 'Bob disagreed: "..."'.
                other_named = any(previous_end <= doc[first].idx < quote["start"] and index != previous.get("person")
                                  for first, _, index in resolver.mentions)
                # '"...," he said. "..."': a second quotation in the paragraph of an attributed one.
                same_paragraph = quote["paragraph"] == previous_paragraph and not other_named
                if quote["continues"] or (whole_paragraph and close_enough) or same_paragraph:
                    speaker = previous
                elif quote["paragraph"] - previous_paragraph == 1 and not _named_by_noun(doc, span) and not other_named:
                    # A partial quotation in the paragraph after a statement, with no one else named:
                    # '"...," the Met said.' then 'Police checked whether they "were complying ..."'
                    # (not words a noun names: 'The phrase "..." appears in the review').
                    speaker = previous
            if speaker is None:
                # A single named person in the rest of the sentence.
                sentence = span[0].sent
                named = {
                    index for first, end, index in resolver.mentions
                    if sentence.start <= first < sentence.end and not inside(first)
                }
                if len(named) == 1:
                    speaker = resolver.person_speaker(named.pop())
            if speaker is None:
                speaker = _sentence_subject(doc, span, inside, resolver)
            if speaker is None:
                speaker = _organisation_said_before(doc, span, resolver, paragraph_start)
            if speaker is None and whole_paragraph and quote["paragraph"] > 0:
                speaker = one_person_before(resolver, quote["text"], paragraphs[quote["paragraph"] - 1])
            if speaker is None and quote["paragraph"] + 1 < len(paragraphs):  # partial ones too: "So says X, ..."
                speaker = named_in_the_paragraph_after(resolver, paragraphs[quote["paragraph"] + 1])
            if (speaker is None or _someone_described(speaker)) and quote["paragraph"] + 1 < len(paragraphs):
                # '"...," the chair of the committee has said.' then 'Norman Lamb made the remark as ...'
                speaker = making_the_remark_after(resolver, paragraphs[quote["paragraph"] + 1]) or speaker
            if quote["continues"] and quotes and quotes[-1]["speaker"] is None and speaker is not None:
                # The speaker named only in the continuation speaks the whole statement.
                for earlier in reversed(quotes):
                    if earlier["speaker"] is not None:
                        break
                    earlier.update({k: speaker.get(k) for k in ("speaker", "role", "org", "honorific")})
                    earlier["speaker"] = speaker.get("written") or speaker["speaker"]
            quotes.append(
                {
                    "text": quote["text"],
                    "speaker": (speaker.get("written") or speaker["speaker"]) if speaker else None,
                    "role": speaker.get("role") if speaker else None,
                    "org": speaker.get("org") if speaker else None,
                    "honorific": speaker.get("honorific") if speaker else None,
                    "start": quote["start"],
                    "end": quote["end"],
                    # "the force said" with no force named: the publisher, when it is a force (analyse()).
                    "speaker_anaphor": bool(speaker and speaker.get("anaphor")),
                }
            )
            weakly_attributed.append(weak)
            crossheads.append(whole_paragraph and not quote["continues"] and quote["paragraph"] > 0
                              and _is_crosshead(quote, paragraph_end))
            paragraph_of.append(quote["paragraph"])
            if speaker is not None:
                previous = speaker
                previous_paragraph = quote["paragraph"]
                previous_end = quote["end"]
        _speakers_of_repeated_words(quotes, weakly_attributed)
        _speakers_of_crossheads(quotes, weakly_attributed, crossheads, paragraph_of)
        doc._.quotes = quotes
        return doc


def _sentence_subject(doc: Doc, span: Span, inside, resolver: SpeakerResolver, bodies: bool = False) -> dict | None:
    """A partial quotation inside a sentence with no reporting verb is its main subject's, when that is a
    person: 'Jane Doe hit back at the council for trying to "turn the harbour into a car park"'."""
    if span.start < 2:
        return None
    mark = doc[span.start - 1]
    sentence = mark.sent
    if sentence.start >= mark.i:
        return None  # the quotation opens its sentence: nothing outside it says who speaks
    if doc[mark.i - 1].text == ":":
        return colon_subject(doc, mark.i - 1, inside, resolver)
    for child in sentence.root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < mark.i and not inside(child.i):
            if child.dep_ == "nsubj" and (resolver.person_index_at(child.i) is not None or child.lower_ in (
                    "he", "she")):
                return resolver.resolve(child)
            body = resolver.org_at(child.i) or (child.lower_ in BODY_NOUNS and child.tag_ == "NN" and any(
                c.lower_ == "the" for c in child.children))
            if bodies and child.dep_ == "nsubj" and body:
                return resolver.resolve(child)  # "The regulator has "asked ..."", "The Met has "no plans ...""
    return None


def _organisation_said_before(doc: Doc, span: Span, resolver: SpeakerResolver, paragraph_start: int) -> dict | None:
    """A partial quotation inside a sentence with no one speaking, after a sentence of the same paragraph in which
    an organisation spoke: 'In a statement, the Met said the vans had been used 100 times. The deployments were
    "intelligence-led and carefully targeted".' (not a person's: the journalist may be quoting anyone)."""
    if span.start < 2:
        return None
    mark = doc[span.start - 1]
    sentence = mark.sent
    if sentence.start >= mark.i or sentence.start == 0:
        return None
    before = doc[sentence.start - 1].sent
    if before.start_char < paragraph_start:
        return None
    found = resolver.last_speaker_before(span.start, since=before.start_char - 1)
    return found if found and found.get("org") and found.get("person") is None else None


def _someone_described(speaker: dict) -> bool:
    """Whether a speaker is a person the text describes and does not name: "the chair of the Commons science
    committee", "a spokesman for the force" (not a body: "the force", "the Met")."""
    return speaker.get("person") is None and any(
        word in ROLE_WORDS or word in HUMAN_NOUNS for word in (speaker.get("speaker") or "").lower().split())


def _stop_before(doc: Doc, span: Span, paragraph_start: int) -> Token | None:
    """The full stop or colon a quotation follows when it opens a sentence inside its paragraph, else None."""
    before = words_before(doc, span, 3)
    if before and before[-1].idx > paragraph_start and before[-1].text in (".", "!", "?", ":"):
        return before[-1]
    return None


def _named_by_noun(doc: Doc, span: Span) -> bool:
    """Whether the word before a quotation's opening mark is a noun: 'the phrase "..."', 'the slogan "..."'."""
    before = [t for t in doc[max(0, span.start - 3) : span.start] if not t.is_punct and not t.is_space]
    return bool(before) and before[-1].pos_ in ("NOUN", "PROPN")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def _speakers_of_repeated_words(quotes: list[dict], weak: list[bool]) -> None:
    """A partial quotation whose words are part of a longer one has that one's speaker: 'those who "pose the
    greatest risk"' in the opening line, 'Jane Doe said: "We target those who pose the greatest risk ..."'
    further down. Only quotations whose speaker was not found for them (none, or carried over) take it."""
    words = [_words(quote["text"]) for quote in quotes]
    for k, quote in enumerate(quotes):
        if not weak[k] or not words[k]:
            continue
        for j, other in enumerate(quotes):
            if j != k and not weak[j] and other["speaker"] and len(words[j]) > len(words[k]) and \
                    f" {words[k]} " in f" {words[j]} ":
                quote.update({key: other[key] for key in _SPEAKER_KEYS})
                break


def _is_crosshead(quote: dict, paragraph_end: int) -> bool:
    """A paragraph that is a short quotation with no full stop, inside the marks or after them, the way a subhead
    is set: "'Policing cannot be left to mark its own homework'"."""
    text = quote["text"].rstrip()
    after = quote["full_text"][quote["end"] + 1 : paragraph_end].strip()
    return len(text.split()) <= _CROSSHEAD_WORDS and text[-1:] not in (".", "!", "?", ",", ":") and not after


def _speakers_of_crossheads(quotes: list[dict], weak: list[bool], crossheads: list[bool],
                            paragraph_of: list[int]) -> None:
    """A crosshead quoting someone quotes the speaker of the paragraph below it, not the one above: the subhead
    "'Policing cannot be left to mark its own homework'" over 'In a statement, the APCC said the report "..."'.
    Only crossheads whose speaker was not found for them (none, or carried over) take it."""
    for k, quote in enumerate(quotes):
        if not crossheads[k] or not weak[k]:
            continue
        below = next((j for j in range(k + 1, len(quotes)) if paragraph_of[j] > paragraph_of[k]), None)
        if below is not None and paragraph_of[below] == paragraph_of[k] + 1 and not weak[below] \
                and quotes[below]["speaker"]:
            quote.update({key: quotes[below][key] for key in _SPEAKER_KEYS})
