"""Time expressions: find, type and normalise them to TIMEX3 values.

``find_timexes(text, anchor)`` is a pure, regex- and lexicon-based tagger in the style of
HeidelTime and SUTime.  The rules live in the ``grammar_*`` modules (each a regex plus a
small parser, run only near its trigger words); the longest non-overlapping candidates win;
then, in document order, each is resolved against the article date (``anchor``) and a
little discourse state (the last quarter, day, month and year mentioned, so that "the
year-ago quarter", "the following month" and "10:35 a.m." resolve the way news readers
resolve them).  No model, no I/O, no global state: safe to call from many threads.

Conventions follow TimeML/TempEval-3 (TIMEX3): types DATE, TIME, DURATION, SET; values
such as ``1998-08-07``, ``1998-W32``, ``1998-Q3``, ``1998-SU``, ``199`` (the 1990s),
``1998-08-07TNI``, ``P3Y``, ``PXW``, ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``.

Modules, each importing only those above it:

- ``lexicon``: number, month, week-day, season, unit and holiday words; tense cue words;
- ``calendar``: date arithmetic (ISO weeks, quarters, Easter, week-day and month lookups);
- ``context``: the anchor, the discourse memory and the tense of a clause;
- ``values``: TIMEX3 value builders (the resolvers rules return) and ``date_of_value``;
- ``rules``: the rule registry and the pieces the grammar modules share;
- ``grammar_dates``, ``grammar_relative``, ``grammar_periods``, ``grammar_durations``,
  ``grammar_times``: the rules; ``grammar``: all of them in priority order, with triggers;
- ``tagger``: ``find_timexes``.
"""
from __future__ import annotations

from .calendar import resolve_month, resolve_weekday
from .context import Anchor
from .tagger import find_timexes
from .values import date_of_value

__all__ = ["Anchor", "date_of_value", "find_timexes", "resolve_month", "resolve_weekday"]
