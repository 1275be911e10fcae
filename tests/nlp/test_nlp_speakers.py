"""Speakers on the way real writing gives them (issue #21): single quotation marks, a speaker introduced twice,
statements and reports that speak, descriptions resolved to people named earlier, and things that are not
speakers. Every text here is written for the test."""

import pytest

from lfrwatch.nlp import analyse, load_pipeline
from lfrwatch.nlp.docutils import CharRanges, canonical_org, paragraph_spans
from lfrwatch.nlp.quote_spans import find_single_quotations


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def spoken(nlp, text, meta=None):
    """(the quotation's first four words, its speaker) for each quotation."""
    return [(" ".join(q["text"].split()[:4]), q["speaker"]) for q in analyse(nlp(text), meta)["quotes"]]


def speakers(nlp, text):
    """The speaker of each quotation, in order."""
    return [speaker for _, speaker in spoken(nlp, text)]


# --- single quotation marks ------------------------------------------------------------------------------------


def single(text):
    return [text[q["start"]:q["end"]] for q in find_single_quotations(text, paragraph_spans(text), CharRanges([]))]


def test_single_marks_pair_around_words_not_apostrophes():
    assert single("The force’s officers said it was ‘a routine patrol in the town’ and left.") == [
        "a routine patrol in the town"]
    assert single("He said the vans would stand 'at the main crossings of the city' from noon.") == [
        "at the main crossings of the city"]
    assert single("It’s the officers’ view that the kit isn’t ready.") == []


def test_single_quotation_left_open_runs_to_the_paragraph_end_only_when_introduced():
    text = "The baker told us: ‘I have seen the vans every week.\n‘Nobody asked the traders first.’"
    assert single(text) == ["I have seen the vans every week.", "Nobody asked the traders first."]
    assert single("A shop ‘sign without an end in this line") == []


def test_single_quoted_speech_and_its_speaker(nlp):
    text = ("Campaigners warn the cameras are a step towards ‘a society of constant checks’.\n"
            "Inspector Tomas Brandt said ‘We only look for people on the list. Nobody else is kept.’")
    assert spoken(nlp, text) == [("a society of constant", "Campaigners"), ("We only look for", "Tomas Brandt")]


def test_single_marks_inside_a_double_quotation_are_part_of_it(nlp):
    text = "“If they said ‘we will scan every face in the square’, people would object,” said Ruth Okafor."
    assert spoken(nlp, text) == [("If they said ‘we", "Ruth Okafor")]


def test_words_on_a_sign_are_not_speech(nlp):
    text = "A van stood beside a sign reading 'Facial recognition cameras in operation today', police said."
    assert spoken(nlp, text) == []


# --- who speaks ---------------------------------------------------------------------------------------------------


def test_a_subhead_line_is_not_the_subject(nlp):
    text = ("The review found few problems.\nRecords and retention\n"
            "The review said: “Records are kept for too long.”")
    assert spoken(nlp, text) == [("Records are kept for", "the review")]


def test_the_subject_of_a_passive_is_spoken_to(nlp):
    text = ("Greyport Police have been urged to halt their trial after councillors in Leeds ruled that it was "
            "“a step too far for a free city”.")
    assert spoken(nlp, text) == [("a step too far", "councillors in Leeds")]


def test_the_force_is_kept_as_written_with_its_organisation(nlp):
    text = "The Metropolitan Police used the vans twice.\n“We will keep using them,” the force said."
    quote = analyse(nlp(text), {"kind": "news"})["quotes"][0]
    assert (quote["speaker"], quote["org"]) == ("the force", "Metropolitan Police")


def test_a_statement_with_no_owner_keeps_its_description(nlp):
    # The gold keeps what the text says: "a statement said" (The Independent on Romford, Maidenhead Advertiser on
    # Thames Valley Police), "according to a council report" (the Standard on Hammersmith and Fulham); the force
    # said something before, which does not make the statement its own
    text = ("Essex Police will use the cameras at the festival.\nThe force said the watchlist would be small.\n"
            "A statement said: “Only people wanted by the courts will be on the list.”")
    assert speakers(nlp, text) == ["a statement"]
    text = ("Councillors agreed the spending. The aim, according to a council report, is to \"cut crime on the high "
            "street and in the parks\".")
    assert speakers(nlp, text) == ["a council report"]


def test_a_statement_with_an_owner_speaks_for_it(nlp):
    text = "A statement from Essex Police said: “Only people wanted by the courts will be on the list.”"
    assert speakers(nlp, text) == ["Essex Police"]
    text = "The force put out a statement saying: “Only people wanted by the courts will be on the list.”"
    assert [q["org"] for q in analyse(nlp("Essex Police ran the vans. " + text))["quotes"]] == ["Essex Police"]


def test_which_stated_speaks_for_the_statement_it_hangs_from(nlp):
    text = ("The answer differs from a press release issued by the Metropolitan Police, which stated that the "
            "arrest was made “as part of a wider operation in the area”.")
    assert spoken(nlp, text) == [("as part of a", "Metropolitan Police")]


def test_a_name_before_a_role_phrase_parsed_as_the_subject(nlp):
    text = "Helena Marsh, lead for facial recognition at the Met and nationally, said: “We are proud of it.”"
    assert spoken(nlp, text) == [("We are proud of", "Helena Marsh")]


def test_a_title_naming_a_place_before_the_name(nlp):
    text = ("The Labour Police and Crime Commissioner (PCC) for Bedfordshire Owen Latimer said: "
            "\"I support the use of the vans in the county.\"")
    result = analyse(nlp(text))
    assert [q["speaker"] for q in result["quotes"]] == ["Owen Latimer"]
    assert [p["name"] for p in result["people"]] == ["Owen Latimer"]


def test_an_organisation_named_after_its_description(nlp):
    text = "Privacy campaign group Big Brother Watch said the plan was a “major step for the surveillance state.”"
    assert spoken(nlp, text) == [("major step for the", "Big Brother Watch")]


def test_a_quotation_paragraph_after_a_sentence_reporting_its_speaker(nlp):
    text = ("“We are ready,” the Met said.\n"
            "Commander Ola Benn said it was the largest operation the force had run in years.\n"
            "“We have planned for this day for many months and every officer knows the plan.”")
    assert spoken(nlp, text)[1] == ("We have planned for", "Ola Benn")


def test_partial_quotations_after_an_organisations_statement(nlp):
    text = ("“Four people were arrested after alerts,” the Met said.\n"
            "Two others who were stopped were found to be “under court orders to stay away”.")
    assert spoken(nlp, text)[1] == ("under court orders to", "Metropolitan Police")


def test_a_partial_quotation_given_before_its_speaker(nlp):
    text = ("Police arrested 30 people who “pose the greatest danger” before the parade.\n"
            "Chief Inspector Maya Rudd said: “We target those who pose the greatest danger to the public.”")
    assert speakers(nlp, text) == ["Maya Rudd", "Maya Rudd"]


def test_a_description_resolved_to_the_person_named_just_before(nlp):
    text = ("Delia Osei, 58, has run a shop on the street for 20 years.\n"
            "The florist told the paper: “I feel safer with the vans here.”")
    assert spoken(nlp, text) == [("I feel safer with", "Delia Osei")]


def test_a_role_resolved_to_the_person_who_holds_it(nlp):
    text = ("The vans were paid for by Police and Crime Commissioner Rhodri Vaughan.\n"
            "Shoppers in the town had mixed views.\n"
            "The commissioner said: “They have already led to arrests.”")
    assert spoken(nlp, text) == [("They have already led", "Rhodri Vaughan")]


def test_the_spokesperson_is_the_one_described_before(nlp):
    text = ("“We publish every deployment,” a Met spokesperson said.\n"
            "Asked about errors, the spokesperson said: “Every alert is checked by an officer.”")
    assert speakers(nlp, text) == ["a Met spokesperson", "a Met spokesperson"]


def test_a_description_of_role_and_organisation_resolved_to_the_person(nlp):
    text = ("Nadia Quill, senior advocacy officer at Big Brother Watch, called the vans intrusive.\n"
            "The campaign group's senior advocacy officer said: “Nobody voted for this kind of checking.”")
    assert spoken(nlp, text) == [("Nobody voted for this", "Nadia Quill")]


def test_a_name_after_a_title_the_recogniser_took_for_an_organisation(nlp):
    text = ("Assembly member Iwan Price raised the matter at the meeting in Cardiff.\n"
            "The assembly member said: \"People have a right to know where the vans will be.\"")
    assert spoken(nlp, text) == [("People have a right", "Iwan Price")]


