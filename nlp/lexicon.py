"""Word lists shared by lfrwatch's spaCy components.

Everything here is lower-case unless said otherwise; the components compare
against ``token.lower_``.
"""

from __future__ import annotations

# --- people -----------------------------------------------------------------

# Honorifics and police ranks written before a name. Multi-word ones are listed
# as tuples of lower-case tokens; ``HONORIFIC_TOKENS`` holds the single tokens.
HONORIFIC_PHRASES: tuple[tuple[str, ...], ...] = (
    ("ch", "supt"),
    ("ch", ".", "supt"),
    ("det", "supt"),
    ("det", "insp"),
    ("det", "sgt"),
    ("the", "rt", "hon"),
    ("rt", "hon"),
)
HONORIFIC_TOKENS: frozenset[str] = frozenset(
    {
        "sir", "dame", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor",
        "lord", "lady", "baroness", "baron", "rev", "revd", "canon",
        "dci", "di", "ds", "dc", "dcs", "dsupt", "supt", "sup", "insp", "sgt", "pc", "psc",
        "pcso", "acc", "dac", "ac", "cc", "dcc", "cmdr", "cdr", "det",
        "mr.", "mrs.", "ms.", "dr.", "prof.", "supt.", "insp.", "sgt.",
        "cllr", "councillor", "ch", "rt", "hon", "the rt", "comm",
        # titles of US and military writing: "Sen. Jane Doe", "Gov. John Roe", "Lt. Gen. Jane Doe"
        "sen", "sen.", "rep", "rep.", "gov", "gov.", "gen", "gen.", "lt", "lt.", "col", "col.", "capt", "capt.",
    }
)
# Names of the technology that the entity recogniser takes for organisations ("LFR", "AFR Locate"): never a
# speaker, an employer or a claimant.
TECHNOLOGY_NAMES = frozenset({
    "lfr", "afr", "frt", "rfr", "oifr", "lfrt", "cctv", "anpr", "ai", "afr locate", "neoface", "neoface live",
    "live facial recognition", "facial recognition", "facial recognition technology", "live facial recognition technology",
})
# Letters and titles written after a name: "Jane Doe MP", "John Roe KC".
POST_NOMINALS = frozenset({"mp", "mep", "ms", "msp", "am", "kc", "qc", "obe", "mbe", "cbe", "qpm", "kpm", "mla"})
MALE_HONORIFICS = frozenset({"sir", "mr", "mr.", "lord", "baron"})
FEMALE_HONORIFICS = frozenset({"dame", "mrs", "mrs.", "ms", "ms.", "miss", "lady", "baroness"})
# "Sir Mark" and "Dame Cressida" address a knight by first name.
FIRST_NAME_HONORIFICS = frozenset({"sir", "dame"})

# Head words of a job title. A role phrase must contain one of them.
ROLE_WORDS: frozenset[str] = frozenset(
    {
        "commissioner", "commander", "constable", "superintendent", "inspector",
        "sergeant", "detective", "officer", "officers", "chief", "deputy", "assistant",
        "secretary", "minister", "mp", "mps", "msp", "msps", "mep", "peer", "mayor", "deputy mayor",
        "spokesman", "spokeswoman", "spokesperson", "representative",
        "director", "head", "lead", "leader", "chair", "chairman", "chairwoman",
        "chairperson", "president", "executive", "ceo", "founder", "co-founder",
        "manager", "coordinator", "co-ordinator", "adviser", "advisor", "counsel",
        "researcher", "lawyer", "barrister", "solicitor", "professor", "lecturer",
        "campaigner", "activist", "advocate", "analyst", "fellow", "editor",
        "correspondent", "reporter", "journalist", "member", "councillor",
        "regulator", "ombudsman", "judge", "justice", "chancellor", "governor",
        "leader", "whip", "speaker", "baroness", "lord", "clerk", "scientist",
        "expert", "academic", "author", "partner", "trustee", "organiser",
        "organizer", "investigator", "specialist", "auditor", "controller",
        "registrar", "campaigns", "policy", "pcc", "ac", "dac", "acc", "dcc",
        "sheriff", "official", "officials", "boss", "founder", "worker", "resident",
        "owner", "teacher", "driver", "nurse", "doctor", "student", "shopkeeper",
        "seller", "stallholder", "vendor", "retailer", "publican", "barber", "chef",
        "trader", "volunteer", "pensioner", "engineer", "consultant", "landlord",
        "scientist", "economist", "historian", "priest", "vicar", "imam", "rabbi",
        "businessman", "businesswoman", "entrepreneur", "mother", "father", "parent",
        "grandmother", "grandfather", "shopper", "witness", "victim", "survivor",
        "protester", "organiser", "steward", "guard", "solicitor-general",
        "attorney", "prosecutor", "coroner", "magistrate", "recorder", "peer",
        "commons", "mayor", "deputy", "under-secretary", "whip", "envoy", "tsar",
        "czar", "ambassador", "auditor", "watchdog", "chairs", "cabinet",
    }
)
# Spelled-out police ranks; when a name has only a rank it is also its role.
RANK_ABBREVIATIONS: dict[str, str] = {
    "dci": "Detective Chief Inspector",
    "di": "Detective Inspector",
    "ds": "Detective Sergeant",
    "dc": "Detective Constable",
    "dcs": "Detective Chief Superintendent",
    "dsupt": "Detective Superintendent",
    "supt": "Superintendent",
    "ch supt": "Chief Superintendent",
    "insp": "Inspector",
    "sgt": "Sergeant",
    "pc": "Police Constable",
    "pcso": "Police Community Support Officer",
    "acc": "Assistant Chief Constable",
    "dcc": "Deputy Chief Constable",
    "cc": "Chief Constable",
    "ac": "Assistant Commissioner",
    "dac": "Deputy Assistant Commissioner",
    "cmdr": "Commander",
    "cdr": "Commander",
}

