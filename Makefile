# lfrwatch: `make demo` sets everything up and runs the offline demo;
# `make test` sets everything up and runs the tests (what .ci/run calls).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lfrwatch-installed

.PHONY: setup demo test bench eval eval-real eval-polnear lock clean schema-docs

setup: $(STAMP)

# The whole dependency tree is pinned with sha256 hashes in requirements.lock
# (spaCy's model included); lfrwatch itself is installed editable on top.
# --no-deps: the lock is the complete tree, so pip installs exactly it and
# resolves nothing (the venv's own pip, 23.2, refuses a dependency with extras
# such as justext's lxml[html_clean] in hash mode once a newer lxml is
# published); `pip check` then proves the tree is consistent.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "lfrwatch needs Python 3.11 (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip check
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: setup
	$(BIN)/lfrwatch demo

# Two pytest-xdist workers: the suite on both of a 2-core machine's cores (each test is independent: its own
# loopback servers on ports the system picks, its own tmp_path).
test: setup
	bash scripts/install-test-deps.sh
	$(BIN)/python -m pytest -q -n 2

# Every benchmark at the quick size (under 10 minutes on 2 quiet cores); bench-full: the full size.
# Figures and what they mean: benchmarks/RESULTS.md.
bench: setup
	$(BIN)/python -m benchmarks --size quick

.PHONY: bench-full
bench-full: setup
	$(BIN)/python -m benchmarks --size full

# NLP scores: the reference article, the development set, and the held-out test set
# (data/eval-test: never used to tune the rules; see its README).
eval: setup
	$(BIN)/lfrwatch eval ../shared/eval/dev/gold.jsonl ../shared/eval/dev
	$(BIN)/lfrwatch eval data/eval/gold.jsonl data/eval/texts
	@if [ -f data/eval-test/gold.jsonl ]; then $(BIN)/lfrwatch eval data/eval-test/gold.jsonl data/eval-test/texts; fi
	$(BIN)/lfrwatch eval data/eval-real/dev/gold.jsonl data/eval-real/dev/texts
	$(BIN)/lfrwatch eval data/eval-real/test/gold.jsonl data/eval-real/test/texts

# Real LFR coverage, rewritten and annotated (data/eval-real): the dev half, then the test half,
# which is scored only to report (see data/eval-real/README.md).
eval-real: setup
	$(BIN)/lfrwatch eval data/eval-real/dev/gold.jsonl data/eval-real/dev/texts
	$(BIN)/lfrwatch eval data/eval-real/test/gold.jsonl data/eval-real/test/texts

# Direct-quote speakers on PolNeAR's test split, lfrwatch beside textacy's direct_quotations.
# Not part of CI; needs a checkout of networkdynamics/PolNeAR:  make eval-polnear POLNEAR=/path/to/PolNeAR
# textacy goes into its own virtualenv ($(VENV)/textacy), which reuses this one's spaCy and model through a
# .pth file; if it cannot be installed, lfrwatch is scored alone.
TEXTACY_VENV ?= $(VENV)/textacy
eval-polnear: setup
	@test -n "$(POLNEAR)" || { echo "usage: make eval-polnear POLNEAR=/path/to/PolNeAR" >&2; exit 2; }
	@if [ ! -f $(TEXTACY_VENV)/.installed ]; then \
	  $(BIN)/python -m venv $(TEXTACY_VENV) \
	  && $(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
	     > "$$($(TEXTACY_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/lfrwatch-venv.pth" \
	  && $(TEXTACY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check textacy==0.13.0 \
	  && touch $(TEXTACY_VENV)/.installed \
	  || echo "textacy could not be installed: scoring lfrwatch alone" >&2; \
	fi
	$(BIN)/python scripts/eval_polnear.py --polnear "$(POLNEAR)" \
	  $$(if [ -f $(TEXTACY_VENV)/.installed ]; then echo --textacy-python $(TEXTACY_VENV)/bin/python; fi)

# docs/schema.md is generated from the real schema (tests/store/test_schema_docs.py checks it).
schema-docs: setup
	$(BIN)/lfrwatch schema --format markdown --db :memory: > docs/schema.md

# Re-pin after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --extra test --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

# The record parser on real record files kept outside the project (never in CI; docs/records.md):
#   make real-check REAL=/path/to/met-records
.PHONY: real-check
real-check: setup
	@test -n "$(REAL)" || { echo "usage: make real-check REAL=<folder of real record PDFs>" >&2; exit 2; }
	$(BIN)/python -m lfrwatch.records.real_check "$(REAL)"

# The source spiders on real copies of the sites' pages and feeds kept outside the project (never in CI;
# docs/sources.md): title, date, paragraphs read against the article's, stray lines, links followed.
#   make real-check-sources REAL=/path/to/real/sources
.PHONY: real-check-sources
real-check-sources: setup
	@test -n "$(REAL)" || { echo "usage: make real-check-sources REAL=<one sub-folder per source>" >&2; exit 2; }
	$(BIN)/python scripts/real_check_sources.py "$(REAL)"
