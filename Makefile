# The README's two commands: `make site` and `make test`. Both start from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# pytest-xdist workers for `make test`: one per core (`make test TEST_JOBS=0` runs in one process)
TEST_JOBS ?= auto
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check lint clean bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

# Test tools from npm (axe-core, vnu-jar), pinned by package-lock.json. --ignore-scripts: vnu-jar's
# postinstall would download a Java runtime; .ci/run installs Debian's instead.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

## Set up and build the example site into site/. One rule: errors stop the build (the previous
# site stays); warnings are listed and never stop it. No --strict: this is also the deploy build,
# and a stale review must not hold back a scheduled reveal. `radsite check --strict` (the
# pull-request job) is where warnings fail.
site: $(STAMP)
	$(BIN)/mkdocs build

## Set up, lint and run the whole test suite
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_JOBS)

## Live preview at http://127.0.0.1:8000 (rebuilds on save)
serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

## Validate the content without building (errors fail; `make check STRICT=1` fails on warnings too)
check: $(STAMP)
	$(BIN)/radsite check $(if $(STRICT),--strict)

## Benchmark RadSite against mkdocs-material's blog plugin (slow: minutes; writes bench/results.json)
bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes 1000 2000 5000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/ruff format --check .

clean:
	rm -rf site site.radsite-* $(VENV) node_modules