# Organisation names as written -> canonical name: the one alias table of lfrwatch. The NLP names the
# organisations it finds with it (docutils.canonical_org, known_org; attribution's listed names) and the
# timeline credits claims with it (lfrwatch.timeline.claimants.normalise_org). Keys are lower case, with
# straight apostrophes unless noted, and without a leading "the": every reader drops "the" before looking a
# name up ("the Met" -> "met").
ORG_ALIASES: dict[str, str] = {
    # police forces
    "met": "Metropolitan Police",
    "met police": "Metropolitan Police",
    "met police service": "Metropolitan Police",
    "metropolitan police": "Metropolitan Police",
    "metropolitan police service": "Metropolitan Police",
    "mps": "Metropolitan Police",
    "scotland yard": "Metropolitan Police",
    "new scotland yard": "Metropolitan Police",
    "south wales police": "South Wales Police",
    "swp": "South Wales Police",
    "essex police": "Essex Police",
    "city of london police": "City of London Police",
    "greater manchester police": "Greater Manchester Police",
    "gmp": "Greater Manchester Police",
    # government, regulators and policing bodies
    "home office": "Home Office",
    "gov.uk": "Home Office",
    "ico": "Information Commissioner's Office",
    "information commissioner's office": "Information Commissioner's Office",
    "information commissioner": "Information Commissioner's Office",
    "npcc": "National Police Chiefs' Council",
    "national police chiefs' council": "National Police Chiefs' Council",
    "national police chiefs’ council": "National Police Chiefs' Council",  # with a curly apostrophe
    "national police chiefs council": "National Police Chiefs' Council",
    "mopac": "Mayor's Office for Policing and Crime",
    "mayor's office for policing and crime": "Mayor's Office for Policing and Crime",
    "city hall": "Greater London Authority",
    "greater london authority": "Greater London Authority",
    "college of policing": "College of Policing",
    "ipco": "Investigatory Powers Commissioner's Office",
    "apcc": "Association of Police and Crime Commissioners",
    "association of police and crime commissioners": "Association of Police and Crime Commissioners",
    "spa": "Scottish Police Authority",
    "scottish police authority": "Scottish Police Authority",
    "ehrc": "Equality and Human Rights Commission",
    "equality and human rights commission": "Equality and Human Rights Commission",
    "police federation": "Police Federation of England and Wales",
    "police federation of england and wales": "Police Federation of England and Wales",
    "npl": "National Physical Laboratory",
    "national physical laboratory": "National Physical Laboratory",
    "biometrics and surveillance camera commissioner": "Biometrics and Surveillance Camera Commissioner",
    "scottish biometrics commissioner": "Scottish Biometrics Commissioner",
    "ada lovelace institute": "Ada Lovelace Institute",
    "open rights group": "Open Rights Group",
    "privacy international": "Privacy International",
    # campaign groups
    "liberty": "Liberty",
    "big brother watch": "Big Brother Watch", "bbw": "Big Brother Watch",
    "amnesty": "Amnesty International",
    "amnesty international": "Amnesty International",
    # political parties (POLITICAL_PARTIES below)
    "labour": "Labour",
    "labour party": "Labour",
    "conservative": "Conservative Party",
    "conservatives": "Conservative Party",
    "conservative party": "Conservative Party",
    "tory": "Conservative Party",
    "tories": "Conservative Party",
    "lib dem": "Liberal Democrats",
    "lib dems": "Liberal Democrats",
    "liberal democrat": "Liberal Democrats",
    "liberal democrats": "Liberal Democrats",
    "green": "Green Party",
    "green party": "Green Party",
    "reform uk": "Reform UK",
    "snp": "SNP",
    "plaid cymru": "Plaid Cymru",
}