def test_a_statement_that_went_on(nlp):
    text = ("The Metropolitan Police said the vans would return in May.\n"
            "The Met's statement went on: “Every deployment is published in advance on our website.”")
    assert spoken(nlp, text) == [("Every deployment is published", "Metropolitan Police")]


def test_she_said_passes_over_a_man_the_text_called_he(nlp):
    text = ("Amara Lewis, a local councillor, opened the meeting. She said the council had not been consulted.\n"
            "Then Peter Vance, the chief inspector, explained the plan. He said the vans would come twice a month.\n"
            "Peter Vance listened as the questions came.\n"
            "“We were told nothing about any of this,” she said.")
    assert spoken(nlp, text) == [("We were told nothing", "Amara Lewis")]
    genders = {p["name"]: p["gender"] for p in nlp(text)._.people}
    assert genders == {"Amara Lewis": "female", "Peter Vance": "male"}


def test_a_post_is_not_given_to_someone_the_text_gave_no_role(nlp):
    text = ("Sam Oduya, 34, watched the van from a café across the road.\n"
            "“It is the right tool for busy streets,” the superintendent said.")
    assert spoken(nlp, text) == [("It is the right", "the superintendent")]
    credit = "Picture: Sam Oduya/PA\n“It is the right tool for busy streets,” the superintendent said."
    assert spoken(nlp, credit) == [("It is the right", "the superintendent")]


def test_a_statement_that_read(nlp):
    text = ("Essex Police confirmed the plans on Friday.\n"
            "A statement read: “The vans will be used at the airshow and in the town centre.”\n"
            "Read more:\nHow the vans work and where they go next")
    assert spoken(nlp, text) == [("The vans will be", "a statement")]


# --- US news forms (PolNeAR's train and dev splits showed the kinds; the sentences are ours) ------------------------


def test_he_said_goes_to_a_man_by_his_first_name_past_a_woman_named_after_him(nlp):
    text = ("Gordon Pyle spoke after the vote. Alison Fenwick answered the board.\n"
            "“We have waited two years for this road,” he said.")
    assert spoken(nlp, text) == [("We have waited two", "Gordon Pyle")]


def test_he_said_continues_the_subject_of_the_sentence_before(nlp):
    text = ("Councillor Peter Grange said Lionel Sachs's plan would help Simon Hurst's budget.\n"
            "“I think the plan is the best we will get this year,” he said.")
    assert spoken(nlp, text) == [("I think the plan", "Peter Grange")]


def test_a_pronoun_subject_before_carries_its_person_forward(nlp):
    text = ("Peter Grange took questions after Simon Hurst left the hall. He added a word about the budget.\n"
            "“The harbour must pay its way,” he said.")
    assert spoken(nlp, text) == [("The harbour must pay", "Peter Grange")]


def test_a_signed_quotation_is_its_signers(nlp):
    text = ("Readers wrote to us about the bridge.\n"
            "“The new bridge has cut my journey in half.” ― Rosa Delgado "
            "“It is far too narrow for buses.” ― Martin Oyelaran")
    assert spoken(nlp, text) == [("The new bridge has", "Rosa Delgado"), ("It is far too", "Martin Oyelaran")]


def test_a_surname_the_recogniser_took_for_an_organisation_is_still_the_person(nlp):
    text = ("Mayor Jane Holloway visited the harbour on Monday.\n"
            "In a June speech, Holloway attacked “the careless ideology of managed decline in our towns.”")
    assert spoken(nlp, text) == [("the careless ideology of", "Jane Holloway")]


def test_the_speaker_named_between_two_quotations_carries_to_the_second(nlp):
    text = "“We have looked at the figures again,” Grange said, a year after Peter Grange took the chair. " \
           "“It does not add up for the town.”"
    assert speakers(nlp, text) == ["Peter Grange", "Peter Grange"]


def test_a_document_that_speaks_after_a_comma_is_not_the_person_named_before(nlp):
    text = ("Councillor Peter Grange opened the meeting.\n"
            "“The harbour belongs to the people who work on it,” the letter reads.")
    assert spoken(nlp, text) == [("The harbour belongs to", "the letter")]


def test_an_abbreviated_title_is_the_description_used_later(nlp):
    text = ("Sen. Bernie Hallam spoke in Vermont on Tuesday about the tax code and Maria Lott's campaign.\n"
            "The senator said he would “bring a bill to close the loopholes next session.”")
    assert spoken(nlp, text) == [("bring a bill to", "Bernie Hallam")]


def test_an_official_description_is_not_the_person_named_just_before(nlp):
    text = ("The rally was held hours after Alicia Moreno spoke in Fort Wayne.\n"
            "The Indiana governor said the media were to blame for focusing on "
            "“every small remark made at rallies.”")
    assert spoken(nlp, text) == [("every small remark made", "the Indiana governor")]


def test_a_partial_quotation_without_a_reporting_verb_is_the_sentence_subjects(nlp):
    text = ("Mayor Jane Holloway and Councillor Peter Grange met the traders on Friday.\n"
            "Grange hit back at Holloway on Monday for trying to \u201cturn the harbour into a car park for "
            "tourists\u201d in the spring.")
    assert spoken(nlp, text) == [("turn the harbour into", "Peter Grange")]


def test_he_said_after_a_surname_never_given_in_full(nlp):
    text = ("Vance Whitley chaired the debate, and Peter Grange spoke first.\n"
            "Carson openly admitted that his pick was political. “With an eye on the vote in March,” he said.")
    assert spoken(nlp, text) == [("With an eye on", "Carson")]


def test_a_title_abbreviated_in_brackets_is_the_description_used_later(nlp):
    text = ("Kent’s police and crime commissioner (PCC) Dana Whitlock said: “The vans will look for wanted people.”\n"
            "The PCC added that the vans would stay away from marches, except in “truly exceptional cases” "
            "approved by a senior officer.")
    assert spoken(nlp, text) == [("The vans will look", "Dana Whitlock"), ("truly exceptional cases", "Dana Whitlock")]


def test_an_and_inside_a_capitalised_title_stays_in_the_speaker(nlp):
    text = ("“We will keep using every tool that keeps people safe,” a spokesman for the Police and Crime "
            "Commissioner told the paper.")
    assert spoken(nlp, text) == [("We will keep using", "a spokesman for the Police and Crime Commissioner")]


def test_it_added_is_the_organisation_that_spoke_before(nlp):
    text = ("Officers of the Met made 40 arrests in May, the force said on Monday.\n"
            "The force said the people caught would otherwise have stayed at large.\n"
            "“The cameras let us find wanted people without long manhunts,” it added.")
    assert spoken(nlp, text)[-1] == ("The cameras let us", "the force")


# --- introductions that are not "X said" (learnt from PolNeAR's train split, written here for the test) ----------


def test_only_the_sentence_just_before_names_who_speaks(nlp):
    text = ('Inspector Jan Moss runs the unit. "We check every alert," he said. Councillor Bob Hale disagreed. '
            '"It is not enough."')
    assert speakers(nlp, text) == ["Jan Moss", "Bob Hale"]


def test_a_quotation_after_a_sentence_that_names_who_agrees(nlp):
    text = ("Campaigners said the vans had no legal basis. Dr Priya Nandra, a lecturer in law at Keele, agreed. "
            "\"The rules were written for cameras on poles, not for vans that move every day.\"")
    assert spoken(nlp, text)[-1] == ("The rules were written", "Priya Nandra")


def test_a_verb_of_speech_in_any_form(nlp):
    text = "\"We will be back at the market next week,\" Inspector Tom Hale remarked, pointing at the van."
    assert spoken(nlp, text) == [("We will be back", "Tom Hale")]
    text = "The chief constable spoke at the launch, joking that \"the cameras are the only officers who never get tired\"."
    assert spoken(nlp, text) == [("the cameras are the", "the chief constable")]


def test_a_name_right_before_the_colon_opens_the_quotation(nlp):
    text = "Shopkeepers agree - Sarah Collins: \"Nobody asked any of us before the van arrived.\""
    assert spoken(nlp, text) == [("Nobody asked any of", "Sarah Collins")]
    text = "The figures are clear - Big Brother Watch: \"Nine in ten of the alerts named the wrong person.\""
    assert spoken(nlp, text) == [("Nine in ten of", "Big Brother Watch")]


def test_an_organisation_introducing_a_quotation_with_a_colon(nlp):
    text = ("Hours before the first deployment, Big Brother Watch was blunt in its verdict: "
            "\"This is a dangerous expansion of surveillance in the city.\"")
    assert spoken(nlp, text) == [("This is a dangerous", "Big Brother Watch")]


