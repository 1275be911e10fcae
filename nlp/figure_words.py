"""Words ``lfrwatch_figures`` reads that no other component needs: the shared word lists of
:mod:`lfrwatch.nlp.lexicon` extended with the ways real coverage names a metric ("helped catch four
people", "three 'positive IDs'", "seizing 11 firearms"), and the words that mark a number as no claim
about policing or LFR (crime totals, compensation, stolen sums).
"""

from __future__ import annotations

from .lexicon import METRIC_NOUNS, METRIC_VERBS, OTHER_POLICING_NOUNS, PEOPLE_NOUNS

#: Verbs -> metric: lexicon's, with the other ways of saying a person was arrested.
FIGURE_VERBS: dict[str, str] = {
    **METRIC_VERBS,
    **dict.fromkeys(("catch", "caught", "catching", "apprehend", "apprehended", "nab", "nabbed", "collared", "snared"),
                    "arrests"),
}
#: Counted nouns -> metric: lexicon's, with the ways a match is named ("positive IDs", "hits"), a wrong one
#: ("had not produced a single error") and trials of the technology ("committed to ten trials").
FIGURE_NOUNS: dict[str, str] = {
    **METRIC_NOUNS, "ids": "alerts", "hits": "alerts", "trials": "deployments", "pilots": "deployments",
    "error": "false_alerts", "errors": "false_alerts",
}
#: Words that make "trials" court cases rather than runs of the technology.
COURT_WORDS = frozenset({"court", "jury", "criminal", "murder", "clinical", "crown", "separate"})
#: Nouns of a match that count alerts only with a word saying so: "positive identifications".
MATCH_NOUNS = frozenset({"identifications", "ids", "hits", "matches", "identification", "id", "hit", "match",
                         "notifications"})  # "five positive notifications"
MATCH_MODIFIERS = frozenset({"positive", "confirmed", "true", "correct"})
#: Words that say a match was right: "two correct matches", "1,094 correct ones", "173 were genuine".
CORRECT_MODIFIERS = frozenset({"correct", "true", "genuine", "accurate"})
#: People counted one at a time: "One man was arrested", "charges against one individual".
SINGLE_PEOPLE_NOUNS = frozenset(
    {"man", "woman", "boy", "girl", "person", "individual", "suspect", "offender", "teenager", "youth", "child"}
)
#: People counted as identities, as watchlists hold them: "together they held 1,322 identities".
FIGURE_PEOPLE_NOUNS = PEOPLE_NOUNS | SINGLE_PEOPLE_NOUNS | {"identities"}
#: Things police seize, and the vehicles LFR rides in: counted as ``other``.
FIGURE_OTHER_NOUNS = OTHER_POLICING_NOUNS | {
    "firearms", "guns", "knives", "machetes", "blades", "swords", "weapons", "vehicles", "cars", "units", "centres",
    "centers", "mugshots",
    "places",  # where the vans stood, as "sites" and "locations" are: "vans at four places in Portsmouth"
    # one of a thing counted ("one knife was seized", "a single facial recognition van")
    "knife", "firearm", "gun", "weapon", "machete", "vehicle", "device",
    "instances",  # "around 500 instances in which" the force ran searches, as "occasions" are
}
#: Totals that are no claim about policing or LFR: "more than 10,000 violent crimes" (crime totals).
#: Incidents are crime totals too, and the concerts and gigs an event is made of are no deployments of their own.
NOT_COUNTED_NOUNS = frozenset({"crimes", "offences", "offenses", "murders", "homicides", "robberies", "burglaries",
                               "incidents", "gigs", "concerts"})
#: Verbs that make such a total what the police did: "131 crimes have been solved with help from the technology".
SOLVED_VERBS = frozenset({"solved", "solve", "solving", "detected", "cleared"})

#: Things police do to people that count neither an arrest nor an alert: "Officers stopped seven people",
#: "recalling 21 more to prison".
POLICING_ACTS = frozenset(
    {"stopped", "stop", "stopping", "searched", "questioned", "fined", "jailed", "sentenced", "bailed", "recalled",
     "recalling", "recall", "seized", "seizing", "seize", "spoke", "spoken", "engaged",
     # what became of people after arrest, short of a charge: "three have been released under investigation"
     "released", "remanded",
     # or let go another way: "three people were eliminated from inquiries", "two fans were ejected"
     "eliminated", "warned", "advised", "ejected",
     # or found and helped, or questioned: "Two vulnerable people were safeguarded", "traced four people"
     "safeguarded", "located", "traced", "interviewed", "referred"}
)
#: Modal verbs that make what is said of people a possibility, not what became of them: "who could then be detained".
MAY_HAPPEN = frozenset({"could", "might", "may", "would"})
#: Verbs of officers speaking to people: "We also spoke to seven other people" (people checked, ``other``).
SPEAKING_TO_VERBS = frozenset({"spoke", "spoken", "speak", "speaking", "talked", "talk", "talking"})
#: Words that make a sum of money no claim about policing: compensation, fraud, stolen goods, property damage,
#: savings.
NOT_SPENT_WORDS = frozenset(
    {"compensation", "property", "damage", "goods", "stolen", "stole", "conned", "cheated", "defrauded", "fraud",
     "robbed", "theft", "swindled", "scammed", "burglary", "robbery",
     "savings", "saving",  # a sum saved is not one spent: "the savings to society are estimated at £439,668"
     "fine", "fines", "fined", "penalty",  # a sanction on a person: "a £90 fine handed to a man"
     "threshold",  # a line drawn in a policy: "thefts above a £200 threshold"
     # money given to a campaign's legal challenge: "more than £80,000 pledged to the crowdfunder"
     "donations", "donated", "pledged", "crowdfunder", "crowdfunding", "crowdjustice",
     "conning", "stealing", "steal", "defrauding",  # "conning victims out of £20,000"
     "save", "saved",  # savings: "must save £450m over three years"
     "losses", "loss",  # what crime costs: "losses to retail crime of £1.8bn"
     "salary", "salaries", "earns", "earned", "wages", "tickets", "economy",
     "damages", "bail", "reward", "thief", "thieves", "fraudster", "fraudsters"}  # "awarded £20,000 in damages"
)
#: Words for "once", "twice": occasions counted without a noun.
OCCASION_WORDS = {"once": 1, "twice": 2, "thrice": 3}
#: Subjects whose coming and going are deployments: "the vans stop in Croydon at least once a week".
DEPLOYED_THINGS = frozenset(
    {"van", "vans", "camera", "cameras", "technology", "system", "systems", "unit", "units", "lfr", "recognition"}
)
#: Words that make a number of identifications a count of retrospective searches (``other``).
RETROSPECTIVE_WORDS = frozenset({"retrospective", "retrospectively", "rfr"})
#: Adverbs that make a verb of identifying a false one: "wrongly flagged", "mistakenly identified".
FALSE_VERB_ADVERBS = frozenset({"wrongly", "mistakenly", "falsely", "incorrectly", "wrongfully"})
#: Verbs of a count changing, whose subject says what the numbers after "from" and "to" count: "arrests rose to
#: 1,200", "searches went from just 2 in 2020 to 417 in 2023", "searches ... going from 16 in 2023 to 102 in 2024".
CHANGE_VERBS = frozenset(
    {"rose", "risen", "rise", "rises", "fell", "fallen", "increased", "decreased", "grew", "grown", "dropped",
     "climbed", "doubled", "reached", "totalled", "stood", "stands", "averaged", "went", "jumped", "soared",
     "surged", "leapt", "tripled", "going",
     "varied", "ranged"}  # "The number of images on each watchlist varied from 508 to 911"
)
