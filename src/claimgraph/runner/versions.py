"""Versions of a document, and removing documents.

A document is keyed by its content, so a file whose text changed is a new document.  Which
stored documents are *versions* of a read one is decided here, once (``version_keys``): those
stored from the same file, when the file holds one document, else (a JSONL line, a text with
no file) those with the same URL.  ``ingest --update`` supersedes them (``StoreSink.update``);
``remove`` deletes documents named by id, path or URL, with their older versions, and then the
actors nothing names any more, all in one transaction.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import UnknownDocument
from ..models import Document
from .base import patiently
from .reports import RemoveReport


def path_forms(path: str) -> list[str]:
    """A path as it may have been stored: as given, absolute, and relative to here."""
    forms = [path]
    try:
        full = os.path.abspath(path)
        forms += [full, os.path.relpath(full)]
    except (OSError, ValueError):  # another drive, an embedded NUL
        pass
    return list(dict.fromkeys(forms))


def version_keys(doc: Document) -> tuple[list[str], list[str]]:
    """(paths, urls) that find the stored versions of ``doc``: its file when the file is the
    document (not a JSONL line), else its URL."""
    if doc.path and doc.line is None:
        return path_forms(doc.path), []
    return [], [doc.url] if doc.url else []


def older_versions_of(store, doc: Document) -> list[str]:
    """Ids of the current documents stored from where ``doc`` comes from, with other content."""
    paths, urls = version_keys(doc)
    if not (paths or urls):
        return []
    return [r["id"] for r in store.documents_at(paths, urls) if r["id"] != doc.id]


def remove_documents(store, targets: Iterable[str], *, ignore_missing: bool = False, waiting=None) -> RemoveReport:
    """Delete the documents ``targets`` name (a document id, or a path or URL it was ingested
    from: every document stored from it), each with its older versions and everything
    extracted from them, then the actors that nothing names any more.

    One transaction for the whole set: an interruption or a kill removes nothing, and running it
    again does it all.  A target that matches nothing raises ``UnknownDocument`` and nothing is
    removed, unless ``ignore_missing`` (then it is listed in ``missing``)."""
    targets = list(dict.fromkeys(targets))

    def run() -> RemoveReport:
        report = RemoveReport()
        with store.transaction():
            chosen: dict[str, dict] = {}
            for target in targets:
                rows = _matching(store, target)
                if not rows:
                    report.missing.append(target)
                for row in rows:
                    chosen.setdefault(row["id"], row)
            if report.missing and not ignore_missing:
                raise UnknownDocument(_unknown_message(report.missing, store.path))
            for row in store.older_versions(list(chosen)):
                chosen.setdefault(row["id"], row)
            named: set[str] = set()
            for doc_id, row in chosen.items():
                removed = store.remove_document(doc_id)
                named |= removed.actor_ids
                report.events += removed.events
                report.quotes += removed.quotes
                report.documents.append({k: row.get(k) for k in ("id", "path", "url", "title", "source", "published", "superseded_by")})
            names = store.actors_by_ids(named)
            report.actors = [names.get(a, {"id": a, "name": a}) for a in store.drop_unreferenced_actors(named)]
        return report

    return patiently(run, waiting)


def _matching(store, target: str) -> list[dict]:
    doc = store.document(target)
    if doc is not None:
        doc.pop("text", None)
        return [doc]
    return store.documents_at(path_forms(target), superseded=True) or store.documents_at(urls=[target], superseded=True)


def _unknown_message(missing: list[str], path: str) -> str:
    shown = ", ".join(repr(m) for m in missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
    return (f"no document in {path} matches {shown}: give a document id, or the path or URL a document was ingested from;"
            " nothing was removed (--ignore-missing removes the others)")
