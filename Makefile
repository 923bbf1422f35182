# pagedesk: `make test` and `make review` set up everything they need from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test review bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

review: $(STAMP)
	$(BIN)/pagedesk ingest sample_pages --db pagedesk.db
	$(BIN)/pagedesk review pagedesk.db

bench: $(STAMP)
	$(BIN)/python -m bench.speed_analyze
	$(BIN)/python -m bench.quality --pages 200

clean:
	rm -rf $(VENV) .pytest_cache
