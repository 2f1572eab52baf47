"""The stages look things up by position (``nlp.offsets``) so that a long article costs linear
time; each lookup here gives what the scan over the whole document it replaced gave.  The scans
are written out below, as they were, and compared on long hand-made inputs (no model)."""
from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
import spacy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from nlp_docs import BUNDLED, VOCAB, parsed

from claimgraph.models import Document, Timex
from claimgraph.nlp import reported
from claimgraph.nlp.components import paragraphs
from claimgraph.nlp.coref import _Described, _History
from claimgraph.nlp.events.attribution import frame_of
from claimgraph.nlp.events.denials import _Events
from claimgraph.nlp.extensions import EventSpan, Mention, QuoteSpan
from claimgraph.nlp.offsets import OffsetIndex
from claimgraph.nlp.pipeline import to_extraction
from claimgraph.quotemodel.cue_features import Candidate
from claimgraph.quotemodel.cues import bundled_lists
from claimgraph.synthetic import long_article
from claimgraph.nlp.timex import date_of_value


# -- the paragraphs stage ------------------------------------------------------------------------
def _paragraphs_by_setter(doc: Doc) -> Doc:
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@pytest.mark.parametrize("text", [long_article(30_000, seed=2), "", "One", "A\n\nB", "\n\nA b.\nC\n",
                                  "Varosia and Dastan: dispatch 4\nBy Ilan Varga\n\nText here. More.\n \n Last\n"])
def test_long_paragraphs_stage_sets_the_starts_the_setter_loop_set(text):
    blank = spacy.blank("en")
    assert list(paragraphs(blank(text)).to_array(SENT_START)) == list(_paragraphs_by_setter(blank(text)).to_array(SENT_START))


def test_long_paragraphs_stage_still_refuses_a_parsed_doc():
    doc = parsed("Varga spoke \n Dastan listened", heads=[1, 1, 1, 4, 4], deps=["nsubj", "ROOT", "dep", "nsubj", "ROOT"],
                 pos=["PROPN", "VERB", "SPACE", "PROPN", "VERB"])
    with pytest.raises(ValueError):
        paragraphs(doc)


# -- an event's location and date (pipeline.to_extraction) ---------------------------------------
def _location_by_scan(trig) -> str | None:
    for c in trig.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "inside"):
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "LOC", "FAC"):
                    ent = next((x for x in p.doc.ents if x.start <= p.i < x.end), None)
                    return ent.text if ent is not None else p.text
    return None


def _date_by_scan(char: int, s: int, e: int, timexes) -> tuple:
    inside = [t for t in timexes if s <= t.start and t.end <= e and t.type in ("DATE", "TIME") and date_of_value(t.value)]
    if not inside:
        return None, None, None
    best = min(inside, key=lambda t: abs(t.start - char))
    explicit = any(ch.isdigit() for ch in best.text) and len([c for c in best.text if c.isdigit()]) >= 4
    return date_of_value(best.value), best.text, "sentence" if explicit else "relative"


SENTENCES = [  # words, heads (relative to the sentence), deps, entity tags; the trigger is word 1
    ("Varga met envoys in New Karemia .".split(), [1, 1, 1, 1, 5, 3, 1], ["nsubj", "ROOT", "dobj", "prep", "compound", "pobj", "punct"],
     ["B-PERSON", "O", "O", "O", "B-GPE", "I-GPE", "O"]),
    ("Dastan shelled posts near the Saros Dam .".split(), [1, 1, 1, 1, 6, 6, 3, 1], ["nsubj", "ROOT", "dobj", "prep", "det", "compound", "pobj", "punct"],
     ["B-GPE", "O", "O", "O", "O", "B-FAC", "I-FAC", "O"]),
    ("Kallan spoke at Varosia today .".split(), [1, 1, 1, 2, 1, 1], ["nsubj", "ROOT", "prep", "pobj", "npadvmod", "punct"],
     ["B-PERSON", "O", "O", "B-GPE", "O", "O"]),
    ("Varosia sanctioned Dastan on Monday .".split(), [1, 1, 1, 1, 3, 1], ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
     ["B-GPE", "O", "B-GPE", "O", "B-DATE", "O"]),
]


