"""Score direct-quote speakers on PolNeAR's test split: lfrwatch, and textacy's direct_quotations beside it.

Run locally, never in CI (PolNeAR is a third-party corpus kept outside the project;
its data is never copied into the repository)::

    make eval-polnear POLNEAR=/path/to/PolNeAR
    .venv/bin/python scripts/eval_polnear.py --polnear /path/to/PolNeAR [--textacy-python PY]

PolNeAR (networkdynamics/PolNeAR, US election news of 2016) annotates attributions
in brat standoff files (``data/<split>/attributions/*.ann``: ``T`` lines are spans
labelled Source, Cue or Content; ``E`` lines tie one attribution's spans together)
beside the article texts (``data/<split>/text/*.txt``) and CoreNLP parses with
coreference (``data/<split>/corenlp/*.txt.xml``). Where several annotators did one
article, the first annotation file in name order is used.

Gold direct quotes: attributions whose Content holds a stretch inside double quote
marks (straight or curly) of three words or more, and which name a Source. Their
gold speaker is the Source text together with the short mentions (five words or
fewer) of the CoreNLP coreference chains that overlap it, so "he" counts as Donald
Trump when CoreNLP linked them.

A predicted quote finds a gold quote when their character spans overlap; its
speaker is right when a word of the predicted speaker other than a pronoun,
article or title (its last such word, the surname) is a word of the gold speaker's
Source or chain mentions, or the Source's last word is a word of the prediction,
or the prediction is word for word the Source or one of its chain mentions ("the
senator" for "The senator", a description with no name in it; not a bare pronoun,
which names no one; the same rule for every system).

A gold quote is judgeable when one of its gold names (the Source or a chain
mention) holds a name word, so that a speaker can be right or wrong against it; a
bare "he", "I" or "who" that CoreNLP linked to no name, or a description with no
name ("a senior aide"), is not. A name word is a word of two characters or more
that the article writes with a capital letter, that is not a pronoun, determiner or
title (NOT_A_NAME and NOT_A_NAME_EITHER), that the article never writes in lower
case ("Officials", "Campaign") and writes capitalised at least once where it does
not open a sentence or a line (so "Demonstrators" or "Another" opening a sentence
names no one, "Cruz" after "Sen." does). Speaker recall (judgeable) is the right
speakers among the judgeable gold quotes over the judgeable gold quotes.

Printed per system (``--split`` chooses train, dev or test, test by default; ``--verbose``
lists each gold quote whose speaker is missed or wrong, "unjudgeable" before those of an
unjudgeable gold quote: work from train and dev, not test):

- speaker recall and quote recall over the gold direct quotes, and speaker recall over the
  judgeable ones (with their number);
- quote precision and speaker precision counted only on what PolNeAR annotates:
  over the predicted quotes that overlap some annotated attribution's Content (a
  prediction elsewhere is neither right nor wrong here, since PolNeAR does not say);
  a judged quote is right when it overlaps a gold direct quote, its speaker right
  when that quote's speaker matches.

textacy runs in its own interpreter (``--textacy-python``, a virtualenv with
``textacy`` installed that reuses the project's spaCy and model; the make target
builds one), which this script calls with ``--predict textacy``: it prints one
JSON object per article with the quotes found. Without ``--textacy-python``
lfrwatch is scored alone.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

QUOTE_MARKS = "\"“”"
PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "its", "it", "i", "we", "you", "who", "which", "that"}
NOT_A_NAME = {
    "he", "she", "they", "him", "her", "them", "his", "its", "it", "i", "we", "you", "who", "which", "that",
    "the", "a", "an", "this", "these", "those", "mr", "mrs", "ms", "dr", "sen", "senator", "gov", "rep", "said",
}
# Further words that name no one, for judgeability only (speaker matching keeps NOT_A_NAME as it is).
NOT_A_NAME_EITHER = {"me", "my", "mine", "myself", "us", "our", "ours", "your", "yours", "their", "theirs", "hers"}
# Abbreviations whose full stop does not end a sentence ("Sen. Cruz", "Paul D. Ryan" for a single letter).
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sen", "gov", "rep", "jr", "sr", "st", "lt", "gen", "col", "rev", "prof"}


def words(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower().replace("’", "'"))


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at text[start] opens the text, a line or a sentence (quote marks and brackets before it
    aside): a full stop after an abbreviation or a single letter ends none."""
    before = text[:start].rstrip(" \t\"“”'‘’([-—–")
    if not before or before[-1] in "\n!?:":
        return True
    if before[-1] != ".":
        return False
    abbreviation = re.search(r"([A-Za-z]+)\.$", before)
    return not (abbreviation and (len(abbreviation.group(1)) == 1 or abbreviation.group(1).lower() in ABBREVIATIONS))


