"""scripts/readme_tour.py keeps the README's tour true: its block handling on hand-made text (fast),
the tour's commands against the real CLI parser (fast), and the whole tour rerun (model, slow)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from claimgraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "readme_tour.py"


def _load():
    spec = importlib.util.spec_from_file_location("readme_tour", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tour = _load()

TEXT = """intro

<!-- tour: claimgraph --db demo.db actors -n 2 -->
```
$ claimgraph --db demo.db actors -n 2
stale output
```
<!-- /tour -->

between

<!-- tour: claimgraph --db demo.db check "A arms B" -->
<!-- /tour -->
end
"""


def test_readme_tour_rewrites_blocks_in_order_and_ingests_first():
    calls = []

    def run(argv):
        calls.append(argv)
        return f"out {len(calls)}"

    new, n = tour.rewrite(TEXT, run)
    assert n == 2
    assert calls[0] == tour.INGEST
    assert calls[1:] == [["claimgraph", "--db", "demo.db", "actors", "-n", "2"],
                         ["claimgraph", "--db", "demo.db", "check", "A arms B"]]
    assert "stale output" not in new
    assert '```\n$ claimgraph --db demo.db check "A arms B"\nout 3\n```\n<!-- /tour -->\nend\n' in new
    assert new.startswith("intro\n\n") and "\nbetween\n" in new
    again = iter(["ingested", "out 2", "out 3"])
    assert tour.rewrite(new, lambda argv: next(again))[0] == new, "a regenerated README is a fixed point"


def test_readme_tour_shows_the_first_ingest_instead_of_running_it_unseen():
    text = "<!-- tour: claimgraph --db demo.db ingest examples/corpus -->\n<!-- /tour -->\n"
    calls = []
    tour.rewrite(text, lambda argv: calls.append(argv) or "done")
    assert calls == [["claimgraph", "--db", "demo.db", "ingest", "examples/corpus"]]


@pytest.mark.parametrize("cmd", ["ls -l", "claimgraph actors", "claimgraph --db other.db actors", "claimgraph --db demo.db"])
def test_readme_tour_refuses_commands_off_the_demo_store(cmd):
    with pytest.raises(tour.TourError, match="must start with"):
        tour.commands(f"<!-- tour: {cmd} -->\n<!-- /tour -->\n")


def test_readme_tour_output_is_plain_text():
    assert tour.clean("\n\x1b[1mActors\x1b[0m   \n│ a │  \n\n") == "Actors\n│ a │"


def test_readme_tour_commands_parse_against_the_cli():
    """Every tour command names a real command with real options (without running it)."""
    root = typer.main.get_command(app)
    argvs = tour.commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(argvs) >= 5, "the README's tour has too few marked blocks"
    for argv in argvs:
        cmd, args = root, argv[len(tour.PREFIX):]
        while hasattr(cmd, "commands") and args and args[0] in cmd.commands:
            cmd, name, args = cmd.commands[args[0]], args[0], args[1:]
        assert cmd is not root, f"tour command {argv} names no claimgraph command"
        cmd.make_context(name, list(args))  # raises a usage error on an unknown option or a missing argument


@pytest.mark.model
@pytest.mark.slow
def test_readme_tour_is_up_to_date():
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"the README tour is stale; run `make readme`:\n{done.stdout[-6000:]}{done.stderr[-2000:]}"