# The territorial forces of England and Wales by their areas (the Home Office's list of forces, 2026), each
# written with "Police", "Police Service" or "Constabulary" ("North Wales Police", "Durham Constabulary"), and the
# forces of Scotland and Northern Ireland and the British Transport Police: the NLP knows a force the recogniser
# missed ("Last week North Wales Police had confirmed"). A force keeps the name the text gives it.
FORCE_AREAS = (
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "Cleveland", "Cumbria", "Derbyshire",
    "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex", "Gloucestershire", "Greater Manchester",
    "Gwent", "Hampshire", "Hampshire and Isle of Wight", "Hertfordshire", "Humberside", "Kent", "Lancashire",
    "Leicestershire", "Lincolnshire", "Merseyside", "Norfolk", "North Wales", "North Yorkshire", "Northamptonshire",
    "Northumbria", "Nottinghamshire", "South Wales", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey",
    "Sussex", "Thames Valley", "Warwickshire", "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
)
for _area in FORCE_AREAS:
    ORG_ALIASES.setdefault(f"{_area.lower()} police", f"{_area} Police")
    ORG_ALIASES.setdefault(f"{_area.lower()} police service", f"{_area} Police")
    ORG_ALIASES.setdefault(f"{_area.lower()} constabulary", f"{_area} Constabulary")
ORG_ALIASES.update({
    "police scotland": "Police Scotland", "police service of scotland": "Police Scotland",
    "police service of northern ireland": "Police Service of Northern Ireland",
    "psni": "Police Service of Northern Ireland", "british transport police": "British Transport Police",
    "btp": "British Transport Police",
})
POLITICAL_PARTIES = frozenset(
    {"Labour", "Conservative Party", "Liberal Democrats", "Green Party", "Reform UK", "SNP", "Plaid Cymru"}
)
# Words that make an ORG entity (or a noun phrase) a police organisation.
POLICE_ORG_WORDS = frozenset({"police", "constabulary", "met", "yard", "mps", "psni", "force"})
# Noun phrases that refer back to an organisation already named.
ORG_ANAPHORS = frozenset({"force", "police", "service", "department", "organisation", "organization", "group", "charity", "met"})

# --- quotes -----------------------------------------------------------------

def verb_forms(base: str, past: str | None = None, ing: str | None = None) -> frozenset[str]:
    """A regular English verb's four forms, spelled from its base: "note" gives
    notes, noted, noting; "reply" gives replies, replied, replying. Irregular or
    doubled forms are given: ``verb_forms("admit", "admitted", "admitting")``."""
    after_consonant = base[-2:-1] not in "aeiou"
    if base.endswith(("s", "sh", "ch", "x", "z")) or (base.endswith("o") and after_consonant):
        third = base + "es"
    elif base.endswith("y") and after_consonant:
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if past is None:
        if base.endswith("e"):
            past = base + "d"
        elif base.endswith("y") and after_consonant:
            past = base[:-1] + "ied"
        else:
            past = base + "ed"
    if ing is None:
        ing = base[:-1] + "ing" if base.endswith("e") and not base.endswith("ee") else base + "ing"
    return frozenset({base, third, past, ing})


