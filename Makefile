# Two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python ≥ 3.12: take the first one that runs.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3 python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3 /usr/bin/python3.12 /usr/bin/python3.13 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)

.PHONY: run test setup lint migrate demo worker e2e e2e-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Нужен Python 3.12 или новее"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Портал: http://$(HOST):$(PORT)/  (Ctrl+C — остановить)"
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: setup
	$(VENV)/bin/celery -A medk worker -B -l info

test: setup
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# The browser stories alone (Debian's chromium; `make e2e-deps` installs it, never a downloaded browser).
e2e: setup
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/pytest -m e2e $(PYTEST_ARGS)

e2e-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
