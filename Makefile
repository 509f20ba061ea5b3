# Two entry points: `make run` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test setup bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m policydesk ingest examples/ --db policydesk.db
	$(PY) -m policydesk serve --db policydesk.db --host 127.0.0.1 --port 8000

test: $(STAMP)
	bash scripts/ensure_system_packages.sh
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench_parse.py

clean:
	rm -rf $(VENV) .pytest_cache
