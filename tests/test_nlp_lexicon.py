"""The data files load, and every trigger type is in the ontology."""
from claimgraph.nlp.lexicon import EVENT_TYPES, event_lexicon, speech_verbs, stance, word_set


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


def test_lexicon_stance_follows_spec():
    assert stance("AID") == "cooperative" and stance("AFFILIATE") == "cooperative"
    assert stance("ASSAULT") == "hostile" and stance("ACCUSE") == "hostile"
    assert stance("EQUATE") == "other" and stance("REQUEST") == "other"


def test_lexicon_user_data_dir_extends(tmp_path, monkeypatch):
    (tmp_path / "hedges.txt").write_text("conceivably\n")
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    word_set.cache_clear()
    try:
        assert "conceivably" in word_set("hedges.txt") and "allegedly" in word_set("hedges.txt")
    finally:
        monkeypatch.delenv("CLAIMGRAPH_DATA")
        word_set.cache_clear()