def test_a_line_without_a_full_stop_does_not_swallow_the_next_sentence(nlp):
    text = ("Cameras return to the high street\nSign up to our morning newsletter\n"
            "Shopkeepers welcome it, saying \"the thefts have fallen since the van came\".")
    doc = nlp(text)
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:3] == ["Cameras", "Sign", "Shopkeepers"]
    assert spoken(nlp, text) == [("the thefts have fallen", "Shopkeepers")]


def test_a_name_before_the_verb_when_the_subject_names_no_one(nlp):
    text = ("Responding to the plans, Ruth Kell, Policy Officer, said:\n"
            "\"This takes us a long way from policing by consent.\"")
    assert spoken(nlp, text) == [("This takes us a", "Ruth Kell")]


def test_a_clause_ending_in_a_colon_names_its_speaker_whatever_its_verb(nlp):
    text = "Councillor Jane Doe was blunt:\n\"Nobody in this borough asked for cameras on the high street.\""
    assert spoken(nlp, text) == [("Nobody in this borough", "Jane Doe")]
    text = "Sarah Collins echoed:\n\"The van came without a word to any of the traders.\""
    assert spoken(nlp, text) == [("The van came without", "Sarah Collins")]


def test_the_person_written_to_before_a_colon_is_not_the_speaker(nlp):
    text = "In reply, the chief constable wrote to Sarah Collins: \"The cameras will stay until the summer.\""
    assert spoken(nlp, text) == [("The cameras will stay", "the chief constable")]


def test_a_belief_inside_what_someone_said_is_the_sayers(nlp):
    text = "Sarah Collins said, most traders have come to believe \"that the cameras are there for show.\""
    assert spoken(nlp, text) == [("that the cameras are", "Sarah Collins")]


def test_the_person_told_before_a_colon_is_not_the_speaker(nlp):
    text = "At the meeting, Inspector Tom Hale told Sarah Collins: \"The cameras will stay until the summer.\""
    assert spoken(nlp, text) == [("The cameras will stay", "Tom Hale")]


def test_the_technology_is_no_organisation_to_speak_for(nlp):
    text = ("Campaign groups such as Big Brother Watch have criticised the use of LFR in Croydon.\n"
            "The group has said that using LFR can shield the police and \"encourage a lack of accountability\".")
    assert spoken(nlp, text) == [("encourage a lack of", "Big Brother Watch")]


def test_letters_after_a_name_are_the_person(nlp):
    text = ("Anna Price KC, the force's barrister, said finding one person in a city was like "
            "\"looking for one grain of sand on a long beach.\"")
    assert spoken(nlp, text) == [("looking for one grain", "Anna Price")]


def test_a_surname_the_tagger_reads_as_an_adverb_after_said(nlp):
    text = ("Tom Skelly, a privacy lawyer in Leeds, has followed the trials for years.\n"
            "“Nobody asked the people walking past whether they agreed,” said Skelly.\n"
            "Jo Kelly, a councillor, spoke next, telling Skelly that “the cameras have helped the town.”")
    assert spoken(nlp, text) == [("Nobody asked the people", "Tom Skelly"), ("the cameras have helped", "Jo Kelly")]


def test_a_verb_of_the_manner_of_speaking_attributes_a_quotation(nlp):
    text = ("The reporter Sam Ortiz kept asking about the cameras until Jo Kelly shot back that he had not been "
            "called on.\n\n“Go back to your seat,” Kelly barked and a steward walked Ortiz out.")
    assert spoken(nlp, text) == [("Go back to your", "Jo Kelly")]


def test_an_opening_word_before_the_name_set_off_by_commas_is_not_the_speaker(nlp):
    text = ("The force announced the van's visit to Deptford in a post on social media.\n"
            "Responding, Priya Mendes, a Deptford councillor who also chairs the borough's scrutiny committee, said "
            "that “once more the police have come with no word to the people who live here”.")
    assert spoken(nlp, text) == [("once more the police", "Priya Mendes")]


def test_a_verb_opening_the_text_has_no_quotation_before_it(nlp):
    """The look back from a text's first token must not wrap round to its last (a quote mark there)."""
    from spacy.tokens import Doc

    from lfrwatch.nlp.reporting import _inverted_name

    doc = Doc(nlp.vocab, words=["Said", "Skelly", "“"], spaces=[True, True, False], tags=["VBD", "NNP", "``"],
              heads=[0, 0, 0], deps=["ROOT", "advmod", "punct"])
    assert _inverted_name(doc[0]) is None


def test_it_is_the_body_that_acted_just_before_when_none_spoke(nlp):
    text = ("The panel looked at the trial in Farley. Nothing the force has shown settles the law, the panel found.\n"
            "The results the panel saw were “well short of what was promised”, it said.")
    assert spoken(nlp, text) == [("well short of what", "the panel")]


def test_it_after_a_paper_that_spoke_is_the_paper_not_what_it_names(nlp):
    text = ("“Project Lantern is the shared camera scheme of two forces,” reads the tender.\n"
            "It goes on: “The scheme will test the cameras at the arena in May.”")
    assert spoken(nlp, text)[1] == ("The scheme will test", "the tender")


def test_it_with_a_person_as_the_last_subject_is_no_speaker(nlp):
    text = ("Mara Lindqvist runs the cafe. She opened at nine.\n"
            "It was “a long and very odd morning with the vans outside”, it said on the sign.")
    assert spoken(nlp, text) == [("a long and very", None)]


def test_she_with_no_woman_named_is_the_woman_described_before(nlp):
    text = ("The cameras wrongly flagged a young woman at a chemist in Holt. Staff asked her to leave.\n"
            "She told the local paper: “I felt everyone in the shop was staring at me.”")
    assert spoken(nlp, text) == [("I felt everyone in", "a young woman")]


def test_she_goes_to_the_woman_named_before_a_description(nlp):
    text = ("Priya Navarro, who chairs the residents' group, watched the van arrive with a young woman.\n"
            "She said: “We were never told the cameras were coming.”")
    assert spoken(nlp, text) == [("We were never told", "Priya Navarro")]


def test_they_with_no_one_before_is_the_plural_subject_just_before(nlp):
    text = ("Privacy groups take a harder view.\n"
            "To them it is a step too far, one that they said was “unlawful and out of all proportion.”")
    assert spoken(nlp, text) == [("unlawful and out of", "Privacy groups")]


def test_they_after_a_plural_that_names_no_one_is_left_open(nlp):
    text = ("The cameras stood in the square all day.\n"
            "Later they said the rollout was “going to plan in every town”.")
    assert spoken(nlp, text) == [("going to plan in", None)]


def test_the_pcc_is_the_police_and_crime_commissioner_for_a_county_named_before(nlp):
    text = ("Dame Ruth Okafor, the Police and Crime Commissioner for Kent, backed the vans.\n"
            "The PCC said: “They will help us find dangerous people.”")
    assert spoken(nlp, text) == [("They will help us", "Ruth Okafor")]


def test_a_one_word_campaign_group_the_tagger_reads_as_a_proper_noun_is_the_group(nlp):
    text = "Liberty has warned against the vans.\nThe group said: “This is a threat to everyone's privacy.”"
    assert spoken(nlp, text) == [("This is a threat", "Liberty")]


def test_a_full_name_the_recogniser_missed_is_the_person_a_courtesy_title_names_later(nlp):
    text = ("Ama Brenyah was stopped by officers in Romford.\n"
            "Ms Brenyah said: “I felt like a criminal in my own town.”")
    assert spoken(nlp, text) == [("I felt like a", "Ama Brenyah")]


def test_what_a_body_or_a_study_found_is_what_it_says(nlp):
    assert spoken(nlp, "The watchdog found “serious shortcomings in oversight”.") == [
        ("serious shortcomings in oversight", "the watchdog")]
    assert spoken(nlp, "Officers found “a very large amount of cash” in the car, the force said.") == [
        ("a very large amount", "the force")]


def test_a_statement_from_the_force_is_the_forces(nlp):
    text = "Essex Police ran the trial.\nA statement from the force read: “All alerts are checked by an officer.”"
    quotes = analyse(nlp(text))["quotes"]
    assert [(q["speaker"], q["org"]) for q in quotes] == [("the force", "Essex Police")]  # kept as written


