"""`lfrwatch eval --annotation`: a second hand annotation scored against the gold as the NLP is, so that a score
can be read against how far two annotators agree. Texts written for the test."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lfrwatch.cli import cli
from lfrwatch.nlp import load_pipeline
from lfrwatch.nlp.evaluate import evaluate, evaluate_annotation, read_gold


REPO = Path(__file__).resolve().parents[2]
#: The columns of the agreement tables in data/eval-real/README.md.
TASK_COLUMNS = ("figures", "quotes", "speakers", "speakers_strict", "people", "places")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def table_row(scores):
    return " | ".join(f"{scores[task]['f1']:.3f}" for task in TASK_COLUMNS)


TEXT = (
    "published: 2025-03-01\npublisher: Test News\nkind: news\n---\n"
    "Police made 12 arrests in Rotherham on Friday, and the van scanned 9,000 faces.\n"
    "“It was a quiet day for the cameras,” said Chief Inspector Jane Doe.\n"
    "Campaigners called the van “a dragnet on the high street”, and Tom Roe of Watchful said: ‘We will go to court.’\n"
)
GOLD = {
    "doc": "a.txt",
    "figures": [
        {"value": 12, "metric": "arrests", "unit": None, "qualifier": None, "period": "Friday", "text": "12 arrests"},
        {"value": 9000, "metric": "faces_scanned", "unit": None, "qualifier": None, "period": None,
         "text": "9,000 faces"},
    ],
    "quotes": [
        {"speaker": "Jane Doe", "start": "It was a quiet day"},
        {"speaker": "campaigners", "start": "a dragnet on the high"},
        {"speaker": "Tom Roe", "start": "We will go to court."},
    ],
    "people": [{"name": "Jane Doe", "role": "Chief Inspector", "org": None},
               {"name": "Tom Roe", "role": None, "org": "Watchful"}],
    "places": ["Rotherham"],
    "not_claims": [],
}


def write_set(tmp_path, annotation_lines):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(TEXT)
    (tmp_path / "gold.jsonl").write_text(json.dumps(GOLD) + "\n")
    (tmp_path / "other.jsonl").write_text("".join(line + "\n" for line in annotation_lines))
    return tmp_path / "gold.jsonl", tmp_path / "texts", tmp_path / "other.jsonl"


def test_an_annotation_equal_to_the_gold_agrees_fully(tmp_path):
    gold, texts, other = write_set(tmp_path, [json.dumps(GOLD)])
    scores = evaluate_annotation(gold, texts, other)
    assert {task: scores[task]["f1"] for task in ("figures", "quotes", "speakers", "people", "places")} == dict.fromkeys(
        ("figures", "quotes", "speakers", "people", "places"), 1.0)


def test_disagreements_count_as_the_nlps_errors_would(tmp_path):
    second = json.loads(json.dumps(GOLD))
    second["figures"] = second["figures"][:1]  # the faces left out
    second["quotes"][0]["start"] = "It was a quiet"  # a shorter start of the same quotation is the same quote
    second["quotes"][1]["speaker"] = "Watchful"  # another reading of who called the van a dragnet
    gold, texts, other = write_set(tmp_path, [json.dumps(second)])
    scores = evaluate_annotation(gold, texts, other)
    assert (scores["figures"]["tp"], scores["figures"]["predicted"], scores["figures"]["gold"]) == (1, 1, 2)
    assert scores["quotes"]["f1"] == 1.0
    assert (scores["speakers"]["tp"], scores["speakers"]["gold"]) == (2, 3)
    assert scores["errors_by_kind"]["missed figure"] == 1 and scores["errors_by_kind"]["wrong speaker"] == 1


def test_the_cli_scores_an_annotation_instead_of_the_nlp(tmp_path):
    gold, texts, other = write_set(tmp_path, [json.dumps(GOLD)])
    result = CliRunner().invoke(cli, ["eval", str(gold), str(texts), "--annotation", str(other)])
    assert result.exit_code == 0, result.output
    assert "documents: 1," in result.output
    assert [line.split()[-4] for line in result.output.splitlines()[1:3]] == ["1.000", "1.000"]


def test_an_annotation_of_a_text_the_gold_lacks_is_one_line_naming_it(tmp_path):
    gold, texts, other = write_set(tmp_path, [json.dumps({**GOLD, "doc": "b.txt"})])
    result = CliRunner().invoke(cli, ["eval", str(gold), str(texts), "--annotation", str(other)])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        f"error: {other}: document 'b.txt' is not in {gold}"]


def test_a_broken_line_of_the_annotation_is_named(tmp_path):
    gold, texts, other = write_set(tmp_path, [json.dumps(GOLD), '{"doc": "a.txt", "figures": ['])
    result = CliRunner().invoke(cli, ["eval", str(gold), str(texts), "--annotation", str(other)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {other}, line 2: not JSON")


@pytest.mark.parametrize("half", ["dev", "test"])
def test_the_readmes_give_how_far_the_second_annotations_agree(half):
    """Documented results are tested results: the agreement figures of the READMEs and docs/sources.md are what
    `--annotation` measures."""
    folder = REPO / "data" / "eval-real" / half
    scores = evaluate_annotation(folder / "gold.jsonl", folder / "texts", folder / "second-annotation.jsonl")
    assert scores["n_documents"] == 40
    table = " ".join((folder.parent / "README.md").read_text().split())
    assert f"| {half}: the second annotation | {table_row(scores)} |" in table
    said = (f"figures F1 {scores['figures']['f1']:.3f} and speakers {scores['speakers']['f1']:.3f} "
            f"(strict {scores['speakers_strict']['f1']:.3f})")
    assert said in " ".join((REPO / "README.md").read_text().split())
    short = f"figures F1 {scores['figures']['f1']:.3f} and speakers {scores['speakers']['f1']:.3f}"
    assert short in " ".join((REPO / "docs" / "sources.md").read_text().split())


@pytest.mark.parametrize("half", ["dev", "test"])
def test_the_readme_gives_the_nlps_scores_on_the_same_documents(nlp, tmp_path, half):
    folder = REPO / "data" / "eval-real" / half
    annotated = {document["doc"] for document in read_gold(folder / "second-annotation.jsonl")}
    with open(tmp_path / "gold.jsonl", "w", encoding="utf-8") as out:
        for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if json.loads(line)["doc"] in annotated:
                out.write(line + "\n")
    scores = evaluate(tmp_path / "gold.jsonl", folder / "texts", nlp)
    table = " ".join((folder.parent / "README.md").read_text().split())
    assert f"| {half}: the NLP, same 40 documents | {table_row(scores)} |" in table
    if half == "test":
        readme = " ".join((REPO / "README.md").read_text().split())
        assert (f"where the NLP gets {scores['figures']['f1']:.3f} and {scores['speakers']['f1']:.3f} "
                f"(strict {scores['speakers_strict']['f1']:.3f}) on the same documents") in readme
