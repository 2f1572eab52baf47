"""Score the actors of each article against ``tests/data/actors_invented.jsonl``.

The set holds invented wire stories (fictional states, cities, armed groups, ministries,
people and outlets) written around the traps of actor extraction. Unlike the scorers over
``../shared/eval`` it needs nothing outside the repository. Each line is::

    {"id", "title", "text",
     "actors": [{"name", "type": PERSON|ORG|GPE|NORP, "aliases": [...], "sector": true?}],
     "places": [...], "not_actors": [...]}

Every string is a substring of ``text`` as written (case included). ``title`` is metadata;
when an article's text opens with its title line, the title is part of what is scored.

**Annotation** (issue 11): an entity is an *actor* when it acts, speaks, is acted on or is
the subject of a claim anywhere in the article; it is annotated once, as an entity, with every
other name the text gives it as ``aliases``:

- a capital used for its government ("Adrath warned") and a state's other name ("the
  Republic", "the Kingdom", "the Myrrhen Federation") are aliases of the state; so are
  "the Carrowan government" and "Yselne's government";
- a person's surname alone ("Demaris said") and a nickname ("Old Salt"), a group's short
  name or acronym ("the Front", "PSA") are aliases; descriptions ("the minister", "the
  group") and pronouns are not;
- a NORP actor's adjective is its alias ("Ennite" for the Ennites); a state's demonym is not
  ("Corvessan police" are not Corvessa), and a demonym or ideology word that only modifies
  ("Yselnian soil", "an Islamist faction", "Salvenite", "Western diplomats") is a
  ``not_actor``;
- **sector groups**: a generic group that the text ties to a named actor as one of its organs
  ("Corvessan police", "the Sundrese army", "Vellish border guards") is an actor of its own,
  type ORG, named as the text names it and marked ``"sector": true``; it is *not* an alias of
  the state. People of a nationality ("Yselnian journalists", "Myrrhenic unions") and untied
  groups ("protesters", "residents", "local officials", "gunmen") are not actors;
- a named body (a ministry, a court, an assembly) is an actor of its own, apart from its state;
- a state, city or site that only locates ("in Port Averne", "near the Tollen river", "outside
  the Ministry of Energy") is a ``place``; one that also acts somewhere is an actor;
- the dateline place (when it only locates), the outlet of a dateline or byline, the names of a
  byline, a channel ("its Bellwatch news channel") and a person named only as a source of ideas
  are ``not_actors``.

**Scoring.** Predictions are the record's actors of ``kind == "actor"`` (``Extraction.
to_record()``); sector actors (``kind == "sector"``) are left out, and a gold actor that only a
sector actor matches is reported as such beside the misses.

- A predicted actor's names are its ``name`` and ``aliases`` (pronouns dropped); an entry's
  names are its ``name`` and ``aliases`` (gold) or the string itself (places, not_actors). They
  **match exactly** when a name of each is equal under ``textutil.norm_name``, and **by words**
  when all words (``common.name_words``) of a name of one are among the words of a name of the
  other, both names being proper names (every word capitalised, bar "of", "the", "and", ...):
  "Voss" ~ "Anika Voss", "Dr. Amara Quell" ~ "Amara Quell", but "Corvessan" never meets
  "Corvessan police".
- A predicted actor is judged by its closest entry: an exact match beats a match by words, so
  "Adrath Press" is the byline outlet (a not_actor), not the government called "Adrath". It is
  a candidate for a gold actor it matches at least as closely as any place or not_actor.
- Gold and predicted actors are paired one-to-one, best candidates first (exact before by
  words, the predicted ``name`` itself before an alias and the gold's own name before its
  aliases, then more shared words).
- **actor precision** = paired predictions / predictions; **actor recall** = paired gold /
  gold;
- **split actors**: gold actors that, beside their pair, are the best candidate of another
  prediction left unpaired (the pipeline made two actors of one: "Anika Demaris" and
  "Demaris", "Corvessa" and "Adrath");
- every unpaired prediction is one of: a **duplicate** (of a split actor), a **place listed as
  actor** (closest entry a place), **noise** (closest entry a not_actor) or **other** (matches
  nothing annotated); a tie between a place and a not_actor counts as a place.

Counts are summed over the articles (micro-average) and the rates taken over the sums;
``per_article`` gives each article's counts. ``sector_*`` repeat recall over the gold sector
groups alone, and ``recall_named`` over the rest.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..textutil import norm_name
from .common import invented_set_main, is_pronoun, match_one_to_one, name_words, prf, ratio, score_invented_set

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "tests" / "data" / "actors_invented.jsonl"

TYPES = ("PERSON", "ORG", "GPE", "NORP")
#: Lower-case words a proper name may contain ("Sons of the Black Marsh").
JOINERS = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "al", "el", "van", "von", "bin", "ibn"})

EXACT = 2
BY_WORDS = 1


# ---------------------------------------------------------------- loading


def load(path: Path | str | None = None) -> list[dict]:
    path = Path(path) if path is not None else DEFAULT_PATH
    if not path.is_file():
        raise FileNotFoundError(
            f"actor test set not found at {path}: it ships in the repository as "
            "tests/data/actors_invented.jsonl (run from a source checkout, or pass path)"
        )
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---------------------------------------------------------------- matching names


def names_of(entry: dict | str) -> list[str]:
    """The names an actor (gold or predicted) or a place/not_actor string goes by."""
    if isinstance(entry, str):
        raw: Iterable[str | None] = (entry,)
    else:
        raw = (entry.get("name"), *(entry.get("aliases") or ()))
    out: list[str] = []
    for n in raw:
        if n and not is_pronoun(n) and norm_name(n) and n not in out:
            out.append(n)
    return out


def is_proper(name: str) -> bool:
    """Every word capitalised (or a digit, or a joiner such as "of"): "People's Salt Army",
    "Aurel III", "PORT AVERNE"; not "Corvessan police" or "Yselne's government"."""
    words = name_words(name, lower=False)
    if not words or not any(w[:1].isupper() for w in words):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in JOINERS for w in words)


def closeness(a: Sequence[str], b: Sequence[str]) -> tuple[int, float]:
    """How closely two name lists match: ``(EXACT | BY_WORDS | 0, share of shared words)``."""
    na = {norm_name(x) for x in a}
    if na & {norm_name(y) for y in b}:
        return EXACT, 1.0
    best = 0.0
    for x in a:
        if not is_proper(x):
            continue
        wx = set(name_words(x))
        for y in b:
            if not is_proper(y):
                continue
            wy = set(name_words(y))
            if wx and wy and (wx <= wy or wy <= wx):
                best = max(best, len(wx & wy) / len(wx | wy))
    return (BY_WORDS, best) if best else (0, 0.0)


def _pair_score(pred: dict, gold: dict, level: int, share: float) -> float:
    """Order of the one-to-one pairing: exact before by words; the predicted ``name`` itself
    before an alias, and the gold's own name before its aliases; then more shared words."""
    name = pred.get("name") or ""
    own = bool(name) and closeness([name], names_of(gold))[0] == EXACT
    canonical = bool(name) and norm_name(name) == norm_name(gold["name"])
    return level + (0.5 if own else 0.0) + (0.25 if canonical else 0.0) + share / 8