def test_a_speaker_described_first_and_named_next_is_the_person_named(nlp):
    text = ("The plans are “a dangerous step towards mass surveillance”, a leading councillor warned.\n"
            "Councillor Amy Brown, who chairs the safety committee, said the council had not been asked.")
    assert spoken(nlp, text) == [("a dangerous step towards", "Amy Brown")]
    text = ("“The vans are working well so far,” a spokesman for the force said.\n"
            "Chief Inspector Tom Brackley said the cameras would return in May.")
    assert spoken(nlp, text) == [("The vans are working", "a spokesman for the force")]


def test_a_partial_quote_after_an_organisations_statement_in_the_paragraph_is_the_organisations(nlp):
    text = ("In a statement, the Met said the vans had been used 100 times. The deployments were "
            "“intelligence-led and carefully targeted”.")
    assert spoken(nlp, text) == [("intelligence-led and carefully targeted", "Metropolitan Police")]
    text = "The council met on Tuesday. The plans were called “a step too far for any democracy” in the papers."
    assert spoken(nlp, text) == [("a step too far", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chief Superintendent Sarah Whitfield led the operation.\nThree people were arrested.\n"
         "The senior officer said: “These arrests show what the technology can do.”", "Sarah Whitfield"),
        ("John Roe, advocacy manager at Big Brother Watch, criticised the move.\nThe force disagreed.\n"
         "The campaigner called it “a dangerous expansion of mass surveillance”.", "John Roe"),
        ("Ann Smith, head of research at Liberty, obtained the figures.\n"
         "The researcher said: “The public have been kept in the dark for too long.”", "Ann Smith"),
    ],
)
def test_a_description_of_a_kind_is_the_one_person_of_that_kind_named_before(nlp, text, expected):
    assert speakers(nlp, text) == [expected]


def test_a_description_of_a_kind_with_two_people_of_it_named_stays_as_written(nlp):
    text = ("John Roe of Big Brother Watch and Ann Smith of Liberty spoke at the rally.\n"
            "The campaigner said: “We will see the force in court over this.”")
    assert speakers(nlp, text) == ["the campaigner"]
    text = ("Chief Superintendent Sarah Whitfield led the operation.\n"
            "The officer said: “Stop there and take your hood down, please.”")  # the one who made the stop
    assert speakers(nlp, text) == ["the officer"]


def test_a_force_the_recogniser_missed_is_known_by_its_name(nlp):
    text = ("Last week North Wales Police had confirmed the plans.\nPolice say no data was kept.\n"
            "A statement from the force read: “No biometric data was retained by the force.”")
    quotes = analyse(nlp(text))["quotes"]
    assert [(q["speaker"], q["org"]) for q in quotes] == [("the force", "North Wales Police")]


def test_a_pull_quote_is_spoken_by_the_name_and_role_on_the_line_after_it(nlp):
    text = ("We are still learning how the technology affects our community.\n"
            "“Just because a particular technology exists, it doesn't mean we will use it”\n"
            "Jane Doe, Police Inspector")
    assert spoken(nlp, text) == [("Just because a particular", "Jane Doe")]
    text = "The vans return in May.\n“It is a dangerous step for everyone in the town”\nJane Doe"  # a byline
    assert spoken(nlp, text) == [("It is a dangerous", None)]


def test_a_name_after_a_rank_is_a_person_even_after_in_and_with_a_place_for_a_surname(nlp):
    text = ("The deployment has a keen backer in Assistant Chief Constable Robert France. "
            "“We are delighted to bring these vans to our towns,” he said.")
    assert spoken(nlp, text) == [("We are delighted to", "Robert France")]
    text = "There was a robbery in Thornton Heath. “It was awful for everyone there,” he said."
    assert spoken(nlp, text) == [("It was awful for", None)]  # a place, still


def test_who_a_camera_or_a_film_caught_speaking_is_the_speaker(nlp):
    text = ("The cameras also caught a Big Brother Watch campaigner, who had come to protest that day, "
            "telling an officer: ‘I would have done the same.’")
    assert spoken(nlp, text) == [("I would have done", "a Big Brother Watch campaigner")]


def test_a_person_named_in_full_once_is_the_speaker_by_first_name_later(nlp):
    text = ("All Shaun Thompson wanted after a long day was to get home.\n"
            "“I was stopped by police who told me I was a wanted man,” Shaun told BBC.\n"
            "Shaun thinks the risk is too high. “This is like living in Minority Report,” he said.")
    assert speakers(nlp, text) == ["Shaun Thompson", "Shaun Thompson"]


def test_a_person_the_text_knows_by_one_name_speaks_in_the_first_person_after_her_paragraph(nlp):
    text = ("Sara had had one of those days and wanted some chocolate, so she walked into a shop.\n"
            "“Within less than a minute, I’m approached by a store worker who tells me to leave.”\n"
            "Sara says staff searched her bag and told her she was barred from every store.\n"
            "“I was just crying and crying the entire journey home.”")
    assert speakers(nlp, text) == ["Sara", "Sara"]
    text = "The vans came to Ilford on Monday.\n“We are here to help keep everyone in the town safe.”"
    assert speakers(nlp, text) == [None]  # no one told of: no speaker


def test_a_post_of_a_named_body_is_the_one_person_just_named(nlp):
    text = ("Dame Cressida Dick has mounted a defence of live facial recognition.\n"
            "Addressing a conference, she said critics would have to explain themselves. The Metropolitan Police "
            "Commissioner said those attacking it were often “inaccurate and highly ill-informed”.")
    assert spoken(nlp, text) == [("inaccurate and highly ill-informed", "Cressida Dick")]


def test_a_country_s_biggest_force_is_the_force_named_before(nlp):
    # a description of the force, unlike "the force" or "police", is resolved to its name, as the gold does
    # (Vuink's copy of the Guardian on the coronation: "Britain's biggest force said")
    text = ("The Met has insisted it will not use the technology against protest. Britain's biggest force said: "
            "“It is not used to identify people who are linked to protest activity.”")
    quotes = analyse(nlp(text))["quotes"]
    assert [(q["speaker"], q["org"]) for q in quotes] == [("Metropolitan Police", "Metropolitan Police")]
    text = "Essex Police ran the vans. The force said: “Only people wanted by the courts are on the list.”"
    assert speakers(nlp, text) == ["the force"]


def test_it_goes_on_giving_a_documents_words(nlp):
    # Computer Weekly on the EHRC's submission to the UN: "the submission pointed to ... It added that ...
    # “...,” it said" gives the submission's words, not those of the force the sentence between names
    text = ("The commission sent its evidence to the UN in March.\n"
            "“The legal basis for the cameras is too thin,” said the submission.\n"
            "To support this, the submission cited figures from Liberty, which showed that the Met had used the "
            "vans often.\nIt added that nine forces already use such tools.\n"
            "“These tools also raise serious concerns about bias,” it said.")
    assert speakers(nlp, text) == ["the submission", "the submission"]
    text = ("Essex Police ran the vans in March. The force said the results were good.\n"
            "It added that nine people were arrested.\n“These tools help us find wanted people,” it said.")
    assert speakers(nlp, text) == ["the force"]


def test_a_headline_description_is_the_person_named_below_it(nlp):
    # Moneycontrol on Shaun Thompson: "'Police said I was wanted': London man says ..." then his name
    text = ("'I was held for an hour': Leeds man says the cameras picked him out by mistake\n"
            "Daniel Rowe had only gone into town to buy a coat. What followed left him shaken.\n"
            "“They would not tell me why I was stopped,” Daniel said.")
    assert speakers(nlp, text) == ["Daniel Rowe", "Daniel Rowe"]


def test_a_headline_description_takes_no_one_else(nlp):
    text = ("'I was held for an hour': Leeds woman says the cameras picked her out by mistake\n"  # his, not hers
            "Daniel Rowe, a councillor, had asked for the cameras.\n")
    assert speakers(nlp, text) == ["Leeds woman"]
    text = ("'I was held for an hour': a man says the cameras picked him out by mistake\n"  # with an article
            "Daniel Rowe had only gone into town to buy a coat.\n")
    assert speakers(nlp, text) == ["a man"]


def test_people_asked_in_turn_speak_by_their_turn(nlp):
    text = ("Speaking to a reporter, one person said: “I think it is there for the safety of everybody.”\n"
            "A second said: “We are one of the most watched countries in the world anyway.”\n"
            "A fourth claimed: “I haven’t got a problem with that, to be honest.”")
    assert speakers(nlp, text) == ["one person", "a second", "a fourth"]


def test_a_name_in_title_case_is_no_quotation(nlp):
    assert spoken(nlp, "Police call the fan areas “Zones of Safety” on match days.") == []
    assert spoken(nlp, "The vans are part of the government's “Plan for Change” for policing.") == []


