# Shafaf: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= $(or $(SHAFAF_DB),data/published/shafaf.duckdb)
PORT   ?= 8501
DEMO_PACKAGES := data/demo/2026-04 data/demo/2026-10

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format demo bench clean help browser-deps pg-deps nginx-deps

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
	@echo "The static edition of the current snapshot (built once, about a minute and a half on the demo)"
	SHAFAF_DB="$(DB)" $(PY) -m shafaf site --current --if-missing
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

# The proxy tests (tests/browser/test_proxy_browser.py, tests/unit/test_deploy.py) run Debian's nginx.
nginx-deps:
	@if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null; then \
	  echo "Installing Debian's nginx for the proxy tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; \
	fi

# The feedback store's tests start a throwaway PostgreSQL server from Debian's binaries.
pg-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing Debian's postgresql for the feedback store's tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi

# Unit, AppTest and integration tests run on TEST_WORKERS processes (a file stays on one worker, so its
# fixtures are built once); the browser suite runs after them on its own, since each of its servers
# and browsers wants the machine's cores.
TEST_WORKERS ?= 2
test: lint browser-deps pg-deps nginx-deps
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=15 --ignore=tests/browser
	$(PY) -m pytest -q --durations=15 tests/browser

# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--sizes demo,1m --reuse"
bench: $(VENV)/.dev-installed
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
