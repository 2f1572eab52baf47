"""Search over article text (SQLite FTS5), actor names, quotes and events, tolerant of typos:
a query word matches a word it begins, or one within a small edit distance (rapidfuzz), and an
article query with no hit is retried with each word replaced by the closest word the store
knows ("convoi" -> "convoy"), which the answer reports as ``corrected``."""
from __future__ import annotations

import re
import sqlite3
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import evidence_view
from ..deps import ApiError, get_store
from ..templating import doc_label, fmt_date, highlight_parts, page, safe_url

router = APIRouter(tags=["search"])


_WORD = re.compile(r"\w+", re.UNICODE)
FUZZ_MIN = 80  # rapidfuzz ratio (0-100) for a word to count as the same word misspelled


def words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def word_matches(q: str, w: str) -> bool:
    from rapidfuzz import fuzz

    return w.startswith(q) or (len(q) >= 4 and abs(len(q) - len(w)) <= 2 and fuzz.ratio(q, w) >= FUZZ_MIN)


def matches(query_words: list[str], text_words: set[str]) -> bool:
    """Every query word begins, or is a near spelling of, some word of the text."""
    return all(q in text_words or any(word_matches(q, w) for w in text_words) for q in query_words)


def _run_search(store, q: str, limit: int) -> dict[str, Any]:
    try:
        return store.search(q, limit)
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise ApiError(503, "search index missing", "this store predates the search index; open it once with write access "
                           "(e.g. `claimgraph serve` on a writable file) to build it") from exc
        raise


def search_data(store, q: str, limit: int) -> dict[str, Any]:
    q = (q or "").strip()
    if not q:
        return {"query": "", "corrected": None, "documents": [], "actors": [], "quotes": [], "events": []}
    from rapidfuzz import fuzz, process

    from ...analysis.evidence import outlet_of

    res = dict(_run_search(store, q, limit))
    qw = words(q)[:12]
    quotes, vocab = [], set()
    for r in store.quotes():
        ws = set(words(r["text"])) | set(words(r.get("speaker_name")))
        vocab |= ws
        if qw and len(quotes) < limit and matches(qw, ws):
            quotes.append({k: r.get(k) for k in ("id", "doc_id", "text", "direct", "cue", "speaker_id", "speaker_name", "source",
                                                 "published", "title", "start")} | {"published_label": fmt_date(r.get("published"), "no date")})
    events = []
    for r in store.iter_events():
        ws = set(words(r.get("sentence"))) | set(words(r.get("source_name"))) | set(words(r.get("target_name"))) | {r["type"].lower()}
        vocab |= ws
        if qw and len(events) < limit and matches(qw, ws):
            events.append(r)
    names = store.actor_names()
    for a in names:
        vocab |= set(words(a["name"]))
    for d in store.documents():
        vocab |= set(words(d.get("title")))
    res["corrected"] = None
    if not res["documents"] and qw:
        fixed = []
        for w in qw:
            best = None if w in vocab or len(w) < 4 else process.extractOne(w, vocab, scorer=fuzz.ratio, score_cutoff=FUZZ_MIN)
            fixed.append(best[0] if best else w)
        if fixed != qw:
            again = _run_search(store, " ".join(fixed), limit)
            if again["documents"]:
                res["documents"], res["corrected"] = again["documents"], " ".join(fixed)
            if not res["actors"]:
                res["actors"] = again["actors"]
    if not res["actors"] and qw:  # a misspelt name: the closest actors by name
        scored = process.extract(q, {a["id"]: a["name"] for a in names}, scorer=fuzz.WRatio, score_cutoff=85, limit=limit)
        ids = [key for _, _, key in scored]
        if ids:
            rows = {a["id"]: a for a in store.actor_rows(ids)}
            res["actors"] = [rows[i] for i in ids if i in rows]
    for d in res["documents"]:
        d["published_label"] = fmt_date(d.get("published"), "no date")
        d["outlet"] = outlet_of(d)
        d["label"] = doc_label(store, d)
        d.pop("text", None)
    res["quotes"] = quotes
    res["events"] = evidence_view.from_rows(store, events)
    return res


QQ = Query("", max_length=500, description="Words to find in article titles and text, actor names, quotes and events (typos tolerated).")
LimitQ = Query(20, ge=1, le=500)


@router.get("/api/search", summary="Search articles, actors, quotes and events (typos tolerated)")
def api_search(q: str = QQ, limit: int = LimitQ, store=Depends(get_store)):
    return search_data(store, q, limit)


@router.get("/search", include_in_schema=False)
def search_page(request: Request, q: str = QQ, limit: int = LimitQ, store=Depends(get_store)):
    data = search_data(store, q, limit)
    for d in data["documents"]:
        d["parts"] = highlight_parts(d["snippet"], [{"start": a, "end": b, "kind": "hit"} for a, b in d["highlights"]])
    return page(request, "search.html", title=f"Search: {q}" if q else "Search", data=data, q=q)
