# The two commands a newcomer needs: `make run` and `make test`. Both build .venv from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench clean browser docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

run: $(STAMP)
	$(BIN)/sd validate
	$(BIN)/sd report strategy

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The HTML reports are tested in Debian's headless chromium; install it when missing and we are root.
browser:
	@test -x /usr/bin/chromium || [ "$$(id -u)" != 0 ] || apt-get install -y -q chromium >/dev/null 2>&1 \
		|| (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null) \
		|| echo "chromium could not be installed: the browser tests will be skipped"

test: lint browser
	$(BIN)/python -m pytest -n auto

# The benchmarks compare against pandas and write workbooks with openpyxl: the `bench` extra.
BENCHSTAMP := $(VENV)/.installed-bench
$(BENCHSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(STAMP) $@

bench: $(BENCHSTAMP)
	$(BIN)/python bench/run.py

# docs/cli.md, the command reference, is generated from the command tree (a test checks it is current).
docs: $(STAMP)
	$(BIN)/python -m schooldigital.cli.docs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .sd-cache
