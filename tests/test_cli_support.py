"""Helpers for the tests/test_cli_*.py files (no tests here): small stores built by hand, and a
stand-in for the language model so that ``ingest`` runs through the command line in
milliseconds.  Texts are invented news about the fictional states Varland and Dastan."""
from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_extraction, meridian_records
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.runner import add_extraction


def build_store(path: Path, extractions=None) -> Path:
    """A store at ``path`` holding ``extractions`` (the Meridian records by default)."""
    from claimgraph.store import open_store

    with open_store(str(path)) as store:
        for ex in meridian_records() if extractions is None else extractions:
            add_extraction(store, ex)
    return path


def dated_store(path: Path, dates: list[str]) -> Path:
    """One document per date, each with one Varland ASSAULT Dastan event dated so."""
    actors = {"g:varland": ("Varland", "GPE", ()), "g:dastan": ("Dastan", "GPE", ())}
    exs = [make_extraction([f"Varland shelled Dastan, report {i} said."], actors=actors, source="Courier", published="2020-01-01",
                           path=f"d{i}.txt", events=[{"s": 0, "type": "ASSAULT", "source": "g:varland", "target": "g:dastan",
                                                      "date": d, "date_origin": "sentence"}])
           for i, d in enumerate(dates)]
    return build_store(path, exs)


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(app, list(args), **kwargs)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_main(*args: str) -> Run:
    """``claimgraph ARGS...`` through the real entry point (``cli.main``, which turns a
    ``ClaimgraphError`` into one line and exit 2), in this process, output captured."""
    from claimgraph import cli

    out, err = io.StringIO(), io.StringIO()
    old = sys.argv
    sys.argv = ["claimgraph", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    return Run(code, out.getvalue(), err.getvalue())


class FakeModel:
    """What ``ingest`` needs of a spaCy pipeline: its ``max_length``."""

    max_length = 1_000_000


@pytest.fixture
def fake_model(monkeypatch):
    """``ingest`` with no language model: loading it is counted (``loads``), and each document
    is stored with no actors, quotes or events."""
    from claimgraph import cli
    from claimgraph.config import PIPELINE_VERSION
    from claimgraph.models import Extraction
    from claimgraph.runner import local

    loads: list[int] = []

    def load(quiet):
        loads.append(1)
        return FakeModel()

    def extract(self, documents):
        for doc in documents:
            assert self.nlp is not None
            yield Extraction(doc=doc, pipeline_version=PIPELINE_VERSION)

    def nlp(self):  # extract's runner, which has no loader, gets the stand-in too
        if self._nlp is None:
            self._nlp = self._load() if self._load else FakeModel()
        return self._nlp

    monkeypatch.setattr(cli, "_load_model", load)
    monkeypatch.setattr(local.LocalRunner, "extract", extract)
    monkeypatch.setattr(local.LocalRunner, "nlp", property(nlp))
    return loads


def write_articles(folder: Path, n: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"note_{i}.txt").write_text(
            f"Varland recalls envoy\n\nThe foreign ministry of Varland said on Monday that it had recalled its envoy "
            f"from Dastan after the border incident number {i}. Officials in Dastan declined to comment.\n", encoding="utf-8")
    return folder
