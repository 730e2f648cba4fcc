# Wegwijzer. `make run` sets everything up and serves http://127.0.0.1:8000 (SQLite);
# `make test` runs every check and test (SQLite, and PostgreSQL when one is reachable).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/wegwijzer
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install run serve test lint format check-migrations check-deploy translations \
        messages pytest-sqlite pytest-postgres bench clean

help:
	@echo "make run    set up (virtualenv, dependencies, database, content) and serve on http://127.0.0.1:8000"
	@echo "make test   run every check and test (SQLite, then PostgreSQL when reachable)"
	@echo "make bench  print speed and size figures"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
	$(PY) scripts/translations.py compile

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check-migrations: install
	DJANGO_SETTINGS_MODULE=wegwijzer.conf.test $(PY) manage.py makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=wegwijzer.conf.production \
	DJANGO_SECRET_KEY=check-deploy-only-$$(printf 'x%.0s' {1..60}) \
	DJANGO_ALLOWED_HOSTS=wegwijzer.example \
	$(PY) manage.py check --deploy --fail-level WARNING

# Extract messages (needs GNU gettext's xgettext) and fail on any missing Dutch translation.
translations: install
	$(PY) scripts/translations.py check

messages: install
	$(PY) scripts/translations.py extract

pytest-sqlite: install
	@echo "== pytest on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest -p no:cacheprovider

pytest-postgres: install
	@if $(PY) scripts/pg_available.py "$(PG_URL)"; then \
	  echo "== pytest on PostgreSQL ($(PG_URL)) =="; \
	  DATABASE_URL="$(PG_URL)" $(PY) -m pytest -p no:cacheprovider; \
	else \
	  echo "== PostgreSQL run SKIPPED: no PostgreSQL server answers at 127.0.0.1:5432 =="; \
	fi

test: lint check-migrations check-deploy translations pytest-sqlite pytest-postgres
	@echo "All checks passed."

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3
