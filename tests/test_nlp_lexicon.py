"""The data files load, and every trigger type is in the ontology."""
import pytest

from claimgraph.nlp.lexicon import event_lexicon, speech_verbs, word_set
from claimgraph.ontology import EVENT_TYPES


def test_lexicon_types_are_in_the_ontology():
    lex = event_lexicon()
    types = {t.type for ts in lex.verbs.values() for t in ts} | {t.type for t in lex.nouns.values()}
    assert types <= set(EVENT_TYPES)
    assert set(EVENT_TYPES) - types == {"EQUATE"}  # EQUATE comes from copulas, not words


def test_lexicon_phrasal_verbs_come_first():
    call = event_lexicon().verbs["call"]
    assert call[-1].particle is None and call[0].particle is not None


def test_lexicon_speech_verbs_mark_accusatory_cues():
    sv = speech_verbs()
    assert "say" in sv.all and "accuse" in sv.accusatory and "say" not in sv.accusatory


def test_lexicon_user_data_dir_extends(tmp_path, monkeypatch):
    (tmp_path / "hedges.txt").write_text("conceivably\n")
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    word_set.cache_clear()
    try:
        assert "conceivably" in word_set("hedges.txt") and "allegedly" in word_set("hedges.txt")
    finally:
        monkeypatch.delenv("CLAIMGRAPH_DATA")
        word_set.cache_clear()


def test_lexicon_trigger_flags_are_structured():
    lex = event_lexicon()
    assert "reverse" in next(t for t in lex.verbs["receive"]).flags
    assert "links" in next(t for t in lex.verbs["link"] if t.particle is None).flags


def test_lexicon_unknown_trigger_flag_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "events.tsv").write_text("befriend\tVERB\tSUPPORT\tbackwards\n")
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    event_lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown trigger flag"):
            event_lexicon()
    finally:
        event_lexicon.cache_clear()