def _long_parsed(n: int, seed: int = 0) -> Doc:
    import claimgraph.nlp  # noqa: F401  (registers the Doc._ attributes)

    r = random.Random(seed)
    words, heads, deps, ents = [], [], [], []
    for _ in range(n):
        w, h, d, e = r.choice(SENTENCES)
        heads += [len(words) + x for x in h]
        words += w
        deps += d
        ents += e
    return Doc(VOCAB, words=words, heads=heads, deps=deps, ents=ents)


def test_long_event_locations_and_dates_are_those_of_a_scan():
    doc = _long_parsed(400)
    sents = list(doc.sents)
    events = [EventSpan("MEET", None, None, s.start + 1, s[1].text, sent_start=s.start_char, sent_end=s.end_char) for s in sents]
    r = random.Random(1)
    timexes = []
    for s in r.sample(sents, 250):  # none in some sentences, two or three in others, one that overruns its sentence
        for _ in range(r.choice([1, 1, 2, 3])):
            start = r.randrange(s.start_char, s.end_char)
            end = min(s.end_char + r.choice([0, 0, 0, 3]), start + r.choice([0, 4, 9]))
            timexes.append(Timex(doc.text[start:end] or "x", start, end, r.choice(["DATE", "DATE", "TIME", "DURATION"]),
                                 r.choice(["2024-05-06", "2023-11", "PXW", None, "2024"])))
    timexes.sort(key=lambda t: t.start)
    doc._.cg_clusters, doc._.cg_mentions, doc._.cg_quotes, doc._.cg_events, doc._.cg_timexes = {}, [], [], events, timexes
    ex = to_extraction(doc, Document(text=doc.text))
    places = [e.location for e in ex.events]
    assert places == [_location_by_scan(doc[e.trigger]) for e in events]
    assert {"New Karemia", "Saros Dam", "Varosia", None} == set(places)  # the whole entity, not the word under "in"
    dates = [(e.date, e.date_text, e.date_origin) for e in ex.events]
    assert dates == [_date_by_scan(doc[e.trigger].idx, e.sent_start, e.sent_end, timexes) for e in events]
    assert len({d for d in dates if d[0]}) > 20


# -- coreference: the mentions a reference looks back at -----------------------------------------
def test_long_coref_history_window_is_the_scan_of_the_whole_history():
    doc = _long_parsed(300, seed=3)
    sent_index = {t.i: si for si, s in enumerate(doc.sents) for t in s}
    sent_first = [s.start for s in doc.sents]
    r = random.Random(4)
    starts = sorted(r.sample(range(len(doc) - 3), 400))
    base = [Mention(s, s + r.choice([1, 2]), f"k{r.randrange(9)}", r.choice(["name", "nominal", "sector"])) for s in starts]
    r.shuffle(base)  # the stage sorts them itself
    history = _History(base, sent_index, sent_first)
    scanned = sorted(base, key=lambda m: m.start)  # the list the stage scanned: sorted, then appended to
    described = _Described(doc, history, lambda m: m.key != "k0")
    for tok in range(0, len(doc), 3):
        here = sent_index[tok]
        for back in (1, 2, 3, 4, 5, 6):
            assert history.back(tok, back) == [m for m in scanned if m.start < tok and here - sent_index.get(m.start, 0) <= back]
        words: dict[str, set[str]] = {}
        for m in scanned:
            if m.kind == "nominal" and m.start < tok and m.key != "k0":
                words.setdefault(m.key, set()).update(t.lower_ for t in doc[m.start : m.end])
        assert described.before(tok) == words
        if r.random() < 0.3:  # a reference found here: its mention joins the history (it may start a little earlier)
            m = Mention(max(0, tok - r.choice([0, 0, 2])), tok + 1, f"k{r.randrange(9)}", r.choice(["pronoun", "nominal"]))
            history.add(m)
            scanned.append(m)


# -- the events stage: quotes around an event, and the claims a denial reaches back to ------------
def _frame_by_scan(char: int, quotes: list[QuoteSpan]) -> tuple:
    inside = sorted((q for q in quotes if q.start <= char < q.end and (q.speaker or q.speaker_text)), key=lambda q: q.end - q.start)
    said = [q for q in inside if q.cue is not None or q.direct]
    chain = said or inside
    channels = [q for q in inside if q.speaker_kind == "outlet"]
    for q in chain:
        if q.speaker_kind == "outlet":
            continue
        via = q.via or next((c.speaker or c.speaker_text for c in channels if c.end - c.start > q.end - q.start), None)
        return q.speaker, q.speaker_kind or ("named" if q.speaker else "unnamed"), via
    if channels:
        return None, "outlet", channels[0].speaker or channels[0].speaker_text
    return None, "outlet", None


