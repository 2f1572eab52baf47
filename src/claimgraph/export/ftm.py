"""FollowTheMoney entities, one JSON object per line (``{"id", "schema", "properties"}`` with
every property a list of strings), the format Aleph and ``ftm`` tools read
(``ftm validate``, ``aleph crawldir``/``alephclient write-entities``).

- actors: ``Person`` (type PERSON) or ``Organization`` (every other type: ORG, GPE, NORP, ...;
  the claimgraph type is in ``classification``), with ``alias`` and the outlets' labels as
  ``keywords``;
- articles: ``Article`` (``title``, ``publisher``, ``publishedAt``, ``sourceUrl``, ``fileName``,
  and ``bodyText`` with ``--with-text``);
- events: ``Event`` named "TYPE: source → target" (an unknown side is "?"), with ``date``,
  ``summary`` (the sentence), ``organizer`` (the source), ``involved`` (both known sides),
  ``proof`` (the article) and ``keywords`` (type, class, stance, and hedged/negated/attributed);
  a negated event is kept, named "Denied: ...", so that a denial stays visible;
- mentions: one ``Mention`` per actor and article (``resolved`` the actor, ``document`` the
  article, ``name`` the forms found in the text);
- quotes: ``Note`` entities (``entity`` the speaker, ``description`` the quote, ``proof`` the
  article, ``namesMentioned`` the actors named inside it).

Ids are ``cg-actor-…``, ``cg-doc-…``, ``cg-event-…``, ``cg-mention-…``, ``cg-quote-…``.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import IO, Any

from ..analysis.evidence import outlet_of
from ..ontology import event_class
from .records import actor_records, quote_records, write_lines

Entity = dict[str, Any]


def _id(kind: str, key: Any) -> str:
    return f"cg-{kind}-{key}"


def _props(**values: Any) -> dict[str, list[str]]:
    """Keyword -> list of non-empty strings (FtM's shape); empty properties are left out."""
    out: dict[str, list[str]] = {}
    for name, v in values.items():
        items = v if isinstance(v, (list, tuple)) else [v]
        clean = [str(x) for x in items if x is not None and str(x) != ""]
        if clean:
            out[name] = list(dict.fromkeys(clean))
    return out


def _schema(actor_type: str | None) -> str:
    return "Person" if actor_type == "PERSON" else "Organization"


def ftm_entities(store, *, with_text: bool = False) -> Iterator[Entity]:
    actors = actor_records(store)
    schema_of = {a["id"]: _schema(a["type"]) for a in actors}
    name_of = {a["id"]: a["name"] for a in actors}
    for a in actors:
        yield {"id": _id("actor", a["id"]), "schema": schema_of[a["id"]],
               "properties": _props(name=a["name"], alias=[x for x in a["aliases"] if x != a["name"]],
                                    classification=a["type"], keywords=a["labels"])}
    docs: dict[str, dict] = {}
    for d in store.iter_documents(with_text=True):
        docs[d["id"]] = d
        yield {"id": _id("doc", d["id"]), "schema": "Article",
               "properties": _props(title=d.get("title"), publisher=outlet_of(d), publishedAt=d.get("published"),
                                    sourceUrl=d.get("url"), author=d.get("author"),
                                    fileName=PurePath(d["path"]).name if d.get("path") else None,
                                    bodyText=d.get("text") if with_text else None)}
    mentions = store.mentions_in(list(docs))
    for doc_id, spans in mentions.items():
        forms: dict[str, list[str]] = {}
        text = docs[doc_id].get("text") or ""
        for s, e, aid in spans:
            forms.setdefault(aid, []).append(text[s:e].strip() or name_of.get(aid, aid))
        for aid, names in forms.items():
            if aid not in schema_of:
                continue
            yield {"id": _id("mention", f"{doc_id}-{aid}"), "schema": "Mention",
                   "properties": _props(document=_id("doc", doc_id), resolved=_id("actor", aid), name=names,
                                        detectedSchema=schema_of[aid])}
    for row in store.iter_events():
        src, tgt = row.get("source_id"), row.get("target_id")
        name = f"{row['type']}: {row.get('source_name') or '?'} → {row.get('target_name') or '?'}"
        flags = [f for f, on in (("negated", row["negated"]), ("hedged", row["hedged"]),
                                 ("attributed", row.get("attributed_to"))) if on]
        said = f"According to {row['attributed_name']}: " if row.get("attributed_name") else ""
        yield {"id": _id("event", row["id"]), "schema": "Event",
               "properties": _props(name=("Denied: " if row["negated"] else "") + name, date=row.get("date"),
                                    summary=row.get("sentence"), description=said + (row.get("sentence") or ""),
                                    organizer=_id("actor", src) if src else None,
                                    involved=[_id("actor", x) for x in (src, tgt) if x],
                                    proof=_id("doc", row["doc_id"]), location=row.get("location"),
                                    keywords=[row["type"], event_class(row["type"]), row["stance"], *flags])}
    for q in quote_records(store, docs):
        yield {"id": _id("quote", q["quote_id"]), "schema": "Note",
               "properties": _props(name=f"Quote by {q['speaker_name'] or q['speaker_text'] or 'an unknown speaker'}",
                                    description=q["text"], entity=_id("actor", q["speaker"]) if q["speaker"] else None,
                                    proof=_id("doc", q["doc_id"]), namesMentioned=[name_of.get(x, x) for x in q["about"]])}


def write_ftm(store, fh: IO[str], *, with_text: bool = False) -> int:
    return write_lines(fh, ftm_entities(store, with_text=with_text))
