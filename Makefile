# The two commands of the README: `make run` and `make test`. Each creates
# .venv when missing and installs the project (with its test extra) first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BUILD  := build

.PHONY: run test build validate queries bench browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium for the browser tests (nothing is downloaded by Playwright itself).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests" >&2; fi; }

build: $(STAMP)
	$(BIN)/kg build --out $(BUILD)

validate: build
	$(BIN)/kg validate $(BUILD)/kg.trig

queries: build
	$(BIN)/kg query --all --build $(BUILD)

run: $(STAMP)
	$(BIN)/kg build --out $(BUILD)
	$(BIN)/kg validate $(BUILD)/kg.trig
	$(BIN)/kg query --all --build $(BUILD)

test: $(STAMP) browser
	$(BIN)/kg build --out $(BUILD)
	$(BIN)/kg validate $(BUILD)/kg.trig
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/kg build --out $(BUILD)
	$(BIN)/python -m bench.endpoint --build $(BUILD)

clean:
	rm -rf $(BUILD) $(VENV) .pytest_cache
