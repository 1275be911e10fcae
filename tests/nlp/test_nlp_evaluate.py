"""Pipeline loading, the public helpers of lfrwatch.nlp, and evaluate()."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lfrwatch.cli import cli
from lfrwatch.nlp.evaluate import (
    ERROR_KINDS,
    TASKS,
    bootstrap_intervals,
    check_thresholds,
    dedupe_figures,
    evaluate,
    format_scores,
    read_gold,
    score_document,
    speaker_key,
    speaker_matches,
    speaker_matches_strictly,
)
from lfrwatch.nlp import (
    MODEL_ENV_VAR,
    ModelNotFoundError,
    analyse,
    analyse_texts,
    load_pipeline,
    split_header,
)

REPO = Path(__file__).resolve().parents[2]
SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"
DATA_EVAL = REPO / "data" / "eval"
COMPONENTS = ["lfrwatch_parse_repairs", "lfrwatch_boilerplate", "lfrwatch_people", "lfrwatch_quotes",
              "lfrwatch_figures", "lfrwatch_places"]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_pipeline_follows_config(nlp):
    assert nlp.pipe_names[-len(COMPONENTS):] == COMPONENTS
    assert "lemmatizer" not in nlp.pipe_names
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)


def test_missing_model_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(MODEL_ENV_VAR, "no_such_model_xyz")
    with pytest.raises(ModelNotFoundError) as error:
        load_pipeline()
    assert "no_such_model_xyz" in str(error.value) and MODEL_ENV_VAR in str(error.value)
    with pytest.raises(ModelNotFoundError):
        load_pipeline("another_missing_model")


def test_split_header_with_and_without_header():
    text = "url: https://example.org/a\npublisher: Example Police\npublished: unknown (spring)\nkind: police\n---\nBody line.\n"
    meta, body, offset = split_header(text)
    assert meta == {"url": "https://example.org/a", "publisher": "Example Police", "published": None, "kind": "police"}
    assert body == "Body line.\n" and text[offset:] == body
    plain = "No header here: just a sentence.\nSecond line."
    assert split_header(plain) == ({}, plain, 0)


def test_analyse_texts_in_order_and_same_as_analyse(nlp):
    items = [
        ("Police made 12 arrests in Luton.", {"kind": "news"}),
        ("The van scanned 4,000 faces in Bristol.", None),
        ("Nothing to count here.", {}),
    ]
    results = list(analyse_texts(nlp, items, batch_size=2))
    assert [[f["value"] for f in r["figures"]] for r in results] == [[12], [4000], []]
    assert results[0] == analyse(nlp(items[0][0]), items[0][1])


def test_analyse_texts_with_two_processes(nlp):
    items = [(f"Officers made {n} arrests in Leeds.", {}) for n in (3, 5, 8)]
    results = list(analyse_texts(nlp, items, batch_size=1, n_process=2))
    assert [r["figures"][0]["value"] for r in results] == [3, 5, 8]
    assert [r["places"][0]["name"] for r in results] == ["Leeds"] * 3


def test_predicted_figures_are_deduped_on_value_and_metric_as_the_gold_is():
    three_then = {"value": 3, "metric": "arrests", "period": "on Tuesday"}
    three_more = {"value": 3.0, "metric": "arrests", "period": "the day before"}
    three_alerts = {"value": 3, "metric": "alerts"}
    assert dedupe_figures([three_then, three_more, three_alerts]) == [three_then, three_alerts]
    assert dedupe_figures([{"value": None, "metric": "arrests"}, {"value": None, "metric": "arrests"}]) == [
        {"value": None, "metric": "arrests"}, {"value": None, "metric": "arrests"}]


def test_speaker_matching_rules():
    assert speaker_matches("Mark Doe", "Sir Mark Doe")
    assert speaker_matches("a Met spokesman", "A Met spokesman")
    assert not speaker_matches("Mark Doe", "Jane Roe")
    assert not speaker_matches("Mark Doe", None)


def test_lenient_and_strict_speaker_rules():
    # One listed organisation, however written, in both scores.
    for written in ("Metropolitan Police", "the Met's", "Met Police", "Scotland Yard"):
        assert speaker_matches("the Met", written) and speaker_matches_strictly("the Met", written), written
    assert speaker_key("The Met") == speaker_key("Metropolitan Police Service") == "metropolitan police"
    # Honorifics, ranks, letters after a name and a leading "the" aside.
    assert speaker_matches_strictly("Mark Doe", "Sir Mark Doe") and speaker_matches_strictly("Jane Roe", "Jane Roe MP")
    assert speaker_matches_strictly("Jane Roe", "Det Supt Jane Roe")
    assert speaker_matches_strictly("The Daily Chronicle", "Daily Chronicle")
    assert speaker_matches_strictly("a Met spokesman", "A Met spokesman")
    # Lenient only: the surname alone, or the name inside a longer description.
    for written in ("Doe", "Mr Doe", "Met Commissioner Mark Doe", "Ann Doe"):
        assert speaker_matches("Mark Doe", written) and not speaker_matches_strictly("Mark Doe", written), written
    assert speaker_matches("a spokesman for the force", "the force")
    assert not speaker_matches_strictly("a spokesman for the force", "the force")
    # Neither.
    for gold, written in (("the Met", "the Home Office"), ("Mark Doe", "Jane Roe"), ("a Met spokesperson",
                          "a Home Office spokesman"), ("Mark Doe", None), (None, "Mark Doe")):
        assert not speaker_matches(gold, written) and not speaker_matches_strictly(gold, written), (gold, written)


def test_strict_speaker_score_and_its_errors():
    body = ("“We caught them all today,” said Mr Penn. “It works well,” the Met said. "
            "“Fine by us,” Ann Lee said.\n")
    gold = {"doc": "a.txt", "figures": [], "people": [], "places": [], "not_claims": [], "quotes": [
        {"speaker": "Jo Penn", "start": "We caught them all"},
        {"speaker": "Metropolitan Police", "start": "It works well"},
        {"speaker": "Ann Lee", "start": "Fine by us"},
    ]}
    result = {"figures": [], "people": [], "places": [], "quotes": [
        {"text": "We caught them all today,", "speaker": "Penn"},
        {"text": "It works well,", "speaker": "the Met"},
        {"text": "Fine by us,", "speaker": "Ann Lee"},
    ]}
    counts, detail = score_document(gold, result, body)
    assert counts["speakers"] == [3, 3, 3] and counts["speakers_strict"] == [2, 3, 3]
    assert detail["lenient_only"] == ["'We caught them all': gold 'Jo Penn', got 'Penn'"]
    assert not any(kind == "wrong speaker" for kind, _ in detail["errors"])

    def prf(tp, predicted, gold_count):
        return {"precision": tp / predicted, "recall": tp / gold_count, "f1": tp / gold_count, "tp": tp,
                "predicted": predicted, "gold": gold_count}

    scores = {task: prf(*counts[task]) if counts[task][1] else prf(0, 1, 1) for task in TASKS}
    scores.update(documents=[detail], n_documents=1, not_claims_violations=0, lenient_only_speakers=1,
                  errors_by_kind={kind: 0 for kind in ERROR_KINDS})
    rows = {line.rsplit(None, 6)[0]: line.split()[-4] for line in format_scores(scores).splitlines()[1:-1]}
    assert rows["speakers"] == "1.000" and rows["speakers (strict)"] == "0.667"
    table = format_scores(scores, verbose=True)
    assert "speaker (strict) 'We caught them all': gold 'Jo Penn', got 'Penn'" in table
    assert "speakers right by the lenient rule only ('speaker (strict)' above): 1" in table
    assert check_thresholds(scores, min_strict_speaker_f1=0.9) == ["speakers_strict F1 0.667 is below 0.900"]


def test_evaluate_counts_hits_and_misses(nlp, tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(
        "publisher: Example News\nkind: news\n---\n"
        "Jo Penn, director of Liberty, said: “The cameras scanned 9,000 faces in Leeds.”\n"
        "Police made 14 arrests.\n"
    )
    gold = {
        "doc": "a.txt",
        "figures": [
            {"value": 9000, "metric": "faces_scanned"},
            {"value": 14, "metric": "charges_or_cautions"},  # wrong metric on purpose: a miss
        ],
        "quotes": [{"speaker": "Jo Penn", "start": "The cameras scanned"}],
        "people": [{"name": "Jo Penn", "role": "director", "org": "Liberty"}],
        "places": ["Leeds", "York"],
        "not_claims": [],
    }
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(json.dumps(gold) + "\n")
    scores = evaluate(gold_path, texts, nlp)
    assert (scores["figures"]["tp"], scores["figures"]["predicted"], scores["figures"]["gold"]) == (1, 2, 2)
    assert scores["speakers"]["f1"] == 1.0 and scores["people"]["f1"] == 1.0
    assert scores["places"]["recall"] == 0.5 and scores["places"]["precision"] == 1.0
    detail = scores["documents"][0]
    assert detail["missed"]["places"] == ["York"]
    assert "14 arrests" in detail["spurious"]["figures"][0]
    table = format_scores(scores, verbose=True)
    assert "figures" in table and "York" in table
    assert scores["errors_by_kind"]["wrong metric"] == 1 and scores["errors_by_kind"]["missed figure"] == 0
    assert "wrong metric" in table and "gold 14 charges_or_cautions" in table
    assert check_thresholds(scores, min_figures_f1=0.9, min_people_f1=0.85) == ["figures F1 0.500 is below 0.900"]
    assert check_thresholds(scores, min_speaker_f1=0.9, min_figures_f1=None) == []


@pytest.mark.parametrize(
    "gold, texts",
    [(SHARED_DEV / "gold.jsonl", SHARED_DEV), (DATA_EVAL / "gold.jsonl", DATA_EVAL / "texts")],
    ids=["shared-dev", "data-eval"],
)
def test_targets_on_annotated_sets(nlp, gold, texts):
    if not gold.exists():
        pytest.skip(f"{gold} is absent")
    scores = evaluate(gold, texts, nlp)
    failures = check_thresholds(scores, min_figures_f1=0.90, min_speaker_f1=0.90, min_people_f1=0.85)
    assert failures == [], format_scores(scores, verbose=True)
    assert scores["not_claims_violations"] == 0, format_scores(scores, verbose=True)


def _figure(value, metric, body, text):
    start = body.index(text)
    return {"value": value, "metric": metric, "text": text, "start": start, "end": start + len(text)}


def test_errors_sorted_by_kind():
    body = ("Police made 14 arrests and brought 5 charges. Officers saw 30 alerts and 99 vans.\n"
            "“We caught them all today,” said Jo Penn. “It works really well,” she added.\n"
            "“Nothing more to say here,” a man said. “Random words from nowhere,” someone said.\n")
    gold = {
        "doc": "a.txt",
        "figures": [
            {"value": 14, "metric": "arrests", "text": "14 arrests"},
            {"value": 5, "metric": "charges_or_cautions", "text": "5 charges"},
            {"value": 30, "metric": "alerts", "text": "30 alerts"},
            {"value": 7, "metric": "deployments", "text": "7 deployments"},
        ],
        "quotes": [
            {"speaker": "Jo Penn", "start": "We caught them all"},
            {"speaker": "Jo Penn", "start": "It works really well"},
            {"speaker": "a man", "start": "Nothing more to say"},
            {"speaker": "Ann Lee", "start": "A quote nobody found"},
        ],
        "people": [], "places": [], "not_claims": [],
    }
    result = {
        "figures": [
            _figure(14, "charges_or_cautions", body, "14 arrests"),   # right value, wrong metric
            _figure(6, "charges_or_cautions", body, "5 charges"),     # same place and metric, wrong value
            _figure(30, "alerts", body, "30 alerts"),                 # right
            _figure(99, "other", body, "99 vans"),                    # not in the gold
        ],
        "quotes": [
            {"text": "We caught them all today,", "speaker": "Jo Penn"},
            {"text": "It works really well,", "speaker": None},
            {"text": "Nothing more to say here,", "speaker": "a woman"},
            {"text": "Random words from nowhere,", "speaker": "someone"},
        ],
        "people": [], "places": [],
    }
    counts, detail = score_document(gold, result, body)
    kinds = [kind for kind, _ in detail["errors"]]
    assert sorted(kinds) == sorted(["wrong metric", "wrong value", "missed figure", "spurious figure",
                                    "unattributed", "wrong speaker", "missed quote", "spurious quote"])
    described = dict(detail["errors"])
    assert described["wrong metric"].startswith("gold 14 arrests")
    assert "got charges_or_cautions" in described["wrong metric"]
    assert "got 6 charges_or_cautions" in described["wrong value"]
    assert described["missed figure"].startswith("7 deployments")
    assert described["spurious figure"].startswith("99 other")
    assert "gold 'a man', got 'a woman'" in described["wrong speaker"]
    assert described["unattributed"].startswith("'It works really well'")
    assert counts["figures"][0] == 1 and counts["speakers"][0] == 1

    def prf(tp, predicted, gold_count):
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": tp, "predicted": predicted, "gold": gold_count}

    scores = {task: prf(*counts[task]) for task in TASKS}
    scores.update(documents=[detail], n_documents=1, not_claims_violations=0,
                  errors_by_kind={kind: kinds.count(kind) for kind in ERROR_KINDS})
    table = format_scores(scores, verbose=True)
    assert "## a.txt" in table and "errors by kind:" in table
    summary = table.split("errors by kind:")[1].splitlines()[1:]
    assert [line.split()[-1] for line in summary] == ["1"] * len(ERROR_KINDS)
    assert "errors by kind" not in format_scores(scores)


#: README table rows -> the set they score. Columns: figures F1, quote speakers F1, people with role F1, quotes F1,
#: places F1 (the README's "What the NLP extracts" tables), and for the real-writing rows strict speakers F1.
README_ROWS = {
    "| `data/eval` (30 invented texts": REPO / "data" / "eval",
    "| now |": REPO / "data" / "eval-test",
    "| dev (497 documents) |": REPO / "data" / "eval-real" / "dev",
    "| test (122 documents) |": REPO / "data" / "eval-real" / "test",
}


@pytest.fixture(scope="module")
def scored(nlp):
    """`lfrwatch eval`'s scores of a set, computed once per module."""
    done: dict = {}

    def score(folder):
        if folder not in done:
            done[folder] = evaluate(folder / "gold.jsonl", folder / "texts", nlp)
        return done[folder]
    return score


