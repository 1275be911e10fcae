"""One organisation alias table (nlp/lexicon.py), read alike by the NLP and the timeline's claimants."""

import sys

import pytest

from lfrwatch.nlp import lexicon
from lfrwatch.nlp.docutils import canonical_org, known_org
from lfrwatch.timeline import claimants, derived
from lfrwatch.timeline import normalise_org


def test_the_timeline_reads_the_nlp_alias_table():
    assert claimants.ORG_ALIASES is lexicon.ORG_ALIASES


def spellings(alias):
    """Ways an alias is written in a text: as listed, capitalised, after "the", possessive."""
    capitalised = " ".join(word[:1].upper() + word[1:] for word in alias.split())
    return [alias, capitalised, f"the {capitalised}", f"The {capitalised}", f"{capitalised}'s",
            f"the {capitalised}\u2019s", f"  {capitalised},"]


@pytest.mark.parametrize("alias", sorted(lexicon.ORG_ALIASES))
def test_every_alias_names_the_same_organisation_in_the_nlp_and_the_timeline(alias):
    name = lexicon.ORG_ALIASES[alias]
    for written in spellings(alias):
        assert normalise_org(written) == name, written
        assert canonical_org(written) == name, written
        assert known_org(written) == name, written


def test_aliases_are_written_once_lower_case_and_without_the():
    assert all(alias == alias.lower() and alias.strip() == alias for alias in lexicon.ORG_ALIASES)
    assert not [alias for alias in lexicon.ORG_ALIASES if alias.startswith("the ")]  # every reader drops "the"


@pytest.mark.parametrize("written, name", [
    ("GOV.UK", "Home Office"),  # the timeline's reading of the demo's government publisher, now the NLP's too
    ("GMP", "Greater Manchester Police"),
    ("the Labour Party", "Labour"),  # the NLP's reading, now the timeline's too
    ("City Hall", "Greater London Authority"),
])
def test_names_once_known_to_one_stage_only(written, name):
    assert normalise_org(written) == canonical_org(written) == name


def test_the_alias_table_is_part_of_the_derived_tables_code():
    files = {str(path) for path in derived.code_files()}
    assert lexicon.__file__ in files
    timeline_modules = [m for name, m in sys.modules.items() if name.startswith("lfrwatch.timeline")]
    assert len(timeline_modules) >= 9 and all(m.__file__ in files for m in timeline_modules)
