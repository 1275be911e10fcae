"""scripts/eval_polnear.py's judgeable gold quotes (issue #21): which words name someone, which gold quotes a
speaker can be judged against, and the counts and error lines that follow. The article and its gold quotes are
built here in memory, in our own words (no PolNeAR data)."""

from __future__ import annotations

import importlib.util

from conftest import REPO

SPEC = importlib.util.spec_from_file_location("eval_polnear", REPO / "scripts" / "eval_polnear.py")
eval_polnear = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(eval_polnear)

TEXT = ('Officials said the count would go ahead. "We will count every ballot," Mr. Podesta said.\n'
        'He added: "The count starts at dawn tomorrow." Another aide said the officials had told Donald Trump.')


def gold_quote(quote: str, source: str, names: list[str]) -> dict:
    start = TEXT.index(quote)
    return {"stretches": [(start, start + len(quote))], "source": source, "names": names,
            "judgeable": eval_polnear.judgeable(names, eval_polnear.name_words(TEXT)), "content": []}


def article() -> dict:
    return {"name": "ours", "text": TEXT, "annotated": [],
            "gold": [gold_quote("We will count every ballot", "Mr. Podesta", ["Mr. Podesta"]),
                     gold_quote("The count starts at dawn tomorrow", "He", ["He"])]}


def predicted(speakers: list[str]) -> dict[str, list[dict]]:
    quotes = [{"start": gold["stretches"][0][0], "end": gold["stretches"][0][1], "speaker": speaker}
              for gold, speaker in zip(article()["gold"], speakers)]
    return {"ours": quotes}


def test_name_words_leave_out_pronouns_titles_and_words_that_only_open_sentences():
    # "Officials" is also written in lower case, "Another" only opens a sentence, "Mr" is a title; "Podesta"
    # after "Mr." does not open a sentence.
    assert eval_polnear.name_words(TEXT) == {"donald", "podesta", "trump"}


def test_a_gold_quote_is_judgeable_only_with_a_name_among_its_names():
    names = eval_polnear.name_words(TEXT)
    assert eval_polnear.judgeable(["Mr. Podesta"], names)
    assert eval_polnear.judgeable(["he", "Donald Trump", "his"], names)  # a pronoun CoreNLP linked to a name
    assert not eval_polnear.judgeable(["He"], names)
    assert not eval_polnear.judgeable(["Another aide", "the officials"], names)


def test_speaker_recall_over_judgeable_quotes_leaves_the_other_counts_alone():
    errors: list[str] = []
    counts = eval_polnear.score([article()], predicted(["John Podesta", "John Podesta"]), errors)
    assert (counts["gold"], counts["quote_found"], counts["speaker_right"]) == (2, 2, 1)
    assert (counts["judgeable"], counts["judgeable_right"]) == (1, 1)
    assert errors == [f"unjudgeable wrong speaker: ours @{TEXT.index('The count')}: gold 'He' predicted "
                      "'John Podesta': \"The count starts at dawn tomorrow\""]
    assert eval_polnear.report("lfrwatch", counts).split()[1:3] == ["0.500", "1.000"]
    assert eval_polnear.report("lfrwatch", counts).split()[-2:] == ["1.000", "1"]


def test_a_wrong_speaker_of_a_judgeable_quote_counts_against_it():
    errors: list[str] = []
    counts = eval_polnear.score([article()], predicted(["Donald Trump", None]), errors)
    assert (counts["speaker_right"], counts["judgeable"], counts["judgeable_right"]) == (0, 1, 0)
    assert [line.split(":")[0] for line in errors] == ["wrong speaker", "unjudgeable unattributed"]
    assert eval_polnear.report("lfrwatch", counts).split()[-2:] == ["0.000", "1"]
