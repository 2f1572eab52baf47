"""Query commands and ``--help`` start without the language model: no spaCy, no nlp package,
no HTML extractor, no dateparser (timed in benchmarks/startup.py, never here)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli_support import build_store

SRC = str(Path(__file__).resolve().parents[1] / "src")
HEAVY = ["spacy", "thinc", "trafilatura", "dateparser", "claimgraph.nlp", "claimgraph.ingest.readers"]
PROBE = ("import sys; sys.argv = ['claimgraph', *sys.argv[1:]]\n"
         "try:\n    from claimgraph.cli import main; main()\nexcept SystemExit:\n    pass\n"
         "import json; print('MODULES=' + json.dumps(sorted(m for m in sys.modules)), file=sys.stderr)")


def imported(*args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": SRC}, stdin=subprocess.DEVNULL)
    line = next(x for x in out.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line[len("MODULES="):]))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("startup") / "small.db")


@pytest.mark.parametrize("args", [
    ["--help"], ["ingest", "--help"], ["actors"], ["events", "--since", "2015-06"], ["timeline", "FMF"],
    ["check", "Dastan arms the FMF"], ["dyad", "Dastan", "FMF"], ["conflicts"], ["framing", "FMF"], ["report"],
])
def test_cli_startup_queries_do_not_import_the_model(db, args):
    mods = imported(*(args if args[-1] == "--help" else [*args, "--db", str(db)]))
    assert "claimgraph.cli" in mods  # the probe did run the command
    assert not [m for m in HEAVY if m in mods]


def test_cli_startup_dateparser_only_for_dates_in_words(db):
    assert "dateparser" in imported("events", "--since", "last year", "--db", str(db))
