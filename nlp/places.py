"""Component ``lfrwatch_places``: UK places named in the text, with
coordinates from the offline gazetteer shipped beside this file
(``gazetteer.csv``: name, kind, lat, lon, aliases separated by "|")."""

from __future__ import annotations

import csv
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .docutils import CharRanges, register_extensions

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.csv")
# Last words of street and venue names that no gazetteer can list in full.
STREET_WORDS = (
    "Street", "Road", "Lane", "Avenue", "Square", "Parade", "Broadway", "Crescent", "Way",
    "Walk", "Gardens", "Row", "Market", "Stadium", "Arena", "Bridge", "Circus", "End", "Mall",
    "Terrace", "Embankment", "Common", "Green",
)
# A place name followed by these words names an organisation: "Essex Police".
_ORG_FOLLOWERS = frozenset({"police", "constabulary", "police's", "fire", "ambulance", "yard"})


def load_gazetteer(path: str | Path = GAZETTEER_PATH) -> list[dict]:
    """Rows of the gazetteer with float coordinates and a list of aliases."""
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                    "aliases": [a for a in (row.get("aliases") or "").split("|") if a],
                }
            )
    return rows


@Language.factory(
    "lfrwatch_places",
    requires=["doc.ents"],
    assigns=["doc._.places"],
    default_config={"gazetteer": None, "skip_person_names": True},
)
def make_places(nlp: Language, name: str, gazetteer: str | None, skip_person_names: bool):
    path = Path(gazetteer) if gazetteer else GAZETTEER_PATH
    if not path.is_absolute() and not path.exists():
        path = Path(__file__).parent / path
    return PlaceFinder(nlp, load_gazetteer(path), skip_person_names=skip_person_names)


class PlaceFinder:
    def __init__(self, nlp: Language, gazetteer: list[dict], skip_person_names: bool = True):
        register_extensions()
        self.skip_person_names = skip_person_names
        self.places = gazetteer
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Only the tokenizer is needed to turn names into patterns.
        for index, place in enumerate(gazetteer):
            names = [place["name"], *place["aliases"]]
            self.matcher.add(str(index), [nlp.make_doc(n) for n in names])
        self.streets = Matcher(nlp.vocab)
        self.streets.add(
            "STREET",
            [[{"IS_TITLE": True, "POS": "PROPN", "OP": "+"}, {"ORTH": {"IN": list(STREET_WORDS)}}],
             [{"IS_TITLE": True, "POS": "PROPN", "OP": "+"}, {"ORTH": "High"}, {"ORTH": {"IN": ["Street", "Road"]}}]],
            greedy="LONGEST",
        )

    def _skipped_tokens(self, doc: Doc) -> set[int]:
        """Constituencies in parentheses after a speaker's name."""
        skipped: set[int] = set()
        for _, end, _ in doc._.person_mentions or ():
            i = end
            while i < len(doc) and doc[i].text == "(":
                close = next((j for j in range(i + 1, min(len(doc), i + 16)) if doc[j].text == ")"), None)
                if close is None:
                    break
                skipped.update(range(i + 1, close))
                i = close + 1
        return skipped

    @staticmethod
    def _constituency(doc: Doc, start: int) -> bool:
        """A seat named after "Member for" / "MP for": "the hon. Member for
        Basildon and Billericay" names a constituency, not a place visited."""
        i = start - 1
        while i >= 0 and (doc[i].is_title or doc[i].lower_ in ("and", ",")) and start - i < 8:
            i -= 1
        return i >= 1 and doc[i].lower_ == "for" and doc[i - 1].lower_ in ("member", "mp", "mps", "members")

    def __call__(self, doc: Doc) -> Doc:
        furniture = CharRanges(doc._.boilerplate)
        people = CharRanges(
            [(doc[first].idx, doc[end - 1].idx + len(doc[end - 1])) for first, end, _ in (doc._.person_mentions or ())]
        )
        skipped = self._skipped_tokens(doc)
        spans = []

        def usable(span) -> bool:
            if span[0].idx in furniture or span.start in skipped:
                return False
            if self.skip_person_names and span[0].idx in people:
                return False
            if self._constituency(doc, span.start):
                return False
            if span.end < len(doc) and doc[span.end].lower_ in _ORG_FOLLOWERS:
                return False  # "Essex Police" names the force
            if span.start > 0 and doc[span.start - 1].lower_ == "police" and doc[span.start - 1].is_title:
                return False  # "Police Scotland"
            if span[0].pos_ in ("VERB", "AUX") or (span[0].is_sent_start and len(span) == 1 and span[0].pos_ not in ("PROPN", "NOUN")):
                return False  # "Reading the report ..."
            return True

        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            if usable(span):
                spans.append(span)
        for _, start, end in self.streets(doc):
            span = Span(doc, start, end, label="STREET")
            if usable(span) and span[0].lower_ not in ("the", "a") and span[0].ent_type_ not in ("ORG", "PERSON", "DATE"):
                spans.append(span)
        gazetteer_spans = [s for s in spans if s.label_ != "STREET"]
        seen: dict[str, dict] = {}
        for span in filter_spans(spans):
            if span.label_ == "STREET":
                inner = [g for g in gazetteer_spans if g.start >= span.start and g.end <= span.end]
                place = self.places[int(inner[0].label_)] if inner else None
                key = span.text
                entry = {
                    "name": span.text,
                    "canonical": span.text,
                    "lat": place["lat"] if place else None,
                    "lon": place["lon"] if place else None,
                    "kind": "street",
                }
            else:
                place = self.places[int(span.label_)]
                key = place["name"]
                entry = {"name": span.text, "canonical": place["name"], "lat": place["lat"], "lon": place["lon"], "kind": place["kind"]}
            if key in seen:
                continue
            entry.update({"start": span.start_char, "end": span.end_char})
            seen[key] = entry
        doc._.places = sorted(seen.values(), key=lambda p: p["start"])
        return doc
