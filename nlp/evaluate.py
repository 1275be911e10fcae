"""Score lfrwatch's NLP against hand-made gold annotations.

The gold file has one JSON object per document (format in shared/README.md:
``doc``, ``figures``, ``quotes``, ``people``, ``places``, ``not_claims``). Each
document's text file may start with a ``key: value`` header and a ``---`` line;
the header becomes the meta passed to ``analyse``.

Matching rules:
- figure: value equal and metric equal, the predictions first deduped on (value,
  metric) as the gold is (one entry per (value, metric) per document);
- quote: the predicted quote text contains the gold ``start`` words;
- speaker, two scores over the same matched quotes. Both compare *speaker keys*:
  the name in lower case without honorifics or ranks ("Sir Mark Rowley" ->
  "mark rowley"), and an organisation named in nlp/lexicon.py's alias table as
  its one canonical name ("the Met", "Met Police" and "Metropolitan Police" are
  one organisation in both scores). ``speakers`` (lenient) counts a speaker right
  when the keys are equal or the gold's last word (a surname) is a word of the
  predicted speaker ("Rowley" for "Mark Rowley"); ``speakers_strict`` only when
  the keys are equal: the full name as the gold gives it, or the same
  organisation, or the same description word for word ("a Met spokesman");
- person: names equal (honorifics stripped) and roles equal ignoring case or
  one containing the other; organisations compared the same way when the gold
  has one;
- place: names equal ignoring case.

Errors are also sorted by kind (``ERROR_KINDS``), so ``lfrwatch eval --verbose``
says where to work: a gold figure is a *wrong metric* when a prediction at the
same place in the text (or anywhere, failing that) has its value but another
metric, a *wrong value* when a prediction at the same place has another value (its
metric too, when it has one), else a *missed figure*; a matched quote whose speaker is wrong is a
*wrong speaker*, one with no speaker *unattributed*; predictions left over are
*spurious*.

A score on a hundred-odd documents is uncertain: :func:`bootstrap_intervals` gives each F1 a percentile interval by
resampling the documents with replacement (``lfrwatch eval --intervals``), so a change can be read against chance.
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

from lfrwatch.nlp import analyse, split_header
from lfrwatch.nlp.docutils import canonical_org, known_org
from lfrwatch.nlp.lexicon import HONORIFIC_TOKENS, POST_NOMINALS

TASKS = ("figures", "quotes", "speakers", "speakers_strict", "people", "places")
#: How ``format_scores`` names a task where its key is not its name.
TASK_LABELS = {"speakers_strict": "speakers (strict)"}
ERROR_KINDS = (
    "missed figure", "wrong metric", "wrong value", "spurious figure",
    "missed quote", "wrong speaker", "unattributed", "spurious quote",
)
# check_thresholds() keyword -> task
THRESHOLD_TASKS = {
    "min_figures_f1": "figures",
    "min_quotes_f1": "quotes",
    "min_speaker_f1": "speakers",
    "min_speakers_f1": "speakers",
    "min_strict_speaker_f1": "speakers_strict",
    "min_people_f1": "people",
    "min_places_f1": "places",
}


def _norm(text: str | None) -> str:
    text = (text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def _strip_honorifics(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFIC_TOKENS:
        words = words[1:]
    return " ".join(words)


def _contains_either(a: str | None, b: str | None) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a) and bool(b) and (a in b or b in a)


def figure_matches(gold: dict, predicted: dict) -> bool:
    return _same_value(gold["value"], predicted.get("value")) and gold.get("metric") == predicted.get("metric")


def dedupe_figures(figures: list[dict]) -> list[dict]:
    """One predicted figure per (value, metric), the first, as the gold keeps one per document (data/eval/README.md:
    "A scorer should dedupe predictions on (value, metric) the same way"): the extractor keeps "three arrests" said
    of two periods as two claims, which the gold counts once."""
    seen: set[tuple] = set()
    kept = []
    for figure in figures:
        try:
            key = (round(float(figure.get("value")), 6), figure.get("metric"))
        except (TypeError, ValueError):
            key = (id(figure), None)
        if key not in seen:
            seen.add(key)
            kept.append(figure)
    return kept


def quote_matches(gold: dict, predicted: dict) -> bool:
    return _norm(gold.get("start")) in _norm(predicted.get("text"))


def speaker_key(speaker: str | None) -> str:
    """What two speakers must share to be the same: the canonical name of a listed organisation ("the Met's"
    -> "metropolitan police"), else the name or description in lower case without a leading "the", honorifics
    and ranks in front, or letters after a name ("Jane Doe MP" -> "jane doe")."""
    if not speaker:
        return ""
    org = known_org(speaker)
    if org:
        return _norm(org)
    words = speaker.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    while len(words) > 2 and words[-1].lower().strip(".,") in POST_NOMINALS and all(w[:1].isupper() for w in words):
        words = words[:-1]
    return _norm(_strip_honorifics(" ".join(words)))


def speaker_matches(gold_speaker: str | None, predicted_speaker: str | None) -> bool:
    """Lenient: the same speaker key, or the gold's last word (the surname) is a word of the prediction."""
    if not gold_speaker or not predicted_speaker:
        return False
    if speaker_matches_strictly(gold_speaker, predicted_speaker):
        return True
    gold_words = _norm(gold_speaker).split()
    predicted = _norm(predicted_speaker)
    return bool(gold_words) and re.search(r"\b" + re.escape(gold_words[-1]) + r"\b", predicted) is not None


