"""The model's attribute ruler, compiled into a lookup table: same tokens out, a tenth of the time.

en_core_web_sm's ``attribute_ruler`` maps each token's fine tag (and a few
words and dependency labels) to its coarse POS and morphology with 179 Matcher
patterns. Run as a Matcher, it costs about as much as the parser (~14 ms a
560-word article, 15% of the pipeline). Its patterns are all single tokens or
short runs of tokens tested for equality on a handful of attributes, so the
outcome for a token depends only on those attributes, and the rules that apply
to a given combination can be worked out once and remembered.

``lfrwatch_attribute_table`` does exactly that and applies the result with
spaCy's own ``set_token_attrs``, in the ruler's order (later rules win), so the
tokens come out identical (``tests/nlp/test_nlp_attributes.py`` compares every
token's tag, POS, morphology, lemma and dependency with the stock ruler's).
:func:`compile_ruler` returns None for a ruler it cannot compile exactly
(operators, extension attributes, attributes outside the table's key); the
stock ruler is then kept, so another model still gets correct annotations.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

# Matcher attributes the table can test: each maps to a token attribute whose
# value is part of the table's key.
_TOKEN_ATTRIBUTE = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space",
                    "ORTH": "text", "TEXT": "text", "POS": "pos_"}
MAX_KEYS = 50_000  # ~10 MB a process; common words come back at once after a clear


class CompiledRules:
    """An attribute ruler's patterns, attributes and indices as plain data."""

    def __init__(self, patterns: list[tuple[int, list[list[tuple[str, str, Any]]], int]], attrs: list[dict], key_names: list[str]):
        self.patterns = patterns  # (rule number, token specs, index), in the ruler's order
        self.attrs = attrs  # the ruler's normalised attributes per rule number
        self.key_names = key_names  # token attributes the specs read, in key order
        self._position = {name: i for i, name in enumerate(key_names)}
        self.single = [(rule, specs[0]) for rule, specs, _index in patterns if len(specs) == 1]
        self.runs = [(rule, specs, index) for rule, specs, index in patterns if len(specs) > 1]
        self._by_key: dict[tuple, tuple[tuple[int, ...], tuple[int, ...], dict | None]] = {}
        self._outcomes: dict[tuple, tuple[tuple[int, ...], tuple[int, ...], dict | None]] = {}

    def key(self, token: Token) -> tuple:
        return tuple(getattr(token, name) for name in self.key_names)

    def _spec_matches(self, spec: list[tuple[str, str, Any]], key: tuple) -> bool:
        for name, operator, value in spec:
            found = key[self._position[name]]
            if operator == "==":
                if found != value:
                    return False
            elif operator == "IN":
                if found not in value:
                    return False
            elif operator == "NOT_IN":
                if found in value:
                    return False
            elif not value.search(found):  # REGEX, searched as the Matcher does
                return False
        return True

    def lookup(self, key: tuple) -> tuple[tuple[int, ...], tuple[int, ...], dict | None]:
        """For a token's key: the single-token rules that apply, the runs that may start here, and their merged attributes."""
        found = self._by_key.get(key)
        if found is None:
            rules = tuple(rule for rule, spec in self.single if self._spec_matches(spec, key))
            starts = tuple(n for n, (_rule, specs, _index) in enumerate(self.runs) if self._spec_matches(specs[0], key))
            # Few distinct outcomes (hundreds) for many keys: each is made once and shared.
            found = self._outcomes.get((rules, starts))
            if found is None:
                found = self._outcomes[(rules, starts)] = (rules, starts, _merge(self.attrs, rules))
            if len(self._by_key) >= MAX_KEYS:  # keys include the word: bound the table's memory on a long run
                self._by_key.clear()
            self._by_key[key] = found
        return found

    def apply(self, doc: Doc) -> Doc:
        keys = [self.key(token) for token in doc]
        found = [self.lookup(key) for key in keys]
        extra: dict[int, list[int]] = {}  # token -> rules matched by runs of tokens
        for start, (_rules, starts, _merged) in enumerate(found):
            for n in starts:
                rule, specs, index = self.runs[n]
                end = start + len(specs)
                if end <= len(doc) and all(self._spec_matches(spec, keys[start + i]) for i, spec in enumerate(specs[1:], 1)):
                    target = start + index if index >= 0 else end + index
                    if start <= target < end:
                        extra.setdefault(target, []).append(rule)
        # Every match is found before any is applied, as the Matcher does.
        for i, (rules, _starts, merged) in enumerate(found):
            if i in extra:
                merged = _merge(self.attrs, sorted(set(rules) | set(extra[i])))
            if merged:
                set_token_attrs(doc[i], merged)
        return doc


def _merge(attrs: list[dict], rules: Iterable[int]) -> dict | None:
    """The rules' attributes folded in order, a later rule's value replacing an earlier one's."""
    merged: dict = {}
    for rule in rules:
        merged.update(attrs[rule])
    return merged or None


def _compile_spec(spec: dict[str, Any]) -> list[tuple[str, str, Any]] | None:
    """One token's Matcher spec as (token attribute, operator, value) tests; None if the table cannot test it."""
    tests = []
    for name, value in spec.items():
        attribute = _TOKEN_ATTRIBUTE.get(str(name).upper())
        if attribute is None:
            return None  # "OP" quantifiers, extension attributes, attributes outside the key
        if isinstance(value, dict):
            if len(value) != 1:
                return None
            (operator, argument), = value.items()
            if operator in ("IN", "NOT_IN") and isinstance(argument, list) and attribute != "is_space":
                tests.append((attribute, operator, frozenset(map(str, argument))))
            elif operator == "REGEX" and isinstance(argument, str) and attribute != "is_space":
                tests.append((attribute, operator, re.compile(argument)))
            else:
                return None
        elif isinstance(value, (str, bool)) and isinstance(value, bool) == (attribute == "is_space"):
            tests.append((attribute, "==", value))
        else:
            return None
    return tests


def compile_ruler(ruler: AttributeRuler) -> CompiledRules | None:
    """``ruler``'s rules as a table, or None when a pattern uses something the table cannot reproduce exactly."""
    patterns = []
    names: set[str] = set()
    for rule, entry in enumerate(ruler.patterns):
        if any(not isinstance(key, int) for key in ruler.attrs[rule]):  # "_": extension attributes
            return None
        for specs in entry["patterns"]:
            compiled = [_compile_spec(spec) for spec in specs]
            if not compiled or any(tests is None for tests in compiled):
                return None
            names.update(name for tests in compiled for name, _operator, _value in tests)
            patterns.append((rule, compiled, ruler.indices[rule]))
    return CompiledRules(patterns, list(ruler.attrs), sorted(names))


class AttributeTable:
    """Pipeline component applying :class:`CompiledRules` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: CompiledRules | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(f"{self.name}: no rules; build it with replace_attribute_ruler()")
        return self.rules.apply(doc)


@Language.factory("lfrwatch_attribute_table", assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp, name)


def replace_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap the model's attribute ruler for its compiled table, in place; False (nothing changed) when it cannot be compiled."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    rules = compile_ruler(ruler)
    if rules is None:
        return False
    table = nlp.replace_pipe(name, "lfrwatch_attribute_table")
    table.rules = rules
    return True