def predicted_actors(record: dict) -> list[dict]:
    return [a for a in record.get("actors") or () if a.get("kind", "actor") == "actor"]


def sector_actors(record: dict) -> list[dict]:
    return [a for a in record.get("actors") or () if a.get("kind") == "sector"]


# ---------------------------------------------------------------- judging one article


def judge(item: dict, record: dict) -> dict:
    """Per-article verdict: the pairs, the misses and what each unpaired prediction is."""
    golds = list(item.get("actors") or ())
    preds = predicted_actors(record)
    gold_names = [names_of(g) for g in golds]
    negatives = [("place", p) for p in item.get("places") or ()] + [("noise", n) for n in item.get("not_actors") or ()]

    cands: list[tuple[float, int, int]] = []
    best_gold: dict[int, tuple[float, int]] = {}
    closest_negative: dict[int, tuple[int, str, str]] = {}
    for pi, p in enumerate(preds):
        pn = names_of(p)
        neg_level, neg_kind, neg_name = 0, "", ""
        for kind, s in negatives:  # places first: on a tie the place stays
            level, _ = closeness(pn, [s])
            if level > neg_level:
                neg_level, neg_kind, neg_name = level, kind, s
        if neg_level:
            closest_negative[pi] = (neg_level, neg_kind, neg_name)
        for gi, gn in enumerate(gold_names):
            level, share = closeness(pn, gn)
            if level and level >= neg_level:
                sc = _pair_score(p, golds[gi], level, share)
                cands.append((sc, pi, gi))
                if pi not in best_gold or sc > best_gold[pi][0]:
                    best_gold[pi] = (sc, gi)

    pairs = match_one_to_one(cands)
    paired_p = {pi: gi for pi, gi in pairs}
    paired_g = {gi: pi for pi, gi in pairs}

    duplicates: dict[int, list[int]] = {}
    false_positives = []
    counts = {"duplicate": 0, "place": 0, "noise": 0, "other": 0}
    for pi, p in enumerate(preds):
        if pi in paired_p:
            continue
        fp = {"name": p.get("name"), "type": p.get("type")}
        if pi in best_gold:
            gi = best_gold[pi][1]
            duplicates.setdefault(gi, []).append(pi)
            fp.update(why="duplicate", of=golds[gi]["name"])
            counts["duplicate"] += 1
        elif pi in closest_negative:
            _, kind, s = closest_negative[pi]
            fp.update(why=kind, entry=s)
            counts[kind] += 1
        else:
            fp["why"] = "other"
            counts["other"] += 1
        false_positives.append(fp)

    sectors = sector_actors(record)
    misses = []
    for gi, g in enumerate(golds):
        if gi in paired_g:
            continue
        miss: dict[str, Any] = {"name": g["name"], "type": g.get("type")}
        if g.get("sector"):
            miss["sector"] = True
        as_sector = [s.get("name") for s in sectors if closeness(names_of(s), gold_names[gi])[0]]
        if as_sector:
            miss["found_as_sector"] = as_sector
        misses.append(miss)

    split = sorted(gi for gi in duplicates if gi in paired_g)
    return {
        "id": item.get("id"),
        "gold": len(golds),
        "predicted": len(preds),
        "matched": len(pairs),
        "split": len(split),
        "places": counts["place"],
        "noise": counts["noise"],
        "duplicates": counts["duplicate"],
        "other": counts["other"],
        "sector_gold": sum(1 for g in golds if g.get("sector")),
        "sector_matched": sum(1 for gi in paired_g if golds[gi].get("sector")),
        "sector_found_as_sector": sum(1 for m in misses if m.get("sector") and m.get("found_as_sector")),
        "pairs": [{"gold": golds[gi]["name"], "predicted": preds[pi].get("name")} for pi, gi in pairs],
        "split_actors": [
            {"gold": golds[gi]["name"], "predicted": [preds[pi].get("name") for pi in (paired_g[gi], *duplicates[gi])]}
            for gi in split
        ],
        "false_positives": false_positives,
        "misses": misses,
    }