def speaker_matches_strictly(gold_speaker: str | None, predicted_speaker: str | None) -> bool:
    """Strict: the same speaker key (full name, honorifics aside; the same listed organisation)."""
    if not gold_speaker or not predicted_speaker:
        return False
    return speaker_key(gold_speaker) == speaker_key(predicted_speaker)


def person_matches(gold: dict, predicted: dict) -> bool:
    if _norm(_strip_honorifics(gold.get("name") or "")) != _norm(_strip_honorifics(predicted.get("name") or "")):
        return False
    gold_role, predicted_role = gold.get("role"), predicted.get("role")
    if gold_role is None:
        role_ok = True
    else:
        role_ok = _contains_either(gold_role, predicted_role)
    if not role_ok:
        return False
    if gold.get("org"):
        return _contains_either(canonical_org(gold["org"]), canonical_org(predicted.get("org"))) or _contains_either(gold["org"], predicted.get("org"))
    return True


def place_matches(gold: str, predicted: dict) -> bool:
    return _norm(gold) in (_norm(predicted.get("name")), _norm(predicted.get("canonical")))


def _match(gold_items: list, predicted_items: list, same) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Greedy one-to-one matching: (pairs, unmatched gold, unmatched predicted)."""
    used: set[int] = set()
    pairs = []
    missed = []
    for g, gold in enumerate(gold_items):
        for p, predicted in enumerate(predicted_items):
            if p not in used and same(gold, predicted):
                used.add(p)
                pairs.append((g, p))
                break
        else:
            missed.append(g)
    spurious = [p for p in range(len(predicted_items)) if p not in used]
    return pairs, missed, spurious


def _prf(tp: int, predicted: int, gold: int) -> dict:
    precision = tp / predicted if predicted else (1.0 if not gold else 0.0)
    recall = tp / gold if gold else (1.0 if not predicted else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "predicted": predicted, "gold": gold}


def read_gold(gold_path: str | Path) -> list[dict]:
    """The documents of a gold file (one JSON object per line); a line that is no JSON object is a ValueError
    naming the file and the line."""
    documents = []
    with open(gold_path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{gold_path}, line {number}: not JSON ({exc.msg})") from exc
            if not isinstance(document, dict) or "doc" not in document:
                raise ValueError(f"{gold_path}, line {number}: not a document (an object with a \"doc\" key)")
            documents.append(document)
    return documents


def _spans(text: str | None, body: str | None) -> list[tuple[int, int]]:
    """Where a gold ``text`` occurs in the body (every occurrence)."""
    if not text or not body:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(text), body)]


def _overlaps(spans: list[tuple[int, int]], item: dict) -> bool:
    start, end = item.get("start"), item.get("end")
    if start is None or end is None:
        return False
    return any(a < end and start < b for a, b in spans)


def _same_value(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))
    except (TypeError, ValueError):
        return False


def _show_figure(figure: dict) -> str:
    return f"{figure['value']} {figure['metric']} ({figure.get('text')})"


def classify_figure_errors(gold_figures: list, figures: list, missed: list[int], spurious: list[int],
                           body: str | None = None) -> list[tuple[str, str]]:
    """(kind, description) for each figure error: a missed gold figure becomes a wrong
    metric or a wrong value when a left-over prediction explains it, and the
    predictions left after that are spurious."""
    left = list(spurious)
    errors = []

    def take(p):
        left.remove(p)
        return figures[p]

    for g in missed:
        gold = gold_figures[g]
        spans = _spans(gold.get("text"), body)
        here = [p for p in left if _overlaps(spans, figures[p])]
        same_value_here = [p for p in here if _same_value(gold["value"], figures[p].get("value"))]
        same_metric_here = [p for p in here if figures[p].get("metric") == gold.get("metric")]
        same_value_anywhere = [p for p in left if _same_value(gold["value"], figures[p].get("value"))]
        if same_value_here or same_value_anywhere:
            predicted = take((same_value_here or same_value_anywhere)[0])
            got = f"{predicted.get('metric')} ({predicted.get('text')})"
            errors.append(("wrong metric", f"gold {_show_figure(gold)}, got {got}"))
        elif same_metric_here or here:
            predicted = take((same_metric_here or here)[0])
            errors.append(("wrong value", f"gold {_show_figure(gold)}, got {_show_figure(predicted)}"))
        else:
            errors.append(("missed figure", _show_figure(gold)))
    errors.extend(("spurious figure", _show_figure(figures[p])) for p in left)
    return errors


def classify_quote_errors(gold_quotes: list, quotes: list, pairs: list[tuple[int, int]], missed: list[int],
                          spurious: list[int]) -> list[tuple[str, str]]:
    """(kind, description) for each quote error: missed quotes, matched quotes with the
    wrong speaker or none (unattributed), and predicted quotes matching no gold quote."""
    errors = [("missed quote", f"{gold_quotes[g]['start']!r} ({gold_quotes[g].get('speaker')})") for g in missed]
    for g, p in pairs:
        gold, predicted = gold_quotes[g], quotes[p]
        if speaker_matches(gold.get("speaker"), predicted.get("speaker")):
            continue
        if predicted.get("speaker"):
            got = predicted["speaker"]
            errors.append(("wrong speaker", f"{gold['start']!r}: gold {gold.get('speaker')!r}, got {got!r}"))
        else:
            errors.append(("unattributed", f"{gold['start']!r}: gold {gold.get('speaker')!r}"))
    errors.extend(("spurious quote", f"{quotes[p]['text'][:60]!r}: {quotes[p].get('speaker')!r}") for p in spurious)
    return errors


def score_document(gold: dict, result: dict, body: str | None = None) -> tuple[dict, dict]:
    """Counts per task and the per-document detail of missed/spurious items."""
    counts: dict[str, list[int]] = {}
    detail: dict = {"doc": gold.get("doc"), "missed": {}, "spurious": {}, "errors": []}

    def record(task, gold_items, predicted_items, pairs, missed, spurious, show_gold, show_predicted):
        counts[task] = [len(pairs), len(predicted_items), len(gold_items)]
        detail["missed"][task] = [show_gold(gold_items[g]) for g in missed]
        detail["spurious"][task] = [show_predicted(predicted_items[p]) for p in spurious]

    gold_figures, figures = gold.get("figures", []), dedupe_figures(result["figures"])
    pairs, missed, spurious = _match(gold_figures, figures, figure_matches)
    record("figures", gold_figures, figures, pairs, missed, spurious, _show_figure, _show_figure)
    detail["errors"].extend(classify_figure_errors(gold_figures, figures, missed, spurious, body))

    gold_quotes, quotes = gold.get("quotes", []), result["quotes"]
    pairs, missed, spurious = _match(gold_quotes, quotes, quote_matches)
    record("quotes", gold_quotes, quotes, pairs, missed, spurious,
           lambda q: q["start"], lambda q: q["text"][:60])
    detail["errors"].extend(classify_quote_errors(gold_quotes, quotes, pairs, missed, spurious))
    right = [(g, p) for g, p in pairs if speaker_matches(gold_quotes[g].get("speaker"), quotes[p].get("speaker"))]
    with_speaker = [q for q in quotes if q.get("speaker")]
    counts["speakers"] = [len(right), len(with_speaker), len(gold_quotes)]
    right_strictly = [(g, p) for g, p in pairs
                      if speaker_matches_strictly(gold_quotes[g].get("speaker"), quotes[p].get("speaker"))]
    counts["speakers_strict"] = [len(right_strictly), len(with_speaker), len(gold_quotes)]
    strictly = set(right_strictly)
    # Right by the lenient rule only: "Rowley" for "Mark Rowley", "the force" for "a spokesman for the force".
    detail["lenient_only"] = [
        f"{gold_quotes[g]['start']!r}: gold {gold_quotes[g].get('speaker')!r}, got {quotes[p].get('speaker')!r}"
        for g, p in right if (g, p) not in strictly
    ]

    gold_people, people = gold.get("people", []), result["people"]
    pairs, missed, spurious = _match(gold_people, people, person_matches)
    record("people", gold_people, people, pairs, missed, spurious,
           lambda p: f"{p['name']} | {p.get('role')} | {p.get('org')}", lambda p: f"{p['name']} | {p.get('role')} | {p.get('org')}")

    gold_places, places = gold.get("places", []), result["places"]
    pairs, missed, spurious = _match(gold_places, places, place_matches)
    record("places", gold_places, places, pairs, missed, spurious, str, lambda p: p["name"])

    return counts, detail


def _furniture_violations(gold: dict, body: str, result: dict) -> list[str]:
    """Claims found inside the page furniture the gold lists: there must be none."""
    found = []
    for phrase in gold.get("not_claims", []):
        for match in re.finditer(re.escape(phrase), body):
            start, end = match.span()
            for task in ("figures", "quotes", "places"):
                for item in result[task]:
                    if item.get("start") is not None and start <= item["start"] < end:
                        found.append(f"{task} from {phrase!r}: {item.get('text') or item.get('name')!r}")
    return found


def evaluate(gold_path: str | Path, text_dir: str | Path, nlp, *, batch_size: int = 16) -> dict:
    """Precision, recall and F1 per task over every document of the gold file,
    plus per-document detail (``documents``) of missed and spurious items."""
    gold_docs = read_gold(gold_path)
    text_dir = Path(text_dir)
    items = []
    for gold in gold_docs:
        meta, body, _ = split_header((text_dir / gold["doc"]).read_text(encoding="utf-8"))
        items.append((body, meta))
    started = time.perf_counter()
    docs = list(nlp.pipe(items, as_tuples=True, batch_size=batch_size))
    seconds = time.perf_counter() - started
    results = [analyse(doc, meta) for doc, meta in docs]
    scores = score_results(gold_docs, results, [body for body, _ in items])
    scores["seconds"] = seconds
    return scores


def evaluate_annotation(gold_path: str | Path, text_dir: str | Path, annotation_path: str | Path) -> dict:
    """The scores of :func:`evaluate` for a second hand annotation of some of the gold's texts, read as if it
    were the NLP's output: how far two annotators agree, the ceiling a score on that set can be read against.
    Only the documents the annotation covers are scored."""
    gold_by_doc = {gold["doc"]: gold for gold in read_gold(gold_path)}
    annotations = read_gold(annotation_path)
    text_dir = Path(text_dir)
    gold_docs, results, bodies = [], [], []
    for annotation in annotations:
        if annotation.get("doc") not in gold_by_doc:
            raise ValueError(f"{annotation_path}: document {annotation.get('doc')!r} is not in {gold_path}")
        _, body, _ = split_header((text_dir / annotation["doc"]).read_text(encoding="utf-8"))
        gold_docs.append(gold_by_doc[annotation["doc"]])
        results.append(annotation_as_result(annotation, body))
        bodies.append(body)
    return score_results(gold_docs, results, bodies)


_OPENING_MARK = re.compile(r"(?:^|(?<=[\s(\[—–-]))[“‘\"']")


def annotation_as_result(annotation: dict, body: str) -> dict:
    """A hand annotation in the gold format as :func:`lfrwatch.nlp.analyse` would give it: each quote's text runs
    from its ``start`` to the next quotation's opening mark or the end of its line."""
    quotes = []
    for quote in annotation.get("quotes", []):
        start = quote.get("start") or ""
        at = body.find(start)
        if at < 0:
            quotes.append({"text": start, "speaker": quote.get("speaker")})
            continue
        line_end = body.find("\n", at)
        line_end = len(body) if line_end < 0 else line_end
        following = _OPENING_MARK.search(body, at + len(start), line_end)
        quotes.append({"text": body[at:following.start() if following else line_end], "speaker": quote.get("speaker")})
    return {"figures": annotation.get("figures", []), "quotes": quotes, "people": annotation.get("people", []),
            "places": [{"name": place} for place in annotation.get("places", [])]}


