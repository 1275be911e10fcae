"""The compiled attribute table gives exactly the tokens the model's attribute ruler gives."""

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from lfrwatch.nlp import DEFAULT_MODEL, load_pipeline
from lfrwatch.nlp.attributes import AttributeTable, compile_ruler, replace_attribute_ruler

DATA = Path(__file__).resolve().parents[2] / "data"


def signature(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def eval_texts():
    return [p.read_text(encoding="utf-8") for folder in ("eval", "eval-test") for p in sorted((DATA / folder / "texts").glob("*.txt"))]


@pytest.fixture(scope="module")
def stock_and_compiled():
    stock = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    compiled = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    assert replace_attribute_ruler(compiled)
    return stock, compiled


def test_model_tokens_identical_on_the_evaluation_texts(stock_and_compiled):
    stock, compiled = stock_and_compiled
    texts = eval_texts()
    assert len(texts) >= 50
    # Invented lines that reach the ruler's word-specific and multi-token rules ("ai n't", "nothin'", "'s").
    texts.append("It ai n't over, she's said, and nothin' will change: we are n't going to stop. Whom did you ask?")
    tokens = 0
    for a, b in zip(stock.pipe(texts), compiled.pipe(texts)):
        assert signature(a) == signature(b)
        tokens += len(a)
    assert tokens > 15_000


def test_lfrwatch_pipeline_uses_the_table():
    nlp = load_pipeline()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)


def toy_ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def toy_doc(nlp):
    words = ["They", "ai", "n't", "made", "1,000", "arrests", "nothin'", "else", "."]
    tags = ["PRP", "VBP", "RB", "VBN", "CD", "NNS", "NN", "RB", "."]
    deps = ["nsubj", "aux", "neg", "ROOT", "nummod", "dobj", "npadvmod", "advmod", "punct"]
    heads = [3, 3, 3, 3, 5, 3, 3, 6, 3]
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)


PATTERNS = [
    {"patterns": [[{"TAG": "VBP"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Pres"}},
    {"patterns": [[{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "be"}},
    {"patterns": [[{"LOWER": "ai"}, {"DEP": "neg"}]], "attrs": {"POS": "PART"}, "index": -1},
    {"patterns": [[{"TAG": "VBP", "LOWER": "ai"}]], "attrs": {"POS": "AUX"}},  # later rule wins on POS, keeps MORPH
    {"patterns": [[{"DEP": {"NOT_IN": ["ROOT", "punct"]}, "TAG": "CD"}]], "attrs": {"POS": "NUM"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
]


def test_toy_rules_in_order_with_operators_runs_and_negative_index():
    nlp, ruler = toy_ruler(PATTERNS)
    expected = signature(ruler(toy_doc(nlp)))
    rules = compile_ruler(ruler)
    assert rules is not None
    got = signature(rules.apply(toy_doc(nlp)))
    assert got == expected
    by_word = {t[0]: t for t in got}
    assert by_word["ai"][2:5] == ("AUX", "Tense=Pres", "be")
    assert by_word["n't"][2] == "PART"
    assert by_word["1,000"][2] == "NUM"
    # The table remembers combinations; a second doc gives the same again.
    assert signature(rules.apply(toy_doc(nlp))) == expected


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "ai", "OP": "+"}],
    [{"_": {"claim": True}}],
    [{"LENGTH": {">=": 3}}],
    [{"MORPH": {"IS_SUPERSET": ["Number=Plur"]}}],
])
def test_rules_the_table_cannot_reproduce_keep_the_stock_ruler(pattern):
    nlp, ruler = toy_ruler([{"patterns": [pattern], "attrs": {"POS": "X"}}])
    assert compile_ruler(ruler) is None
    assert replace_attribute_ruler(nlp) is False
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_a_full_table_starts_again_with_the_same_results(monkeypatch):
    from lfrwatch.nlp import attributes

    monkeypatch.setattr(attributes, "MAX_KEYS", 3)
    nlp, ruler = toy_ruler(PATTERNS)
    expected = signature(ruler(toy_doc(nlp)))
    rules = compile_ruler(ruler)
    for _ in range(3):
        assert signature(rules.apply(toy_doc(nlp))) == expected
        assert len(rules._by_key) <= 3