# Reporting verbs of a belief rather than of words: a quotation hanging from one inside what someone said is the
# sayer's ("Jane Doe said most voters have come to believe ...").
THINKING_VERBS = verb_forms("believe") | verb_forms("think", "thought")
# Verbs that attribute speech or a written statement to their subject, in every
# form (the lemmatizer is excluded for speed). The list grew from the cues
# PolNeAR's annotators marked for direct quotes in its train split (US news;
# scripts/eval_polnear.py) besides the verbs of UK police and press writing.
REPORTING_VERBS: frozenset[str] = frozenset().union(
    *(verb_forms(base) for base in (
        "add", "warn", "claim", "state", "explain", "insist", "argue", "describe", "call", "urge",
        "stress", "note", "acknowledge", "suggest", "tweet", "post", "announce", "confirm",
        "reveal", "vow", "pledge", "promise", "ask", "criticise", "criticize", "welcome", "respond", "reply",
        "hail", "praise", "condemn", "report", "estimate", "predict", "caution", "concede", "maintain",
        "contend", "declare", "demand", "defend", "accept", "agree", "comment", "continue", "assure",
        "reassure", "point", "boast", "conclude", "emphasise", "emphasize", "highlight", "rule",
        "recall", "joke", "remark", "complain", "answer", "exclaim", "scoff", "retort", "counter", "lament",
        "mock", "observe", "recount", "assert", "allege", "testify", "muse", "plead", "yell", "scream",
        "mutter", "whisper", "shout", "chant", "blast", "accuse", "email", "proclaim", "deride", "tout",
        "lambast", "lambaste", "protest", "recommend", "reiterate", "summarise", "summarize",
        "interject", "echo", "disagree", "brand", "affirm", "exhort", "retaliate", "surmise",
        # the manner of speaking: "“Go back to Univision,” Trump barked", "he outlined the practices in place"
        "bark", "boom", "outline", "fume", "chime", "snipe", "thunder", "bellow", "gush", "rant", "grumble", "sneer",
    )),
    verb_forms("snap", "snapped", "snapping"),
    THINKING_VERBS, verb_forms("say", "said"), verb_forms("tell", "told"),
    verb_forms("write", "wrote", "writing"), {"written"},
    verb_forms("admit", "admitted", "admitting"), verb_forms("dub", "dubbed", "dubbing"),
    verb_forms("label", "labelled", "labelling"), {"labeled", "labeling"},
    verb_forms("quip", "quipped", "quipping"),
    {"read", "reads", "according"},
)
# Reporting verbs that are also ordinary policing verbs; they attribute speech
# only when a quotation or a clause follows (checked by the caller).
WEAK_REPORTING_VERBS = frozenset({"read", "reads"}).union(*(verb_forms(base) for base in (
    "caution", "report", "continue", "post", "accept", "point", "accuse", "allege", "answer", "counter",
    "recall", "protest", "chant", "recommend",
)))

PRONOUNS_MALE = frozenset({"he", "him", "his"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their"})

# --- figures ----------------------------------------------------------------

WORD_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1, "half": 0.5,
}
SCALE_WORDS: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
    "k": 1_000, "b": 1_000_000_000,
}
# Vague magnitudes: "hundreds of arrests" -> 100, qualifier "hundreds".
VAGUE_NUMBERS: dict[str, int] = {
    "dozens": 12, "dozen": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000, "tens": 10,
}
CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}
CURRENCY_WORDS = {"pounds": "GBP", "pound": "GBP", "sterling": "GBP", "dollars": "USD", "euros": "EUR"}

# Qualifiers written before a number, longest first when matched.
QUALIFIERS: tuple[str, ...] = (
    "more than", "up to", "over", "almost", "at least", "nearly", "around", "about",
    "approximately", "roughly", "some", "fewer than", "less than", "under",
    "just over", "just under", "well over", "as many as", "in excess of", "upwards of",
    "close to", "an estimated", "estimated", "only", "just", "at most", "circa",
    "c.", "over a", "more than a", "nearly a", "almost a", "a further", "another",
    "a total of", "totalling", "in total", "exactly",
    "an average of", "on average", "a maximum of", "a peak of",
)

