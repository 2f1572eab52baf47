"""The spaCy factories: each stage declares exactly the ``Doc._`` attributes it reads and writes,
and a saved pipeline loads back with the same data and the same output."""
from __future__ import annotations

import copy
import json
import shutil

import pytest
import spacy

from claimgraph.config import DATA_DIR

TEXT = (
    "Defense Minister Ilan Varga said the Free Meridian Front, a rebel movement, attacked Dastan "
    "on Monday. The militant group denied it. \u201cWe will not retreat from the border,\u201d he said. "
    "Varosia accused Dastan of arming the FMF."
)


class Recorder(dict):
    """``doc.user_data`` that notes which keys were read and written."""

    def __init__(self, data):
        super().__init__(data)
        self.read: set = set()
        self.written: set = set()

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __setitem__(self, key, value):
        self.written.add(key)
        super().__setitem__(key, value)


def _ext(keys) -> set[str]:
    return {k[1] for k in keys if isinstance(k, tuple) and k[0] == "._." and k[2] is None}


def _declared(attrs) -> set[str]:
    return {a[len("doc._."):] for a in attrs if a.startswith("doc._.")}


@pytest.mark.model
def test_components_declare_what_they_read_and_write(nlp):
    doc = nlp.make_doc(TEXT)
    doc._.cg_anchor = "2019-09-14"
    seen: dict[str, tuple[set, set]] = {}
    for name, proc in nlp.pipeline:
        before = copy.deepcopy(dict(doc.user_data))
        rec = Recorder(doc.user_data)
        doc.user_data = rec
        doc = proc(doc)
        changed = {k for k, v in doc.user_data.items() if k not in before or before[k] != v}
        reads, writes = _ext(rec.read), _ext(rec.written | changed)
        doc.user_data = dict(doc.user_data)
        meta = nlp.get_pipe_meta(name)
        requires, assigns = _declared(meta.requires), _declared(meta.assigns)
        assert writes == assigns, f"{name} writes {sorted(writes)}, declares {sorted(assigns)}"
        assert reads <= requires | assigns, f"{name} reads {sorted(reads - requires - assigns)} undeclared"
        assert requires <= reads, f"{name} declares {sorted(requires - reads)} but never reads them"
        seen[name] = (reads, writes)
    # the text exercises every stage's writes, including the in-place ones
    assert "cg_clusters" in seen["claimgraph_coref"][1] and "cg_clusters" in seen["claimgraph_labels"][1]
    assert "cg_events" in seen["claimgraph_actors"][1]


def _records(nlp, text: str) -> list[dict]:
    from claimgraph.models import Document
    from claimgraph.nlp import extract_doc

    ex = extract_doc(Document(text=text, published="2019-09-14"), nlp)
    return json.loads(json.dumps(ex.to_record(), default=str))


@pytest.mark.model
def test_components_round_trip_through_disk(tmp_path):
    import claimgraph.nlp  # noqa: F401  (registers the factories)
    from claimgraph.nlp.components import STAGES
    from claimgraph.nlp.model import load_base

    user = tmp_path / "user"
    user.mkdir()
    (user / "gazetteer.json").write_text(json.dumps([{"id": "ninth-hand", "name": "Ninth Hand", "type": "ORG", "aliases": ["the Hand"]}]))
    dirs = [str(DATA_DIR), str(user)]
    nlp = load_base()
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    for name in STAGES:
        nlp.add_pipe(name, config={"data_dirs": dirs} if name != "claimgraph_time" else {})
    text = TEXT + " Ninth Hand fighters attacked Varosia."
    want = _records(nlp, text)
    assert any(a["id"] == "g:ninth-hand" for a in want["actors"])
    nlp.to_disk(tmp_path / "saved")
    shutil.rmtree(user)  # the saved pipeline carries its own copy of the data
    loaded = spacy.load(tmp_path / "saved")
    assert loaded.pipe_names == nlp.pipe_names
    assert _records(loaded, text) == want


def test_components_initialize_reloads_the_data(tmp_path):
    from claimgraph.nlp.actors import ActorFinder
    from claimgraph.resources import Resources

    (tmp_path / "gazetteer.json").write_text(json.dumps([{"id": "ninth-hand", "name": "Ninth Hand", "type": "ORG"}]))
    stage = ActorFinder(spacy.blank("en").vocab, Resources([DATA_DIR]))
    assert "ninth-hand" not in stage.gaz.entries
    stage.initialize(data_dirs=[DATA_DIR, tmp_path])
    assert "ninth-hand" in stage.gaz.entries and "isis" in stage.gaz.entries
