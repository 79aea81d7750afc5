# The two commands: `make run` and `make test`. Both create the virtualenv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONFIG ?= config.toml

.PHONY: run test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "cannot create a virtualenv: install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/meetdesk --config $(CONFIG) customer add alice@example.com --name "Alice Martin" \
		--timezone Europe/Paris --ics-dir data/calendars/alice --if-missing
	exec $(BIN)/meetdesk --config $(CONFIG) run

test: $(VENV)/.installed-test
	$(BIN)/ruff check meetdesk tests bench
	$(BIN)/mypy meetdesk
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check meetdesk tests bench
	$(BIN)/mypy meetdesk

clean:
	rm -rf $(VENV) data
