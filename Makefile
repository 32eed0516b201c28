# Shafaf: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= $(or $(SHAFAF_DB),data/published/shafaf.duckdb)
PORT   ?= 8501
DEMO_PACKAGES := data/demo/2026-04 data/demo/2026-10

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format demo bench clean help browser-deps

help:
	@echo "make run    set up .venv, publish the demo data if nothing is published, start the dashboard"
	@echo "make test   set up .venv with dev tools, lint, run every test"
	@echo "make demo   (re)publish the demo packages into a fresh database"
	@echo "make bench  run the benchmarks in bench/ (demo, 1M and 10M metric rows; BENCH_ARGS=... for options)"

$(VENV)/.run-installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (PYTHON=$(PYTHON))")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-installed
	@if [ ! -e "$(DB)" ]; then \
	  echo "No published data at $(DB): publishing the demo packages"; \
	  for p in $(DEMO_PACKAGES); do SHAFAF_DB="$(DB)" $(PY) -m shafaf load "$$p" || exit 1; done; \
	fi
	SHAFAF_DB="$(DB)" $(PY) -m shafaf.serve --server.port $(PORT)

demo: $(VENV)/.run-installed
	@for p in $(DEMO_PACKAGES); do SHAFAF_DB="$(DB)" $(PY) -m shafaf load "$$p" || exit 1; done

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: $(VENV)/.dev-installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	fi

test: lint browser-deps
	$(PY) -m pytest -q

# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--sizes demo,1m --reuse"
bench: $(VENV)/.dev-installed
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
