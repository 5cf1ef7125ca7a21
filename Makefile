# Two commands on a fresh Debian 12 machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

-include .env
export

.PHONY: run test smoke lint format setup setup-test os-deps os-deps-test clean

run: setup
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo
	@# The task worker (emails, batch ZIPs, reminders, cleanup) runs in the background and
	@# stops with the server (no autoreload: its reloader's child would outlive the trap). The
	@# address printed on the forms (their QR code) is the one this server answers on.
	export DJANGO_DEBUG=$${DJANGO_DEBUG:-true}; \
	export SKP_ALAMAT_SITUS=$${SKP_ALAMAT_SITUS:-http://127.0.0.1:$(PORT)}; \
	$(PY) manage.py pekerja --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist; each worker its own test database). One process:
# `make test PYTEST_WORKERS=0`.
PYTEST_WORKERS ?= auto
test: setup-test
	scripts/with-postgres.sh $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	@# The demo (make run) runs on SQLite: its smoke runs there too, after the suite.
	$(MAKE) --no-print-directory smoke

smoke: setup-test
	d=$$(mktemp -d); DATABASE_URL=sqlite:///$$d/demo.sqlite3 $(VENV)/bin/pytest \
	  config/tests/test_smoke_demo.py; rc=$$?; rm -rf "$$d"; exit $$rc

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

setup: os-deps $(VENV)/.installed static/vendor/.installed
setup-test: os-deps-test $(VENV)/.installed static/vendor/.installed

os-deps:
	@scripts/os-deps.sh run
os-deps-test:
	@scripts/os-deps.sh test

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

static/vendor/.installed: package.json package-lock.json scripts/vendor.sh
	scripts/vendor.sh

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
