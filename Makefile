# govmon: `make demo` crawls the bundled portal replica and serves it; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint eval bench browser-deps clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/govmon demo

# Headless Chromium for the browser tests (Debian's package; needs root, skipped otherwise).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed and not root: browser tests will be skipped"; fi; }

test: setup browser-deps
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

eval: setup
	$(BIN)/govmon eval extraction
	$(BIN)/govmon eval analysis

bench: setup
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/crawl_requests.py

clean:
	rm -rf $(VENV) data artifacts .pytest_cache
