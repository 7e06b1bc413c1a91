# Kogame: `make run` serves the game, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install migrate static static-test run run-cluster test test-unit test-postgres test-browser lint format \
	bench bench-cluster bench-layers clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput -v 0

static: install
	$(PY) manage.py collectstatic --noinput --clear -v 0

# The test settings add Tally, a game that lives in tests/: its files are collected too.
static-test: install
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py collectstatic --noinput --clear -v 0

run: migrate static
	@echo "Kogame is starting on http://$(HOST):$(PORT)/"
	$(PY) -m kogame.serve --host $(HOST) --port $(PORT)

# A local distributed cluster: Redis, two web processes (8001, 8002), two engine workers;
# Ctrl-C stops it all. It migrates its own database (var/cluster/); see kogame/clusterdemo.py.
run-cluster: static
	$(PY) -m kogame.clusterdemo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-unit: static-test
	$(PY) -m pytest -m "not browser"

test-browser: static-test
	$(PY) -m pytest -m browser

# The database tests again on PostgreSQL: scripts/postgres-url finds a server or starts a
# private one in var/postgres. Without PostgreSQL this is skipped locally and fails in CI.
test-postgres: static-test
	@url="$$(scripts/postgres-url)" || { \
	  if [ -n "$$CI" ]; then echo "test-postgres: PostgreSQL is required in CI" >&2; exit 1; fi; \
	  echo "test-postgres: skipped, no PostgreSQL here (see scripts/postgres-url)"; exit 0; }; \
	echo "test-postgres: DATABASE_URL=$$url"; \
	DATABASE_URL="$$url" $(PY) -m pytest -p no:playwright -m "not browser" \
	  tests/records tests/accounts tests/lobby tests/cluster

test: lint test-unit test-postgres test-browser

# Performance figures (docs/performance.md): the engine, then fan-out against a bare floor.
bench: static
	$(PY) -m bench.run

# The same fan-out against the distributed setup (a private Redis, two web processes, one
# engine worker), beside one process: CPU per delivered frame by process (bench/cluster.py).
bench-cluster: static
	$(PY) -m bench.cluster

# The channel layers compared for frames and inputs (docs/architecture.md, "Which channel layer"); needs redis-server.
bench-layers: install
	$(PY) -m bench.layers

clean:
	rm -rf $(VENV) staticfiles kogame/staticfiles.json .mypy_cache .ruff_cache .pytest_cache
