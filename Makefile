# CaseFlow: the front door. `make` prints this help.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app caseflow
STAMP := $(VENV)/.installed
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1
PORT ?= 5000

.DEFAULT_GOAL := help
.PHONY: help install translations doc-deps run test test-pg pg-up check check-lint fmt e2e browser-deps bench bench-deps fuzz fuzz-pg clean

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations ## Create .venv and install CaseFlow with its dev tools

translations: $(STAMP) ## Compile the message catalogs (.po -> .mo)
	$(BIN)/pybabel compile -d caseflow/translations -f

doc-deps: ## Install what documents' PDFs need (WeasyPrint's Pango, the Noto CJK fonts) if missing
	@{ fc-list 2>/dev/null | grep -qi "noto.*cjk" && ldconfig -p | grep -q "libpangoft2-1.0.so.0"; } || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }
	@fc-list | grep -qi "noto.*cjk"

run: install doc-deps ## Migrate (and seed the demo on a new database), then serve on http://127.0.0.1:5000
	@if [ ! -f instance/caseflow.db ] && [ -z "$$CASEFLOW_DATABASE_URL" ]; then \
	  $(FLASK) db upgrade && $(FLASK) seed-demo; \
	else $(FLASK) init-db; fi
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install doc-deps ## Run the whole test suite on SQLite
	$(BIN)/python -m pytest

pg-up: ## Start the local PostgreSQL server if it is down
	@pg_isready -h 127.0.0.1 -p 5432 -q || { \
	  command -v pg_ctlcluster >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432

test-pg: install doc-deps pg-up ## Run the whole test suite on PostgreSQL (throw-away database)
	CASEFLOW_TEST_DATABASE_URL=$${CASEFLOW_TEST_DATABASE_URL:-$(PG_URL)} $(BIN)/python -m pytest

check-lint: install ## Lint (ruff) and import contracts (import-linter) only
	$(BIN)/ruff check caseflow tests bench
	$(BIN)/lint-imports

check: check-lint doc-deps ## Lint, import contracts and the tests (what CI runs)
	$(BIN)/python -m pytest

fmt: install ## Format the code with ruff
	$(BIN)/ruff format caseflow tests bench
	$(BIN)/ruff check --fix caseflow tests bench

browser-deps: ## Install Debian's chromium, CJK fonts, poppler-utils (pdftoppm) and axe-core (npm ci) for the browser tests if missing
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && fc-list | grep -qi "noto.*cjk" || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund

e2e: install browser-deps ## Browser journeys in headless Chromium (screenshots in test-output/e2e)
	$(BIN)/python -m pytest tests/e2e -o addopts="-p no:cacheprovider" -p no:playwright

fuzz: install doc-deps ## Fuzz the API (schemathesis, every check) on a throw-away SQLite demo; FUZZ_EXAMPLES=N
	bash fuzz/run.sh sqlite

fuzz-pg: install doc-deps pg-up ## The same fuzzing on a throw-away PostgreSQL database
	PG_URL=$(PG_URL) bash fuzz/run.sh pg

bench-deps:
	@command -v hey >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey >/dev/null; }

bench: install bench-deps ## Benchmarks at 10k and 100k cases on SQLite (BENCH_DB=... for PostgreSQL)
	$(BIN)/python bench/run.py --cases 10000 $(if $(BENCH_DB),--database-url $(BENCH_DB))
	$(BIN)/python bench/run.py --cases 100000 $(if $(BENCH_DB),--database-url $(BENCH_DB))

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) build *.egg-info
