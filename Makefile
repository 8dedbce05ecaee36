# newsgraph: `make run` briefs and ingests the bundled example, then serves the web UI over it;
# `make test` runs every check.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
EXAMPLE := examples/israel-syria-paris-talks.txt
DB ?= newsgraph.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test lint typecheck pytest bench profile accuracy clean

$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/newsgraph

# Brief the example, store it, then serve the web UI over it (Ctrl-C stops the server).
run: install
	$(BIN)/newsgraph brief $(EXAMPLE) --published 2026-01-05
	$(BIN)/newsgraph ingest examples --published 2026-01-05 --db $(DB)
	$(BIN)/newsgraph articles --db $(DB)
	$(BIN)/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

# BBC politics (417) + PolNeAR (924): ingest vs bare spaCy, Ray 1 and 2 workers, peak RSS.
# BENCH_ARGS=--limit 60 for a quick look.
bench: install
	$(BIN)/python scripts/bench.py ../shared/eval/bbc-politics/politics ../shared/eval/polnear $(BENCH_ARGS)

# The parent process of a 400-article ingest under cProfile: the top 25 entries by
# cumulative time. PROFILE_ARGS="--limit 60 --sort tottime" for another view.
profile: install
	$(BIN)/python scripts/profile_ingest.py ../shared/eval/bbc-politics/politics ../shared/eval/polnear --limit 400 $(PROFILE_ARGS)

# docs/accuracy.md: every eval suite's tables, then the hand-checked resolution write-up.
accuracy: install
	$(BIN)/newsgraph eval all --format markdown > docs/accuracy.md
	cat docs/resolution-check.md >> docs/accuracy.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
