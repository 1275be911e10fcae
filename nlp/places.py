"""Component ``lfrwatch_places``: UK places named in the text, with
coordinates from the offline gazetteer shipped beside this file
(``gazetteer.csv``: name, kind, lat, lon, aliases separated by "|")."""

from __future__ import annotations

import csv
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .docutils import CharRanges, register_extensions

GAZETTEER_PATH = Path(__file__).with_name("gazetteer.csv")


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

    def __call__(self, doc: Doc) -> Doc:
        furniture = CharRanges(doc._.boilerplate)
        people = CharRanges(
            [(doc[first].idx, doc[end - 1].idx + len(doc[end - 1])) for first, end, _ in (doc._.person_mentions or ())]
        )
        spans = []
        for match_id, start, end in self.matcher(doc, as_spans=False):
            span = doc[start:end]
            if span[0].idx in furniture:
                continue
            if self.skip_person_names and (span[0].idx in people or span[0].ent_type_ == "PERSON"):
                continue
            if span[0].pos_ in ("VERB", "AUX") or (span[0].is_sent_start and len(span) == 1 and span[0].pos_ not in ("PROPN", "NOUN")):
                continue  # "Reading the report ..."
            span.label_ = doc.vocab.strings[match_id]
            spans.append(span)
        seen: dict[int, dict] = {}
        for span in filter_spans(spans):
            index = int(span.label_)
            if index in seen:
                continue
            place = self.places[index]
            seen[index] = {
                "name": span.text,
                "canonical": place["name"],
                "lat": place["lat"],
                "lon": place["lon"],
                "kind": place["kind"],
                "start": span.start_char,
                "end": span.end_char,
            }
        doc._.places = sorted(seen.values(), key=lambda p: p["start"])
        return doc
