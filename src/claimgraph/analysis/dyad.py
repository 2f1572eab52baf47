"""How two actors relate: every event between them, by stance, over time and per source."""
from __future__ import annotations

from typing import Any

from ..ontology import STANCES, is_act
from .evidence import evidence_item, outlet_of, period_of

#: the buckets each count has: the stances of acts, then negated acts, then stated intentions
BUCKETS = (*STANCES, "negated", "intentions")


def _counts() -> dict[str, int]:
    return dict.fromkeys(BUCKETS, 0)


def dyad(store, a: str, b: str, *, period: str = "year", limit: int | None = None) -> dict[str, Any]:
    """Every event between ``a`` and ``b`` (any alias), in either direction.

    ``by_stance`` holds the evidence items (negated ones included, flagged), the first
    ``limit`` of each stance in evidence order (all with None), and ``by_stance_total`` how many
    each has; ``by_period`` (``period`` = "year" or "month") and ``by_source`` count them all.
    The counts are of asserted events: a negated event ("Dastan has never armed the Front") is
    counted under ``negated``, not under its stance, so a denial never adds to the claim it
    denies; a threatened, vowed, planned or conditional event (``mode`` "hypothetical" or
    "future": "threatened to bomb") is counted under ``intentions``, never as an act.  The
    counts come from the store grouped (``pair_tally``, by month and by outlet), so a pair with
    tens of thousands of events costs what its distinct combinations cost.
    """
    if period not in ("year", "month"):
        raise ValueError(f"period must be 'year' or 'month', not {period!r}")
    ra, rb = store.find_actor(a), store.find_actor(b)
    by_period: dict[str, dict[str, int]] = {}
    by_source: dict[str, dict[str, int]] = {}
    by_stance_total = dict.fromkeys(STANCES, 0)
    totals = _counts()
    for by, table in (("month", by_period), ("outlet", by_source)):
        for g in store.pair_tally(ra["id"], rb["id"], by):
            stance = g["stance"] if g["stance"] in by_stance_total else "other"
            key = "intentions" if not is_act((g["mode"] or "").split()) else "negated" if g["negated"] else stance
            table.setdefault(period_of(g["date"], period) if by == "month" else outlet_of(g), _counts())[key] += g["n"]
            if by == "month":
                by_stance_total[stance] += g["n"]
                totals[key] += g["n"]
    by_stance = {s: [evidence_item(r) for r in store.pair_events_in_order(ra["id"], rb["id"], s, limit)] if by_stance_total[s] else []
                 for s in STANCES}
    return {
        "a": ra["name"],
        "b": rb["name"],
        "a_id": ra["id"],
        "b_id": rb["id"],
        "period": period,
        "total": sum(by_stance_total.values()),
        "counts": totals,
        "by_stance": by_stance,
        "by_stance_total": by_stance_total,
        "limit": limit,
        "by_period": dict(sorted(by_period.items(), key=lambda kv: (kv[0] == "undated", kv[0]))),
        "by_source": dict(sorted(by_source.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))),
    }