def score_results(gold_docs: list[dict], results: list[dict], bodies: list[str]) -> dict:
    """Precision, recall and F1 per task of the results (``analyse``'s shape) of the gold's documents, in order,
    with the per-document detail and the errors by kind."""
    totals = {task: [0, 0, 0] for task in TASKS}
    documents = []
    violations_total = 0
    errors_by_kind = {kind: 0 for kind in ERROR_KINDS}
    for gold, result, body in zip(gold_docs, results, bodies):
        counts, detail = score_document(gold, result, body)
        detail["not_claims"] = _furniture_violations(gold, body, result)
        violations_total += len(detail["not_claims"])
        for kind, _ in detail["errors"]:
            errors_by_kind[kind] += 1
        for task, (tp, predicted, gold_count) in counts.items():
            totals[task][0] += tp
            totals[task][1] += predicted
            totals[task][2] += gold_count
        detail["counts"] = counts
        documents.append(detail)
    scores = {task: _prf(*totals[task]) for task in TASKS}
    scores["not_claims_violations"] = violations_total
    scores["errors_by_kind"] = errors_by_kind
    scores["lenient_only_speakers"] = sum(len(detail["lenient_only"]) for detail in documents)
    scores["documents"] = documents
    scores["n_documents"] = len(gold_docs)
    scores["words"] = sum(len(body.split()) for body in bodies)
    return scores


