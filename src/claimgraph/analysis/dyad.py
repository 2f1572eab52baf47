"""How two actors relate: every event between them, by stance, over time and per source."""
from __future__ import annotations

from typing import Any

from ..ontology import STANCES
from .evidence import evidence_item, is_intention, period_of, sort_key

#: the buckets each count has: the stances of acts, then negated acts, then stated intentions
BUCKETS = (*STANCES, "negated", "intentions")


def _counts() -> dict[str, int]:
    return dict.fromkeys(BUCKETS, 0)


def dyad(store, a: str, b: str, *, period: str = "year") -> dict[str, Any]:
    """Every event between ``a`` and ``b`` (any alias), in either direction.

    ``by_stance`` holds the evidence items (negated ones included, flagged); ``by_period``
    (``period`` = "year" or "month") and ``by_source`` count them.  The counts are of asserted
    events: a negated event ("Dastan has never armed the Front") is counted under ``negated``,
    not under its stance, so a denial never adds to the claim it denies; a threatened, vowed,
    planned or conditional event (``mode`` "hypothetical" or "future": "threatened to bomb") is
    counted under ``intentions``, never as an act.
    """
    if period not in ("year", "month"):
        raise ValueError(f"period must be 'year' or 'month', not {period!r}")
    ra, rb = store.find_actor(a), store.find_actor(b)
    items = sorted((evidence_item(r) for r in store.pair_events(ra["id"], rb["id"])), key=sort_key)
    by_stance: dict[str, list] = {s: [] for s in STANCES}
    by_period: dict[str, dict[str, int]] = {}
    by_source: dict[str, dict[str, int]] = {}
    totals = _counts()
    for it in items:
        stance = it["stance"] if it["stance"] in by_stance else "other"
        by_stance[stance].append(it)
        key = "intentions" if is_intention(it) else "negated" if it["negated"] else stance
        by_period.setdefault(period_of(it["date"], period), _counts())[key] += 1
        by_source.setdefault(it["source"], _counts())[key] += 1
        totals[key] += 1
    return {
        "a": ra["name"],
        "b": rb["name"],
        "a_id": ra["id"],
        "b_id": rb["id"],
        "period": period,
        "total": len(items),
        "counts": totals,
        "by_stance": by_stance,
        "by_period": dict(sorted(by_period.items(), key=lambda kv: (kv[0] == "undated", kv[0]))),
        "by_source": dict(sorted(by_source.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))),
    }