def name_words(text: str) -> set[str]:
    """The article's name words, lower-cased: written capitalised, not a pronoun, determiner or title, never written
    in lower case, and capitalised at least once where they do not open a sentence (see the module docstring)."""
    lower, inside = set(), set()
    for match in re.finditer(r"[A-Za-z0-9]+", text):
        word = match.group()
        if word.islower():
            lower.add(word)
        elif not word.isdigit() and len(word) > 1 and not opens_sentence(text, match.start()):
            inside.add(word.lower())
    return inside - lower - NOT_A_NAME - NOT_A_NAME_EITHER


def judgeable(names: list[str], article_names: set[str]) -> bool:
    """Whether a gold quote's names (its Source and chain mentions) hold one of the article's name words."""
    return any(word in article_names for name in names for word in words(name))


# --- PolNeAR reading -----------------------------------------------------------------------------

def read_ann(path: Path) -> list[dict]:
    """Attributions of one brat file: {"content": [(start, end, text)], "source": [...]} each."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, _, offsets = parts[1].partition(" ")
            pieces = [tuple(int(n) for n in piece.split()) for piece in offsets.split(";")]
            spans[parts[0]] = (label, pieces, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append([role.split(":", 1) for role in parts[1].split()])
    attributions = []
    for roles in events:
        found: dict[str, list[tuple[int, int, str]]] = {"Content": [], "Source": []}
        for role, span_id in roles:
            role = role.rstrip("0123456789")
            if role in found and span_id in spans:
                _, pieces, _ = spans[span_id]
                found[role].extend((start, end, "") for start, end in pieces)
        attributions.append({"content": found["Content"], "source": found["Source"]})
    return attributions


def quoted_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans inside double quote marks in text[start:end] with three words or more."""
    marks = [i for i in range(start, end) if text[i] in QUOTE_MARKS]
    stretches = []
    for opening, closing in zip(marks[0::2], marks[1::2]):
        if len(words(text[opening + 1:closing])) >= 3:
            stretches.append((opening + 1, closing))
    if len(marks) % 2 and len(words(text[marks[-1] + 1:end])) >= 3:
        stretches.append((marks[-1] + 1, end))  # a quotation that runs on past the annotated span
    return stretches


def coreference_chains(xml_path: Path) -> list[list[tuple[int, int, str]]]:
    """CoreNLP coreference chains as lists of (start char, end char, text) mentions."""
    if not xml_path.exists():
        return []
    try:
        root = ElementTree.parse(xml_path).getroot()
    except ElementTree.ParseError:
        return []
    offsets = {}
    for number, sentence in enumerate(root.iter("sentence"), start=1):
        for token in sentence.iter("token"):
            begin, finish = token.findtext("CharacterOffsetBegin"), token.findtext("CharacterOffsetEnd")
            if begin is not None and finish is not None:
                offsets[(number, int(token.get("id")))] = (int(begin), int(finish))
    chains = []
    outer = root.find(".//coreference")
    for chain in (outer.findall("coreference") if outer is not None else []):
        mentions = []
        for mention in chain.findall("mention"):
            sentence = int(mention.findtext("sentence"))
            first, last = int(mention.findtext("start")), int(mention.findtext("end")) - 1
            if (sentence, first) in offsets and (sentence, last) in offsets:
                mentions.append((offsets[(sentence, first)][0], offsets[(sentence, last)][1], mention.findtext("text")))
        if mentions:
            chains.append(mentions)
    return chains


