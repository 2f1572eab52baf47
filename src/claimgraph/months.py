"""Month names: the one table that date parsing (``ingest.dates``) and the time-expression
tagger (``nlp.timex``) both read.  It sits below both packages, since ingest runs before nlp.

- ``MONTH_NAMES``: "january" ... "december", in calendar order;
- ``MONTH_NUMBERS``: full name -> 1..12;
- ``MONTH_PREFIXES``: the first three letters of every name -> 1..12 ("may" included),
  the key a parser gets from ``token[:3].lower()``;
- ``MONTH_ABBREVIATIONS``: the written abbreviations ("jan", "sep", "sept" ...) -> 1..12;
  "may" is not among them, being a full name already.
"""
from __future__ import annotations

MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
MONTH_NUMBERS: dict[str, int] = {name: i for i, name in enumerate(MONTH_NAMES, 1)}
MONTH_PREFIXES: dict[str, int] = {name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
