# geokg: the two quick-start commands are `make demo` and `make test` (see README.md).
# Both bootstrap what they need (a virtualenv in .venv), so they work on a fresh clone.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-test neo4j-jars browser lint

$(BIN)/geokg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@touch $@

install: $(BIN)/geokg

$(VENV)/.test-deps: $(BIN)/geokg
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

install-test: $(VENV)/.test-deps

## Ingest the bundled sample articles into an embedded graph; writes ./geokg-demo/
demo: install
	$(BIN)/geokg demo

## Neo4j Community 5.26 jars from Maven Central (for the Neo4j tests; needs Java 17 + Maven)
neo4j-jars: install-test
	@if command -v mvn >/dev/null && command -v java >/dev/null; then $(BIN)/python tests/neo4j/server.py --fetch; \
	else echo "no Java/Maven: Neo4j tests will be skipped (set GEOKG_TEST_NEO4J_URI to use a running Neo4j)"; fi

## Debian's Chromium for the browser tests (root only; never `playwright install`)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "no /usr/bin/chromium: browser tests will be skipped (apt-get install chromium)"; fi; fi

## The whole test suite, Neo4j and browser tests included
test: install-test neo4j-jars browser
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy kg