def bootstrap_intervals(scores: dict, rounds: int = 2000, level: float = 0.95, seed: int = 21) -> dict:
    """Each task's F1 interval at ``level``: the percentile bootstrap over documents (``rounds`` samples of as
    many documents as were scored, drawn with replacement, each sample's F1 pooled from its documents' counts as
    the score itself is). The seed is fixed, so the same scores give the same intervals."""
    counts = [detail["counts"] for detail in scores["documents"]]
    if not counts:
        return {}
    draw = random.Random(seed)
    samples: dict[str, list[float]] = {task: [] for task in TASKS}
    for _ in range(rounds):
        picked = [counts[draw.randrange(len(counts))] for _ in counts]
        for task in TASKS:
            tp, predicted, gold = (sum(c[task][k] for c in picked) for k in range(3))
            samples[task].append(_prf(tp, predicted, gold)["f1"])
    cut = round(rounds * (1 - level) / 2)
    ordered = {task: sorted(values) for task, values in samples.items()}
    return {task: (values[cut], values[rounds - 1 - cut]) for task, values in ordered.items()}


def format_scores(scores: dict, verbose: bool = False, intervals: dict | None = None) -> str:
    """A table of precision/recall/F1 per task (speakers twice: lenient, then strict); with ``verbose``
    every document's errors follow, figures and quotes sorted by kind (``ERROR_KINDS``), people and
    places as missed/spurious, speakers right by the lenient rule only as 'speaker (strict)', then
    their count and a count of errors per kind. With ``intervals`` (:func:`bootstrap_intervals`) each F1's interval
    is a last column."""
    lines = [f"{'task':<17} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
             + (f" {'f1 95% interval':>15}" if intervals else "")]
    for task in TASKS:
        s = scores[task]
        lines.append(f"{TASK_LABELS.get(task, task):<17} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} "
                     f"{s['tp']:>5} {s['predicted']:>5} {s['gold']:>5}"
                     + (f" {intervals[task][0]:>7.3f}-{intervals[task][1]:.3f}" if intervals else ""))
    lines.append(f"documents: {scores.get('n_documents', 0)}, page-furniture violations: {scores.get('not_claims_violations', 0)}")
    if verbose:
        width = max(len(kind) for kind in (*ERROR_KINDS, "speaker (strict)"))
        for detail in scores.get("documents", []):
            problems = [(kind, task, items) for kind in ("missed", "spurious") for task, items in detail[kind].items()
                        if items and task in ("people", "places")]
            errors = detail.get("errors", [])
            lenient_only = detail.get("lenient_only", [])
            if not problems and not errors and not detail.get("not_claims") and not lenient_only:
                continue
            lines.append("")
            lines.append(f"## {detail['doc']}")
            for kind, text in errors:
                lines.append(f"  {kind:<{width}} {text}")
            for kind, task, items in problems:
                for item in items:
                    lines.append(f"  {kind + ' ' + task:<{width}} {item}")
            for item in lenient_only:
                lines.append(f"  {'speaker (strict)':<{width}} {item}")
            for item in detail.get("not_claims", []):
                lines.append(f"  {'furniture':<{width}} {item}")
        by_kind = scores.get("errors_by_kind")
        if "lenient_only_speakers" in scores:
            lines.append("")
            lines.append(f"speakers right by the lenient rule only ('speaker (strict)' above): "
                         f"{scores['lenient_only_speakers']}")
        if by_kind:
            lines.append("")
            lines.append("errors by kind:")
            for kind in ERROR_KINDS:
                lines.append(f"  {kind:<{width}} {by_kind.get(kind, 0):>5}")
    return "\n".join(lines)


def check_thresholds(scores: dict, **mins: float | None) -> list[str]:
    """Failures, one line each, for F1 scores below the given minimums
    (keywords ``min_figures_f1``, ``min_speaker_f1``, ``min_strict_speaker_f1``,
    ``min_people_f1``, ``min_quotes_f1``, ``min_places_f1``; None skips a check)."""
    failures = []
    for keyword, minimum in mins.items():
        if minimum is None:
            continue
        if keyword not in THRESHOLD_TASKS:
            raise ValueError(f"unknown threshold {keyword!r}; use one of {sorted(THRESHOLD_TASKS)}")
        task = THRESHOLD_TASKS[keyword]
        f1 = scores[task]["f1"]
        if f1 < minimum:
            failures.append(f"{task} F1 {f1:.3f} is below {minimum:.3f}")
    return failures
