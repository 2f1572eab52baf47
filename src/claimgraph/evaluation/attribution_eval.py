"""Score who says what, and who asserts each event, on ``tests/data/attribution_invented.jsonl``.

The set is ours: short invented articles about fictional states, groups and people, one for
each construction of attribution (``CONSTRUCTIONS``: "X said", "said X", "according to X", a
quote over several paragraphs, "he said" after a paragraph break, an unnamed source, a cited
report, a claim relayed by an outlet, a dateline or a place that must not speak, an event with
no frame, accusations and denials, ...). Unlike the other scorers it needs no ``../shared``:
the file is in the repository.

Gold names everything by **substrings** of the article, never by offsets. A quote's
``content`` occurs exactly once; a name (``speaker``, an event's ``source``, ``target``,
``attributed_to``, ``via``, an item's ``denies``) stands for every occurrence of it as whole
words ("Korvania" in "Korvania's", not in "Korvanian"), so the gold does not have to say which
mention is meant. A speaker is the named person or body the cue resolves to: the earlier full
name for "he said" or "the minister said", the ministry for "the statement said".

Rules:

- **Actor covers a name**: as in ``events_eval.covers``: a mention of the actor overlaps an
  occurrence of the name, or a name or alias of the actor (not a pronoun) has all its words
  (``common.name_words``) among the words of the gold name. A ``via`` the record gives as text
  rather than an actor id covers the gold when one's words are all among the other's.
- **Quote found** (content recall): the SPEC's quote match (``quotes_eval.match_quotes``): a
  predicted quote covers at least half of the gold content's word tokens, one-to-one, largest
  overlap first; pieces of a quote split at a paragraph join its match.
- **Speaker right** (over found quotes, the main match of each): for a gold speaker, the
  predicted quote's ``speaker`` actor covers it; for a gold ``null`` (an unnamed or passive
  source: "officials said", "Residents have been warned"), the prediction names no one: it
  has neither a speaker actor nor a ``speaker_text``, or its ``speaker_kind`` is "unnamed" (a
  dateline's place given as ``speaker_text`` alone is a wrong speaker). A ``speaker_text``
  that no actor backs never covers a gold speaker.
- **Event pair found**: a predicted event whose source covers the gold source and whose target
  covers the gold target (direction counts; a gold ``null`` target constrains nothing).
  Matching is one-to-one; a gold event takes, of the predictions that find its pair, the one
  agreeing with it on most of the three fields below (then the first).
- Over found events: **attributed_to** is right when both are null, or the predicted actor
  covers the gold name (RECORDS: null for the outlet's own claim, an unnamed source tied to no actor, or a
  channel alone, so an actor there is wrong); **via** likewise; **source_kind** is right when
  equal; **all three** when all are.
- **Item fully right**: every gold quote found with the right speaker and every gold event
  found with all three right. Reported per construction as the share of its items.
- **Denial answered** (items with ``denies``, the accuser's name): some predicted event of type
  REJECT has a target that covers the accuser.

Precision is not measured: the gold lists only the quotes and events an annotator is sure of.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import actor_index, invented_set_main, match_one_to_one, name_words, ratio, score_invented_set
from .events_eval import covers
from .quotes_eval import match_quotes

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "tests" / "data" / "attribution_invented.jsonl"

#: The constructions the set covers; every item names one.
CONSTRUCTIONS = (
    "X said",
    "said X",
    "X, who ..., said",
    "X told Y",
    "according to X",
    "X was quoted as saying",
    "in a statement",
    "X wrote on social media",
    "colon introduction",
    "multi-paragraph quote",
    "pronoun after paragraph break",
    "nominal speaker",
    "unnamed source",
    "cited report",
    "relayed claim",
    "outlet reported",
    "dateline",
    "place not speaker",
    "no frame",
    "accusation",
    "denial",
)
SOURCE_KINDS = ("outlet", "named", "unnamed", "report")
FIELDS = ("attributed_to", "via", "source_kind")


# ---------------------------------------------------------------- loading and locating


def load(path: Path | str | None = None) -> list[dict]:
    path = Path(path) if path is not None else DEFAULT_PATH
    if not path.is_file():
        raise FileNotFoundError(
            f"attribution test set not found at {path}: it ships in the repository as "
            "tests/data/attribution_invented.jsonl (run from a source checkout, or pass eval_path)"
        )
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def find_spans(text: str, sub: str | None) -> list[tuple[int, int]]:
    """Every occurrence of ``sub`` in ``text`` as whole words (any occurrence when none is)."""
    if not sub:
        return []
    left = r"(?<!\w)" if re.match(r"\w", sub) else ""
    right = r"(?!\w)" if re.search(r"\w$", sub) else ""
    spans = [m.span() for m in re.finditer(left + re.escape(sub) + right, text)]
    return spans or [m.span() for m in re.finditer(re.escape(sub), text)]


def gold_quotes(item: dict) -> list[dict]:
    text = item["text"]
    out = []
    for q in item.get("quotes") or ():
        i = text.find(q["content"])
        out.append({
            "spans": [(i, i + len(q["content"]))] if i >= 0 else [],
            "direct": bool(q.get("direct")),
            "speaker": q.get("speaker"),
            "speaker_spans": find_spans(text, q.get("speaker")),
        })
    return out


def pred_quotes(record: dict) -> list[dict]:
    actors = actor_index(record)
    return [{
        "spans": [(q["start"], q["end"])],
        "direct": bool(q.get("direct")),
        "actor": actors.get(q.get("speaker") or ""),
        "speaker_text": q.get("speaker_text"),
        "speaker_kind": q.get("speaker_kind"),
    } for q in record.get("quotes") or ()]


# ---------------------------------------------------------------- rules


def names_no_one(pred: dict) -> bool:
    """The predicted quote names no speaker: neither an actor nor a ``speaker_text``, or a
    speaker it calls unnamed ("Veltrian officials")."""
    if pred.get("speaker_kind") == "unnamed":
        return True
    return pred.get("actor") is None and not pred.get("speaker_text")


def speaker_right(gold: dict, pred: dict, text: str) -> bool:
    if not gold.get("speaker"):
        return names_no_one(pred)
    return covers(pred.get("actor"), gold["speaker_spans"], text)


def ref_covers(ref: str | None, actors: dict[str, dict], gold: str | None, text: str) -> bool:
    """Is a record's ``attributed_to``/``via`` (an actor id, else text) right for the gold name?"""
    if not gold:
        return ref is None
    if ref is None:
        return False
    if ref in actors:
        return covers(actors[ref], find_spans(text, gold), text)
    got, want = set(name_words(ref)), set(name_words(gold))
    return bool(got and want) and (got <= want or want <= got)