def read_split(root: Path, split: str) -> list[dict]:
    """One record per article: its text, gold direct quotes and every annotated Content span."""
    base = root / "data" / split
    if not (base / "attributions").is_dir():
        raise SystemExit(f"error: no {base / 'attributions'}; POLNEAR must be a checkout of networkdynamics/PolNeAR")
    chosen: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    articles = []
    for name, ann in sorted(chosen.items()):
        text_path = base / "text" / f"{name}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        chains = coreference_chains(base / "corenlp" / f"{name}.txt.xml")
        article_names = name_words(text)
        gold, annotated = [], []
        for attribution in read_ann(ann):
            annotated.extend((start, end) for start, end, _ in attribution["content"])
            if not attribution["source"]:
                continue
            stretches = [s for start, end, _ in attribution["content"] for s in quoted_stretches(text, start, end)]
            if not stretches:
                continue
            source = " ".join(text[start:end] for start, end, _ in attribution["source"])
            names = [source]
            for chain in chains:
                if any(a < end and start < b for start, end, _ in attribution["source"] for a, b, _ in chain):
                    names.extend(mention for _, _, mention in chain if len(words(mention)) <= 5)
            gold.append({"stretches": stretches, "source": source, "names": names,
                         "judgeable": judgeable(names, article_names),
                         "content": [(start, end) for start, end, _ in attribution["content"]]})
        articles.append({"name": name, "text": text, "gold": gold, "annotated": annotated})
    return articles


# --- predictions -----------------------------------------------------------------------------------

def predict_lfrwatch(articles: list[dict]) -> dict[str, list[dict]]:
    from lfrwatch.nlp import analyse_texts, load_pipeline

    nlp = load_pipeline()
    results = analyse_texts(nlp, [(a["text"], {"kind": "news"}) for a in articles], batch_size=8)
    return {a["name"]: [{"start": q["start"], "end": q["end"], "speaker": q.get("speaker")} for q in r["quotes"]]
            for a, r in zip(articles, results)}


def predict_textacy(articles: list[dict], model: str) -> dict[str, list[dict]]:
    """textacy's direct_quotations per article. It refuses a whole text with an odd number of
    quote marks, so such a text is read again paragraph by paragraph (a paragraph still odd
    yields nothing)."""
    import spacy
    from textacy.extract import triples

    nlp = spacy.load(model)

    def quotes_in(doc, offset: int = 0) -> list[dict]:
        return [{"start": offset + q.content.start_char, "end": offset + q.content.end_char,
                 "speaker": " ".join(t.text for t in q.speaker)} for q in triples.direct_quotations(doc)]

    found = {}
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles)):
        try:
            found[article["name"]] = quotes_in(doc)
            continue
        except ValueError:
            pass
        quotes = []
        for paragraph in re.finditer(r"[^\n]+", article["text"]):
            try:
                quotes.extend(quotes_in(nlp(paragraph.group()), paragraph.start()))
            except ValueError:
                continue
        found[article["name"]] = quotes
    return found


