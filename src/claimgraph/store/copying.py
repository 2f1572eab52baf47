"""Copying a store to another back end (``claimgraph migrate --to TARGET``), through the Store
API alone: every document (older versions too) is read back as the extraction that wrote it
(``Store.document_records``) and written to the target with the source's canonical names,
``config.write_batch()`` documents a commit; then the older versions point at their current
one again, and the decisions are imported (``import_decisions``), which marks the rejected and
confirmed events again.  Nothing is extracted again and no model is loaded.

What does not come across as it was: row ids (event and quote ids are the target's own),
``superseded_at`` (the time of the copy) and the decisions' ``applied`` counts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ClaimgraphError


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    documents: int
    superseded: int
    decisions: int

    def to_json(self) -> dict:
        return {"source": self.source, "target": self.target, "documents": self.documents, "superseded": self.superseded,
                "decisions": self.decisions}


def copy_store(source, target, progress: Callable[[int, int], None] | None = None) -> CopyReport:
    """Copy every document, record and decision of ``source`` into ``target``, an empty store
    of any back end.  Raises ``ClaimgraphError`` when the target holds documents or decisions."""
    stats = target.stats()
    if stats["documents"] or stats["superseded"] or target.decisions():
        raise ClaimgraphError(f"{target.path} is not empty ({stats['documents'] + stats['superseded']} documents,"
                              f" {len(target.decisions())} decisions); copy into a new store")
    from ..config import write_batch

    names = source.canonical_names()
    rows = source.documents(superseded=True)
    size = write_batch()
    for start in range(0, len(rows), size):
        with target.batch():  # committed together, as a job commits its documents (runner.base.Batches)
            for i in range(start, min(start + size, len(rows))):
                ex = source.document_records(rows[i]["id"])
                if ex is None:
                    continue
                named = {a.id for a in ex.actors}
                target.write_extraction(ex, renames={k: v for k, v in names.items() if k in named}, ingested_at=rows[i]["ingested_at"])
                if progress:
                    progress(i + 1, len(rows))
    older = [r for r in rows if r.get("superseded_by")]
    with target.transaction():
        for r in older:
            target.supersede(r["id"], r["superseded_by"])
    added, _ = target.import_decisions(source.decisions())
    return CopyReport(source=source.path, target=target.path, documents=len(rows) - len(older), superseded=len(older), decisions=added)