def field_checks(gold: dict, ev: dict, actors: dict[str, dict], text: str) -> dict[str, bool]:
    return {
        "attributed_to": ref_covers(ev.get("attributed_to"), actors, gold.get("attributed_to"), text),
        "via": ref_covers(ev.get("via"), actors, gold.get("via"), text),
        "source_kind": ev.get("source_kind") == gold.get("source_kind"),
    }


def finds_pair(gold: dict, ev: dict, actors: dict[str, dict], text: str) -> bool:
    src = actors.get(ev.get("source") or "")
    if not covers(src, find_spans(text, gold["source"]), text):
        return False
    if gold.get("target") is None:
        return True
    return covers(actors.get(ev.get("target") or ""), find_spans(text, gold["target"]), text)


def _actor_label(actor: dict | None) -> str | None:
    return actor.get("name") if actor else None


def _ref_label(ref: str | None, actors: dict[str, dict]) -> str | None:
    if ref is None:
        return None
    return actors[ref].get("name") if ref in actors else ref


# ---------------------------------------------------------------- judging one item


def judge(item: dict, record: dict) -> dict:
    """Per-item verdict: each gold quote and event with what was found and what was right."""
    text = item["text"]
    actors = actor_index(record)

    golds = gold_quotes(item)
    preds = pred_quotes(record)
    main: dict[int, int] = {}
    for pi, gi in match_quotes(preds, golds, text):
        main.setdefault(gi, pi)
    quotes = []
    for gi, (g, raw) in enumerate(zip(golds, item.get("quotes") or (), strict=True)):
        pi = main.get(gi)
        p = preds[pi] if pi is not None else None
        quotes.append({
            "content": raw["content"],
            "gold_speaker": g["speaker"],
            "found": p is not None,
            "speaker_right": p is not None and speaker_right(g, p, text),
            "predicted_speaker": (_actor_label(p["actor"]) or p["speaker_text"]) if p else None,
            "predicted_speaker_kind": p["speaker_kind"] if p else None,
        })

    gold_events = list(item.get("events") or ())
    pred_events = list(record.get("events") or ())
    cands = []
    checks: dict[tuple[int, int], dict[str, bool]] = {}
    for gi, g in enumerate(gold_events):
        for pi, ev in enumerate(pred_events):
            if finds_pair(g, ev, actors, text):
                c = field_checks(g, ev, actors, text)
                checks[pi, gi] = c
                cands.append((sum(c.values()) - pi * 1e-6, pi, gi))
    chosen = {gi: pi for pi, gi in match_one_to_one(cands)}
    events = []
    for gi, g in enumerate(gold_events):
        pi = chosen.get(gi)
        v: dict[str, Any] = {"gold": g, "found": pi is not None}
        if pi is not None:
            ev = pred_events[pi]
            v.update(checks[pi, gi])
            v["all_right"] = all(checks[pi, gi].values())
            v["predicted"] = {
                "type": ev.get("type"),
                "attributed_to": _ref_label(ev.get("attributed_to"), actors),
                "via": _ref_label(ev.get("via"), actors),
                "source_kind": ev.get("source_kind"),
            }
        else:
            v.update({f: False for f in FIELDS}, all_right=False)
        events.append(v)

    verdict: dict[str, Any] = {
        "id": item.get("id"),
        "construction": item.get("construction"),
        "quotes": quotes,
        "events": events,
    }
    if item.get("denies"):
        accuser = find_spans(text, item["denies"])
        verdict["denial_answered"] = any(
            ev.get("type") == "REJECT" and covers(actors.get(ev.get("target") or ""), accuser, text)
            for ev in pred_events
        )
    verdict["fully_right"] = all(q["found"] and q["speaker_right"] for q in quotes) and all(
        e["all_right"] for e in events
    )
    return verdict