# Counted nouns -> metric. Matched on the lower-case token.
METRIC_NOUNS: dict[str, str] = {
    "arrest": "arrests", "arrests": "arrests",
    "charge": "charges_or_cautions", "charges": "charges_or_cautions",
    "caution": "charges_or_cautions", "cautions": "charges_or_cautions",
    "summons": "charges_or_cautions", "summonses": "charges_or_cautions",  # "issued with a summons" to court
    "deployment": "deployments", "deployments": "deployments",
    "operation": "deployments", "operations": "deployments",
    "face": "faces_scanned", "faces": "faces_scanned", "scans": "faces_scanned",
    "scan": "faces_scanned", "biometrics": "faces_scanned",
    "alert": "alerts", "alerts": "alerts", "matches": "alerts",
    "misidentification": "false_alerts", "misidentifications": "false_alerts",
    "misidentifications.": "false_alerts",
    "watchlist": "watchlist_size", "watchlists": "watchlist_size",
    "officer": "officers", "officers": "officers", "constables": "officers",
    "detectives": "officers", "pcs": "officers", "cops": "officers", "bobbies": "officers",
    "specials": "officers",
    "staff": "staff", "employees": "staff", "staffers": "staff", "pcsos": "staff",
    "workers": "staff", "posts": "staff", "jobs": "staff", "roles": "staff",
    "pounds": "money", "pound": "money",
    "positives": "false_alerts",
}
# Counted nouns about policing that have no metric of their own.
OTHER_POLICING_NOUNS: frozenset[str] = frozenset(
    {
        "camera", "cameras", "van", "vans", "crimes", "offences", "offenses",
        "offenders", "suspects", "forces", "stops", "searches", "complaints",
        "images", "photos", "photographs", "custody", "convictions", "prosecutions",
        "wanted", "criminals", "sex", "investigations", "trials",
        "systems", "algorithms", "requests", "interventions", "engagements", "identifications",
        "positives", "negatives", "fines", "sites", "locations", "warrants",
        "boroughs", "patrols", "raids", "operations",
        # what fixed cameras are mounted on: "cameras mounted on 15 poles"
        "poles", "columns", "lampposts", "masts",
        # a consultation's count: "received more than 4,000 responses"
        "responses", "respondents", "submissions",
        # kit counted: "some 100 handheld facial recognition devices"
        "devices",
        # shops with retail facial recognition: "a trial in 18 of its food stores", "four more branches"
        "stores", "branches",
        # people checked for their conditions: "made 12 checks on people under sexual prevention orders"; "carried out
        # 311 stop and searches", the count's noun parsed as "stop"
        "checks", "stop",
    }
)
# Nouns for people whose metric comes from the verb ("arrested 40 people").
PEOPLE_NOUNS: frozenset[str] = frozenset(
    {
        "people", "persons", "person", "individuals", "individual", "suspects",
        "offenders", "men", "women", "boys", "girls", "children", "criminals",
        "members", "citizens", "passers-by", "passers", "passersby", "pedestrians", "shoppers", "visitors",
        "fans", "protesters", "attendees", "revellers", "drivers", "youths",
        "teenagers", "others", "fugitives",
        # offenders by their offence, as the press counts them: "Three shoplifters were detained"
        "shoplifters", "thieves", "burglars", "robbers", "rapists", "paedophiles", "predators", "fraudsters",
        "crooks", "thugs", "muggers", "abusers", "stalkers", "dealers", "attackers", "killers", "murderers",
    }
)
# Nouns counting occasions: "deployed 180 times", "on 22 occasions".
TIMES_NOUNS = frozenset({"times", "occasions"})
# Events a technology is deployed at: "deployed at four protests" (not the places it stood at, counted as
# other, nor the gigs or concerts an event is made of: see lfrwatch.nlp.figure_words).
EVENT_NOUNS = frozenset(
    {
        "occasions", "events", "protests", "demonstrations", "marches", "matches", "fixtures",
        "games", "festivals", "carnivals",
    }
)
# Pictures on a watchlist unless a verb says they were scanned.
IMAGE_NOUNS = frozenset({"images", "photos", "photographs", "pictures", "mugshots", "headshots", "custody images", "names", "entries", "records"})
# Verbs of a deployment for "N times" / "N occasions".
DEPLOY_VERBS = frozenset(
    {"deploy", "deploys", "deployed", "deploying", "use", "used", "uses", "using", "roll", "rolled", "operate",
     "operated", "run", "ran", "switched", "turned", "put", "sent", "out",
     "send", "sends", "sending", "take", "takes", "taking", "took"}
)
# Verbs whose subject is a watchlist when it holds N people or images.
CONTAIN_VERBS = frozenset(
    {"contain", "contains", "contained", "containing", "include", "includes", "included", "hold", "holds", "held",
     "have", "has", "had", "feature", "features", "featured", "featuring",
     "comprise", "comprises", "comprised", "ranged", "range",
     "ranges", "limited", "capped", "grew", "grow", "grown", "averaged", "average", "averages", "number", "numbered",
     "reached", "rose", "fell", "totalled", "list", "listed", "lists", "be", "is", "are", "was", "were", "been"}
)
# Abbreviated titles and the word a later description uses: "Sen. Jane Doe" is "the senator".
TITLE_WORDS: dict[str, str] = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "capt": "captain", "supt": "superintendent", "insp": "inspector", "det": "detective",
    "sgt": "sergeant", "cllr": "councillor", "pres": "president", "atty": "attorney",
}
# Marks that open the lines of a bulleted list or fact box: "• Seven people were arrested", "- Arrests: 7".
BULLET_MARKS = frozenset({"•", "·", "▪", "●", "◦", "‣", "∙", "*", "-", "–", "—"})
# Initials of police and policing posts, written out: "the commissioner" after "Matthew Barber, the Thames Valley
# PCC"; "the ACC" after "Assistant Chief Constable Andy Pritchard" (the initials of a role written in full are found
# from its words).
ROLE_INITIALS: dict[str, str] = {
    "pcc": "police and crime commissioner", "pfcc": "police fire and crime commissioner",
    "acc": "assistant chief constable", "dcc": "deputy chief constable", "cc": "chief constable",
    "dac": "deputy assistant commissioner", "ac": "assistant commissioner", "dcs": "detective chief superintendent",
    "dci": "detective chief inspector", "di": "detective inspector", "ds": "detective sergeant",
    "pc": "police constable", "dc": "detective constable",
}
# Common first names that nearly always name a man or a woman (names used for both are left out), for "he
# said" after "Jane Doe and John Roe" when the text gives neither a title nor a pronoun of their own.
FIRST_NAMES_MALE = frozenset("""
aaron adam adrian alan albert alexander alfred andrew anthony antonin arthur barack barry ben benjamin bernard
bernie bill bob bobby brad bradley brandon brian bruce bryan carl carlos charles charlie chris christopher chuck
colin corey craig dan daniel darren dave david dennis derek dick donald doug douglas duncan ed eddie edward eric
frank fred gary gavin george gerald glenn gordon graham greg gregory harold harry henry hugh ian jack jacob jake
james jason jeb jeff jeffrey jeremy jerry jim jimmy joe joel john johnny jonathan joseph josh joshua juan keith
ken kenneth kevin larry lawrence lee luke marco mark martin matt matthew michael mike mitch mitt muhammad nathan
neil newt nicholas nick nigel oliver patrick paul peter philip phil ralph ray raymond reince richard rick robert
roger ronald roy rudy russell ryan scott sean simon stephen steve steven stuart ted terence thomas tim timothy
todd tom tony vladimir walter wayne william
""".split())
FIRST_NAMES_FEMALE = frozenset("""
abigail alice alison amanda amy andrea angela ann anna anne barbara betsy betty carly carol caroline catherine
charlotte cheryl christina christine claire clare cressida debbie deborah denise diana diane donna dorothy eleanor
elizabeth ellen emily emma evelyn fiona hannah heather helen hillary holly huma irene ivanka jane janet jennifer
jessica jill joan joanna joyce judith judy julia julie karen kate katherine kathleen kathy kelly kellyanne laura
lauren linda lisa loretta louise lucy margaret maria marie martha mary megan melania melanie melissa michelle
nancy natalie nicola nicole olivia pamela patricia priti rachel rebecca rosa ruth sally samantha sandra sarah
sharon shirley sophie stephanie susan suzanne theresa tina valerie victoria virginia wendy yvette
""".split())

