"""A stored document's records read back as the resolved ``Extraction`` that wrote them, for
copying a store to another back end (``runner.copying.copy_store``): written with
``write_extraction(ex, renames=...)`` into an empty store, it gives the same rows.

Actors come with their stored ids, type, kind and sector, this document's aliases, mentions and
labels; their ``name`` is left empty (an empty name adds no alias row), as the canonical name
comes with ``canonical_names``, which the copy passes as ``renames``.  Events come in the order
they were written, rejected ones too (the decisions, imported after, mark them again), with
``answers`` as an index into them."""
from __future__ import annotations

from ...models import Actor, Event, Extraction, Quote, RejectedCandidate, Timex


class RecordReads:
    def document_records(self, doc_id: str) -> Extraction | None:
        """The records of a stored document as a resolved extraction (see the module docstring)."""
        doc = self.stored_document(doc_id)
        if doc is None:
            return None
        c = self.conn
        version = c.execute("SELECT pipeline_version FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        aliases: dict[str, list[str]] = {}
        for r in c.execute("SELECT actor_id, alias FROM aliases WHERE doc_id = ? ORDER BY actor_id, alias", (doc_id,)):
            aliases.setdefault(r[0], []).append(r[1])
        mentions: dict[str, list[tuple[int, int]]] = {}
        for r in c.execute('SELECT actor_id, start, "end" FROM mentions WHERE doc_id = ? ORDER BY rowid', (doc_id,)):
            mentions.setdefault(r[0], []).append((r[1], r[2]))
        labels: dict[str, list[tuple]] = {}
        for r in c.execute("SELECT actor_id, label, start, sentence FROM labels WHERE doc_id = ? ORDER BY rowid", (doc_id,)):
            labels.setdefault(r[0], []).append((r[1], r[2], r[3]) if r[3] is not None else (r[1], r[2]))
        quotes = c.execute('SELECT * FROM quotes WHERE doc_id = ? ORDER BY id', (doc_id,)).fetchall()
        events = c.execute("SELECT * FROM events WHERE doc_id = ? ORDER BY id", (doc_id,)).fetchall()
        named = set(aliases) | set(mentions) | set(labels) | {q["speaker_id"] for q in quotes}
        for e in events:
            named |= {e["source_id"], e["target_id"], e["attributed_to"], e["via"]}
        rows = self.actors_by_ids(named)
        full = {r["id"]: self.actor_by_id(r["id"]) for r in rows.values()}
        actors = tuple(Actor(id=a["id"], name="", type=a["type"], aliases=tuple(aliases.get(a["id"], ())),
                             mentions=tuple(mentions.get(a["id"], ())), label_spans=tuple(labels.get(a["id"], ())),
                             gaz_id=a.get("gaz_id"), kind=a.get("kind") or "actor", sector=a.get("sector"))
                       for a in sorted(full.values(), key=lambda a: a["id"]))
        index = {e["id"]: i for i, e in enumerate(events)}
        return Extraction(
            doc=doc, pipeline_version=version, actors=actors,
            quotes=tuple(Quote(q["text"], q["start"], q["end"], bool(q["direct"]), speaker=q["speaker_id"], speaker_text=q["speaker_text"],
                               cue=q["cue"], speaker_kind=q["speaker_kind"]) for q in quotes),
            events=tuple(Event(type=e["type"], source=e["source_id"], target=e["target_id"], trigger=e["trigger"], text=e["sentence"],
                               start=e["start"], end=e["end"], negated=bool(e["negated"]), hedged=bool(e["hedged"]),
                               attributed_to=e["attributed_to"], date=e["date"], date_text=e["date_text"], location=e["location"],
                               date_origin=e["date_origin"], trigger_start=e["trigger_start"], trigger_end=e["trigger_end"],
                               mode=tuple((e["mode"] or "").split()), via=e["via"], source_kind=e["source_kind"],
                               answers=index.get(e["answers"])) for e in events),
            timexes=tuple(Timex(r["text"], r["start"], r["end"], r["type"], r["value"]) for r in c.execute(
                'SELECT text, start, "end", type, value FROM timexes WHERE doc_id = ? ORDER BY start, "end", text', (doc_id,))),
            rejected=tuple(RejectedCandidate(text=r["text"], label=r["label"], start=r["start"], reason=r["reason"]) for r in c.execute(
                "SELECT text, label, start, reason FROM rejected WHERE doc_id = ? ORDER BY start, text, reason", (doc_id,))),
        )

    def canonical_names(self) -> dict[str, str]:
        """actor id -> its canonical name, for every stored actor."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, name FROM actors")}
