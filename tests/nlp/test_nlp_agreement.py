"""`lfrwatch eval --annotation`: a second hand annotation scored against the gold as the NLP is, so that a score
can be read against how far two annotators agree. Texts written for the test."""

import json

from click.testing import CliRunner

from lfrwatch.cli import cli
from lfrwatch.nlp.evaluate import evaluate_annotation

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


def test_the_readme_gives_how_far_the_second_annotation_agrees():
    """Documented results are tested results: the README's agreement figures are what `--annotation` measures."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    dev = repo / "data" / "eval-real" / "dev"
    scores = evaluate_annotation(dev / "gold.jsonl", dev / "texts", dev / "second-annotation.jsonl")
    text = " ".join((repo / "README.md").read_text().split())
    documented = text.split("without seeing its gold, agree with it at ", 1)[1][:80]
    assert documented.startswith(f"figures F1 {scores['figures']['f1']:.3f} and speakers "
                                 f"{scores['speakers']['f1']:.3f} (strict {scores['speakers_strict']['f1']:.3f})")
    table = " ".join((dev.parent / "README.md").read_text().split())
    row = [f"{scores[task]['f1']:.3f}" for task in ("figures", "quotes", "speakers", "speakers_strict", "people",
                                                     "places")]
    assert "| the second annotation | " + " | ".join(row) + " |" in table
    assert scores["n_documents"] == 40
    sources = " ".join((repo / "docs" / "sources.md").read_text().split())
    assert f"figures F1 {scores['figures']['f1']:.3f} and speakers {scores['speakers']['f1']:.3f}" in sources


def test_the_readme_gives_the_nlps_scores_on_the_same_documents(tmp_path):
    from pathlib import Path

    from lfrwatch.nlp import load_pipeline
    from lfrwatch.nlp.evaluate import evaluate, read_gold

    dev = Path(__file__).resolve().parents[2] / "data" / "eval-real" / "dev"
    annotated = {document["doc"] for document in read_gold(dev / "second-annotation.jsonl")}
    with open(tmp_path / "gold.jsonl", "w", encoding="utf-8") as out:
        for line in (dev / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if json.loads(line)["doc"] in annotated:
                out.write(line + "\n")
    scores = evaluate(tmp_path / "gold.jsonl", dev / "texts", load_pipeline())
    row = [f"{scores[task]['f1']:.3f}" for task in ("figures", "quotes", "speakers", "speakers_strict", "people",
                                                     "places")]
    table = " ".join((dev.parent / "README.md").read_text().split())
    assert "| the NLP, same 40 documents | " + " | ".join(row) + " |" in table
