"""The learned event-type classifier (issue 9): features of a candidate event, and a linear
model scored with numpy from weights shipped in ``data/event_model.npz``.

    from claimgraph.eventmodel import EventTyper
    etype, prob = EventTyper.load().predict(doc, source_span, target_span)
"""
from .model import NONE, EventTyper, default_typer

__all__ = ["NONE", "EventTyper", "default_typer"]
