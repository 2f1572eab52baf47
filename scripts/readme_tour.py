"""Regenerate the tour in README.md from real runs on the bundled example corpus.

A tour block in README.md is an HTML comment with the command, the block, and a closing comment:

    <!-- tour: claimgraph --db demo.db actors -n 6 -->
    ```
    $ claimgraph --db demo.db actors -n 6
    (its output)
    ```
    <!-- /tour -->

The script runs every marked command, in README order, against one fresh store: in an empty
temporary folder that links ``examples/`` from this checkout, so paths print as they do after
``make demo``.  When the first block is not an ``ingest``, ``claimgraph --db demo.db ingest
examples/corpus`` runs first, unshown.  Each block is rewritten with its command line and
what the command printed (stdout and stderr together, plain text at COLUMNS=100, no colour,
no trailing spaces).  Anything outside the blocks is left alone.

    python scripts/readme_tour.py           # rewrite README.md (``make readme``)
    python scripts/readme_tour.py --check   # exit 1 and print a diff if README.md is out of date
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DB = "demo.db"  # the store `make demo` builds; every tour command names it
PREFIX = ["claimgraph", "--db", DB]
INGEST = PREFIX + ["ingest", "-q", "examples/corpus"]
COLUMNS = 100
TIMEOUT_S = 600

BLOCK = re.compile(r"^<!-- tour: (?P<cmd>.+?) -->\n(?P<body>.*?)^<!-- /tour -->$", re.M | re.S)
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")

Runner = Callable[[list[str]], str]


class TourError(Exception):
    """A tour block that cannot be regenerated: a malformed command, or one that failed."""


def commands(text: str) -> list[list[str]]:
    """The command of every tour block, in order, each split like a shell would."""
    out = []
    for m in BLOCK.finditer(text):
        argv = shlex.split(m["cmd"])
        if argv[: len(PREFIX)] != PREFIX or len(argv) == len(PREFIX):
            raise TourError(f"tour command {m['cmd']!r} must start with {' '.join(PREFIX)!r} and name a command")
        out.append(argv)
    return out


def rewrite(text: str, run: Runner) -> tuple[str, int]:
    """``text`` with every tour block refilled from ``run(argv)``, and the number of blocks."""
    argvs = commands(text)
    if argvs and argvs[0][len(PREFIX)] != "ingest":
        run(INGEST)
    outputs = iter([run(argv) for argv in argvs])

    def block(m: re.Match) -> str:
        body = f"$ {m['cmd']}\n{next(outputs)}".rstrip("\n")
        return f"<!-- tour: {m['cmd']} -->\n```\n{body}\n```\n<!-- /tour -->"

    return BLOCK.sub(block, text), len(argvs)


def clean(output: str) -> str:
    """Plain text: no escape codes, no trailing spaces, no blank lines at either end."""
    lines = [ANSI.sub("", line).rstrip() for line in output.splitlines()]
    return "\n".join(lines).strip("\n")


def runner(workdir: Path) -> Runner:
    """Run ``claimgraph ...`` with this checkout's code in ``workdir``; fail on a non-zero exit."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_") and k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")}
    env.update(COLUMNS=str(COLUMNS), LINES="50", NO_COLOR="1", PYTHONHASHSEED="0",
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p))

    def run(argv: list[str]) -> str:
        done = subprocess.run([sys.executable, "-m", "claimgraph.cli", *argv[1:]], cwd=workdir, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_S)
        out = clean(done.stdout)
        if done.returncode != 0:
            raise TourError(f"`{shlex.join(argv)}` exited {done.returncode}:\n{out}")
        return out

    return run


def regenerate(text: str) -> tuple[str, int]:
    with tempfile.TemporaryDirectory(prefix="claimgraph-tour-") as tmp:
        (Path(tmp) / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
        return rewrite(text, runner(Path(tmp)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 and print a diff if the tour is out of date")
    parser.add_argument("--readme", type=Path, default=README, help="the file to regenerate (default: README.md)")
    args = parser.parse_args(argv)
    old = args.readme.read_text(encoding="utf-8")
    try:
        new, n = regenerate(old)
    except TourError as exc:
        print(f"readme_tour: {exc}", file=sys.stderr)
        return 2
    if n == 0:
        print(f"readme_tour: no tour blocks (<!-- tour: ... -->) in {args.readme}", file=sys.stderr)
        return 2
    if new == old:
        print(f"{args.readme.name}: {n} tour blocks up to date")
        return 0
    if args.check:
        diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    f"{args.readme.name} (now)", f"{args.readme.name} (regenerated)")
        sys.stdout.writelines(diff)
        print(f"\n{args.readme.name}: the tour is out of date; run `make readme` (python scripts/readme_tour.py)")
        return 1
    args.readme.write_text(new, encoding="utf-8")
    print(f"{args.readme.name}: regenerated {n} tour blocks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