# Words after "N times" that make it a multiplier ("three times the number").
MULTIPLIER_FOLLOWERS = frozenset({"the", "as", "more", "higher", "larger", "bigger", "greater", "faster", "lower", "fewer", "less", "over"})
# Words before a number that refer back to figures already given.
ANAPHORIC_DETERMINERS = frozenset({"those", "these", "such"})
# Nouns of people who speak, with the gender they imply (None: either).
HUMAN_NOUNS: dict[str, str | None] = {
    "man": "male", "woman": "female", "boy": "male", "girl": "female", "mother": "female", "father": "male",
    "spokesman": "male", "spokeswoman": "female", "spokesperson": None, "resident": None, "shopper": None,
    "shopkeeper": None, "officer": None, "source": None, "campaigner": None, "minister": None, "secretary": None,
    "commissioner": None, "teacher": None, "driver": None, "owner": None, "worker": None, "student": None,
    "victim": None, "witness": None, "member": None, "lawyer": None, "chief": None, "trader": None,
    "pensioner": None, "volunteer": None, "councillor": None, "mp": None, "spokespeople": None, "director": None,
    "head": None, "leader": None, "official": None, "superintendent": None, "inspector": None, "constable": None,
}

# Verb (lower-case, inflected) -> metric for people nouns and "N times".
METRIC_VERBS: dict[str, str] = {}
for _metric, _forms in {
    "arrests": ("arrest", "arrests", "arrested", "arresting", "detain", "detained", "detaining", "held"),
    "charges_or_cautions": ("charge", "charged", "charging", "caution", "cautioned", "cautioning", "prosecute", "prosecuted", "summonsed", "summoned", "convicted"),
    "faces_scanned": ("scan", "scans", "scanned", "scanning", "capture", "captured", "captures", "photographed", "filmed", "processed", "checked", "analysed", "analyzed", "compared"),
    "deployments": ("deploy", "deploys", "deployed", "deploying", "use", "used", "uses", "using", "rolled", "switched", "operated", "run", "ran"),
    "alerts": ("flag", "flagged", "flags", "alerted", "identified", "identify", "identifies", "matched", "spotted",
               "detected", "triggered", "picked", "pick"),
    "false_alerts": ("misidentified", "misidentify", "misidentifies", "wrongly", "mistakenly", "falsely", "incorrectly",
                     "misidentifying", "mistook", "mismatched"),
}.items():
    for _form in _forms:
        METRIC_VERBS[_form] = _metric
