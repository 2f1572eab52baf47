"""The event lexicon under its old import path; the loaders live in ``claimgraph.resources``.

``analysis`` still imports ``event_lexicon`` from here; new code imports ``claimgraph.resources``.
"""
from __future__ import annotations

from ..resources import TRIGGER_FLAGS, EventLexicon, SpeechVerbs, Trigger, event_lexicon

__all__ = ["TRIGGER_FLAGS", "EventLexicon", "SpeechVerbs", "Trigger", "event_lexicon"]
