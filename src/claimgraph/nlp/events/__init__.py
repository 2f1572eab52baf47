"""Events and relations coded to PLOVER from the dependency parse.

Triggers come from ``data/events.tsv`` (``triggers``).  For a verb trigger the source is its
subject, the target its object or a prepositional object; passives swap them; noun triggers take
their source from a possessive, a modifier or the governing verb (``arguments``).  Copulas give
EQUATE ("Hamas is ISIS", "worse than"), "Iran-backed" gives SUPPORT (``relations``).

Every event carries negation, hedging and its modes (``modality``: hypothetical "threatened to
bomb", future "vowed to retake", claimed "claimed responsibility for") and attribution (``attribution``): an
event inside a quote or reported speech is attributed to its speaker, and when that framing is
accusatory the speaker's ACCUSE of the event's source is added.  ``finder`` is the stage.
"""
from .finder import EventFinder

__all__ = ["EventFinder"]
