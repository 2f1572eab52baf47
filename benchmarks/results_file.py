"""One section of ``benchmarks/RESULTS.md``, between a benchmark's own markers, written by that
benchmark (``quality.py``, ``scaling.py``, ``dask_scaling.py``) without touching the others."""
from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def measured_block(title: str, intro: str, lines: list[str]) -> str:
    """A section's body as every benchmark writes it: a heading, what was measured in words
    (``intro``; empty for none), and the printed ``lines`` as a code block."""
    return f"## {title}\n\n" + (f"{intro}\n\n" if intro else "") + "```\n" + "\n".join(lines) + "\n```\n"


def replace_section(start: str, end: str, body: str, path: Path = RESULTS) -> None:
    """Put ``start``, ``body`` and ``end`` where the markers stand now, or at the end of the file."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{start}\n{body}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
