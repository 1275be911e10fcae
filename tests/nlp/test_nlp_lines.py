"""The line-breaks component: every line opens a sentence, and so does the first word after a bullet that opens a
line, so a bulleted line is parsed as the sentence it would be without its bullet. Sentences written for these
tests."""

import pytest

from lfrwatch.nlp import analyse


def pairs(nlp, text):
    return [(f["value"], f["metric"]) for f in analyse(nlp(text))["figures"]]


def test_each_line_and_each_bulleted_line_opens_a_sentence(nlp):
    doc = nlp("Results\n• Seven people were arrested.\n- Two more were charged.\nNo more vans")
    starts = [sentence[0].text for sentence in doc.sents]
    assert starts == ["Results", "•", "Seven", "-", "Two", "No"]


def test_a_hyphen_inside_a_line_is_no_bullet(nlp):
    doc = nlp("The van was used on 10 - 12 March.")
    assert len(list(doc.sents)) == 1


INTRO = "Police gave the results on Monday.\n"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Of the six people stopped, four were arrested.", [(6, "other"), (4, "arrests")]),
        ("Of the 17 arrests, 11 led to charges.", [(17, "arrests"), (11, "charges_or_cautions")]),
        ("Of 191 alerts, a mere 31 have led to arrests.", [(191, "alerts"), (31, "arrests")]),
        ("Five wanted men were arrested on Saturday.", [(5, "arrests")]),
        ("Two of the people flagged were arrested.", [(2, "arrests")]),
    ],
)
def test_a_bulleted_line_gives_what_the_line_gives_alone(nlp, line, expected):
    # with the bullet read as part of the sentence, these had lost a count or given it the wrong metric
    assert pairs(nlp, INTRO + line) == expected
    assert pairs(nlp, INTRO + "• " + line) == expected
