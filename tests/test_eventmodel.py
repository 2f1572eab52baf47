"""The shipped event-type model: it loads offline from package data, saves to the same bytes,
and codes a small hand-written set of sentences about invented actors."""
from __future__ import annotations

import json

import numpy as np
import pytest

from claimgraph.eventmodel import NONE, EventTyper
from claimgraph.eventmodel.model import WEIGHTS
from claimgraph.ontology import EVENT_TYPES

# (sentence, source, target, type): our own words about invented states, groups and people
SENTENCES = [
    ("Veltrian police arrested twelve Korvanian activists in Lisk.", "Veltrian police", "twelve Korvanian activists", "COERCE"),
    ("Marvosian jets bombed Harrow Brigades positions overnight.", "Marvosian jets", "Harrow Brigades positions", "ASSAULT"),
    ("Teluvia threatened to attack Dravenland if its troops crossed the river.", "Teluvia", "Dravenland", "THREATEN"),
    ("Quelport has vowed to annihilate the Iron Meadow Front.", "Quelport", "the Iron Meadow Front", "THREATEN"),
    ("President Ilsa Verin heads to Ostmar on Tuesday.", "President Ilsa Verin", "Ostmar", NONE),
    ("Minister Dael Farrow gave a speech in Ostmar.", "Minister Dael Farrow", "Ostmar", NONE),
    ("Sarnavia accused Korvania of funding the rebels.", "Sarnavia", "Korvania", "ACCUSE"),
    ("The Blue Lantern Movement was praised by Teluvian leaders.", "Teluvian leaders", "The Blue Lantern Movement", "SUPPORT"),
    ("Korvania imposed new sanctions on Marvosia.", "Korvania", "Marvosia", "SANCTION"),
    ("Dravenland's attack on the Quelport garrison killed nine soldiers.", "Dravenland", "the Quelport garrison", "ASSAULT"),
    ("Minister Dael Farrow met Sarnavian envoys in Lisk.", "Minister Dael Farrow", "Sarnavian envoys", "CONSULT"),
    ("Veltria sent food and medicine to Teluvia.", "Veltria", "Teluvia", "AID"),
    ("Marvosia rejected the Teluvian peace plan.", "Marvosia", "the Teluvian peace plan", "REJECT"),
    ("The Harrow Brigades called on Veltria to release their fighters.", "The Harrow Brigades", "Veltria", "REQUEST"),
    ("Korvanian troops withdrew from the Sarnavian border town.", "Korvanian troops", "the Sarnavian border town", "RETREAT"),
]


def test_eventmodel_weights_load_offline_and_are_small():
    assert WEIGHTS.exists() and WEIGHTS.stat().st_size < 5_000_000
    typer = EventTyper.load()
    assert NONE in typer.classes
    assert set(typer.classes) - {NONE} <= set(EVENT_TYPES)
    n_ng, n_pf = len(typer.featurizer.ng_vocab), len(typer.featurizer.pf_vocab)
    assert typer.w_ng.shape == (n_ng, len(typer.classes)) and typer.w_pf.shape == (n_pf, len(typer.classes))
    assert typer.w_vec.shape == (typer.featurizer.dense_dim, len(typer.classes))
    with np.load(WEIGHTS, allow_pickle=False) as z:  # no pickled objects in the file
        assert json.loads(str(z["meta"].reshape(-1)[0]))["trained_on"]["invented"] > 0


def test_eventmodel_save_gives_the_same_bytes(tmp_path):
    typer = EventTyper.load()
    typer.save(tmp_path / "a.npz")
    EventTyper.load(tmp_path / "a.npz").save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def _coded(nlp, text: str, src: str, tgt: str) -> list[str]:
    """The types of the events the whole pipeline codes between the actors of ``src`` and ``tgt``."""
    from claimgraph.evaluation.common import actor_index
    from claimgraph.evaluation.events_eval import covers
    from claimgraph.models import Document
    from claimgraph.nlp import extract_doc

    rec = extract_doc(Document(text=text, published="2024-05-02"), nlp).to_record()
    actors = actor_index(rec)
    i, j = text.find(src), text.find(tgt)
    out = []
    for ev in rec["events"]:
        a, b = actors.get(ev["source"] or ""), actors.get(ev["target"] or "")
        if covers(a, [(i, i + len(src))], text) and (covers(b, [(j, j + len(tgt))], text) or b is None):
            out.append(ev["type"])
    return out


@pytest.mark.model
def test_eventmodel_codes_invented_sentences(nlp):
    """The stage as it runs (candidates, then the shipped classifier) on sentences it was not
    trained on: the right type between the right pair, and no event where there is none."""
    wrong = []
    for text, src, tgt, want in SENTENCES:
        got = _coded(nlp, text, src, tgt)
        if (want == NONE and got) or (want != NONE and want not in got):
            wrong.append((text, want, got))
    assert not wrong


@pytest.mark.model
def test_eventmodel_one_sided_candidate():
    from claimgraph.nlp.model import load_base

    doc = load_base()("General Tomas Okkard resigned after the defeat.")
    etype, prob = EventTyper.load().predict(doc, doc[0:3], None)
    assert etype in (*EVENT_TYPES, NONE) and 0.0 < prob <= 1.0
    with pytest.raises(ValueError):
        EventTyper.load().predict(doc, None, None)
