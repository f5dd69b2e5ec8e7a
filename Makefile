# Two commands matter: `make run` (set up, run the pipeline on raw/) and `make test` (set up, run the tests).
# Set-up needs only Python 3.11 and make: uv is bootstrapped with pip into .tools/ when it is not on PATH,
# and every package comes from uv.lock (--locked fails rather than drift from the lock).

PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
UV_VERSION := 0.13.8
RAW ?= raw
WAREHOUSE ?= warehouse
export DAGSTER_HOME := $(CURDIR)/.dagster_home
export UV_PYTHON := $(PYTHON)
# Bytecode is compiled at install time because this machine sets PYTHONDONTWRITEBYTECODE.
export UV_COMPILE_BYTECODE := 1

.PHONY: setup run test dev bench lint dictionary clean

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster-instance.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp dagster-instance.yaml $@

setup: $(VENV)/.synced $(DAGSTER_HOME)/dagster.yaml

run: setup
	$(VENV)/bin/hmip run --raw $(RAW) --warehouse $(WAREHOUSE)

# tests/ensure_chromium.sh installs the browser tests' Chromium (Debian's package, as root) or says how.
# The suite runs on every core (pytest-xdist); --dist loadfile keeps a file's tests on one worker, so a
# module's fixture (one real `hmip run` shared by its tests) is built once. PYTEST_ARGS adds options.
# One worker a core: the suite is CPU-bound, and 3 or 4 workers on 2 cores were measured no faster (README).
TEST_WORKERS ?= auto
test: setup
	tests/ensure_chromium.sh
	$(VENV)/bin/ruff check pipelines tests
	$(VENV)/bin/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The UI and the daemon (schedule, sensor, run queue) as their own processes, the way Dagster is deployed:
# `dagster dev` does the same but warns on every start that it is superseded by `dg dev` (a separate CLI
# with its own project layout). Ctrl-C (or the end of the webserver) stops the daemon too. The home's
# databases are created first, once (pipelines/defs/home.py): created by both processes at once, they clash.
DEV_PORT ?= 3000
dev: setup
	@export HMIP_RAW=$(abspath $(RAW)) HMIP_WAREHOUSE=$(abspath $(WAREHOUSE)); \
	$(VENV)/bin/python -m pipelines.defs.home || exit 1; \
	$(VENV)/bin/dagster-daemon run -m pipelines.definitions & daemon=$$!; \
	trap 'kill $$daemon 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(VENV)/bin/dagster-webserver -m pipelines.definitions --host 127.0.0.1 --port $(DEV_PORT)

bench: setup
	$(VENV)/bin/python -m bench.run

lint: setup
	$(VENV)/bin/ruff check pipelines tests

dictionary: setup
	$(VENV)/bin/hmip dictionary > docs/data-dictionary.md

clean:
	rm -rf $(VENV) $(TOOLS)
