# pagedesk: `make test` and `make review` set up everything they need from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINTED := core db tui tests bench

.PHONY: test lint review bench bytecode clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The fitted models are 340 KB of Python: write their bytecode once rather
# than compile them at every start (an editable install writes none, and
# PYTHONDONTWRITEBYTECODE, as on CI, stops Python writing it on import).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q core db tui

# Two workers: much of the review app's tests is waiting on the screen.
test: bytecode
	$(BIN)/python -m pytest -n 2 -rs

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

review: bytecode
	$(BIN)/pagedesk ingest sample_pages --db pagedesk.db
	$(BIN)/pagedesk review pagedesk.db

bench: bytecode
	$(BIN)/python -m bench.speed_analyze
	$(BIN)/python -m bench.quality --pages 200

clean:
	rm -rf $(VENV) .pytest_cache
