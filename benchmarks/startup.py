"""How long the command line takes to start, against a bare Python in the same run.

Times ``claimgraph --help``, ``claimgraph actors`` on a small store (50 hand-made documents,
no language model) and ``python -c pass``, each as a fresh process, and reports the medians
and each command's ratio to the bare interpreter, with the heavy modules each one imported
(none of spaCy, trafilatura, dateparser or claimgraph.nlp should be).

    python benchmarks/startup.py            # 7 runs of each
    python benchmarks/startup.py --runs 15
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("spacy", "trafilatura", "dateparser", "claimgraph.nlp", "claimgraph.ingest.readers", "fastapi", "networkx")
RUN_CLI = "import sys; from claimgraph.cli import main; sys.argv = ['claimgraph', *sys.argv[1:]]; main()"
MODULES = ("import sys, runpy; sys.argv = ['claimgraph', *sys.argv[1:]]\n"
           "try:\n    from claimgraph.cli import main; main()\nexcept SystemExit:\n    pass\n"
           f"print('MODULES', ' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")


def small_store(path: Path, n: int = 50) -> None:
    sys.path.insert(0, str(SRC))
    from claimgraph.models import Actor, Document, Event, Extraction
    from claimgraph.runner import add_extraction
    from claimgraph.store import open_store

    with open_store(str(path)) as store:
        for i in range(n):
            text = f"Varland criticized Dastan on Monday, report {i} said. Dastan rejected the claim."
            actors = (Actor(id="g:varland", name="Varland", type="GPE", mentions=((0, 7),)),
                      Actor(id="g:dastan", name="Dastan", type="GPE", mentions=((19, 25),)))
            ev = Event(type="ACCUSE", source="g:varland", target="g:dastan", trigger="criticized", text=text[:50], start=0, end=50)
            add_extraction(store, Extraction(doc=Document(text=text, path=f"r{i}.txt", source="Courier"), actors=actors, events=(ev,)))


def timed(args: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    opts = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "small.db"
        small_store(db)
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "claimgraph --help": [sys.executable, "-c", RUN_CLI, "--help"],
            "claimgraph actors": [sys.executable, "-c", RUN_CLI, "--db", str(db), "actors"],
        }
        for args in cases.values():  # warm the file cache and the bytecode
            subprocess.run(args, env=env, capture_output=True, check=False)
        medians = {name: timed(args, env, opts.runs) for name, args in cases.items()}
        imported = {}
        for name, args in cases.items():
            if name.startswith("claimgraph"):
                out = subprocess.run([sys.executable, "-c", MODULES, *args[3:]], env=env, capture_output=True, text=True)
                line = next((x for x in out.stderr.splitlines() if x.startswith("MODULES")), "MODULES ?")
                imported[name] = line[len("MODULES"):].strip() or "none"
    base = medians["python -c pass"]
    print(f"start-up, median of {opts.runs} runs each ({platform.python_version()}, {os.cpu_count()} CPUs)")
    print(f"{'command':<22}{'seconds':>9}{'× bare':>9}  heavy modules imported")
    for name, t in medians.items():
        print(f"{name:<22}{t:>9.3f}{t / base:>9.1f}  {imported.get(name, '')}")


if __name__ == "__main__":
    main()
