"""The local web app: ``create_app(store)`` builds a FastAPI app over a store.

One router per resource (graph, actors, events, documents, conflicts, check, timeline,
search); every HTML page has a JSON twin under ``/api`` with the same path and query.
Nothing is built at import time: tests and ``claimgraph serve`` each create their own app.
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