# ---------------------------------------------------------------- scoring


_COUNTS = ("gold", "predicted", "matched", "split", "places", "noise", "duplicates", "other")


def aggregate(verdicts: Sequence[dict]) -> dict[str, Any]:
    tot = {k: sum(v[k] for v in verdicts) for k in (*_COUNTS, "sector_gold", "sector_matched", "sector_found_as_sector")}
    p = prf(tot["matched"], tot["predicted"], tot["gold"])
    named_gold = tot["gold"] - tot["sector_gold"]
    return {
        "articles": len(verdicts),
        "gold_actors": tot["gold"],
        "predicted_actors": tot["predicted"],
        "matched": tot["matched"],
        "actor_precision": p["precision"],
        "actor_recall": p["recall"],
        "actor_f1": p["f1"],
        "split_actors": tot["split"],
        "split_rate": ratio(tot["split"], tot["gold"]),
        "duplicates": tot["duplicates"],
        "places_as_actors": tot["places"],
        "places_as_actors_rate": ratio(tot["places"], tot["predicted"]),
        "noise": tot["noise"],
        "noise_rate": ratio(tot["noise"], tot["predicted"]),
        "other_false_positives": tot["other"],
        "recall_named": ratio(tot["matched"] - tot["sector_matched"], named_gold),
        "sector_gold": tot["sector_gold"],
        "sector_recall": ratio(tot["sector_matched"], tot["sector_gold"]),
        "sector_found_as_sector": tot["sector_found_as_sector"],
        "per_article": {
            v["id"]: {
                **{k: v[k] for k in _COUNTS},
                "precision": ratio(v["matched"], v["predicted"]),
                "recall": ratio(v["matched"], v["gold"]),
            }
            for v in verdicts
        },
    }


def score(items: Sequence[dict], records: Sequence[dict]) -> dict[str, Any]:
    """The figures of the module docstring for gold ``items`` and their extraction records
    (``Extraction.to_record()``, or hand-made dicts with ``actors``)."""
    return aggregate([judge(i, r) for i, r in zip(items, records, strict=True)])


def errors(verdicts: Sequence[dict]) -> list[dict]:
    """Per article with any, the false positives (each with why) and the missed gold actors."""
    return [
        {"id": v["id"], "false_positives": v["false_positives"], "misses": v["misses"], "split_actors": v["split_actors"]}
        for v in verdicts
        if v["false_positives"] or v["misses"]
    ]


# ---------------------------------------------------------------- runner


def run(path: Path | str | None = None, nlp=None, with_errors: bool = False) -> dict[str, Any]:
    """Run the pipeline over the set and score it; adds ``seconds`` and ``system``."""
    return score_invented_set(load(path), judge, aggregate, errors, nlp, with_errors)


def main(argv: Sequence[str] | None = None) -> int:
    return invented_set_main(run, __doc__.splitlines()[0], "list per article the false positives and the misses", argv)


if __name__ == "__main__":
    raise SystemExit(main())