@pytest.mark.parametrize("row_start", list(README_ROWS))
def test_the_readmes_scores_are_the_measured_ones(scored, row_start):
    """Documented results are tested results: each score table row of the README is what `lfrwatch eval` gives."""
    folder = README_ROWS[row_start]
    row = next(line for line in (REPO / "README.md").read_text().splitlines() if line.startswith(row_start))
    documented = [float(cell) for cell in row.strip("|").split("|")[1:]]
    scores = scored(folder)
    tasks = ("figures", "speakers", "people", "quotes", "places", "speakers_strict")[:len(documented)]
    measured = [round(scores[task]["f1"], 3) for task in tasks]
    assert measured == documented, f"{folder}: README says {documented}, eval gives {measured}"


def test_the_real_sets_readme_gives_the_dev_halfs_errors_by_kind(scored):
    """data/eval-real/README.md's "Errors by kind on the dev half now" are what `lfrwatch eval --verbose` counts."""
    text = " ".join((REPO / "data" / "eval-real" / "README.md").read_text().split())
    paragraph = text.split("Errors by kind on the dev half now", 1)[1].split("(On the first split", 1)[0]
    documented = {kind: int(count) for kind, count in re.findall(r"([a-z]+(?: [a-z]+)?) (\d+)[,.]", paragraph)}
    dev = scored(REPO / "data" / "eval-real" / "dev")
    assert documented == dev["errors_by_kind"]
    assert f"--verbose`, {dev['n_documents']} documents)" in paragraph


