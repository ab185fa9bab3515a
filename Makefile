# duban: two commands do everything.
#   make demo   set up, load the synthetic demo data, serve on http://127.0.0.1:8000
#   make test   set up (including Chromium, CJK fonts and PostgreSQL), run every test on SQLite and PostgreSQL

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
VENDOR := src/duban/web/static/vendor

.PHONY: setup demo serve test test-sqlite test-postgres lint system-deps assets bench clean

setup: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	touch $@

# The demo prints PDFs and draws charts (Chromium, CJK fonts): installed when missing; without root
# the script says what to install and the demo still starts.
demo: setup
	-scripts/system-deps
	$(BIN)/duban demo

serve: setup
	$(BIN)/duban init && $(BIN)/duban serve

system-deps:
	scripts/system-deps

test: system-deps setup lint test-sqlite test-postgres

lint:
	$(BIN)/lint-imports

test-sqlite: setup
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: setup
	scripts/ensure-postgres
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest --ignore=tests/core

bench: system-deps setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