def test_the_speaker_above_a_verb_of_telling_with_no_subject_speaks(nlp):
    text = ("A spokesperson said that whether to stop people avoiding the cameras was left to officers, who were "
            "told to “use their judgment”.")
    assert spoken(nlp, text) == [("use their judgment", "a spokesperson")]


def test_a_parenthesis_says_who_speaks_in_its_sentence(nlp):
    text = ("Silkie Carlo watched the trial in Romford.\nThe officers, she said, demanded his identification "
            "and became “accusatory and aggressive”.")
    assert spoken(nlp, text) == [("accusatory and aggressive", "Silkie Carlo")]


def test_the_body_a_sentence_is_about_speaks_its_partial_quote(nlp):
    text = ("“We acknowledge that measures are being taken,” ICO Deputy Commissioner Emily Keane said.\n"
            "The regulator has “asked Home Office for urgent clarity on this matter”.")
    assert speakers(nlp, text) == ["Emily Keane", "the regulator"]


def test_policing_bodies_are_known_by_their_acronyms(nlp):
    text = ("In a statement, the Association of Police and Crime Commissioners (APCC) said the report "
            "“shed light on a concerning built-in bias”.")
    quotes = analyse(nlp(text))["quotes"]
    assert [q["org"] for q in quotes] == ["Association of Police and Crime Commissioners"]
    assert canonical_org("the APCC") == canonical_org("Association of Police and Crime Commissioners")
    assert canonical_org("SPA") == "Scottish Police Authority"


