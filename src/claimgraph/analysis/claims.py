"""Parse a short claim ("Hamas cooperates with ISIS", "Iran funds Hamas", "Hamas is ISIS") into
subject, relation and object, without a language model.

- Actors: the longest runs of words that are a stored alias (or a gazetteer alias of a stored
  actor), preferring runs with a capital letter, so "Kingdom of Dastan" beats "Dastan".
- Relation: the words between the two actors (else after them: "Hamas and ISIS cooperate")
  looked up in the trigger lexicon (``data/events.tsv``) after simple lemmatisation
  (funds/funded/funding -> fund, supplies -> supply, met -> meet).  A few words mean something
  else in a claim than in news text and are overridden (``CLAIM_WORDS``: "linked to" is
  cooperation here, an accusation there).  A form of "to be" with nothing else is EQUATE.
- "not"/"never"/"n't" make the claim negative; "was attacked by" is read as passive.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import ClaimParseError
from ..resources import default_resources, event_lexicon
from ..ontology import event_class, stance
from ..textutil import norm_name
from ..resolve.names import actors_by_norm

_WORDS = "words_claims.tsv"


def _pairs(key: str) -> dict[str, str]:
    return dict(e.split(None, 1) for e in default_resources().word_list(_WORDS, key))


def _set(key: str) -> frozenset[str]:
    return default_resources().words(_WORDS, key)


# lemma -> type where a claim means something other than the news lexicon's sense, or the
# lexicon lacks the word; the word lists are data (data/words_claims.tsv)
CLAIM_WORDS = {k: v.upper() for k, v in _pairs("claim_words").items()}
COPULA = _set("copula")
NEGATION = _set("negation")
SKIP = _set("skip")
_DETERMINERS = _set("determiners")
_IRREGULAR = _pairs("irregular")
_STRIP = "\"'“”‘’,.;:!?()[]{}"
_UPPER = re.compile(r"[A-Z]")


def lemmas(word: str) -> list[str]:
    """Candidate lemmas of an English verb or noun form, most likely first (no model needed)."""
    w = word.lower()
    out = [w]
    if w in _IRREGULAR:
        out.append(_IRREGULAR[w])
    if w.endswith("ies") or w.endswith("ied"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        out.append(w[:-1])
    if w.endswith("ed"):
        out += [w[:-2], w[:-1]]
        if len(w) > 4 and w[-3] == w[-4]:
            out.append(w[:-3])
    if w.endswith("ing") and len(w) > 5:
        out += [w[:-3], w[:-3] + "e"]
        if w[-4] == w[-5]:
            out.append(w[:-4])
    return list(dict.fromkeys(out))


def _tokens(claim: str) -> list[str]:
    out = []
    for raw in claim.split():
        t = raw.strip(_STRIP)
        if t.lower().endswith(("'s", "’s")) and len(t) > 2:
            t = t[:-2]
        if t:
            out.append(t)
    return out


def _find_actors(store, toks: list[str]) -> list[dict[str, Any]]:
    spans = []
    for i in range(len(toks)):
        for j in range(i + 1, min(len(toks), i + 8) + 1):
            spans.append((i, j, norm_name(" ".join(toks[i:j]))))
    known = actors_by_norm(store, [s[2] for s in spans])
    lex = event_lexicon()

    def ordinary(n: str) -> bool:  # a run of plain words: "group", "arms", "the army"
        return all(w in SKIP or w in lex.verbs or w in lex.nouns or any(x in CLAIM_WORDS for x in lemmas(w)) for w in n.split())

    def pick(strict: bool) -> list[dict[str, Any]]:
        cands = [(i, j, n) for i, j, n in spans if n in known and (not strict or _UPPER.search(" ".join(toks[i:j])))
                 and (strict or not ordinary(n))]
        cands.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        taken: set[int] = set()
        chosen = []
        for i, j, n in cands:
            if taken.intersection(range(i, j)):
                continue
            taken.update(range(i, j))
            chosen.append({"start": i, "end": j, "text": " ".join(toks[i:j]), **known[n]})
        chosen.sort(key=lambda c: c["start"])
        distinct: list[dict[str, Any]] = []
        for c in chosen:
            if all(c["id"] != d["id"] for d in distinct):
                distinct.append(c)
        return distinct

    found = pick(strict=True)
    if len(found) < 2:
        relaxed = pick(strict=False)
        if len(relaxed) > len(found):
            found = relaxed
    return found


def _relation(words: list[str]) -> tuple[dict[str, Any] | None, bool, list[str]]:
    """(relation, negated, words not understood) for the words of one segment of the claim."""
    lex = event_lexicon()
    cands: list[dict[str, Any]] = []
    negated = False
    copula = None
    unknown: list[str] = []
    for k, raw in enumerate(words):
        w = raw.lower()
        if w in NEGATION or w.endswith(("n't", "n’t")):
            negated = True
            continue
        if w in COPULA:
            copula = copula or raw
            continue
        nxt = words[k + 1].lower() if k + 1 < len(words) else ""
        noun_first = k > 0 and words[k - 1].lower() in _DETERMINERS
        hit = None
        for lemma in lemmas(w):
            if lemma in CLAIM_WORDS:
                hit = (CLAIM_WORDS[lemma], raw)
                break
            verb = None
            for trig in lex.verbs.get(lemma, ()):
                if trig.particle is None or trig.particle == nxt:
                    verb = trig
                    break
            noun = lex.nouns.get(w) or lex.nouns.get(lemma)
            first, second = (noun, verb) if noun_first else (verb, noun)
            trig = first or second
            if trig is not None:
                word = f"{raw} {trig.particle}" if trig.pos == "VERB" and trig.particle else raw
                hit = (trig.type, word)
                break
        if hit:
            participle = w.endswith(("ed", "en")) or w in _IRREGULAR
            passive = (participle and any(x.lower() in COPULA for x in words[max(0, k - 2) : k])
                       and any(x.lower() == "by" for x in words[k + 1 :]))
            cands.append({"type": hit[0], "word": hit[1], "passive": passive})
        elif w not in SKIP:
            unknown.append(raw)
    if not cands:
        if copula:
            return {"type": "EQUATE", "word": copula, "passive": False}, negated, unknown
        return None, negated, unknown
    # "is a branch of" beats "is"; "would like to attack" is an attack, not a likeness
    for wanted in (lambda t: t == "AFFILIATE", lambda t: t != "EQUATE", lambda t: True):
        for c in cands:
            if wanted(c["type"]):
                return c, negated, unknown
    return cands[0], negated, unknown


def parse_claim(store, claim: str) -> dict[str, Any]:
    """``{"subject", "relation", "object", ...}`` for a short claim; actors by canonical name.

    Raises ``ClaimParseError`` naming what was not understood (an unknown actor name, a missing
    second actor, or a missing or unknown relation word)."""
    text = " ".join((claim or "").split())
    if not text:
        raise ClaimParseError('the claim is empty; write it like "Hamas cooperates with ISIS"')
    toks = _tokens(text)
    actors = _find_actors(store, toks)
    if len(actors) < 2:
        raise ClaimParseError(_actor_problem(text, toks, actors))
    if len(actors) > 2:
        names = ", ".join(f'"{a["text"]}" ({a["name"]})' for a in actors)
        example = f"{actors[0]['text']} funds {actors[1]['text']}"
        raise ClaimParseError(f'the claim names more than two actors: {names}; check takes one pair, e.g. "{example}"')
    s, o = actors
    between = toks[s["end"] : o["start"]]
    segments = [between]
    if all(w.lower() in ("and", "&", ",", "or") for w in between):
        segments = [toks[o["end"] :], toks[: s["start"]]]
    rel, negated, unknown = None, False, []
    for seg in segments:
        rel, neg, unk = _relation(seg)
        negated = negated or neg
        unknown += unk
        if rel:
            break
    if rel is None:
        where = f'between "{s["text"]}" and "{o["text"]}"' if between else "in the claim"
        what = f" ({', '.join(repr(u) for u in unknown)} {'is' if len(unknown) == 1 else 'are'} not in the event lexicon)" if unknown else ""
        raise ClaimParseError(
            f"no relation word {where}{what}; use a verb such as \"cooperates with\", \"funds\", \"arms\", "
            f"\"attacks\", \"threatens\", \"meets\" or \"is\" (the words are in claimgraph/data/events.tsv)")
    subj, obj = (o, s) if rel["passive"] else (s, o)
    rtype = rel["type"]
    return {
        "subject": subj["name"],
        "relation": rtype,
        "object": obj["name"],
        "subject_id": subj["id"],
        "object_id": obj["id"],
        "subject_text": subj["text"],
        "object_text": obj["text"],
        "relation_word": rel["word"],
        "class": event_class(rtype),
        "stance": stance(rtype),
        "negated": negated,
        "text": text,
    }


def _actor_problem(text: str, toks: list[str], found: list[dict[str, Any]]) -> str:
    lex = event_lexicon()
    taken = {i for a in found for i in range(a["start"], a["end"])}
    runs: list[list[str]] = []
    for i, t in enumerate(toks):
        low = t.lower()
        plain = low in SKIP or low in COPULA or low in NEGATION or any(
            x in lex.verbs or x in lex.nouns or x in CLAIM_WORDS for x in lemmas(low))
        if i in taken or not _UPPER.search(t) or plain:
            runs.append([])
            continue
        if runs and runs[-1]:
            runs[-1].append(t)
        else:
            runs.append([t])
    unknown = [" ".join(r) for r in runs if r]
    have = ", ".join(f'"{a["text"]}" ({a["name"]})' for a in found)
    if unknown:
        names = " or ".join(f'"{u}"' for u in unknown)
        msg = f"no known actor {names} in the store"
        if found:
            msg += f" (understood {have})"
    elif found:
        msg = f'found only one actor in "{text}": {have}; a claim names two, e.g. "{found[0]["text"]} cooperates with ISIS"'
    else:
        msg = f'no known actor in "{text}"'
    return msg + "; `claimgraph actors` lists the known actors and their aliases"
