"""Actor pairs about which the sources disagree.

A *voice* is an outlet, or an outlet quoting someone ("The Varosia Herald" and "The Varosia
Herald / Ilan Varga" are two voices).  For each pair of actors:

- the *sides*: cooperative claims (not negated) against hostile claims (not negated), when the
  two sides together come from at least two voices, so one outlet narrating a change of heart
  is not a disagreement;
- *denials*: REJECT events concerning the pair and negated cooperative events between them
  (the store's ``pair_denial_ids`` says exactly which REJECT events count), against cooperative claims.

Only acts count: an event that is threatened, vowed, planned or conditional (``mode``
"hypothetical" or "future") is on no side and no denial; such events are listed apart as
``intentions`` ("stated intentions and threats").

Score = the number of voices on the weaker side (0 without a contest) + the number of denials,
each capped by the number of cooperative voices it can contradict.  Pairs are ranked by score,
then by the amount of evidence.  The whole ranking is one SQL aggregation.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..store.rows import EventRow
from .evidence import Evidence, asserters, evidence_item, is_intention, one_per_sentence, plural, sort_key


def conflicts(store, limit: int = 20, *, max_evidence: int | None = 50,
              enrich: Callable[[list[EventRow], list[Evidence]], list[Evidence]] | None = None) -> list[dict[str, Any]]:
    """The ``limit`` most contested actor pairs, strongest disagreement first, each with the
    evidence on both sides and the denials.  Each list holds at most ``max_evidence`` items
    (``None`` = all), taken round-robin over voices so every voice is shown; ``counts`` always
    has the full numbers, and ``dyad(store, a, b)`` lists everything.  ``enrich`` turns the
    event rows of the items shown and their evidence items, all at once, into items with more
    keys, which each shown item gets (the web app's add names, highlights and links, with one
    read for the page)."""
    pairs = store.conflict_pairs(limit)
    rows: dict[int, EventRow] = {}
    plain: dict[int, Evidence] = {}  # each row's evidence item, before a list adds to it
    out = []
    for row in pairs:
        shown = store.pair_evidence(row["a"], row["b"], max_evidence, with_url=enrich is not None)
        reject_ids = [int(i) for i in (row["reject_ids"] or "").split(",") if i][: max_evidence or None]
        rejected = store.events_by_ids(sorted(set(reject_ids)), with_url=enrich is not None)
        rows.update((r["id"], r) for r in (*shown, *rejected))
        items = [evidence_item(r) for r in shown]
        rejects = [evidence_item(r) for r in rejected]
        plain.update((it["event_id"], it) for it in (*items, *rejects))
        rejects = [dict(it, why="denial") for it in rejects]
        intentions = sorted((e for e in items if is_intention(e)), key=sort_key)
        events = [e for e in items if not is_intention(e)]
        coop = sorted((e for e in events if e["stance"] == "cooperative" and not e["negated"]), key=sort_key)
        hostile = sorted((e for e in events if e["stance"] == "hostile" and not e["negated"]), key=sort_key)
        negated = [dict(e, why="negated cooperative claim") for e in events if e["stance"] == "cooperative" and e["negated"]]
        denials = sorted(one_per_sentence(negated + rejects), key=sort_key)
        out.append({
            "a": row["a_name"],
            "b": row["b_name"],
            "a_id": row["a"],
            "b_id": row["b"],
            "score": row["score"],
            "explanation": explain(row) + _who(coop, hostile),
            "counts": {
                "cooperative": row["coop_n"], "cooperative_sources": row["coop_sources"], "cooperative_voices": row["coop_voices"],
                "hostile": row["hostile_n"], "hostile_sources": row["hostile_sources"], "hostile_voices": row["hostile_voices"],
                "denials": row["denials"],
            },
            "cooperative": coop,
            "hostile": hostile,
            "denials": denials[:max_evidence] if max_evidence else denials,
            "intentions": intentions[:max_evidence] if max_evidence else intentions,
        })
    return _enriched(out, rows, plain, enrich) if enrich else out


_LISTS = ("cooperative", "hostile", "denials", "intentions")


def _enriched(out: list[dict[str, Any]], rows: dict[int, EventRow], plain: dict[int, Evidence], enrich) -> list[dict[str, Any]]:
    """Each shown item with the keys ``enrich`` makes of its row added (the item's own win)."""
    ids = list(dict.fromkeys(it["event_id"] for c in out for side in _LISTS for it in c[side]))
    made = dict(zip(ids, enrich([rows[i] for i in ids], [plain[i] for i in ids])))
    for c in out:
        for side in _LISTS:
            c[side] = [{**made[it["event_id"]], **it} for it in c[side]]
    return out


def _who(coop: list[dict], hostile: list[dict]) -> str:
    """Who asserts each side, among the items listed: " Cooperative side: 2 items attributed to
    named speakers (Ilan Varga), 1 relayed via The Varosia Times." ("" when outlets say it all)."""
    parts = [f"{name} side: {', '.join(notes)}." for name, side in (("Cooperative", coop), ("Hostile", hostile)) if (notes := asserters(side))]
    return "".join(" " + p for p in parts)


def explain(row: dict) -> str:
    """The score in words: "3 cooperative claims from 2 sources vs 4 hostile from 3; 1 denial"."""
    parts = [f"{plural(row['coop_n'], 'cooperative claim')} from {plural(row['coop_sources'], 'source')}"]
    if row["hostile_n"]:
        parts[0] += f" vs {row['hostile_n']} hostile from {row['hostile_sources']}"
    else:
        parts[0] += ", none hostile"
    if row["denials"]:
        parts.append(plural(row["denials"], "denial"))
    why = []
    if row["side_score"]:
        why.append(f"{row['side_score']} for the weaker side ({plural(min(row['coop_voices'], row['hostile_voices']), 'voice')})")
    if row["denial_score"]:
        why.append(f"{row['denial_score']} for denials against {plural(row['coop_voices'], 'cooperative voice')}")
    return "; ".join(parts) + f". Score {row['score']} = " + " + ".join(why) + "."