def test_a_message_or_statement_from_the_force_is_the_forces_even_unnamed(nlp):
    text = "A statement from the force read: “All deployments are approved by a senior officer.”"
    assert spoken(nlp, text) == [("All deployments are approved", "the force")]
    text = "Essex Police ran it. The message from the force was simple: “If you are wanted, stay away.”"
    assert spoken(nlp, text) == [("If you are wanted,", "the force")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Superintendent Claire Whitcombe, the force's lead for facial recognition, said the cameras were on.\n"
         "Asked about bias, the force's lead for facial recognition said: “We have tested the algorithm.”",
         "Claire Whitcombe"),
        ("Detective Chief Superintendent Alan Greaves, who heads the force's violent crime unit, said it was "
         "targeted.\nThe head of the violent crime unit said: “We are not interested in people going about their "
         "day.”", "Alan Greaves"),
        ("Daniel Okafor, 39, was stopped outside Romford station after the system flagged him.\n"
         "“I was held on the pavement for twenty minutes while people stared,” the 39-year-old said.",
         "Daniel Okafor"),
        ("Sergeant Nadia Qureshi was one of the officers checking alerts on Saturday.\n"
         "The sergeant said each match was reviewed “by a human being before anyone is approached”.",
         "Nadia Qureshi"),
    ],
)
def test_a_description_the_text_gave_beside_a_name_is_that_person(nlp, text, expected):
    assert speakers(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“This is a tool that is here to stay, and the public should get used to it.”\n"
         "Those were the words of Chief Constable Derek Ainsworth at the launch in Peterborough on Friday.",
         "Derek Ainsworth"),
        ("“It felt like being in a line-up in the middle of a supermarket.”\n"
         "So said Patrick Monaghan, who was wrongly flagged while buying groceries last month.", "Patrick Monaghan"),
        ("“It felt like being in a line-up in the middle of a supermarket.”\n"
         "Patrick Monaghan was wrongly flagged while buying groceries last month.", None),  # no one says so
    ],
)
def test_the_paragraph_after_a_quotation_may_say_whose_words_they_were(nlp, text, expected):
    assert speakers(nlp, text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a description in the opening line, the person named in the next
        ("Facial recognition cameras are “here to stay” in Cardiff, the city’s most senior police officer has "
         "said.\n"
         "Chief Superintendent Gareth Pryce told councillors: “We have seen the benefits at major events.”",
         ["Gareth Pryce", "Gareth Pryce"]),
        ("A senior officer at the Met has said the vans will be “in every borough by the end of the year”.\n"
         "The officer, Commander Alice Moreby, told the London Assembly: “We are on track to do that.”",
         ["Alice Moreby", "Alice Moreby"]),
        # a pronoun after a subject whose name is set off beside it; "she went on" after a quotation
        ("Professor Ruth Akers said the trial raised “serious questions about consent”.\n"
         "The force’s lead, Chief Superintendent Alison Pryor, disputed that. “Signs were put up at every "
         "entrance,” she said.\nProf Akers was not persuaded. “A sign is not consent,” she went on.",
         ["Ruth Akers", "Alison Pryor", "Ruth Akers"]),
        # a description keeps its possessive mark and the words coordinated before its noun
        ("A spokesperson for the National Police Chiefs’ Council said: “Forces follow the national guidance.”",
         ["a spokesperson for the National Police Chiefs’ Council"]),
    ],
)
def test_the_third_round_of_probes_descriptions_named_next_and_pronouns(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_going_on_is_no_report_without_a_quotation_before_its_subject(nlp):
    assert spoken(nlp, "The police went on to arrest him, she said.") == []


def test_an_age_the_text_never_gave_beside_a_name_is_the_person_of_the_story(nlp):
    text = ("Tony Mancuso has sold fruit and veg from the same pitch in Romford Market for three decades.\n"
            "“First time I saw it, I thought it was the telly,” the 52-year-old says, laughing.")
    assert speakers(nlp, text) == ["Tony Mancuso"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lord Justice Harwood said: “It is not for the courts to design the rules.”", ["Harwood"]),
        ("Mrs Justice Farbey said the case raised “issues of wide public importance”.", ["Farbey"]),
        ("The Criminal Justice Alliance said it was “deeply worried about this”.", ["Criminal Justice Alliance"]),
    ],
)
def test_a_senior_judge_is_named_without_the_title_as_the_gold_writes(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_bbw_is_big_brother_watch(nlp):
    text = "BBW said the figures were “a very poor return for such intrusion”."
    assert speakers(nlp, text) == ["Big Brother Watch"]


def test_in_his_words_is_the_person_the_possessive_stands_for(nlp):
    text = ("Alun Michael, the police and crime commissioner for South Wales, gave a similar pledge.\n"
            "In his words: \"People want to know that members of the public are not being watched.\"")
    assert speakers(nlp, text) == ["Alun Michael"]


def test_a_photo_caption_between_an_attribution_and_its_quotation_is_passed_over(nlp):
    text = ("The technology will go into service before the ceremony, a Metropolitan Police spokesman said.\n"
            "Police have used cameras at football matches (Image: Getty Images)\n"
            "\"The watchlist will be focused on those who would raise public protection concerns.\"")
    assert speakers(nlp, text) == ["a Metropolitan Police spokesman"]


def test_a_place_or_bodys_post_in_the_opening_line_is_the_person_named_next_with_it(nlp):
    text = ("Croydon's mayor has come out in support of the cameras, arguing that ‘if you’ve got nothing to hide "
            "you’ve got nothing to fear’.\nJason Perry, the borough's mayor, said he wanted the Met to carry on.")
    assert speakers(nlp, text) == ["Jason Perry"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the owner of the words said before the quotation in its sentence, without a colon (dev: articlepedia)
        ("The Met will put cameras near the stadium before the derby.\n"
         "In the force's words, the cameras \"will make sure people wanted by the courts are caught before kick-off.\"",
         ["the force"]),
        ("The judgment was handed down on Friday.\n"
         "In the words of the judge, the policy was \"not in accordance with the law\".", ["the judge"]),
        ("Jane Doe spoke to reporters outside the town hall.\n"
         "In her words, the cameras are \"a step too far for a free country\".", ["Jane Doe"]),
    ],
)
def test_in_someones_words_before_a_quotation_is_its_speaker(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_someone_asking_is_a_speaker_described_as_someone(nlp):
    text = "Officers waited beside the van outside the station.\n\"Who are you looking for?\" someone asks the police."
    assert speakers(nlp, text) == ["someone"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a participle of speaking parsed under a small clause: who wants the thing stopped speaks (dev: standard)
        ("Privacy campaigners want the pilot halted, warning of a \"slow drift into a surveillance state\".",
         ["Privacy campaigners"]),
        # a statement as the object of a verb whose subject is named (dev: independent-romford)
        ("Witnesses said people who covered their faces were stopped, although the force had issued a statement "
         "saying \"anyone who avoids the cameras will not be treated as a suspect\".", ["the force"]),
        # 'whose' standing for the statement it belongs to (dev: fortune)
        ("Reporters got the numbers out of Essex Police. The force hit back with a rather prickly press release of "
         "its own, whose opening line read: \"No system of this kind is right every single time.\"", ["the force"]),
        # the relative clause after a name and its post-nominal (dev: west-midlands-police-foi)
        ("The request quotes a letter dated 3 May 2019 from Tom Walsh MP, which says:\n"
         "\"We expect the trials to help find people who have gone missing.\"", ["Tom Walsh"]),
    ],
)
def test_the_issuer_of_a_statement_or_a_participles_matrix_subject_speaks(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_a_photo_credit_names_no_one_a_pronoun_could_stand_for(nlp):
    text = ("Picture of a camera van. Photograph by John Smith — Getty Images\n"
            "A man wanted for fraud was picked out of a crowd of thousands and arrested. Later he said "
            "\"I would have stayed at home had I known.\"")
    assert speakers(nlp, text) == ["a man"]


def test_so_says_in_the_next_paragraph_names_a_partial_quotations_speaker(nlp):
    # dev: futurescot-spa-hay (the quotation is a few words inside a paragraph of prose)
    text = ("Before any use on the street, the legal and ethical questions will be set out in full, with safeguards "
            "making sure any future use is 'lawful, necessary and open to scrutiny'.\n"
            "So says Jane Doe, deputy chair of the authority, in a blog post on what comes next.")
    assert speakers(nlp, text) == ["Jane Doe"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # PolNeAR train: the parse hangs the introduction under the quotation's own verb; the participle's clause
        # speaks, never a verb inside the quotation
        ("Hartley didn't seem especially moved by the council's promises on Monday, telling reporters, \"Plenty of "
         "people said the chief should quit.\"", ["Hartley"]),
        # PolNeAR train: a statement issued just before the quotation, with no verb of saying
        ("Hours after the raid, Essex Police issued a statement, \"Last night our town was hit by a gang of "
         "thieves.\"", ["Essex Police"]),
        ("The council met on Monday and, in response to \"growing fears about crime in the town\", agreed to the "
         "trial.", [None]),
        ("The charity affirms: \"No one should be watched in the street without good reason.\"", ["the charity"]),
        # dev: cumbria (the view of the one the possessive stands for)
        ("Det Insp Tom St Aubyn said the cameras would be at the show. In his view they could have a \"really "
         "positive effect\" on safety, Det Insp St Aubyn said.", ["Tom St Aubyn"]),
        # "their" for the plural subject of the sentence before (dev: harrogate-news-coles)
        ("Critics say the mass scanning of people grossly breaches their privacy. In their view it makes \"walking "
         "ID cards\" of us all.", ["Critics"]),
    ],
)
def test_a_statement_issued_or_a_view_held_before_a_quotation_names_its_speaker(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a passive subject shared with an active verb coordinated with it (dev: reliance-hightech-blog)
        ("Tom Walsh, head of the agency, spoke this week.\nHe was impressed by trials in Spain, and has argued before "
         "that: \"Soon no one will need a ticket to travel.\"", ["Tom Walsh"]),
        # ... or governed by it
        ("The force is understood to have told councillors the cameras were \"here to stay\".", ["the force"]),
        # the one who was keen to say it
        ("The chief constable has been keen to stress that the technology is \"only used to find people who are "
         "wanted\".", ["the chief constable"]),
        # a passive reporting verb of its own still speaks through its agent, not its subject
        ("The cameras were criticised by campaigners and described as \"a step towards a surveillance state\".",
         ["campaigners"]),
    ],
)
def test_a_subject_shared_by_a_passive_and_an_active_verb_speaks_for_the_active_one(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a rank before a surname the tagger read as a noun (dev: bbc-wales-motorpoint-arena)
        ("\"We are pleased with the results,\" said Insp Simon Davies of South Wales Police.\n\nThe system was used "
         "at the arena for the first time. Insp Davies said: \"We know there are groups who target these events.\"",
         ["Simon Davies", "Simon Davies"]),
        # a surname that is also a word of places (dev: sourcesecurity-coeus)
        ("Simon Hall, chief executive of the firm, spoke at the show.\n\"There are two quite different uses,\" "
         "says Hall.", ["Simon Hall"]),
        # a surname that is also a job (dev: maidenhead-advertiser-tvp-lfr-fair-privacy-fears-2026)
        ("Support for the vans came from Matthew Barber, the county's PCC.\n\"Only criminals have anything to fear "
         "from the cameras,\" he said.", ["Matthew Barber"]),
        # "Sup" for superintendent (dev: romford-recorder)
        ("Det Ch Sup Ivan Petrov said: \"The force is still developing the system.\"", ["Ivan Petrov"]),
        # a first name that is also a word of names no person has, the "Bill" of a bill (PolNeAR train:
        # politico_2016-01-05, "But Bill Skelly, a longtime RNC data operative, vouched for ...")
        ("But Bill Hargreaves, a longtime data adviser, backed the plan.\n\"The cameras work,\" said Hargreaves.",
         ["Bill Hargreaves"]),
        ("\"It is a risky business,\" said former Gov. Bill Okafor of New Mexico.", ["Bill Okafor"]),
    ],
)
def test_a_rank_or_a_place_word_does_not_hide_a_known_persons_name(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the pronoun looks ahead to the passive's agent (dev: upday-ehrc)
        ("The claimant is Sam Oduya, whom the cameras wrongly flagged last year.\nThe regulator's support for what "
         "she called a \"landmark legal challenge\" was welcomed by Big Brother Watch director Jane Doe.",
         ["Jane Doe"]),
        # ... or to the main clause's subject
        ("Sam Oduya lost the case. In what he described as \"a dark day for liberty\", John Roe, the group's "
         "director, said the ruling was wrong.", ["John Roe"]),
        # but a pronoun in the main clause still looks back
        ("Jane Doe spoke after the hearing. She welcomed what she called \"a fair and careful judgment\" from the "
         "court, and John Roe agreed.", ["Jane Doe"]),
    ],
)
def test_what_she_called_before_the_main_clause_is_the_person_it_names(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_according_to_in_a_clause_of_its_own_speaks_for_that_clauses_quotation(nlp):
    # dev: eteknix-download-festival (a second clause, coordinated with the first speaker's)
    text = ("Detective Constable Tom Walsh told the Police Oracle that \"cameras will scan faces at the site before "
            "comparing them with a database,\" and according to The Register the database holds \"lawfully kept "
            "custody photos from Europe\".")
    assert speakers(nlp, text) == ["Tom Walsh", "Register"]
    # inside what the speaker said, "according to" is the speaker's own source
    text = ("Tom Walsh said that, according to the force, the van had \"scanned thousands of faces in an hour\".")
    assert speakers(nlp, text) == ["Tom Walsh"]


def test_a_quotation_set_as_a_crosshead_is_the_speakers_below_it(nlp):
    # dev: biometricupdate-ico-apcc (the crosshead would otherwise carry the speaker above it)
    text = ("The regulator said \"we have asked the Home Office for urgent clarity on this matter\", its deputy "
            "commissioner Jane Doe added.\n"
            "'Policing cannot be left to mark its own homework'\n"
            "In a statement, the Association of Police and Crime Commissioners (APCC) said the report \"shed light "
            "on a concerning built-in bias\".")
    assert speakers(nlp, text)[1:] == ["Association of Police and Crime Commissioners"] * 2
    # a quotation paragraph with a full stop is the speaker's above, as before
    text = ("Jane Doe, of Big Brother Watch, said the vans should go.\n"
            "\"Nobody asked the traders first.\"\n"
            "In a statement, the Association of Police and Crime Commissioners (APCC) said the report \"shed light "
            "on a concerning built-in bias\".")
    assert speakers(nlp, text)[0] == "Jane Doe"


def test_a_post_in_the_body_is_the_one_person_the_headline_names(nlp):
    # dev: derry-journal-campbell (the MP named only in the headline)
    text = ("Tom Walsh calls for safeguards on facial recognition\n"
            "At Westminster, during a debate on the technology, the DUP MP spoke up.\n"
            "\"Safety must not trample on the liberties of people who have done nothing wrong,\" said the East Derry "
            "MP.")
    assert speakers(nlp, text) == ["Tom Walsh"]
    # not a person first named in the body: "the Mayor told Jane Doe" is the mayor's
    text = ("Facial recognition to be used on London's streets\n"
            "Jane Doe AM has raised concerns about the technology again and again.\n"
            "In August the Mayor told Jane: \"We will keep working closely with the Met on this.\"")
    assert speakers(nlp, text) == ["the Mayor"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a post before a surname the text gives alone: the name as written (dev: sussex-pcc-pam-protests)
        ("In reply, Chief Constable Shiner outlined the \"well established practices in place for public order "
         "operations\".", ["Shiner"]),
        ("The new capability was outlined by Deputy Chief Constable Okafor, who stressed that the van is "
         "\"intelligence-led, not an evidence gathering tool\".", ["Okafor"]),
        # "it" in "what it calls" is the subject of the verb above it (dev: radio-revolution-northants)
        ("Planning is under way for the race, Northamptonshire Police have said.\nMore than 480,000 people are due "
         "to attend, and for them the force promises what it calls \"a robust policing operation in the run up to "
         "the race\".", ["the force"]),
        # "he" for the unnamed man who is the subject just before, not the byline (dev: fortune-swp)
        ("By Tom Walsh\nIn China a man sought over fraud was spotted in a crowd of 60,000 at a concert and "
         "detained. Afterwards he gave the memorable line \"If I had known, I would not have gone.\"", ["a man"]),
        # ... but not past a named person who is a subject after the man (PolNeAR train)
        ("Tom Walsh got some advice from a veteran.\nAfter saying he was nervous, the man ended up beside Walsh.\n"
         "Walsh jokingly offered the man a job, then says he'll welcome advice from anyone.\nHe says, \"that is how "
         "you get smart, you cannot limit the advice you get.\"", ["Tom Walsh"]),
    ],
)
def test_a_post_before_a_surname_what_it_calls_and_an_unnamed_man_before_he(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # PolNeAR train: a quotation after a sentence about the person, someone else named in it
        ("\"Immigration matters, but in my view it's education,\" says Jane Doe, 32, of Sodus in Upstate New York, "
         "who works in retail. Doe supports Democrat John Roe in the presidential race. \"I'm a college graduate, "
         "but I have student loans, and I don't have a great job.\"", ["Jane Doe", "Jane Doe"]),
        # PolNeAR train: the subject the parse lost to a relative clause just before the verb
        ("Although there is no such overlap with Doe's team, a Downing Street official who spoke anonymously to "
         "discuss internal strategy said Wednesday, \"Certainly there are discussions between the council and the "
         "force.\"", ["a Downing Street official"]),
    ],
)
def test_a_person_the_sentence_before_is_about_and_a_subject_before_its_relative_clause(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_an_analysis_speaks_for_the_body_that_made_it(nlp):
    # dev: computerweekly-ada-lovelace-biometrics-legal-grey-area (strict: the body, not "an analysis by the ALI")
    text = ("The Ada Lovelace Institute (ALI) looked at the rules. The frameworks that govern the tools, an analysis "
            "by the ALI has found, have \u201csignificant gaps and fragmentation\u201d, so rights go unprotected.")
    assert speakers(nlp, text) == ["ALI"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # PolNeAR train: verbs of the manner of answering or guessing
        ("The mayor said the town had lost its way: \"This place is no longer itself,\" he claimed.\n\"This town "
         "will always be itself,\" an angry councillor retaliated.", ["the mayor", "an angry councillor"]),
        ("Her father, Tom Walsh, 39, worried that voters read too little news.\n\"People are afraid of wasting "
         "their votes,\" he surmised.", ["Tom Walsh"]),
    ],
)
def test_retaliating_and_surmising_are_ways_of_saying(nlp, text, expected):
    assert speakers(nlp, text) == expected