def test_long_event_frames_are_those_of_a_scan_of_every_quote():
    r = random.Random(5)
    quotes = []
    for i in range(600):
        start = r.randrange(100_000)
        quotes.append(QuoteSpan(start, start + r.choice([20, 60, 200, 2000]), r.random() < 0.5, r.choice(["g:varga", "g:dastan", None]),
                                r.choice(["Varga", "officials", None]), r.choice(["said", None]), None,
                                r.choice(["named", "unnamed", "outlet", None]), r.choice([None, "g:herald"])))
    quotes.sort(key=lambda q: q.start)
    index = OffsetIndex(quotes)
    for char in range(0, 102_000, 37):
        assert frame_of(None, char, index, frozenset()) == _frame_by_scan(char, quotes)


def test_long_denials_look_at_the_sentences_they_reach_in_event_order():
    r = random.Random(6)
    sent_of = lambda i: i // 10  # noqa: E731  (ten tokens a sentence)
    events = [EventSpan(r.choice(["ACCUSE", "ASSAULT", "REJECT"]), "a", "b", r.randrange(5000), "x", answers=r.choice([None, None, 1]))
              for _ in range(700)]
    index = _Events(events, sent_of)
    for _ in range(3):  # appended denials are found too
        index.append(EventSpan("REJECT", "a", None, 777, "denied"))
    everything = events + [index[-1]] * 3
    for at in range(0, 5000, 13):
        here = sent_of(at)
        for back in (2, 3, 12):
            assert index.near(here, back) == [k for k, e in enumerate(everything) if here - back <= sent_of(e.trigger) <= here]
        assert index.open_denial(at) == next((k for k, e in enumerate(everything) if e.type == "REJECT" and e.trigger == at and e.answers is None), None)


# -- reported speech: which candidates are kept ----------------------------------------------------
def _find_by_scan(scored, thr: float, speech: frozenset[str]) -> list:
    kept = []
    rest = []
    for p, cand in sorted(scored, key=lambda pc: (-pc[0], pc[1].cue.i)):
        if p < thr or any(reported._conflict(cand, k, speech) for _, k in kept):
            rest.append((p, cand))
            continue
        kept.append((p, cand))
    for p, cand in rest:
        if p >= reported.REPORT_FLOOR and cand.config.startswith("ccomp") and any(reported._reports(k, cand, speech) for _, k in kept):
            if not any(reported._conflict(cand, k, speech) for _, k in kept):
                kept.append((p, cand))
    kept.sort(key=lambda pc: pc[1].cue.i)
    return [(c.cue.i, c.content.start, c.content.end, p) for p, c in kept]


def test_long_reported_speech_keeps_what_a_scan_of_the_kept_kept(monkeypatch):
    """Many candidates whose contents overlap, nest and head one another, over a long Doc."""
    r = random.Random(7)
    n = 3000
    words = [r.choice(["said", "reported", "claimed", "Varga", "Dastan", "troops", "that", "the", "border"]) for _ in range(n)]
    heads = [i if i % 12 == 0 else i - 1 for i in range(n)]  # twelve-token chains: every content has a root
    doc = Doc(VOCAB, words=words, heads=heads, deps=["ROOT" if i % 12 == 0 else "dep" for i in range(n)],
              lemmas=[{"said": "say", "reported": "report", "claimed": "claim"}.get(w, w.lower()) for w in words])
    cues = [i for i, w in enumerate(words) if w in ("said", "reported", "claimed")]
    scored = []
    for cue in r.sample(cues, 500):
        start = cue + r.choice([1, 1, 2, -6])
        end = min(n, max(start, 0) + r.choice([1, 3, 5, 9, 30]))
        start = max(0, start)
        scored.append((round(r.random(), 2), Candidate(doc[cue], doc[start:end], r.choice(["ccomp", "ccomp:that", "dobj"]))))
    monkeypatch.setattr(reported, "scored", lambda *a, **k: list(scored))
    lists = bundled_lists(BUNDLED)
    model = SimpleNamespace(threshold=0.5)
    got = [(x.cue.i, x.content.start, x.content.end, x.probability) for x in reported.find(doc, model, lists)]
    assert got == _find_by_scan(scored, 0.5, lists.get("speech", frozenset()))
    assert 50 < len(got) < 500  # conflicts did drop some, and reports of speech came back
