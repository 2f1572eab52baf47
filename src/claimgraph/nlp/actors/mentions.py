"""Reading the actors stage's output: which actor covers a token or a span."""
from __future__ import annotations

from spacy.tokens import Doc, Span


def token_actor_map(doc: Doc) -> list[str | None]:
    """For each token, the cluster key of the mention that covers it."""
    out: list[str | None] = [None] * len(doc)
    for m in doc._.cg_mentions or ():
        for i in range(m.start, m.end):
            out[i] = m.key
    return out


def span_actor(doc: Doc, span: Span) -> str | None:
    keys = token_actor_map(doc)[span.start : span.end]
    return next((k for k in keys if k), None)