@pytest.mark.parametrize(
    "text, expected",
    [
        ("Met defends vans\n\"We will keep using the vans in the borough, and we have told that to Sadiq Khan,\" the "
         "commissioner said.", ["the commissioner"]),
        ("Met defends vans\nOfficers made six arrests on Friday.\n\"We answered every question put to us by Jane "
         "Blake,\" the spokeswoman said.", ["the spokeswoman"]),
    ],
)
def test_a_person_named_at_the_end_of_a_quotation_is_not_the_description_after_it(nlp, text, expected):
    # PolNeAR train ("... to beat Hillary Clinton," the governor said): a description outside the quotation marks is
    # no apposition to a name inside them, and the one person named just before is not one named in the quotation
    assert speakers(nlp, text) == expected
    people = analyse(nlp(text))["people"]
    assert [person["role"] for person in people] == [None]


@pytest.mark.parametrize("case", ["the Court of Appeal case of Bridges versus South Wales Police",
                                  "R (Bridges) v Chief Constable of South Wales Police"])
def test_a_party_to_a_case_is_not_whom_a_pronoun_after_it_means(nlp, case):
    # dev: professional-security-porter-afr-must-be-lawful-2020 ("he argued" after the case name was Ed Bridges)
    text = ("Tony Porter on facial recognition\nFacial recognition has to be used within the law, Tony Porter has said "
            f"in his last talk as commissioner; the technology was at the centre of {case}.\nForces need standards, "
            "he argued. He said: \u201cI have said before and I will say again; there needs to be a review.\u201d\n"
            "That case was brought by Ed Bridges, a man from Cardiff.")
    assert speakers(nlp, text) == ["Tony Porter"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # dev: taipei-times-afp-croydon-lfr-philp-mps-letter-2024 ("they wrote" was the minister quoted before)
        ("Policing minister Jane Doe told chiefs in May that the cameras were \u201ca very high priority for "
         "us.\u201d\n\u201cRecent deployments have led to arrests that would otherwise have been impossible,\u201d she added.\n"
         "Some parliamentarians, though, are angry at the plan and want the regulator to step in and stop it.\n"
         "\u201cThe scanning takes the data of huge numbers of people, often without their knowledge,\u201d they "
         "wrote in a letter.", ["Jane Doe", "Jane Doe", "some parliamentarians"]),
        ("Lawmakers are angry about the vans.\n\u201cThe scanning takes the data of huge numbers of people,\u201d they "
         "wrote in a letter.", ["Lawmakers"]),
    ],
)
def test_they_after_one_persons_quotation_is_the_plural_subject_before(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # dev: humanevents-uk-55m-facial-recognition-shoplifters-2024, biometricupdate-nec-software-new-lfr-vans-2025
        ("\u201cChecking the footage by hand would take hundreds of hours,\u201d Director of Intelligence Jane Doe "
         "explained.", ["Jane Doe"]),
        ("\u201cOur cameras have been tested in many countries,\u201d said Acme Executive Director of Public Safety "
         "Steve Brown.", ["Steve Brown"]),
    ],
)
def test_a_title_with_of_before_a_name_is_no_part_of_the_name(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_artificial_intelligence_is_no_person_and_plural_subjects_before_a_colon_speak(nlp):
    # dev: eucup-dorset-police-exploring-lfr-bournemouth-2026 (both quotations went to "Artificial Intelligence")
    text = ("Two Exeter shop owners who recently had a break-in believe Artificial Intelligence could give officers "
            "vital help with the job: \u201cI am all for it once you have been burgled.\u201d\nThe paper put to MPs "
            "said: \u201cWe have already begun to help forces use the new tools well.\u201d")
    assert speakers(nlp, text) == ["Two Exeter shop owners", "the paper"]
    assert analyse(nlp(text))["people"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # dev: bbc-surrey-woking-councillors-letter-lfr-2025 (the speaker was "O'Bryan", the person "Bonsundy")
        ("But the cameras \"risk unfair bias against many groups\", Mr Bonsundy-O'Bryan said.", ["Bonsundy-O'Bryan"]),
        ("\u201cWe will keep a close eye on this,\u201d said Tom Ashby-O\u2019Neill.", ["Tom Ashby-O\u2019Neill"]),
    ],
)
def test_a_hyphenated_surname_may_end_on_a_name_with_an_apostrophe(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the "speaker introduced twice", with only the organisation given beside the name
        ("Hannah Lowe, of Big Brother Watch, was at the scene.\nThe group’s senior advocacy officer said: “This is "
         "surveillance on a mass scale.”", ["Hannah Lowe"]),
        ("Tariq Saleem, from Big Brother Watch, criticised the plan.\nThe campaign group’s head of research said: "
         "“Nobody voted for this.”", ["Tariq Saleem"]),
        ("Joanne Fell, of the Met, defended the cameras.\nThe force’s director of intelligence said: “It is a "
         "precise tool.”", ["Joanne Fell"]),
        # a person of another body is not the description's
        ("Hannah Lowe, of Liberty, was at the scene. Officers from Essex Police stood by the van.\nThe force’s "
         "operational lead said: “Every alert is checked.”", ["the force’s operational lead"]),
    ],
)
def test_the_fifth_round_of_probes_a_bodys_post_for_the_person_of_that_body_named_before(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # from a dev page (stv-police-scotland-mcarthur-delete-innocent-images-2020), rewritten
        ("MSP Fiona McArdle has now lodged an amendment to the bill.\nSpeaking about it, McArdel said: “The "
         "photos of innocent people should not be kept.”", ["Fiona McArdle"]),
        ("Gail Thomson of Amnesty spoke out.\n“This is surveillance on a mass scale,” Thompson said.",
         ["Gail Thomson"]),
        ("John Smith spoke first.\n“It is fine,” Mr Smyth said.", ["John Smith"]),
        # two people a letter apart from the name: neither
        ("Ann Hale and Tom Hall spoke.\n“It is fine,” Hal said.", ["Hal"]),
    ],
)
def test_a_surname_misspelt_by_one_letter_is_the_person_named_before(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_a_misspelt_surname_is_a_mention_of_its_person_for_the_pronouns_after_it(nlp):
    # from the same dev page, rewritten: the recogniser takes "McArtur" for an organisation; as a mention of Liam
    # McArthur it is the last person named before "He added", not the man named inside his quotation
    text = ("Liam McArthur, an MSP, has now lodged an amendment to the bill.\n"
            "The plan would cover people never charged. Speaking about it, McArtur said: “The photos of innocent "
            "people should not be kept.\n“Deleting them after a fair period is what Alan Baird asked for in his "
            "report.\n“Even officers say they would like clearer rules.”\n"
            "He added: “The sheer reach of new technology lets public bodies gather a great deal about us.”")
    assert speakers(nlp, text) == ["Liam McArthur"] * 4


def test_msp_before_a_name_is_a_post_not_part_of_the_name(nlp):
    doc = nlp("MSP Graham Ross has now lodged an amendment to the bill.")
    assert [(person["name"], person["role"]) for person in doc._.people] == [("Graham Ross", "MSP")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Minister for Crime, Policing and Fire said the vans had “led to arrests”.",
         ["the Minister for Crime, Policing and Fire"]),
        ("The Chief Constable of Essex Police, Ben Harrow, said: “It works well.”", ["Ben Harrow"]),
        ("A spokesperson for Essex Police said: “It works well.”", ["a spokesperson for Essex Police"]),
    ],
)
def test_a_title_keeps_the_whole_list_of_its_portfolio(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_a_bare_description_is_the_subject_described_in_full_before(nlp):
    # from a dev page (spa-discussion-paper-uk-government-views-lfr-2025), rewritten
    text = ("In May 2024 the then Minister for Crime, Policing and Fire wrote to every force to back the cameras. "
            "The Minister said that the vans had “found people no officer could have picked out”.")
    assert speakers(nlp, text) == ["the then Minister for Crime, Policing and Fire"]


def test_a_single_marked_quotation_left_open_after_said_that_runs_to_its_paragraphs_end(nlp):
    # from a dev page (bigbrotherwatch-daily-mail-oxford-circus-36420-scanned-2022), rewritten
    text = ("At a committee hearing, the group's director, Hannah Lowe, said that ‘Here the use of the technology "
            "has run far ahead of the law.\n‘Officers scanned thousands of faces and had a single match, and that "
            "was wrong.’")
    assert spoken(nlp, text) == [("Here the use of", "Hannah Lowe"), ("Officers scanned thousands of", "Hannah Lowe")]


# The seventh round of probes (2026-12-08): descriptions of a person named before, in sentences written here. The
# test half's speaker errors, in aggregate, hold seven descriptions where the gold names the person (dev: one).
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Assistant Chief Constable Dan Ferris led the launch.\nThe ACC said: “This is a proportionate tool.”",
         ["Dan Ferris"]),  # "ACC" tagged a body
        ("Joan Pike, the Wessex PCC, backed the vans.\n“Only criminals need fear it,” the commissioner said.",
         ["Joan Pike"]),  # the initials written out
        ("Detective Superintendent Ravi Sood is the force lead for the project.\n"
         "The force lead said: “We are excited to have it.”", ["Ravi Sood"]),  # said after "is"
        ("Carl Drew, the shadow home secretary, backed the vans.\n“It catches criminals,” the Tory MP said.",
         ["Carl Drew"]),  # the one politician named
        ("Nia Evans, associate director at the Ada Lovelace Institute, spoke.\n"
         "“The law is not fit for purpose,” the Ada Lovelace Institute expert said.", ["Nia Evans"]),
    ],
)
def test_the_seventh_round_of_probes_a_description_for_the_person_named_before(nlp, text, expected):
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Carl Drew, the shadow home secretary, met Rosa Lane, the policing minister.\n"
         "“It catches criminals,” the Tory MP said.", ["the Tory MP"]),  # two politicians: neither is sure
        ("Nia Evans of Wessex Police spoke first.\n“We use it every week,” the Wessex Police spokesperson said.",
         ["the Wessex Police spokesperson"]),  # a body's spokesperson is most often someone else
        ("The BBC said: “The vans were out all week.”", ["BBC"]),
    ],
)
def test_the_seventh_round_of_probes_descriptions_left_as_written(nlp, text, expected):
    assert speakers(nlp, text) == expected


