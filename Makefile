# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# One stamp per requirements set: pip runs again only when a file it reads changed.
STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
PYTEST_ARGS ?=
# The browser tests drive these (tests/browser/conftest.py reads PORTAL_CHROMIUM).
CHROMIUM ?= $(or $(PORTAL_CHROMIUM),/usr/bin/chromium)
CHROMEDRIVER ?= /usr/bin/chromedriver
# Playwright uses Debian's Chromium and never downloads a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test setup setup-dev chromium services opensearch migrate demo bench check clean-var

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Runtime only (make run, make bench).
$(STAMP): requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $(STAMP)

# Runtime plus tests and tools (make test, make check); covers the runtime stamp too.
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	touch $(DEV_STAMP) $(STAMP)

setup: $(STAMP)

# axe-core for the browser tests (tests/browser/): `npm ci` again only when the lock changed.
NODE_STAMP := node_modules/.package-lock.stamp
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

setup-dev: $(DEV_STAMP) $(NODE_STAMP)

# Debian's chromium and chromium-driver, installed with apt-get when missing.
chromium:
	@scripts/chromium.sh "$(CHROMIUM)" "$(CHROMEDRIVER)"

# PostgreSQL, Redis and RabbitMQ on their usual local ports (see scripts/services.sh).
services:
	@scripts/services.sh

# A single-node OpenSearch 2.19 on 127.0.0.1:9200 for development and tests
# (opensearch/, data under var/opensearch/); Ctrl-C stops it. The first run
# resolves the jars into ~/.m2. Then e.g.
# SEARCH_BACKEND=opensearch2 SEARCH_URL=http://127.0.0.1:9200 make run
opensearch:
	@scripts/opensearch.sh run

migrate: setup
	$(MANAGE) migrate --noinput -v0

demo: migrate
	$(MANAGE) load_demo_catalogue
	$(MANAGE) setup_form_editorial
	$(MANAGE) ensure_demo_admin
	$(MANAGE) load_demo_workspace
	$(MANAGE) load_demo_dossiers
	$(MANAGE) load_demo_counters
	$(MANAGE) load_demo_national
	$(MANAGE) load_demo_postal
	$(MANAGE) load_demo_feedback
	$(MANAGE) load_demo_appointments
	$(MANAGE) register_sandbox_idp
	$(MANAGE) setup_signing_sandbox

run: demo
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) runportal

# The whole suite; prints pytest's summary line. Honors DATABASE_URL,
# CELERY_BROKER_URL, CACHE_URL and SEARCH_URL (see README).
test: setup-dev chromium
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

check: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets;print(secrets.token_urlsafe(64))') ALLOWED_HOSTS=dichvucong.example.gov.vn \
	  PORTAL_RECEIVING_UNIT_CODE=000.00.00.H49 \
	  DJANGO_SETTINGS_MODULE=portal.settings.production $(MANAGE) check --deploy --fail-level WARNING

bench: setup
	$(BIN)/python bench/search_latency.py
	$(BIN)/python bench/submit_throughput.py
	$(BIN)/python bench/handoff.py

clean-var:
	rm -rf var
