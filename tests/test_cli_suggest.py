"""A misspelt actor gets the closest stored names, not just "no actor"."""
from __future__ import annotations

import pytest

from claimgraph.store.base import did_you_mean
from test_cli_support import build_store, run_main


@pytest.fixture
def db(tmp_path):
    return build_store(tmp_path / "m.db")


@pytest.mark.parametrize("cmd", [
    ["events", "--actor", "Dastann"], ["dyad", "Dastann", "FMF"], ["framing", "Dastann"], ["timeline", "Dastann"],
    ["quotes", "--speaker", "Dastann"],
])
def test_cli_suggest_did_you_mean(db, cmd):
    res = run_main(*cmd, "--db", str(db))
    assert res.exit_code == 2, res
    assert "no actor 'Dastann'" in res.stderr and "did you mean: Dastan" in res.stderr
    assert res.stderr.count("\n") == 1


def test_cli_suggest_nothing_close_says_so_plainly(db):
    res = run_main("framing", "Zorblax Unlimited", "--db", str(db))
    assert res.exit_code == 2 and "no actor called 'Zorblax Unlimited'" in res.stderr and "did you mean" not in res.stderr


def test_cli_suggest_ranks_closest_first_once_per_spelling():
    names = ["Hamas", "HAMAS", "Hamad", "Hammond Group", "Netanyahu", "Benjamin Netanyahu", "Varland"]
    assert did_you_mean("Hammas", names) == ["Hamas"]  # HAMAS is the same spelling; Hamad is too far
    assert did_you_mean("Netanyahoo", names)[0] == "Netanyahu"
    assert did_you_mean("Quetzal", names) == []
