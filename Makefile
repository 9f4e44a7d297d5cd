# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install migrate seed run test lint format schema check-schema worker beat clean

$(BIN)/python:
	@test -n "$(PYTHON)" || (echo "Python 3.11+ is required" && exit 1)
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements/base.txt requirements/prod.txt requirements/dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo
	$(MANAGE) precompute --if-missing

run: seed
	DEBUG=$${DEBUG:-True} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest --cov --cov-report=term --cov-report=xml $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the committed API descriptions after an API change (a test compares them).
schema: install
	$(MANAGE) export_schema graphql_schema.schema:schema --path schema.graphql
	$(MANAGE) spectacular --validate --fail-on-warn --file openapi.yaml

check-schema: install
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .coverage coverage.xml