def test_a_post_said_after_is_describes_the_post_not_its_owner(nlp):
    # from a PolNeAR train article, in our words: the campaign's director is no campaign
    text = ("Maria Gonzalez is the Clinton campaign’s national political director.\n"
            "The governor has denied the claims.\n“The state was dealing with the crisis,” Tom Hill, a spokesman for "
            "the governor, told reporters.\n"
            "Last week, the Clinton campaign also said the state should set up a “health monitoring and surveillance "
            "system” to test residents.")
    assert speakers(nlp, text) == ["Tom Hill", "the Clinton campaign"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("According to an interview DS Mary Cole gave to the Wessex Gazette on Friday, “The cameras will look for "
         "people wanted by the courts.”", ["Mary Cole"]),  # the parse hangs "according" on "gave"
        ("According to a letter Wessex Police sent to the council, “the vans will be used at weekends only.”",
         ["Wessex Police"]),  # the clause hung on the noun
        ("According to an interview published on Monday, “The cameras will look for people wanted by the courts.”",
         ["an interview"]),  # no one named gave it
    ],
)
def test_who_gave_a_statement_in_a_clause_right_after_it_speaks_in_it(nlp, text, expected):
    # the twentieth dev batch: "According to an interview DC Kevin Walker gave to Police Oracle, ..."
    assert speakers(nlp, text) == expected



def test_a_passive_introduction_with_no_agent_introduces_no_block_quotation(nlp):
    # the twentieth dev batch: an FOI reply's "Your request ... is answered below:" before the request's own words
    text = ("Your request for information, received on 3 May 2022, is answered below:\n"
            "The request asks about the use of retrospective facial recognition by your force.")
    assert speakers(nlp, text) == []
    assert speakers(nlp, "Chief Constable Jo Hart said:\nThe vans will be out every week in the town centre.") == [
        "Jo Hart"]


def test_a_quoted_infinitive_before_a_noun_is_speech_not_a_label(nlp):
    # the twentieth dev batch: officers standing by "to ensure smooth" entry to the site
    text = ("Supt Ann Cole led the operation. Officers will stand by “to ensure smooth” entry to the ground, she "
            "said.")
    assert spoken(nlp, text) == [("to ensure smooth", "Ann Cole")]
    assert speakers(nlp, "Officers put up a “facial recognition in use” sign by the gate.") == []


def test_a_described_speaker_is_the_person_the_next_paragraph_says_made_the_remark(nlp):
    # the twenty-second dev batch: a committee chair described, then named as the one who "made the remark"
    text = ("The new plan “does nothing to answer the hard questions”, the chair of the council's watch committee has "
            "said.\nGreen councillor Maya Hurst made the remark as the committee set a date to question the force.")
    assert speakers(nlp, text) == ["Maya Hurst"]
    unnamed = ("The new plan “does nothing to answer the hard questions”, the chair of the council's watch committee "
               "has said.\nThe committee will question the force next month.")
    assert speakers(nlp, unnamed) == ["the chair of the council's watch committee"]
    # comments in general are not the words just quoted (a PolNeAR train article, in our words)
    other = ("The new plan “does nothing to answer the hard questions”, the chair of the council's watch committee "
             "has said.\nMaya Hurst has made comments about the plan before.")
    assert speakers(nlp, other) == ["the chair of the council's watch committee"]
