"""The quality gate: extraction scores on a fixed sample of the development gold must not drop
below the floors pinned in ``benchmarks/eval_baseline.json``.

A floor is the score measured when it was pinned minus a small tolerance. When a change makes
a score drop on purpose, lower its floor by editing the file (or re-pin all of them with
``python benchmarks/quality.py --update-floors``) in the same change, so that the drop is a
decision and not an accident. Skips when ``../shared/eval`` is absent.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "benchmarks" / "eval_baseline.json"


def _quality():
    spec = importlib.util.spec_from_file_location("claimgraph_bench_quality", ROOT / "benchmarks" / "quality.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_quality_gate_file_is_well_formed():
    gate = json.loads(BASELINE.read_text(encoding="utf-8"))
    quality = _quality()
    assert set(gate["sample"]) <= set(quality.SETS)
    assert gate["floors"], "no floors pinned"
    known = {key for key, *_ in quality.METRICS}
    for key, floor in gate["floors"].items():
        assert key in known, f"unknown metric {key!r} in eval_baseline.json"
        assert 0.0 <= floor <= 1.0
        assert floor <= gate["scores"][key], f"{key}: floor {floor} above the score it was pinned from"


def test_quality_gate_messages_name_metric_floor_and_score():
    quality = _quality()
    fails = quality.gate_failures({"quotes.all.recall": 0.41, "time.value_f1": 0.9},
                                  {"quotes.all.recall": 0.45, "time.value_f1": 0.8, "events.plv.pair_found": 0.2})
    assert fails == ["events.plv.pair_found: no score (floor 0.200)",
                     "quotes.all.recall: score 0.4100 is below its floor 0.450"]
    assert quality.new_floors({"quotes.all.recall": 0.4567}, 0.02) == {"quotes.all.recall": 0.436}


@pytest.mark.model
def test_quality_gate_sample_scores_stay_above_their_floors(eval_dir):
    quality = _quality()
    missing = [f for files, _ in quality.SETS.values() for f in files if not (eval_dir / f).is_file()]
    if missing:
        pytest.skip(f"gold files missing from {eval_dir}: {', '.join(missing)}")
    gate = json.loads(BASELINE.read_text(encoding="utf-8"))
    run = quality.collect(eval_dir, gate["sample"], baseline=False)
    scores = quality.flatten(run["ours"])
    fails = quality.gate_failures(scores, gate["floors"])
    assert not fails, "quality dropped below the pinned floors (benchmarks/eval_baseline.json):\n  " + "\n  ".join(fails)


def test_quality_gate_results_section_is_replaced_between_its_markers(tmp_path):
    quality = _quality()
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Throughput\n\nfast\n", encoding="utf-8")
    quality.write_section(f"{quality.START}\n## Quality\n\nold\n{quality.END}\n", path)
    path.write_text(path.read_text(encoding="utf-8") + "\n## Analysis speed\n\nquick\n", encoding="utf-8")
    quality.write_section(f"{quality.START}\n## Quality\n\nnew\n{quality.END}\n", path)
    text = path.read_text(encoding="utf-8")
    assert "old" not in text and text.count("## Quality") == 1 and "\nnew\n" in text
    assert text.index("## Throughput") < text.index("## Quality") < text.index("## Analysis speed")
