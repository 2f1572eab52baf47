"""The ontology is the one home of the event types: every other place that names a type must
agree with it, and a type added to ``ontology.tsv`` must reach every consumer."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph import ontology
from claimgraph.ontology import EVENT_TYPES, ONE_SIDED, PLOVER_CLASS, RECIPROCAL, SYMMETRIC, TYPES


def test_ontology_matches_spec_section_4():
    assert EVENT_TYPES[:16] == ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
    assert {"AFFILIATE", "EQUATE"} <= set(EVENT_TYPES)
    assert ontology.stance("AFFILIATE") == "cooperative"
    assert ontology.stance("REQUEST") == ontology.stance("EQUATE") == "other"
    assert ontology.stance("ASSAULT") == "hostile" and ontology.stance("AID") == "cooperative"
    assert PLOVER_CLASS["EQUATE"] == "relation" and TYPES["EQUATE"].plover is None
    assert ontology.stance("NOT-A-TYPE") == "other"


def test_per_type_sets_are_properties_of_one_table():
    assert SYMMETRIC == {"AGREE", "CONSULT", "COOPERATE", "EQUATE"}
    assert RECIPROCAL == {"AGREE", "CONSULT", "COOPERATE", "ASSAULT"}
    assert "ASSAULT" in ONE_SIDED and "AID" not in ONE_SIDED


def test_older_names_map_to_ours():
    assert ontology.canonical("FIGHT") == "ASSAULT"
    assert ontology.canonical("disapprove") == "ACCUSE"
    assert ontology.canonical("YIELD") == "CONCEDE"
    assert ontology.canonical("INVESTIGATE") is None


def test_every_trigger_type_is_in_the_ontology():
    from claimgraph.resources import event_lexicon

    lex = event_lexicon()
    used = {t.type for ts in lex.verbs.values() for t in ts} | {t.type for t in lex.nouns.values()}
    assert used <= set(EVENT_TYPES), used - set(EVENT_TYPES)


def test_claim_words_use_ontology_types():
    from claimgraph.analysis.claims import CLAIM_WORDS

    assert set(CLAIM_WORDS.values()) <= set(EVENT_TYPES)


def test_cli_help_lists_every_type():
    from typer.testing import CliRunner

    from claimgraph.cli import app

    out = CliRunner().invoke(app, ["events", "--help"], env={"COLUMNS": "400"}).output
    for t in EVENT_TYPES:
        assert t in out


def test_a_type_added_in_a_data_folder_reaches_every_consumer(tmp_path: Path):
    extra = tmp_path / "ontology.tsv"
    extra.write_text("INVESTIGATE\tverbal conflict\thostile\tno\tyes\tno\tINVESTIGATE\t-\n", encoding="utf-8")
    types = ontology.load([ontology.DATA_DIR / "ontology.tsv", extra])
    assert list(types)[-1] == "INVESTIGATE" and types["INVESTIGATE"].one_sided


@pytest.mark.parametrize("line, problem", [
    ("X\tverbal conflict\tangry\tno\tno\tno\t-\t-\n", "stance"),
    ("X\tverbal conflict\thostile\tmaybe\tno\tno\t-\t-\n", "yes or no"),
    ("X\tverbal conflict\thostile\n", "8 tab-separated"),
])
def test_a_bad_ontology_line_names_its_file_and_line(tmp_path: Path, line: str, problem: str):
    bad = tmp_path / "ontology.tsv"
    bad.write_text("# comment\n" + line, encoding="utf-8")
    with pytest.raises(ValueError, match=problem) as err:
        ontology.load([bad])
    assert f"{bad}:2" in str(err.value)
