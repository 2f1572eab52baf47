"""alias_keys (migration 11) stays the distinct (alias, actor) pairs of ``aliases`` whatever
writes them, and the keyed reads of the resolver answer what the old whole-table reads did."""
from __future__ import annotations

from conftest import make_extraction, meridian_records

from claimgraph.textutil import norm_name


def _keys(store) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in store.conn.execute("SELECT norm, actor_id FROM alias_keys").fetchall()}


def _distinct_pairs(store) -> set[tuple[str, str]]:
    rows = store.conn.execute("SELECT DISTINCT norm, actor_id FROM aliases").fetchall()
    return {(r[0], r[1]) for r in rows if "@" not in r[1]}


def test_alias_keys_follow_writes_curation_and_removal(store_factory):
    store = store_factory(meridian_records())
    assert _keys(store) == _distinct_pairs(store) and _keys(store)
    store.add_decision("merge", actor="Sons of Karem", other="Karem North Brigade")
    assert ("karem north brigade", "knb") not in _keys(store)
    assert _keys(store) == _distinct_pairs(store)
    store.add_decision("split", actor="Free Meridian Front", alias="the Front")
    assert _keys(store) == _distinct_pairs(store)
    for d in store.decisions():
        store.undo_decision(d["id"])
        assert _keys(store) == _distinct_pairs(store)
    doc_ids = [d["id"] for d in store.documents()]
    with store.transaction():
        store.remove_document(doc_ids[0])
    assert _keys(store) == _distinct_pairs(store)
    with store.transaction():
        for doc_id in doc_ids[1:]:
            store.remove_document(doc_id)
    assert _keys(store) == set() == _distinct_pairs(store)


def test_keyed_lookups_answer_as_the_whole_table_did(store_factory):
    extra = make_extraction(
        ["Lt. Mara Osk of the Vell Guard spoke.", "Teodor Osk, her brother, did not."],
        actors={"t:mara": ("Mara Osk", "PERSON", ("Osk",)), "t:teo": ("Teodor Osk", "PERSON", ()),
                "t:guard": ("Vell Guard", "ORG", ("the Guard",))})
    store = store_factory([*meridian_records(), extra])
    index = store.actor_index()
    norms = {r[0] for r in store.conn.execute("SELECT norm FROM aliases").fetchall()}
    for norm in sorted(norms):
        old = {(r[0], r[1]) for r in store.conn.execute(
            "SELECT DISTINCT a.id, a.type FROM aliases l JOIN actors a ON a.id = l.actor_id WHERE l.norm = ?", (norm,)).fetchall()}
        assert set(index.by_norm(norm)) == {p for p in old if "@" not in p[0]}, norm
    people = store.conn.execute("SELECT id, name FROM actors WHERE type = 'PERSON'").fetchall()
    for word in sorted({norm_name(r[1]).split()[-1] for r in people} | {"nobody"}):
        old = [r[0] for r in people if norm_name(r[1]).split()[-1:] == [word] and len(norm_name(r[1]).split()) >= 2]
        assert sorted(index.surname(word)) == sorted(old), word
    assert len(index.surname("osk")) == 2
