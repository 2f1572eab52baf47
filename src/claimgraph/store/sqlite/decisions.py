"""Decisions: a user's corrections of actors and events, kept in the store so that they last.

One row of ``decisions`` per decision (docs/CURATION.md): ``merge``, ``split``, ``rename``,
``type``, ``reject_event`` and ``confirm_event``.  What a decision applies to is keyed by
content, never by a row id: an actor by the normalised text of its name (``subject``; for a
split, the alias and, optionally, the content hash of the one document), an event by the hash
of its sentence and its signature (type, source, target, trigger).  Decisions in force are
applied in the order they were made (``created_at``): at once when made (``add_decision``),
and for every document written (``apply_decisions([doc id])``, which ``runner.StoreSink`` calls),
so ``reprocess``, a new pipeline version and ingesting the same files again all keep them.

Merges and splits are edits of the stored rows (``actor_edits.py``); renames and type changes
update the actor row; event decisions set ``events.curation`` ("rejected", "confirmed") and
``events.curated_by``, and the reads leave rejected events out (``events.EVENTS``).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ...config import current_user
from ...errors import ClaimgraphError
from ...models import ACTOR_TYPES
from ...textutil import norm, norm_name, slug
from ..decision_rules import (ACTOR_KINDS, CURATION, KINDS, checked, content_key, describe, event_key, event_signature, now,
                              sentence_hash)
from ..rows import DecisionRow, Undone
from .connection import chunks, marks


class Decisions:
    # -- reads --------------------------------------------------------------------------------
    def decisions(self, in_force: bool = False) -> list[DecisionRow]:
        """Every decision, oldest first (only those not undone with ``in_force``)."""
        sql = "SELECT * FROM decisions" + (" WHERE undone_at IS NULL" if in_force else "") + " ORDER BY created_at, id"
        return [_decision_row(r) for r in self.conn.execute(sql)]

    def decision(self, decision_id: int) -> DecisionRow | None:
        r = self.conn.execute("SELECT * FROM decisions WHERE id = ?", (int(decision_id),)).fetchone()
        return _decision_row(r) if r else None

    def curated_by(self, actor_ids: Iterable[str] | None = None) -> dict[str, list[int]]:
        """actor id -> the decisions in force that touched it (merged into it, split it or out of
        it, renamed it, changed its type), for ``actor_ids`` (all actors if None)."""
        wanted = None if actor_ids is None else set(actor_ids)
        out: dict[str, list[int]] = {}
        for d in self.decisions(in_force=True):
            if d["kind"] not in ACTOR_KINDS:
                continue
            for aid in self._actors_of(d):
                if aid and (wanted is None or aid in wanted) and d["id"] not in out.setdefault(aid, []):
                    out[aid].append(d["id"])
        return {k: v for k, v in out.items() if v}

    def _actors_of(self, d: DecisionRow) -> list[str | None]:
        args = d["args"]
        if d["kind"] == "merge":
            return [self._actor_for_key(args.get("into"), args.get("into_id"))]
        if d["kind"] == "split":
            made = args.get("id") if self.conn.execute("SELECT 1 FROM actors WHERE id = ?", (args.get("id"),)).fetchone() else None
            return [made, self._actor_for_key(args.get("from"), args.get("from_id"), exclude=made)]
        return [self._actor_for_key(d["subject"], args.get("id"))]

    def _renamed_to(self, norm_: str) -> dict[str, Any] | None:
        """The actor a rename decision in force gave this (normalised) name, or None."""
        for d in self.decisions(in_force=True):
            if d["kind"] == "rename" and norm_name(d["args"].get("name", "")) == norm_:
                aid = self._actor_for_key(d["subject"], d["args"].get("id"))
                if aid:
                    return self.actor_by_id(aid)
        return None

    # -- making and undoing -----------------------------------------------------------------------
    def add_decision(self, kind: str, *, actor: str | None = None, other: str | None = None, alias: str | None = None,
                     doc: str | None = None, name: str | None = None, type: str | None = None, event: int | None = None,
                     note: str | None = None, author: str | None = None) -> DecisionRow:
        """Make a decision and apply it at once; returns its row, with ``applied`` (what changed).

        ``merge``: ``other`` (any alias) goes into ``actor``.  ``split``: ``alias`` of ``actor``
        becomes an actor of its own (in document ``doc`` only, an id, id prefix or path, if given).
        ``rename``: ``actor`` is called ``name``.  ``type``: ``actor`` is of ``type``.
        ``reject_event`` / ``confirm_event``: the event with id ``event``, and the same event
        wherever it is extracted again.  Raises ``ClaimgraphError`` (``UnknownActor``) when what
        it names is not stored or the decision would change nothing."""
        if kind not in KINDS:
            raise ClaimgraphError(f"unknown kind of decision {kind!r}; one of {', '.join(KINDS)}")
        with self.transaction():
            subject, doc_hash, args = self._content(kind, actor=actor, other=other, alias=alias, doc=doc, name=name,
                                                    type=type, event=event)
            row: DecisionRow = {"kind": kind, "subject": subject, "doc_hash": doc_hash, "args": args,
                                "note": note or None, "author": author or current_user(), "created_at": now(), "undone_at": None}
            same = self._same(row)
            if same is not None:
                raise ClaimgraphError(f"decision {same['id']} already says so ({describe(same)}); nothing to do")
            row["id"] = self._insert(row)
            row["applied"] = self._apply_one(row)
            return row

    def undo_decision(self, decision_id: int) -> Undone:
        """Mark a decision undone and apply again what remains.  A rename or a type change
        goes back to the value before it; a rejection or confirmation leaves its events; an
        undone merge carves the merged actor's names out again, an undone split merges the
        split actor back.  ``documents`` are those whose records come back exactly only by
        re-extracting them (``runner.reprocess_store(..., only=...)``)."""
        with self.transaction():
            d = self.decision(decision_id)
            if d is None:
                raise ClaimgraphError(f"no decision {decision_id}; `claimgraph decisions` lists them")
            if d["undone_at"]:
                raise ClaimgraphError(f"decision {decision_id} was undone already ({d['undone_at']})")
            d["undone_at"] = now()
            self.conn.execute("UPDATE decisions SET undone_at = ? WHERE id = ?", (d["undone_at"], d["id"]))
            docs = self._unapply(d)
            self.apply_decisions()
            return Undone(decision=d, documents=tuple(docs))

    def import_decisions(self, rows: Iterable[DecisionRow]) -> tuple[int, int]:
        """Add decisions made elsewhere (``decisions export``), keeping their author, dates and
        notes; one whose content key is here already (in force or undone) is skipped.  Applies
        them.  Returns (added, skipped)."""
        added = skipped = 0
        with self.transaction():
            have = {content_key(d) for d in self.decisions()}
            for i, raw in enumerate(rows):
                row = checked(raw, i)
                if content_key(row) in have:
                    skipped += 1
                    continue
                have.add(content_key(row))
                self._insert(row)
                added += 1
            if added:
                self.apply_decisions()
        return added, skipped

    def _insert(self, row: DecisionRow) -> int:
        cur = self.conn.execute(
            "INSERT INTO decisions(kind, subject, doc_hash, args, note, author, created_at, undone_at) VALUES (?,?,?,?,?,?,?,?)",
            decision_values(row))
        return cur.lastrowid

    def _same(self, row: DecisionRow) -> DecisionRow | None:
        key = content_key(row)
        rows = self.conn.execute("SELECT * FROM decisions WHERE kind = ? AND subject = ? AND undone_at IS NULL",
                                 (row["kind"], row["subject"]))
        return next((d for d in map(_decision_row, rows) if content_key(d) == key), None)

    # -- what a decision is about, from what a user typed -------------------------------------------
    def _content(self, kind: str, *, actor, other, alias, doc, name, type, event) -> tuple[str, str | None, dict[str, Any]]:
        if kind in CURATION:
            if event is None:
                raise ClaimgraphError(f"{kind} needs an event id")
            return self._event_content(int(event))
        if not actor:
            raise ClaimgraphError(f"{kind} needs an actor")
        a = self.find_actor(actor)
        if kind == "merge":
            if not other:
                raise ClaimgraphError("merge needs the actor to merge into the first")
            b = self.find_actor(other)
            if b["id"] == a["id"]:
                raise ClaimgraphError(f"{actor!r} and {other!r} are one actor already ({a['name']}, id {a['id']})")
            mine, theirs = self._actor_norms(a["id"]), self._actor_norms(b["id"])
            args = {"into": norm_name(a["name"]), "into_id": a["id"], "into_name": a["name"], "id": b["id"], "name": b["name"],
                    "type": b["type"], "kind": b.get("kind") or "actor", "sector": b.get("sector"),
                    "aliases": sorted(theirs - mine) or sorted(theirs)}
            return norm_name(b["name"]), None, args
        if kind == "split":
            return self._split_content(a, alias, doc)
        if kind == "rename":
            new = " ".join((name or "").split())
            if not new:
                raise ClaimgraphError("rename needs a new name")
            if new == a["name"]:
                raise ClaimgraphError(f"{a['name']!r} is called so already")
            return norm_name(a["name"]), None, {"name": new, "was": a["name"], "id": a["id"]}
        new = (type or "").strip().upper()
        if new not in ACTOR_TYPES:
            raise ClaimgraphError(f"unknown actor type {type!r}; one of {', '.join(ACTOR_TYPES)}")
        if new == a["type"]:
            raise ClaimgraphError(f"{a['name']!r} is of type {new} already")
        return norm_name(a["name"]), None, {"type": new, "was": a["type"], "id": a["id"]}

    def _split_content(self, a: dict[str, Any], alias: str | None, doc: str | None) -> tuple[str, str | None, dict[str, Any]]:
        x = norm_name(alias or "")
        if not x:
            raise ClaimgraphError("split needs the alias that becomes an actor of its own (--alias)")
        docrow = self._document_ref(doc) if doc else None
        where, args = "actor_id = ? AND norm = ?", [a["id"], x]
        if docrow:
            where += " AND doc_id = ?"
            args.append(docrow["id"])
        forms = [r[0] for r in self.conn.execute(f"SELECT alias, COUNT(*) n FROM aliases WHERE {where} GROUP BY alias ORDER BY n DESC, alias", args)]
        if not forms:
            known = ", ".join(sorted({r[0] for r in self.conn.execute("SELECT alias FROM aliases WHERE actor_id = ?", (a["id"],))}))
            raise ClaimgraphError(f"{a['name']} has no alias {alias!r}" + (f" in document {docrow['id']}" if docrow else "")
                                  + f"; its aliases: {known}")
        rest = self.conn.execute(f"SELECT COUNT(*) FROM aliases WHERE actor_id = ? AND NOT ({where})", [a["id"], *args]).fetchone()[0]
        if not rest:
            raise ClaimgraphError(f"{alias!r} is all there is of {a['name']}; nothing to split off"
                                  " (`claimgraph actors rename` changes its name)")
        made = f"{slug(x)}-split" + (f"@{docrow['id']}" if docrow else "")
        return x, docrow["content_hash"] if docrow else None, {
            "from": norm_name(a["name"]), "from_id": a["id"], "from_name": a["name"], "id": made, "name": forms[0],
            "type": a["type"], "kind": a.get("kind") or "actor", "sector": a.get("sector"),
            **({"doc_id": docrow["id"]} if docrow else {})}

    def _document_ref(self, ref: str) -> dict[str, Any]:
        """A stored document by id, a unique id prefix (6 characters or more) or its path."""
        ref = ref.strip()
        rows = self.conn.execute("SELECT id, content_hash, path FROM documents WHERE id = ?", (ref,)).fetchall()
        if not rows and len(ref) >= 6:
            rows = self.conn.execute("SELECT id, content_hash, path FROM documents WHERE id LIKE ?", (ref.replace("%", "") + "%",)).fetchall()
        if not rows:
            rows = self.conn.execute("SELECT id, content_hash, path FROM documents WHERE path = ?", (ref,)).fetchall()
        if len(rows) == 1:
            return dict(rows[0])
        if rows:
            raise ClaimgraphError(f"--doc {ref!r} names {len(rows)} documents; give more of the id")
        raise ClaimgraphError(f"no document {ref!r} in {self.path}; give a document id (`claimgraph events --json` shows doc_id) or its path")

    def _event_content(self, event_id: int) -> tuple[str, None, dict[str, Any]]:
        rows = self.events_by_ids([event_id], include_rejected=True)
        if not rows:
            raise ClaimgraphError(f"no event {event_id} in {self.path}; `claimgraph events` shows the ids (#N)")
        e = rows[0]
        sig = event_signature(e["sentence"], e["type"], e.get("source_name"), e.get("target_name"), e["trigger"])
        sentence = " ".join(e["sentence"].split())
        args = dict(sig, sentence=sentence if len(sentence) <= 300 else sentence[:299] + "…", event_id=e["id"], doc_id=e["doc_id"],
                    source_name=e.get("source_name"), target_name=e.get("target_name"))
        return event_key(sig), None, args

    # -- applying ---------------------------------------------------------------------------------
    def apply_decisions(self, doc_ids: list[str] | None = None) -> dict[str, int]:
        """Apply every decision in force, in order: those that writing these documents may have
        undone (after they were written), or all to the whole store (``doc_ids`` None).  Applying twice changes
        nothing.  Returns counts of what changed."""
        counts: dict[str, int] = {}
        with self.transaction():
            ds = self.decisions(in_force=True)
            if not ds and doc_ids is not None:
                return counts
            named = None if doc_ids is None else self._named_in(doc_ids)
            for d in ds:
                if d["kind"] in ACTOR_KINDS and (named is None or _relevant(d, *named)):
                    _add(counts, self._apply_actor(d, doc_ids))
            _add(counts, self._apply_events([d for d in ds if d["kind"] in CURATION], doc_ids=doc_ids))
        return counts

    def _apply_one(self, d: DecisionRow) -> dict[str, int]:
        if d["kind"] in ACTOR_KINDS:
            return self._apply_actor(d, None)
        return self._apply_events(self._event_decisions(), types={d["args"]["type"]})

    def _event_decisions(self) -> list[DecisionRow]:
        return [x for x in self.decisions(in_force=True) if x["kind"] in CURATION]

    def _apply_actor(self, d: DecisionRow, doc_ids: list[str] | None) -> dict[str, int]:
        args, kind = d["args"], d["kind"]
        if kind == "merge":
            into = self._actor_for_key(args.get("into"), args.get("into_id"))
            gone = self._actor_for_key(d["subject"], args.get("id"), exclude=into, loose=False) if into else None
            return {"records moved": self._merge_rows(gone, into)} if gone else {}
        if kind == "split":
            return self._apply_split(d, doc_ids)
        column, value = ("name", args["name"]) if kind == "rename" else ("type", args["type"])
        aid = self._actor_for_key(d["subject"], args.get("id"))
        if aid is None:
            return {}
        n = self.conn.execute(f"UPDATE actors SET {column} = ? WHERE id = ? AND {column} IS NOT ?", (value, aid, value)).rowcount
        if n:
            self._note_actors([aid])
        return {f"actors {'renamed' if kind == 'rename' else 'retyped'}": n} if n else {}

    def _apply_split(self, d: DecisionRow, doc_ids: list[str] | None) -> dict[str, int]:
        args, x = d["args"], d["subject"]
        target = {"id": args["id"], "name": args["name"], "type": args["type"], "kind": args.get("kind"), "sector": args.get("sector")}
        if d.get("doc_hash"):
            r = self.conn.execute("SELECT id FROM documents WHERE content_hash = ?", (d["doc_hash"],)).fetchone()
            if r is None or (doc_ids is not None and r[0] not in doc_ids):
                return {}
            docs = [r[0]]
            holders = [h[0] for h in self.conn.execute("SELECT DISTINCT actor_id FROM aliases WHERE doc_id = ? AND norm = ? AND actor_id <> ?",
                                                       (r[0], x, target["id"]))]
        else:
            docs = doc_ids
            source = self._actor_for_key(args.get("from"), args.get("from_id"), exclude=target["id"])
            holders = [source] if source else []
            # an actor that is only this name, resolved apart, is the split actor
            whole = self._actor_for_key(x, None, exclude=target["id"], loose=False)
            if whole and whole != source and self._actor_norms(whole) == {x}:
                self._ensure_actor(target)
                moved = self._merge_rows(whole, target["id"])
                return {"records moved": moved, **({"documents split": len(self._carve(source, {x}, target, docs))} if source else {})}
        changed = 0
        for h in holders:
            changed += len(self._carve(h, {x}, target, docs))
        return {"documents split": changed} if changed else {}

    def _apply_events(self, ds: list[DecisionRow], doc_ids: list[str] | None = None, types: set[str] | None = None,
                      event_ids: Iterable[int] | None = None) -> dict[str, int]:
        """Set ``events.curation`` to what the last matching decision says (NULL where none
        matches) on the events of these documents, of these types, or these ids (all if none)."""
        by_hash: dict[str, list[DecisionRow]] = {}
        for d in ds:
            by_hash.setdefault(d["args"]["sentence_hash"], []).append(d)
        cols = "id, sentence, type, source_id, target_id, trigger, curation, curated_by"
        if doc_ids is not None:
            if not ds:
                return {}
            rows = []
            for chunk in chunks(sorted(set(doc_ids))):
                rows += self.conn.execute(f"SELECT {cols} FROM events WHERE doc_id IN ({marks(len(chunk))})", chunk).fetchall()
        elif event_ids is not None:
            rows = []
            for chunk in chunks(sorted(set(event_ids))):
                rows += self.conn.execute(f"SELECT {cols} FROM events WHERE id IN ({marks(len(chunk))})", chunk).fetchall()
        else:
            wanted = sorted(types if types is not None else {d["args"]["type"] for d in ds})
            rows = self.conn.execute(f"SELECT {cols} FROM events WHERE curation IS NOT NULL OR type IN ({marks(len(wanted))})",
                                     wanted).fetchall()
        names: dict[str, set[str]] = {}

        def called(actor_id: str | None, name: str) -> bool:
            if actor_id is None or not name:
                return actor_id is None and not name
            if actor_id not in names:
                row = self.conn.execute("SELECT name FROM actors WHERE id = ?", (actor_id,)).fetchone()
                names[actor_id] = self._actor_norms(actor_id) | ({norm_name(row[0])} if row else set())
            return name in names[actor_id]

        counts: dict[str, int] = {}
        for r in rows:
            want: tuple[str | None, int | None] = (None, None)
            for d in by_hash.get(sentence_hash(r["sentence"]), ()):
                a = d["args"]
                if (a["type"] == r["type"] and a["trigger"] == norm(r["trigger"] or "") and called(r["source_id"], a["source"])
                        and called(r["target_id"], a["target"])):
                    want = (CURATION[d["kind"]], d["id"])
            if (r["curation"], r["curated_by"]) != want:
                self.conn.execute("UPDATE events SET curation = ?, curated_by = ? WHERE id = ?", (*want, r["id"]))
                key = f"events {want[0]}" if want[0] else "events cleared"
                counts[key] = counts.get(key, 0) + 1
        return counts

    def _unapply(self, d: DecisionRow) -> list[str]:
        """Take back what an undone decision did; returns the documents to re-extract for the exact records."""
        args, kind = d["args"], d["kind"]
        if kind in CURATION:
            ids = [r[0] for r in self.conn.execute("SELECT id FROM events WHERE curated_by = ?", (d["id"],))]
            self._apply_events(self._event_decisions(), event_ids=ids)
            return []
        if kind in ("rename", "type"):
            column = "name" if kind == "rename" else "type"
            aid = self._actor_for_key(d["subject"], args.get("id"))
            if aid:
                self.conn.execute(f"UPDATE actors SET {column} = ? WHERE id = ? AND {column} = ?", (args["was"], aid, args[column]))
                self._note_actors([aid])
            return []
        if kind == "merge":
            into = self._actor_for_key(args.get("into"), args.get("into_id"))
            if into is None:
                return []
            target = {"id": args["id"], "name": args["name"], "type": args["type"], "kind": args.get("kind"), "sector": args.get("sector")}
            if target["id"] == into:
                target["id"] = f"{slug(args['name'])}-{args['type'].lower()}"
            return self._carve(into, set(args.get("aliases") or [d["subject"]]), target)
        made = args["id"]
        if not self.conn.execute("SELECT 1 FROM actors WHERE id = ?", (made,)).fetchone():
            return []
        docs = sorted({r[0] for r in self.conn.execute("SELECT doc_id FROM aliases WHERE actor_id = ?", (made,))})
        back = self._actor_for_key(args.get("from"), args.get("from_id"), exclude=made)
        if back is None:
            back = args.get("from_id") or f"{slug(args.get('from_name') or args['from'])}"
            self._ensure_actor({"id": back, "name": args.get("from_name") or args["from"], "type": args["type"],
                                "kind": args.get("kind"), "sector": args.get("sector")})
        self._merge_rows(made, back)
        return docs


def _relevant(d: DecisionRow, norms: set[str], actors: set[str]) -> bool:
    """Whether writing a document that names these aliases and actors may undo what ``d`` did:
    a merge whose either actor it names, a split of an alias it uses; a rename or a type
    change always (the resolver may rename an actor any document names; applying one is cheap)."""
    a = d["args"]
    if d["kind"] == "merge":
        return bool({d["subject"], a.get("into")} & norms or {a.get("id"), a.get("into_id")} & actors)
    if d["kind"] == "split":
        return d["subject"] in norms
    return True


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for k, v in more.items():
        counts[k] = counts.get(k, 0) + v


def decision_values(row: DecisionRow) -> tuple:
    """The values of a decision's row, in the order of ``_insert``'s columns (``args`` as JSON)."""
    return (row["kind"], row["subject"], row.get("doc_hash"), json.dumps(row.get("args") or {}, ensure_ascii=False, sort_keys=True),
            row.get("note"), row["author"], row["created_at"], row.get("undone_at"))


def _decision_row(r) -> DecisionRow:
    row = dict(r)
    try:
        row["args"] = json.loads(row.get("args") or "{}")
    except ValueError:
        row["args"] = {}
    return row
