"""The data files load through ``Resources``, and every trigger type is in the ontology."""
import pytest

from claimgraph.config import DATA_DIR
from claimgraph.resources import Resources, default_resources, event_lexicon
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
    sv = Resources([DATA_DIR]).speech_verbs()
    assert "say" in sv.all and "accuse" in sv.accusatory and "say" not in sv.accusatory


def test_lexicon_user_data_dir_extends(tmp_path):
    (tmp_path / "hedges.txt").write_text("conceivably\n")
    hedges = Resources([DATA_DIR, tmp_path]).word_set("hedges.txt")
    assert "conceivably" in hedges and "allegedly" in hedges


def test_lexicon_environment_is_read_when_resources_are_built(tmp_path, monkeypatch):
    (tmp_path / "hedges.txt").write_text("conceivably\n")
    before = default_resources()
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    assert "conceivably" in Resources().word_set("hedges.txt")
    assert "conceivably" in default_resources().word_set("hedges.txt")
    assert "conceivably" not in before.word_set("hedges.txt")  # each instance keeps what it read


def test_lexicon_trigger_flags_are_structured():
    lex = event_lexicon()
    assert "reverse" in next(t for t in lex.verbs["receive"]).flags
    assert "links" in next(t for t in lex.verbs["link"] if t.particle is None).flags


def test_lexicon_unknown_trigger_flag_is_an_error(tmp_path):
    (tmp_path / "events.tsv").write_text("befriend\tVERB\tSUPPORT\tbackwards\n")
    with pytest.raises(ValueError, match="unknown trigger flag"):
        Resources([DATA_DIR, tmp_path]).event_lexicon()


def test_lexicon_word_lists_keep_order_and_drop_repeats(tmp_path):
    (tmp_path / "words_x.tsv").write_text("# a comment\nends\tian\nends\tese\nends\tian\nother\tone\n")
    r = Resources([tmp_path])
    assert r.word_list("words_x.tsv", "ends") == ("ian", "ese")
    assert r.words("words_x.tsv", "other") == {"one"}
    with pytest.raises(KeyError):
        r.word_list("words_x.tsv", "missing")


def test_lexicon_not_events_has_no_repeats():
    words = Resources([DATA_DIR]).word_list("words_events.tsv", "not_events")
    assert len(words) == len(set(words)) == 84 and "leave" in words


def test_lexicon_gazetteer_user_alias_wins(tmp_path):
    (tmp_path / "gazetteer.json").write_text('[{"id": "my-daesh", "name": "Daesh", "type": "ORG"}]')
    assert Resources([DATA_DIR, tmp_path]).gazetteer().lookup("Daesh") == "my-daesh"
    assert Resources([DATA_DIR]).gazetteer().lookup("Daesh") == "isis"


def test_lexicon_resources_round_trip_through_disk(tmp_path):
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "hedges.txt").write_text("conceivably\n")
    r = Resources([DATA_DIR, tmp_path / "user"])
    r.to_disk(tmp_path / "saved", ["hedges.txt", "events.tsv", "absent.txt"])
    back = Resources.from_disk(tmp_path / "saved")
    assert back.word_set("hedges.txt") == r.word_set("hedges.txt")
    assert back.event_lexicon() == r.event_lexicon()
