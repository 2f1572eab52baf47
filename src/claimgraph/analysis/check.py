"""Evidence for and against a claim about two actors.

Supporting (never negated), each item marked with how it matches (``match``):
  "type"   the claimed PLOVER type ("funds" <- an AID event),
  "class"  the same PLOVER class (AID for "cooperates with": both material cooperation),
  "stance" the same stance only (AGREE or AFFILIATE for "cooperates with"),
and ``via`` when it concerns a branch of one of the two actors instead of the actor itself (a
gazetteer child, or an actor stored as AFFILIATE of it): "Hamas funds ISIS-Sinai Province"
bears on "Hamas cooperates with ISIS".  Direction counts, except for symmetric relations
(AGREE, CONSULT, COOPERATE, EQUATE): "Hamas funds Iran" does not support "Iran funds Hamas".

Opposing, each with ``why``:
  "opposite stance"  a hostile event against a cooperative claim or the reverse, either direction,
  "negated"          a negated event of the claimed type or class ("has never armed the Front"),
  "denial"           a REJECT concerning the pair (the store's ``pair_denial_ids`` says which),
                     or one that answers a supporting item (``answers``: "The ministry denied
                     the accusation").  A denial carries ``answers_claim``, the claim it answers
                     (who asserts it, where, its sentence), with ``answers_scope`` "document"
                     when the text ties them, or "dyad" when the denier, in a document with no
                     such claim, denies the pair's latest supporting claim from another document.

Stated intentions (``intentions``): events that are threatened, vowed, planned or conditional
(their ``mode`` holds "hypothetical" or "future": "threatened to bomb", "will attack") are no acts.
They count on neither side; each is listed apart with ``bears`` ("supporting" or "opposing": the
side it would take if it happened) and its ``match`` or ``why``.

The summary counts sources (outlets) and attributions; it states no verdict.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

from ..errors import ClaimParseError
from ..ontology import PLOVER_CLASS, SYMMETRIC, stance
from ..resources import default_gazetteer
from .claims import parse_claim
from .evidence import answered, asserters, evidence_item, is_intention, one_per_sentence, plural, sort_key

_OPPOSITE = {"cooperative": "hostile", "hostile": "cooperative"}
_MATCH_RANK = {"type": 0, "class": 1, "stance": 2}
_WHY_RANK = {"opposite stance": 0, "negated": 1, "denial": 2}


def check(store, claim: str | dict, *, limit: int | None = None) -> dict[str, Any]:
    """``{"claim": {"subject","relation","object",...}, "supporting": [E], "opposing": [E], "summary"}``.

    With ``limit``, each list holds its first ``limit`` items (in the order below) and
    ``totals`` says how many each has; the counts and the summary are always over all of them.

    ``claim`` is text ("Iran funds Hamas") or an already parsed claim (a dict with
    ``subject``, ``relation`` and ``object``, names or ids).  Raises ``ClaimParseError`` for a
    claim it cannot read and ``UnknownActor`` for an unknown actor in a parsed claim."""
    c = _as_claim(store, claim)
    a, b, rel = c["subject_id"], c["object_id"], c["relation"]
    supporting: list[dict] = []
    opposing: list[dict] = []
    intentions: list[dict] = []
    branches: dict[str, str] = {}  # branch id -> how it is related, for the "via" note
    left, right = [a], [b]
    for side, (actor, name) in enumerate(((a, c["subject"]), (b, c["object"]))):
        for br in affiliates(store, actor):
            if br["id"] not in (a, b) and br["id"] not in branches:
                branches[br["id"]] = f"{br['name']} ({br['how']}, for {name})"
                (left if side == 0 else right).append(br["id"])
    for row in store.group_events(left, right):
        ends = (row["source_id"], row["target_id"])
        if all(x in branches for x in ends):
            continue  # branch to branch: too far from the claim
        via = next((branches[x] for x in ends if x in branches), None)
        placed = _place(row, rel, subject_is_source=row["source_id"] in left)
        if placed is None:
            continue
        side, key, value = placed
        item = dict(evidence_item(row), **{key: value}, via=via)
        if is_intention(item):
            intentions.append(dict(item, bears="supporting" if side == "support" else "opposing"))
            continue
        (supporting if side == "support" else opposing).append(item)
    opposing += _denials(store, a, b, supporting)
    denials = one_per_sentence([x for x in opposing if x["why"] in ("negated", "denial")])
    opposing = [x for x in opposing if x["why"] not in ("negated", "denial")] + denials
    if c.get("negated"):
        supporting, opposing = (
            [dict(x, match=x.pop("why")) for x in opposing],
            [dict(x, why=x.pop("match")) for x in supporting],
        )
        intentions = [dict(x, bears="opposing" if x["bears"] == "supporting" else "supporting") for x in intentions]
        supporting.sort(key=lambda x: (x["via"] is not None, _WHY_RANK.get(x["match"], 9), sort_key(x)))
        opposing.sort(key=lambda x: (x["via"] is not None, _MATCH_RANK.get(x["why"], 9), sort_key(x)))
    else:
        supporting.sort(key=lambda x: (x["via"] is not None, _MATCH_RANK[x["match"]], sort_key(x)))
        opposing.sort(key=lambda x: (x["via"] is not None, _WHY_RANK[x["why"]], sort_key(x)))
    intentions.sort(key=lambda x: (x["bears"] != "supporting", x["via"] is not None, sort_key(x)))
    counts = _counts(supporting, opposing)
    counts["intentions"] = _counts(intentions, [])["supporting"]
    return {
        "claim": c,
        "supporting": supporting[:limit],
        "opposing": opposing[:limit],
        "intentions": intentions[:limit],
        "totals": {"supporting": len(supporting), "opposing": len(opposing), "intentions": len(intentions)},
        "counts": counts,
        "summary": summarize(c, supporting, opposing, intentions),
    }


def _denials(store, a: str, b: str, supporting: list[dict]) -> list[dict]:
    """The denials concerning the pair, each with the claim it answers (see the module docstring)."""
    ids = set(store.pair_denial_ids(a, b)) | set(store.denials_answering([x["event_id"] for x in supporting]))
    rows = store.events_by_ids(sorted(ids))
    claims = {r["id"]: evidence_item(r) for r in store.events_by_ids([r["answers"] for r in rows if r.get("answers")])}
    latest = _LatestClaims(supporting)
    out = []
    for row in rows:
        item = dict(evidence_item(row), why="denial", via=None, answers_claim=None, answers_scope=None)
        if row.get("answers") in claims:
            item.update(answers_claim=answered(claims[row["answers"]]), answers_scope="document")
        elif (claim := latest.before(item)) is not None:
            item.update(answers_claim=answered(claim), answers_scope="dyad")
        out.append(item)
    return out


class _LatestClaims:
    """The supporting items by who asserts the act (``source_actor``), to find the one a denial
    from another document answers: the latest by ``sort_key`` whose date is not after the
    denial's (an undated claim sorts last, so it wins when there is one).  Sorted once, so a pair
    with many claims and many denials costs a bisection per denial, not a pass over every claim."""

    def __init__(self, supporting: list[dict]):
        self._dated: dict[str | None, tuple[list[str], list[dict]]] = {}
        self._undated: dict[str | None, list[dict]] = {}
        for x in sorted(supporting, key=sort_key):
            if x.get("date"):
                dates, items = self._dated.setdefault(x["source_actor"], ([], []))
                dates.append(x["date"])
                items.append(x)
            else:
                self._undated.setdefault(x["source_actor"], []).append(x)

    def before(self, denial: dict) -> dict | None:
        for x in reversed(self._undated.get(denial["source_actor"], ())):
            if x["doc_id"] != denial["doc_id"]:
                return x
        dates, items = self._dated.get(denial["source_actor"], ((), ()))
        for k in range(bisect_right(dates, denial.get("date") or "9999") - 1, -1, -1):
            if items[k]["doc_id"] != denial["doc_id"]:
                return items[k]
        return None


def affiliates(store, actor_id: str, limit: int = 8) -> list[dict[str, Any]]:
    """Branches of an actor, at most ``limit``: gazetteer children (``parent``) that are in the
    store first, then actors stored as AFFILIATE of it (not negated), those called so in the
    most documents first.  Each row: id, name, how."""
    out: dict[str, dict[str, Any]] = {}
    kids = [e.id for e in default_gazetteer().entries.values() if e.parent == actor_id]
    for r in store.actors_by_ids(kids).values():
        out[r["id"]] = {"id": r["id"], "name": r["name"], "how": "a branch in the gazetteer"}
    for r in store.affiliates_of(actor_id, limit):
        how = f"called an affiliate in {r['docs']} document{'s' if r['docs'] != 1 else ''}"
        out.setdefault(r["id"], {"id": r["id"], "name": r["name"], "how": how})
    return list(out.values())[:limit]


def _as_claim(store, claim: str | dict) -> dict[str, Any]:
    if isinstance(claim, str):
        return parse_claim(store, claim)
    s = store.find_actor(claim.get("subject_id") or claim["subject"])
    o = store.find_actor(claim.get("object_id") or claim["object"])
    rel = str(claim["relation"]).upper()
    if rel not in PLOVER_CLASS:
        raise ClaimParseError(f"unknown relation {claim['relation']!r}; use one of {', '.join(PLOVER_CLASS)}")
    return {
        "subject": s["name"], "relation": rel, "object": o["name"], "subject_id": s["id"], "object_id": o["id"],
        "subject_text": s["name"], "object_text": o["name"], "relation_word": rel.lower(),
        "class": PLOVER_CLASS[rel], "stance": stance(rel), "negated": bool(claim.get("negated")),
        "text": claim.get("text") or f"{s['name']} {rel} {o['name']}",
    }


def _place(row: dict, rel: str, *, subject_is_source: bool) -> tuple[str, str, str] | None:
    """('support', 'match', level) | ('oppose', 'why', reason) | None for one event of the pair."""
    etype = row["type"]
    claim_stance = stance(rel)
    if etype == rel:
        level = "type"
    elif PLOVER_CLASS.get(etype) == PLOVER_CLASS[rel]:
        level = "class"
    elif claim_stance != "other" and row["stance"] == claim_stance:
        level = "stance"
    else:
        level = None
    forward = subject_is_source or rel in SYMMETRIC or etype in SYMMETRIC
    if row["negated"]:
        if level in ("type", "class") and forward:
            return "oppose", "why", "negated"
        return None
    if level and forward:
        return "support", "match", level
    if claim_stance in _OPPOSITE and row["stance"] == _OPPOSITE[claim_stance]:
        return "oppose", "why", "opposite stance"
    return None


def _counts(supporting: list[dict], opposing: list[dict]) -> dict[str, Any]:
    def side(items: list[dict]) -> dict[str, Any]:
        return {
            "items": len(items),
            "sources": len({x["source"] for x in items}),
            "documents": len({x["doc_id"] for x in items}),
            "attributions": sorted({x["attributed_to"] for x in items if x["attributed_to"]}),
            "hedged": sum(1 for x in items if x["hedged"]),
            "via_branches": sum(1 for x in items if x["via"]),
        }

    return {"supporting": side(supporting), "opposing": side(opposing)}


def summarize(claim: dict, supporting: list[dict], opposing: list[dict], intentions: list[dict] = ()) -> str:
    """One line of counts: distinct sources on each side and whom they attribute it to.
    Never a verdict: the numbers say how many sources say what, not what is true."""
    apart = ""
    if intentions:
        apart = (f" {plural(len(intentions), 'stated intention or threat', 'stated intentions or threats')}"
                 f" (hypothetical or future, not acts) {'is' if len(intentions) == 1 else 'are'} listed apart and not counted.")
    if not supporting and not opposing:
        return (f"No evidence in the store either way: no stored event between {claim['subject']} and "
                f"{claim['object']} (or their branches) bears on this claim." + apart)
    parts = [_side(supporting, "support"), _side(opposing, "oppose")]
    line = "; ".join(parts) + "."
    if claim.get("negated"):
        line += f" (The claim is negative: evidence that {claim['subject']} {claim['relation'].lower()}s {claim['object']} counts against it.)"
    return line + apart


def _side(items: list[dict], verb: str) -> str:
    if not items:
        return f"no source {verb}s it"
    by_source: dict[str, list[dict]] = {}
    for x in items:
        by_source.setdefault(x["source"], []).append(x)
    n = len(by_source)
    text = f"{plural(n, 'source')} {verb if n != 1 else verb + 's'} it"
    notes = []
    attributed_only = [s for s, xs in by_source.items() if all(x["attributed_to"] for x in xs)]
    if attributed_only:
        whom = sorted({x["attributed_to"] for s in attributed_only for x in by_source[s]})
        notes.append(f"{len(attributed_only)} of them only by attributing it to {_names(whom)}")
    notes += asserters(items)
    hedged_only = [s for s, xs in by_source.items() if all(x["hedged"] for x in xs)]
    if hedged_only:
        notes.append(f"{len(hedged_only)} only with hedging")
    kinds = {}
    for x in items:
        k = x.get("why") or x.get("match")
        kinds[k] = kinds.get(k, 0) + 1
    if "denial" in kinds:
        notes.append(plural(kinds["denial"], "denial"))
    if "negated" in kinds:
        notes.append(plural(kinds["negated"], "negated report"))
    via = sum(1 for x in items if x.get("via"))
    if via:
        notes.append(f"{via} of {plural(len(items), 'item')} through a branch")
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _names(names: list[str], n: int = 4) -> str:
    return ", ".join(names[:n]) + (f" and {len(names) - n} more" if len(names) > n else "")