def _counted(*documents: tuple[int, int, int]) -> dict:
    """Scores of documents with these figures counts (tp, predicted, gold) and the same for every other task."""
    return {"documents": [{"counts": {task: list(counts) for task in TASKS}} for counts in documents]}


def test_bootstrap_intervals_hold_the_score_repeat_and_narrow_with_more_documents():
    documents = [(3, 4, 5), (0, 2, 1), (5, 5, 6), (1, 3, 4), (2, 2, 2), (0, 0, 3)]
    f1 = 2 * 11 / (16 + 21)
    lo, hi = bootstrap_intervals(_counted(*documents))["figures"]
    assert lo < f1 < hi
    assert bootstrap_intervals(_counted(*documents))["figures"] == (lo, hi)
    wide = hi - lo
    lo, hi = bootstrap_intervals(_counted(*documents * 8))["figures"]
    assert lo < f1 < hi and hi - lo < wide / 2
    assert bootstrap_intervals(_counted((2, 3, 4), (2, 3, 4)))["speakers"] == (pytest.approx(4 / 7),) * 2
    assert bootstrap_intervals({"documents": []}) == {}


def test_eval_intervals_add_a_column_around_each_f1():
    """`lfrwatch eval --intervals` (here on the second annotation of the real dev half, no NLP run) ends each task's
    row with its interval, which holds the F1 (a point where every document agrees, as quotes do here)."""
    folder = REPO / "data" / "eval-real" / "dev"
    result = CliRunner().invoke(cli, ["eval", str(folder / "gold.jsonl"), str(folder / "texts"), "--annotation",
                                      str(folder / "second-annotation.jsonl"), "--intervals"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("f1 95% interval")
    for line in lines[1:1 + len(TASKS)]:
        f1, interval = line.split()[-5], line.split()[-1]
        lo, hi = (float(x) for x in interval.split("-"))
        assert lo <= float(f1) <= hi, line


def test_the_readmes_interval_for_the_test_half_is_the_measured_one(scored):
    """The README's "resampling its documents" sentence gives the test half's figures and speakers intervals as
    `lfrwatch eval --intervals` prints them."""
    text = " ".join((REPO / "README.md").read_text().split())
    intervals = bootstrap_intervals(scored(REPO / "data" / "eval-real" / "test"))
    (f_lo, f_hi), (s_lo, s_hi) = intervals["figures"], intervals["speakers"]
    assert (f"puts its figures F1 between {f_lo:.3f} and {f_hi:.3f} and its lenient speakers F1 between "
            f"{s_lo:.3f} and {s_hi:.3f}") in text


def test_the_readmes_sentence_on_the_dev_half_rounds_the_measured_scores(scored):
    """The README's "the rules score about A to B on the writing they were developed on" gives the real dev half's
    figures and lenient speakers F1, rounded to two places, lower first ("about A" when the two round alike)."""
    text = " ".join((REPO / "README.md").read_text().split())
    dev = scored(REPO / "data" / "eval-real" / "dev")
    low, high = sorted(f"{dev[task]['f1']:.2f}" for task in ("figures", "speakers"))
    said = low if low == high else f"{low} to {high}"
    assert f"the rules score about {said} on the writing they were developed on" in text


def test_the_readmes_sentence_on_unseen_writing_rounds_the_measured_figures(scored):
    """The README's "So on unseen writing ..." sentence gives the figures and speakers F1 of the real test half and
    of data/eval-test to two places: what `lfrwatch eval` gives, rounded."""
    text = " ".join((REPO / "README.md").read_text().split())
    test_half = scored(REPO / "data" / "eval-real" / "test")
    held_out = scored(REPO / "data" / "eval-test")
    assert (f"figures F1 {test_half['figures']['f1']:.2f} on the real test half of 122, "
            f"{held_out['figures']['f1']:.2f} on `data/eval-test`") in text
    assert (f"speakers F1 {test_half['speakers']['f1']:.2f} on the real test half (strict "
            f"{test_half['speakers_strict']['f1']:.2f}), {held_out['speakers']['f1']:.2f} on `data/eval-test`") in text


@pytest.mark.parametrize("batch, said", [
    ("fourth dev batch",
     "NLP after the rules below: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("fifth dev batch", "speakers **{speakers}**. The test half is unchanged."),
    ("sixth dev batch",
     "figures **{figures}**, speakers **{speakers}** (strict {strict}). The test half is unchanged."),
    ("seventh dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("eighth dev batch", "on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict}); none of them"),
    ("ninth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("tenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("eleventh dev batch",
     "on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict}). Its speakers"),
    ("twelfth dev batch", "With it, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("thirteenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("fourteenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("fifteenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("sixteenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("seventeenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("eighteenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("nineteenth dev batch", "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("twentieth dev batch",
     "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("twenty-first dev batch",
     "With them, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
    ("twenty-second dev batch",
     "With it, on the batch: figures **{figures}**, speakers **{speakers}** (strict {strict})."),
])
def test_the_real_sets_readme_gives_a_dev_batchs_scores_now(nlp, tmp_path, batch, said):
    """The set README's scores of a later dev batch "with the NLP after the rules" are what `lfrwatch eval` gives
    on that batch's documents (the rows of its Sources table marked with the batch) today."""
    readme = (REPO / "data" / "eval-real" / "README.md").read_text()
    row = rf"^\| `([^`]+)` \| dev \(added 2026-12-0[678], {batch}\) \|"
    docs = {f"{slug}.txt" for slug in re.findall(row, readme, re.M)}
    dev = REPO / "data" / "eval-real" / "dev"
    lines = [line for line in (dev / "gold.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["doc"] in docs]
    assert len(lines) == len(docs) > 0
    (tmp_path / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores = evaluate(tmp_path / "gold.jsonl", dev / "texts", nlp)
    measured = said.format(figures=f"{scores['figures']['f1']:.3f}", speakers=f"{scores['speakers']['f1']:.3f}",
                           strict=f"{scores['speakers_strict']['f1']:.3f}")
    assert measured in " ".join(readme.split())


@pytest.mark.parametrize("half", ["dev", "test"])
def test_the_real_sets_readme_counts_what_each_half_holds(half):
    """The set README's layout block and composition table (documents, words, figures, zero figures, quotes,
    people, places, not_claims, publishers) are what the files hold."""
    folder = REPO / "data" / "eval-real" / half
    golds = read_gold(folder / "gold.jsonl")
    words, publishers = 0, set()
    for gold in golds:
        meta, body, _ = split_header((folder / "texts" / gold["doc"]).read_text(encoding="utf-8"))
        words += len(body.split())
        publishers.add(meta["publisher"])
    figures = [figure for gold in golds for figure in gold["figures"]]
    counts = [len(golds), words, len(figures), sum(figure["value"] == 0 for figure in figures),
              *(sum(len(gold.get(key) or []) for gold in golds) for key in ("quotes", "people", "places",
                                                                             "not_claims")), len(publishers)]
    readme = (folder.parent / "README.md").read_text(encoding="utf-8")
    assert f"| {half:<4} | " + " | ".join(f"{n:,}" for n in counts) + " |" in readme
    assert f"{len(golds)} documents, {words:,} words" in readme


def test_the_readme_and_sources_count_the_real_set():
    """README.md's and docs/sources.md's counts of the real set's documents, publishers and years are the files'."""
    halves, years = {}, {}
    for half in ("dev", "test"):
        folder = REPO / "data" / "eval-real" / half
        headers = [split_header((folder / "texts" / gold["doc"]).read_text(encoding="utf-8"))[0]
                   for gold in read_gold(folder / "gold.jsonl")]
        halves[half] = [header["publisher"] for header in headers]
        years[half] = sorted(str(header["published"])[:4] for header in headers)
    everything = halves["dev"] + halves["test"]
    first, last = min(years["dev"] + years["test"]), max(years["dev"] + years["test"])
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"holds {len(everything)} real LFR documents ({first}–{last}, {len(set(everything))} publishers," in readme
    sources = " ".join((REPO / "docs" / "sources.md").read_text(encoding="utf-8").split())
    assert (f"{len(halves['dev'])} real LFR pages of {len(set(halves['dev']))} publishers, "
            f"{years['dev'][0]}-{years['dev'][-1]}") in sources
