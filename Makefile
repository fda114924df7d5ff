# doingoai: `make run` (set up everything and serve on http://127.0.0.1:8000) and
# `make test` (lint, the suite on SQLite and PostgreSQL, browser tests).
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

# A Python >= 3.12: PATH first, then pyenv's versions.
PY ?= $(shell for c in python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3,12))' 2>/dev/null && { echo $$p; exit; }; \
	done; root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
	for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do echo $$p; exit; done)

.PHONY: run setup test system-deps lint test-sqlite test-postgres test-browser messages format clean \
	bench bench-stress

$(BIN)/.installed: requirements.lock pyproject.toml
	@if [ -z "$(PY)" ]; then echo "Python >= 3.12 is required: install python3.13 (or pyenv install 3.13.0)." >&2; exit 1; fi
	@echo "Using $(PY)"
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

build/vendor/.done: package-lock.json package.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf build/vendor && mkdir -p build/vendor/bootstrap build/vendor/bootstrap-icons build/vendor/chartjs
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js build/vendor/bootstrap/
	cp -r node_modules/bootstrap-icons/font build/vendor/bootstrap-icons/
	cp node_modules/chart.js/dist/chart.umd.min.js build/vendor/chartjs/
	touch $@

setup: $(BIN)/.installed build/vendor/.done
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_reference
	@if [ "$$($(MANAGE) seed_demo --status)" = "empty" ]; then $(MANAGE) seed_demo; fi
	$(MANAGE) collectstatic --noinput -v 0

# The real server and, beside it, the job worker (long imports run there); both stop together.
run: setup
	@$(MANAGE) demo_accounts --url http://$(HOST):$(PORT)/
	@echo "Job worker: manage.py db_worker (background imports)"
	@$(MANAGE) db_worker --interval 1 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn doingoai.config.wsgi:application --bind $(HOST):$(PORT) --workers 3 \
		--access-logfile - --error-logfile - --timeout 120

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: $(BIN)/.installed build/vendor/.done
	@echo "== Test suite on SQLite =="
	$(BIN)/pytest -q -m "not browser"

test-postgres: $(BIN)/.installed build/vendor/.done
	@echo "== Test suite on PostgreSQL =="
	scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser"

# The browser journeys run twice: on SQLite and on a throwaway PostgreSQL.
test-browser: $(BIN)/.installed build/vendor/.done
	@echo "== Browser tests (Chromium) on SQLite =="
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -m browser tests/browser
	@echo "== Browser tests (Chromium) on PostgreSQL =="
	DJANGO_ALLOW_ASYNC_UNSAFE=true scripts/with-postgres.sh $(BIN)/pytest -q -m browser tests/browser

# Benchmarks against the real server (never part of `make test`): bench/README.md.
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py --scale 20 --requests 20 --duration 30
	scripts/with-postgres.sh $(BIN)/python bench/run.py --scale 20 --requests 20 --duration 30

bench-stress: $(BIN)/.installed
	$(BIN)/python bench/run.py --scale 20 --stress 1.0 --requests 20 --duration 60
	scripts/with-postgres.sh $(BIN)/python bench/run.py --scale 20 --stress 1.0 --requests 20 --duration 60

# System packages first (installed when run as root with apt, else the command is printed).
system-deps:
	@scripts/system-deps.sh

test: system-deps lint test-sqlite test-postgres test-browser

# Each app keeps its own catalogue (doingoai/<app>/locale); doingoai/locale is kept by hand
# (Vietnamese for messages of Django and the libraries that their catalogues lack).
# Every app with a locale/ folder (a new app's catalogue is picked up without editing this).
APPS_WITH_CATALOGUES := $(notdir $(patsubst %/locale,%,$(wildcard doingoai/*/locale)))
messages: $(BIN)/.installed
	for app in $(APPS_WITH_CATALOGUES); do \
	  (cd doingoai/$$app && ../../$(MANAGE) makemessages -l vi -l en --no-obsolete --no-location) || exit 1; \
	done
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build node_modules var
