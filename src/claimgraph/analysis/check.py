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

How the counts are read.  The store counts the pair's events (the claim's actors and their
branches, either direction) by group, what places an event here (type, stance, negation, mode,
source and target: ``group_tally``), and each group is placed once.  The groups' keys, sorted into
buckets, go back to the store, which reads each group as an index range: the voices of each
bucket (outlet, attribution, kind of source, hedging, relay, with their events: ``group_voices``)
and the documents of each side (``group_documents``), and each bucket's first ``limit`` events
(``group_pages``, bounded first by a date its groups reach).  On SQLite the groups and their voices
are rows kept by triggers as events are written, curated, moved and removed (migration 18's
claim_groups and claim_voices), the pair's REJECT denials are migration 15's conflict_denials, and
a typed name's actors are counted in norm_counts; PostgreSQL counts the events when asked.  A
check so costs what its groups and voices cost, not what its events do.  The claim of the dyad a
denial answers (the denier's latest supporting claim) is looked up for the denials a page shows.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

from ..errors import ClaimParseError
from ..ontology import PLOVER_CLASS, SYMMETRIC, is_act, stance
from ..resources import default_gazetteer
from .claims import parse_claim
from .evidence import answered, asserters, evidence_item, one_per_sentence, outlet_of, plural, sort_key, weight

_OPPOSITE = {"cooperative": "hostile", "hostile": "cooperative"}
_MATCH_RANK = {"type": 0, "class": 1, "stance": 2}
_WHY_RANK = {"opposite stance": 0, "negated": 1, "denial": 2}


def check(store, claim: str | dict, *, limit: int | None = 20) -> dict[str, Any]:
    """``{"claim": {"subject","relation","object",...}, "supporting": [E], "opposing": [E], "summary"}``.

    Each list holds its first ``limit`` items (in the order below; all with None) and
    ``totals`` says how many each has; the counts and the summary are always over all of them.
    The events of the pair are counted in the store by what places them (``group_tally``: type,
    stance, negation, mode, direction), each group is placed here once, and only the items
    shown are read, so a pair with tens of thousands of events costs what its groups cost (the
    module docstring says how the store reads them).  Negated events and denials (few; one per
    sentence) are read whole.

    ``claim`` is text ("Iran funds Hamas") or an already parsed claim (a dict with
    ``subject``, ``relation`` and ``object``, names or ids).  Raises ``ClaimParseError`` for a
    claim it cannot read and ``UnknownActor`` for an unknown actor in a parsed claim."""
    c = _as_claim(store, claim)
    a, b, rel = c["subject_id"], c["object_id"], c["relation"]
    branches: dict[str, str] = {}  # branch id -> how it is related, for the "via" note
    left, right = [a], [b]
    for side, (actor, name) in enumerate(((a, c["subject"]), (b, c["object"]))):
        for br in affiliates(store, actor):
            if br["id"] not in (a, b) and br["id"] not in branches:
                branches[br["id"]] = f"{br['name']} ({br['how']}, for {name})"
                (left if side == 0 else right).append(br["id"])
    # bucket name -> group keys; "s<via><rank>" supporting, "o<via>0" opposite stance,
    # "i<bears><via>" intentions; negated acts are read whole (``negated_keys``)
    buckets: dict[str, list[str]] = {}
    negated_keys: list[str] = []
    support_keys: list[str] = []
    flip = bool(c.get("negated"))
    for g in store.group_tally(left, right):
        ends = (g["source_id"], g["target_id"])
        if all(x in branches for x in ends):
            continue  # branch to branch: too far from the claim
        via = next((branches[x] for x in ends if x in branches), None)
        placed = _place(g, rel, subject_is_source=g["source_id"] in left)
        if placed is None:
            continue
        side, key, value = placed
        v = int(via is not None)
        if not is_act((g["mode"] or "").split()):
            bears_support = (side == "support") != flip
            name = f"i{int(not bears_support)}{v}|{side}|{key}|{value}"
        elif side == "support":
            name = f"s{v}{_MATCH_RANK[value]}|support|{key}|{value}"
            support_keys.append(g["key"])
        elif value == "negated":
            negated_keys.append(g["key"])
            continue
        else:
            name = f"o{v}{_WHY_RANK[value]}|oppose|{key}|{value}"
        buckets.setdefault(name, []).append(g["key"])

    pages: dict[str, list[dict]] = {}
    for row in store.group_pages(left, right, buckets, limit):
        name = row["bucket"]
        _, side, key, value = name.split("|")
        item = dict(evidence_item(row), **{key: value}, via=_via(row, branches))
        if name[0] == "i":
            item["bears"] = "supporting" if (side == "support") != flip else "opposing"
        pages.setdefault(name, []).append(item)

    # the negated acts and the denials, whole: one per sentence
    negated = [dict(evidence_item(r), why="negated", via=_via(r, branches))
               for r in store.group_events_of(left, right, negated_keys)]
    denial_items, pending = _denials(store, a, b, left, right, support_keys)
    denials = one_per_sentence(negated + denial_items)
    voices = store.group_voices(left, right, buckets)
    docs = store.group_documents(left, right, _by_side(buckets))
    sides = {"s": [], "o": [], "i": []}
    for name in sorted(buckets):
        sides[name[0]].append(name)
    totals = {k: sum(r["n"] for r in voices if r["bucket"][0] == k) for k in sides}
    totals["o"] += len(denials)

    def first(k: str, extra: list[dict], rank) -> list[dict]:
        """The first ``limit`` items of side ``k``: each bucket's first, merged with ``extra``, sorted."""
        got = [x for name in sides[k] for x in pages.get(name, [])] + extra
        got.sort(key=rank)
        return got[:limit]

    sup_rank = lambda x: (x["via"] is not None, _MATCH_RANK[x["match"]], sort_key(x))  # noqa: E731
    opp_rank = lambda x: (x["via"] is not None, _WHY_RANK[x["why"]], sort_key(x))  # noqa: E731
    int_rank = lambda x: (x["bears"] != "supporting", x["via"] is not None, sort_key(x))  # noqa: E731
    supporting, opposing = first("s", [], sup_rank), first("o", denials, opp_rank)
    if pending:
        opposing = _with_dyad_answers(store, left, right, support_keys, opposing, negated, denial_items, pending)
    intentions = first("i", [], int_rank)
    groups = {k: [_voice_group(r) for r in voices if r["bucket"][0] == k] for k in sides}
    for k in groups:
        for g in groups[k]:
            g["via"] = _bucket_via(g.pop("bucket"))
    extra_docs = {x["doc_id"] for x in denials} - store.group_documents_among(
        left, right, [key for name in sides["o"] for key in buckets[name]], sorted({x["doc_id"] for x in denials}))
    n_docs = {"s": docs.get("s", 0), "o": docs.get("o", 0) + len(extra_docs), "i": docs.get("i", 0)}
    weighted = {"s": groups["s"], "o": groups["o"] + [dict(_voice_of(x), n=1) for x in denials], "i": groups["i"]}
    tot = {"supporting": totals["s"], "opposing": totals["o"], "intentions": totals["i"]}
    if flip:
        supporting, opposing = ([dict(x, match=x.pop("why")) for x in opposing], [dict(x, why=x.pop("match")) for x in supporting])
        weighted["s"], weighted["o"] = weighted["o"], weighted["s"]
        n_docs["s"], n_docs["o"] = n_docs["o"], n_docs["s"]
        tot["supporting"], tot["opposing"] = tot["opposing"], tot["supporting"]
    counts = {"supporting": _side_counts(weighted["s"], n_docs["s"]), "opposing": _side_counts(weighted["o"], n_docs["o"]),
              "intentions": _side_counts(weighted["i"], n_docs["i"])}
    return {
        "claim": c,
        "supporting": supporting,
        "opposing": opposing,
        "intentions": intentions,
        "totals": tot,
        "counts": counts,
        "summary": summarize(c, weighted["s"], weighted["o"], weighted["i"]),
    }


def _via(row: dict, branches: dict[str, str]) -> str | None:
    return next((branches[x] for x in (row["source_id"], row["target_id"]) if x in branches), None)


def _by_side(buckets: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, keys in buckets.items():
        out.setdefault(name[0], []).extend(keys)
    return out


def _bucket_via(bucket: str) -> bool:
    return bucket[2] == "1" if bucket[0] == "i" else bucket[1] == "1"


def _voice_group(r: dict) -> dict[str, Any]:
    """A row of ``group_voices`` as a weighted item: what the counts and the summary read of an item."""
    _, _, key, value = r["bucket"].split("|")
    return {
        "bucket": r["bucket"], "n": r["n"], "source": outlet_of(r), "attributed_to": r["attributed_name"],
        "source_kind": r["source_kind"] or ("named" if r["attributed"] else "outlet"), "relayed_via": r["via_name"],
        "hedged": bool(r["hedged"]), key: value,
    }


def _voice_of(x: dict) -> dict[str, Any]:
    return {k: x.get(k) for k in ("source", "attributed_to", "source_kind", "relayed_via", "hedged", "why", "match", "via")}


def _side_counts(items: list[dict], documents: int) -> dict[str, Any]:
    """``_counts`` of one side from weighted items (``n`` each)."""
    return {
        "items": sum(x["n"] for x in items),
        "sources": len({x["source"] for x in items}),
        "documents": documents,
        "attributions": sorted({x["attributed_to"] for x in items if x["attributed_to"]}),
        "hedged": sum(x["n"] for x in items if x["hedged"]),
        "via_branches": sum(x["n"] for x in items if x["via"]),
    }


def _denials(store, a: str, b: str, left: list[str], right: list[str], support_keys: list[str]) -> tuple[list[dict], dict[int, dict]]:
    """The denials concerning the pair, each with the claim its document ties it to (see the
    module docstring), and the rows of those with none (event id -> row), whose claim of the
    dyad ``_with_dyad_answers`` looks up for the ones shown; ``support_keys``: the groups of the
    supporting events (``group_tally``)."""
    ids = set(store.pair_denial_ids(a, b)) | set(store.group_denials_answering(left, right, support_keys))
    rows = store.events_by_ids(sorted(ids))
    claims = {r["id"]: evidence_item(r) for r in store.events_by_ids([r["answers"] for r in rows if r.get("answers")])}
    out, pending = [], {}
    for row in rows:
        item = dict(evidence_item(row), why="denial", via=None, answers_claim=None, answers_scope=None)
        if row.get("answers") in claims:
            item.update(answers_claim=answered(claims[row["answers"]]), answers_scope="document")
        else:
            pending[row["id"]] = row
        out.append(item)
    return out, pending


def _with_dyad_answers(store, left: list[str], right: list[str], support_keys: list[str], page: list[dict],
                       negated: list[dict], denial_items: list[dict], pending: dict[int, dict]) -> list[dict]:
    """``page`` (the opposing items shown) with each denial's claim of the dyad: the latest
    supporting claim of the denier from another document (``_LatestClaims``), looked up for the
    denials of the sentences shown only, where reading the claims of every denier read most of
    the pair's supporting events.  Which items a page holds, and in what order, does not depend
    on these claims; the items of those sentences are made again from their denials, so they are
    what looking up every claim would give."""
    shown = {(x["doc_id"], x["sentence"]) for x in page if x.get("why") in ("negated", "denial")}
    rows = [r for r in pending.values() if (r["doc_id"], r["sentence"]) in shown]
    if not rows:
        return page
    latest = _LatestClaims(store.group_claim_dates(left, right, support_keys, sorted({r["source_id"] for r in rows if r.get("source_id")})))
    answers = {r["id"]: latest.before(r) for r in rows}
    found = {r["id"]: r for r in store.events_by_ids([x for x in answers.values() if x is not None])}
    items = []
    for x in negated + denial_items:
        if (x["doc_id"], x["sentence"]) not in shown:
            continue
        if x.get("why") == "denial" and (claim := found.get(answers.get(x["event_id"]))) is not None:
            x = dict(x, answers_claim=answered(evidence_item(claim)), answers_scope="dyad")
        items.append(x)
    again = {(x["doc_id"], x["sentence"]): x for x in one_per_sentence(items)}
    return [again[(x["doc_id"], x["sentence"])] if x.get("why") in ("negated", "denial") else x for x in page]


class _LatestClaims:
    """The supporting events (``event_id``, ``source_id``, ``doc_id``, ``date``, ``published``) by
    their source, to find the one a denial from another document answers: the latest by
    ``sort_key`` whose date is not after the denial's (an undated claim sorts last, so it wins
    when there is one).  Sorted once: a bisection per denial."""

    def __init__(self, claims: list[dict]):
        self._dated: dict[str | None, tuple[list[str], list[dict]]] = {}
        self._undated: dict[str | None, list[dict]] = {}
        for x in sorted(claims, key=sort_key):
            if x.get("date"):
                dates, items = self._dated.setdefault(x["source_id"], ([], []))
                dates.append(x["date"])
                items.append(x)
            else:
                self._undated.setdefault(x["source_id"], []).append(x)

    def before(self, denial: dict) -> int | None:
        """The event id of the claim ``denial`` (an event row) answers, or None."""
        for x in reversed(self._undated.get(denial.get("source_id"), ())):
            if x["doc_id"] != denial["doc_id"]:
                return x["event_id"]
        dates, items = self._dated.get(denial.get("source_id"), ((), ()))
        for k in range(bisect_right(dates, denial.get("date") or "9999") - 1, -1, -1):
            if items[k]["doc_id"] != denial["doc_id"]:
                return items[k]["event_id"]
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


def summarize(claim: dict, supporting: list[dict], opposing: list[dict], intentions: list[dict] = ()) -> str:
    """One line of counts: distinct sources on each side and whom they attribute it to.
    Never a verdict: the numbers say how many sources say what, not what is true."""
    apart = ""
    if intentions:
        apart = (f" {plural(weight(intentions), 'stated intention or threat', 'stated intentions or threats')}"
                 f" (hypothetical or future, not acts) {'is' if weight(intentions) == 1 else 'are'} listed apart and not counted.")
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
    kinds: dict[str, int] = {}
    for x in items:
        k = x.get("why") or x.get("match")
        kinds[k] = kinds.get(k, 0) + x.get("n", 1)
    if "denial" in kinds:
        notes.append(plural(kinds["denial"], "denial"))
    if "negated" in kinds:
        notes.append(plural(kinds["negated"], "negated report"))
    via = weight(x for x in items if x.get("via"))
    if via:
        notes.append(f"{via} of {plural(weight(items), 'item')} through a branch")
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _names(names: list[str], n: int = 4) -> str:
    return ", ".join(names[:n]) + (f" and {len(names) - n} more" if len(names) > n else "")