# Modifiers that turn alerts/matches into false alerts.
FALSE_MODIFIERS = frozenset({"false", "wrong", "incorrect", "mistaken", "erroneous", "inaccurate", "misidentified", "wrongful"})
# Verbs of moving people between teams: such officer numbers are internal
# reshuffles, not claims about capacity.
RESHUFFLE_VERBS = frozenset(
    {
        "move", "moves", "moved", "moving", "reassign", "reassigned", "reassigning",
        "transfer", "transferred", "transferring", "relocate", "relocated", "relocating",
        "redeploy", "redeployed", "redeploying", "switch", "switching", "shift",
        "shifted", "shifting", "seconded", "reallocated", "reallocate", "reshuffled",
    }
)

# Words that mark a rate period after a figure: "per week", "a day".
RATE_WORDS = frozenset({"per", "a", "an", "each", "every"})
TIME_UNITS = frozenset(
    {"day", "week", "weekend", "fortnight", "month", "year", "quarter", "hour", "minute", "deployment", "shift", "annum", "night"}
)

# Nouns for something said or written, whose speaker is its author: "a statement said".
STATEMENT_NOUNS = frozenset({"statement", "statements", "release", "report", "letter", "response", "answer",
                             "announcement", "post", "tweet", "notice", "blog", "update", "email", "memo",
                             "article", "book", "piece", "complaint", "poll", "survey", "study", "editorial",
                             "message", "analysis", "submission", "motion", "interview"})
# Nouns for a set of figures, whose source is an organisation: "figures show".
DATA_NOUNS = frozenset({"figures", "data", "statistics", "stats", "numbers", "documents", "records", "papers"})
# Posts a text names when someone holds them: "the superintendent" is not the one person named just before
# unless the text gave them that role.
OFFICIAL_ROLE_WORDS = frozenset({
    "commissioner", "constable", "superintendent", "inspector", "sergeant", "officer", "chief", "detective",
    "commander", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "mp", "councillor",
    "director", "mayor", "judge", "pcc", "chair", "chairman", "chairwoman", "leader", "head",
    "governor", "senator", "president", "congressman", "congresswoman", "representative", "ambassador",
    "nominee", "candidate", "attorney", "general", "premier", "chancellor",
})
# Words a force is called by once named, kept as written in a quotation's speaker: "the force said".
POLICE_ANAPHORS = frozenset({"force", "police", "met", "constabulary", "service"})
