"""The quotes component: quotation marks, continuation and speakers."""

import pytest

from lfrwatch.nlp import analyse, load_pipeline
from lfrwatch.nlp.docutils import paragraph_spans
from lfrwatch.nlp.quote_spans import find_quotation_spans


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def quotes(nlp, text):
    return analyse(nlp(text))["quotes"]


def spoken(found):
    return [(q["text"][:25], q["speaker"]) for q in found]


def test_curly_quote_after_attribution_resolves_surname(nlp):
    text = (
        "Detective Inspector Priya Natarajan led the operation in Slough.\n"
        "“We found three people who had been wanted for months, and all of them are now in custody,” Ms Natarajan said."
    )
    found = quotes(nlp, text)
    assert spoken(found) == [("We found three people who", "Priya Natarajan")]
    quote = found[0]
    assert quote["role"] == "Detective Inspector"
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert not quote["text"].startswith("“") and not quote["text"].endswith("”")


def test_straight_quotes_with_colon(nlp):
    text = 'Owen Marsh, a campaigner at Liberty, said: "This is a step too far for a free society."'
    found = quotes(nlp, text)
    assert spoken(found) == [("This is a step too far fo", "Owen Marsh")]
    assert found[0]["org"] == "Liberty"


def test_quote_continued_in_next_paragraph_and_standalone_paragraph(nlp):
    text = (
        "Commander Hannah Boyd said: “The van was in place for six hours.\n"
        "“Every alert was checked by an officer before anyone was approached.”\n"
        "“We will publish the results next week.”\n"
        "The council welcomed the move."
    )
    found = quotes(nlp, text)
    assert [q["speaker"] for q in found] == ["Hannah Boyd"] * 3
    assert found[0]["text"] == "The van was in place for six hours."


def test_pronoun_and_first_name_honorific_resolve_to_full_name(nlp):
    text = (
        "Sir Geoffrey Dunmore, the chief constable, defended the scheme. "
        "He said it was “proportionate and lawful in every case”.\n"
        "Rights groups disagreed.\n"
        "Sir Geoffrey added that he would “keep listening to residents and their concerns”."
    )
    found = quotes(nlp, text)
    assert [q["speaker"] for q in found] == ["Geoffrey Dunmore", "Geoffrey Dunmore"]
    assert found[0]["honorific"] == "Sir"


def test_unnamed_speaker_kept_as_written_and_he_added(nlp):
    text = (
        "Ms Ada Crane questioned the cost.\n"
        "A Home Office spokesman said the vans were “good value for the public purse”.\n"
        "He added: “Every deployment is authorised by a senior officer.”"
    )
    found = quotes(nlp, text)
    assert [q["speaker"] for q in found] == ["a Home Office spokesman", "a Home Office spokesman"]


def test_according_to(nlp):
    found = quotes(nlp, "The system is “accurate at the settings we use”, according to Northumbria Police.")
    assert spoken(found) == [("accurate at the settings ", "Northumbria Police")]


def test_scare_quotes_and_titles_are_not_quotes(nlp):
    text = (
        "Critics called the scheme “creepy”. A report, “Watching The Watchers: Faces In The Crowd”, "
        "was published by a charity that described LFR as “a step”."
    )
    assert quotes(nlp, text) == []


def test_boilerplate_quotes_are_ignored(nlp):
    text = 'Officers were on patrol.\nRead more: "We will catch them all," says new chief'
    assert quotes(nlp, text) == []


def test_pairing_straight_and_curly_marks():
    text = 'He said "one two three" and “four five six”.\n“An unclosed quote\n“continues here.”'
    spans = find_quotation_spans(text, paragraph_spans(text))
    assert [text[q["start"] : q["end"]] for q in spans] == ["one two three", "four five six", "An unclosed quote", "continues here."]
    assert [q["continues"] for q in spans] == [False, False, False, True]


def test_an_opening_mark_turned_the_wrong_way_round_closes_an_open_quotation(nlp):
    # PolNeAR train (politico, huff-post): '... here,“ said Jim Clyburn' as typeset on the page
    text = "“It could create real problems for her here,“ said Jane Doe, a councillor. “We will see.”"
    spans = find_quotation_spans(text, paragraph_spans(text))
    assert [text[q["start"] : q["end"]] for q in spans] == ["It could create real problems for her here",
                                                             "We will see."]
    assert [q["speaker"] for q in analyse(nlp(text))["quotes"]] == ["Jane Doe", "Jane Doe"]


def test_words_on_a_sign_are_no_quotation(nlp):
    # ITV London on Oxford Circus (tenth dev batch): 'beside a sign that read "Police live facial recognition in
    # use"'; a letter's or a statement's words still are.
    text = ('A photo showed the van parked next to a sign that read "Police live facial recognition in use". '
            'The letter read: "We urge the force to stop using this technology at once."')
    quotes = analyse(nlp(text))["quotes"]
    assert [q["text"] for q in quotes] == ["We urge the force to stop using this technology at once."]


def test_comm_before_a_surname_is_the_commissioners_title(nlp):
    # Police Oracle on the Met Commissioner before the London Assembly (dev).
    text = (
        "Jane Harlow, the force's Commissioner, said the trials had gone well.\n"
        "Comm Harlow told the panel: “The cameras give me no concerns at all.”"
    )
    assert [q["speaker"] for q in quotes(nlp, text)] == ["Jane Harlow"]


def test_an_acronym_in_brackets_speaks_as_the_name_before_it(nlp):
    # The Sociable on the Tony Blair Institute's paper (dev); the Ada Lovelace Institute's "ALI" later stays as
    # written, as the gold writes it.
    text = (
        "The Northfield Policy Institute (NPI) is calling for a “single register of police cameras” across England.\n"
        "Later in the paper, NPI said the register would be “cheap to run and easy to search”."
    )
    assert [q["speaker"] for q in quotes(nlp, text)] == ["Northfield Policy Institute", "NPI"]


def test_a_list_of_a_reports_findings_quotes_the_report(nlp):
    # PublicTechnology on the Essex researchers' review of the Met's trials (dev).
    text = (
        "Researchers at a university watched six of the force's trials over a year.\n"
        "Among the key findings of the review, which was published on Thursday:\n"
        "The force did not carry out “a full and careful assessment of the risks” before the trials began.\n"
        "Officers raised “several serious concerns about public consent” in the course of the trials.\n"
        "Professor Ann Kerr said: “We would ask for the trials to stop.”"
    )
    assert [q["speaker"] for q in quotes(nlp, text)] == ["the review", "the review", "Ann Kerr"]


def test_they_after_a_force_that_set_something_out_is_the_force(nlp):
    # Greatest Hits Radio on South Wales Police's retrospective searches (dev): British writing's "they" for a force.
    text = (
        "Officers upload images to a system that checks them against the force's database.\n"
        "The force explained how the checks work in a post on its website.\n"
        "They said: “An operator looks through the best 100 or so possible matches before deciding.”"
    )
    assert [q["speaker"] for q in quotes(nlp, text)] == ["the force"]