def predict_textacy_subprocess(python: str, polnear: Path, split: str,
                               limit: int | None = None) -> dict[str, list[dict]]:
    """textacy's quotes, found by this script run in textacy's interpreter on lfrwatch's spaCy model."""
    from lfrwatch.nlp import DEFAULT_MODEL, MODEL_ENV_VAR

    model = os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
    command = [python, __file__, "--polnear", str(polnear), "--split", split, "--predict", "textacy", "--model", model]
    if limit:
        command += ["--limit", str(limit)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found = {}
    for line in output.splitlines():
        if line.strip():
            record = json.loads(line)
            found[record["name"]] = record["quotes"]
    return found


# --- scoring -----------------------------------------------------------------------------------------

def speaker_matches(predicted: str | None, gold: dict) -> bool:
    if set(words(predicted)) - PRONOUNS and any(words(predicted) == words(name) for name in gold["names"]):
        return True  # word for word the Source or a mention of its chain: "the senator" for "The senator"
    said = [w for w in words(predicted) if w not in NOT_A_NAME]
    if not said:
        return False
    gold_words = {w for name in gold["names"] for w in words(name) if w not in NOT_A_NAME}
    source = [w for w in words(gold["source"]) if w not in NOT_A_NAME]
    return said[-1] in gold_words or bool(source and source[-1] in said)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(articles: list[dict], predictions: dict[str, list[dict]], errors: list[str] | None = None) -> dict:
    """Counts for the report; with errors given, one line per gold quote whose speaker is missed or wrong."""
    counts = dict.fromkeys(("gold", "quote_found", "speaker_right", "judgeable", "judgeable_right", "judged",
                            "judged_right", "judged_speaker", "judged_speaker_right", "predicted"), 0)
    for article in articles:
        quotes = predictions.get(article["name"], [])
        counts["predicted"] += len(quotes)
        for gold in article["gold"]:
            counts["gold"] += 1
            hits = [q for q in quotes if any(overlaps((q["start"], q["end"]), s) for s in gold["stretches"])]
            counts["quote_found"] += bool(hits)
            right = any(speaker_matches(q.get("speaker"), gold) for q in hits)
            counts["speaker_right"] += right
            counts["judgeable"] += gold["judgeable"]
            counts["judgeable_right"] += right and gold["judgeable"]
            if errors is not None and not right:
                errors.append(error_line(article, gold, hits))
        for q in quotes:
            span = (q["start"], q["end"])
            if not any(overlaps(span, content) for content in article["annotated"]):
                continue
            counts["judged"] += 1
            golds = [g for g in article["gold"] if any(overlaps(span, s) for s in g["stretches"])]
            counts["judged_right"] += bool(golds)
            if q.get("speaker"):
                counts["judged_speaker"] += 1
                counts["judged_speaker_right"] += any(speaker_matches(q["speaker"], g) for g in golds)
    return counts


def error_line(article: dict, gold: dict, hits: list[dict]) -> str:
    """One missed or wrong speaker: its kind ("unjudgeable" before it when no gold name names anyone), the article,
    the gold Source and what was predicted, the quote."""
    start, end = gold["stretches"][0]
    quote = " ".join(article["text"][start:end].split())
    if not hits:
        kind, said = "missed quote", ""
    elif not any(q.get("speaker") for q in hits):
        kind, said = "unattributed", ""
    else:
        kind, said = "wrong speaker", " | ".join(sorted({q["speaker"] for q in hits if q.get("speaker")}))
    if not gold["judgeable"]:
        kind = f"unjudgeable {kind}"
    return f"{kind}: {article['name']} @{start}: gold {gold['source']!r} predicted {said!r}: \"{quote[:90]}\""


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def report(system: str, counts: dict) -> str:
    cells = [
        ratio(counts["speaker_right"], counts["gold"]), ratio(counts["quote_found"], counts["gold"]),
        ratio(counts["judged_right"], counts["judged"]),
        ratio(counts["judged_speaker_right"], counts["judged_speaker"]),
        ratio(counts["judgeable_right"], counts["judgeable"]),
    ]
    return (f"{system:<9} {cells[0]:>14} {cells[1]:>12} {cells[2]:>15} {cells[3]:>17}"
            f" {counts['gold']:>5} {counts['predicted']:>5} {counts['judged']:>6}"
            f" {cells[4]:>26} {counts['judgeable']:>9}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", required=True, type=Path, help="a checkout of networkdynamics/PolNeAR")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"),
                        help="PolNeAR split (default test)")
    parser.add_argument("--textacy-python",
                        help="python of a virtualenv with textacy, to score textacy beside lfrwatch")
    parser.add_argument("--verbose", action="store_true",
                        help="list each gold quote whose speaker is missed or wrong (use on train/dev, not test)")
    parser.add_argument("--limit", type=int, help="score only the first N articles of the split (name order)")
    parser.add_argument("--predict", choices=("textacy",), help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    articles = read_split(args.polnear, args.split)[:args.limit]
    if args.predict == "textacy":
        for name, quotes in predict_textacy(articles, args.model).items():
            print(json.dumps({"name": name, "quotes": quotes}))
        return 0
    systems = {"lfrwatch": predict_lfrwatch(articles)}
    if args.textacy_python:
        systems["textacy"] = predict_textacy_subprocess(args.textacy_python, args.polnear, args.split, args.limit)
    print(f"PolNeAR {args.split}: {len(articles)} articles, {sum(len(a['gold']) for a in articles)} gold direct quotes")
    print(f"{'system':<9} {'speaker recall':>14} {'quote recall':>12} {'quote precision':>15} "
          f"{'speaker precision':>17} {'gold':>5} {'pred':>5} {'judged':>6}"
          f" {'speaker recall (judgeable)':>26} {'judgeable':>9}")
    errors: dict[str, list[str]] = {}
    for system, predictions in systems.items():
        errors[system] = [] if args.verbose else None
        print(report(system, score(articles, predictions, errors[system])))
    print("precision counts only predicted quotes that overlap an annotated attribution (column 'judged');")
    print("speaker recall (judgeable) counts only gold quotes with a name among their gold names (column 'judgeable')")
    for system, lines in errors.items():
        if lines:
            print(f"\n{system}: {len(lines)} gold quotes without the right speaker")
            print("\n".join(sorted(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
