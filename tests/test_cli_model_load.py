"""Re-ingesting files whose content is stored already does not load the language model."""
from __future__ import annotations

from claimgraph.runner import LocalRunner, ingest_paths
from claimgraph.store import open_store
from test_cli_support import FakeModel, fake_model, invoke, write_articles  # noqa: F401


def test_cli_model_load_skipped_when_every_input_is_stored(tmp_path, fake_model):
    folder = write_articles(tmp_path / "in", 3)
    db = str(tmp_path / "k.db")
    first = invoke("ingest", str(folder), "--db", db, "-q")
    assert first.exit_code == 0 and fake_model == [1], first.output
    again = invoke("ingest", str(folder), "--db", db, "-q")
    assert again.exit_code == 0 and "stored 0, skipped 3" in again.output
    assert fake_model == [1]  # not loaded a second time
    (folder / "new.txt").write_text("Dastan closes its border\n\nDastan said on Friday that it had closed the border "
                                    "with Varland until further notice.\n", encoding="utf-8")
    third = invoke("ingest", str(folder), "--db", db, "-q")
    assert third.exit_code == 0 and "stored 1, skipped 3" in third.output and fake_model == [1, 1]


def test_cli_model_load_library_runner_loads_on_first_use(tmp_path, monkeypatch):
    from claimgraph.config import PIPELINE_VERSION
    from claimgraph.models import Extraction

    loads = []

    def load():
        loads.append(1)
        return FakeModel()

    def extract(self, documents):
        for doc in documents:
            yield Extraction(doc=doc, pipeline_version=PIPELINE_VERSION)

    monkeypatch.setattr(LocalRunner, "extract", extract)
    folder = write_articles(tmp_path / "in", 2)
    with open_store(str(tmp_path / "l.db")) as store:
        assert ingest_paths([folder], store, runner=LocalRunner(load=load)).stored == 2 and loads == [1]
        rep = ingest_paths([folder], store, runner=LocalRunner(load=load))
    assert rep.stored == 0 and len(rep.skipped) == 2 and loads == [1]


def test_cli_model_load_cut_text_is_recognised_without_loading_twice(tmp_path, monkeypatch, fake_model):
    """A text over the model's limit is stored cut; the rerun loads the model to cut it again
    (its limit is the model's), and skips it as stored."""
    monkeypatch.setattr(FakeModel, "max_length", 300)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("\n\n".join(f"Varland and Dastan held talks, round {i} of many, officials said today."
                                                 for i in range(20)), encoding="utf-8")
    db = str(tmp_path / "c.db")
    first = invoke("ingest", str(folder), "--db", db, "-q")
    assert first.exit_code == 0 and "over the language model's limit of 300" in first.output
    again = invoke("ingest", str(folder), "--db", db, "-q")
    assert again.exit_code == 0 and "stored 0, skipped 1" in again.output
