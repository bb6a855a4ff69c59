# Two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python ≥ 3.12: take the first one that runs.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3 python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3 /usr/bin/python3.12 /usr/bin/python3.13 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)

.PHONY: run test setup syslibs lint migrate demo worker e2e e2e-deps clean bench bench-quick bench-load

# What a fresh Debian lacks: the venv module of this Python, and WeasyPrint's Pango with a font (PDF reports).
# As root with apt-get they are installed; otherwise the one command to run is printed.
syslibs:
	@test -n "$(PYTHON)" || { echo "Нужен Python 3.12 или новее"; exit 1; }
	@missing=""; \
	if ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then \
	  pkg="python$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"; \
	  apt-cache show "$$pkg" >/dev/null 2>&1 || pkg=python3-venv; missing="$$missing $$pkg"; fi; \
	ldconfig=$$(command -v ldconfig || echo /sbin/ldconfig); libs=$$($$ldconfig -p 2>/dev/null); \
	echo "$$libs" | grep -q 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0"; \
	echo "$$libs" | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpangoft2-1.0-0"; \
	test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Устанавливаю системные пакеты:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "Не хватает системных пакетов:$$missing"; \
	    echo "Выполните:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt | syslibs
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: syslibs $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Портал: http://$(HOST):$(PORT)/  (Ctrl+C — остановить)"
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: setup
	$(VENV)/bin/celery -A medk worker -B -l info

# Two phases, in random order (pytest-randomly prints its seed: replay with PYTEST_ARGS=--randomly-seed=N):
# the non-browser part in parallel, one test database per process (pytest-xdist), then the browser stories and
# the real-worker tests serially. Skips are counted and explained in the last lines (in CI a skip is a failure).
TEST_WORKERS ?= auto
test: setup e2e-deps
	$(PY) manage.py collectstatic --noinput -v 0
	@log=$$(mktemp); rc=0; start=$$(date +%s); \
	MEDK_SKIP_LOG=$$log $(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not e2e and not celery_worker" $(PYTEST_ARGS) || rc=$$?; \
	[ $$rc = 5 ] && rc=0; \
	MEDK_SKIP_LOG=$$log $(VENV)/bin/pytest -m "e2e or celery_worker" $(PYTEST_ARGS) || { r=$$?; [ $$r = 5 ] || rc=$$r; }; \
	n=$$(wc -l < $$log); echo; \
	if [ "$$n" -gt 0 ]; then echo "Пропущено тестов: $$n. Причины:"; cut -f1 $$log | sort | uniq -c | sort -rn; \
	else echo "Пропущенных тестов нет."; fi; rm -f $$log; \
	echo "make test: $$(( ($$(date +%s) - start) / 60 )) мин $$(( ($$(date +%s) - start) % 60 )) с, код $$rc"; exit $$rc

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# The browser stories alone (Debian's chromium; `make e2e-deps` installs it, never a downloaded browser).
e2e: setup e2e-deps
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/pytest -m e2e $(PYTEST_ARGS)

# As root with apt-get it is installed (make test calls this too); otherwise the command to run is printed and
# the browser stories skip, saying why (in CI a skip fails the run).
e2e-deps:
	@command -v chromium >/dev/null 2>&1 || command -v "$${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Устанавливаю chromium для браузерных сценариев"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Нет chromium: браузерные сценарии будут пропущены. Выполните:  sudo apt-get install -y chromium"; fi

# Figures against floors measured in the same run (bench/README.md). The generated data are kept in their own
# database and only copied; BENCH_DB names it, BENCH_DATABASE_URL the PostgreSQL server (default: DATABASE_URL's).
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

bench-quick: setup
	$(PY) bench/run.py --quick $(BENCH_ARGS)

# Load test on the full year `make bench` generated (a copy of it): locust with 40 and 100 users.
bench-load: setup
	bench/load.sh $(BENCH_DB)