# ---------------------------------------------------------------- scoring


def aggregate(verdicts: Sequence[dict]) -> dict[str, Any]:
    qs = [q for v in verdicts for q in v["quotes"]]
    evs = [e for v in verdicts for e in v["events"]]
    found_q = [q for q in qs if q["found"]]
    found_e = [e for e in evs if e["found"]]
    denials = [v for v in verdicts if "denial_answered" in v]
    per: dict[str, list[bool]] = defaultdict(list)
    for v in verdicts:
        per[v["construction"]].append(v["fully_right"])
    return {
        "items": len(verdicts),
        "gold_quotes": len(qs),
        "gold_events": len(evs),
        "quotes_found": len(found_q),
        "quote_content_recall": ratio(len(found_q), len(qs)),
        "quote_speaker_accuracy": ratio(sum(q["speaker_right"] for q in found_q), len(found_q)),
        "events_found": len(found_e),
        "event_pair_found": ratio(len(found_e), len(evs)),
        "attributed_to_accuracy": ratio(sum(e["attributed_to"] for e in found_e), len(found_e)),
        "via_accuracy": ratio(sum(e["via"] for e in found_e), len(found_e)),
        "source_kind_accuracy": ratio(sum(e["source_kind"] for e in found_e), len(found_e)),
        "attribution_all_right": ratio(sum(e["all_right"] for e in found_e), len(found_e)),
        "denial_items": len(denials),
        "denial_answered": ratio(sum(v["denial_answered"] for v in denials), len(denials)),
        "items_fully_right": ratio(sum(v["fully_right"] for v in verdicts), len(verdicts)),
        "per_construction": {
            c: {"items": len(per[c]), "fully_right": ratio(sum(per[c]), len(per[c]))}
            for c in [*CONSTRUCTIONS, *sorted(set(per) - set(CONSTRUCTIONS))]
            if c in per
        },
    }


def score(items: Sequence[dict], records: Sequence[dict]) -> dict[str, Any]:
    """The figures of the module docstring for gold ``items`` and their extraction records
    (``Extraction.to_record()``, or hand-made dicts with ``actors``/``quotes``/``events``)."""
    return aggregate([judge(i, r) for i, r in zip(items, records, strict=True)])


def errors(verdicts: Sequence[dict]) -> list[dict]:
    """The items not fully right, each with only the quotes and events that went wrong."""
    out = []
    for v in verdicts:
        if v["fully_right"]:
            continue
        out.append({
            "id": v["id"],
            "construction": v["construction"],
            "quotes": [q for q in v["quotes"] if not (q["found"] and q["speaker_right"])],
            "events": [e for e in v["events"] if not e["all_right"]],
        })
    return out


# ---------------------------------------------------------------- runner


def run(eval_path: Path | str | None = None, nlp=None, with_errors: bool = False) -> dict[str, Any]:
    """Run the pipeline over the set and score it; adds ``seconds`` and ``system``."""
    return score_invented_set(load(eval_path), judge, aggregate, errors, nlp, with_errors)


def main(argv: Sequence[str] | None = None) -> int:
    return invented_set_main(run, __doc__.splitlines()[0], "list the items not fully right", argv)


if __name__ == "__main__":
    raise SystemExit(main())
