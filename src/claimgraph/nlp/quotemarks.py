"""Passages between quotation marks, paragraph by paragraph: the quotes stage takes them as
direct quotes, and coreference keeps a pronoun outside them from pointing at a name inside."""
from __future__ import annotations

import re

QUOTE_PAIRS = {"“": "”", '"': '"', "``": "''", "''": "''", "«": "»", "„": "“", "‘": "’"}
_OPEN = re.compile(r"“|\"|``|''|«|„|‘")
_MIN_WORDS = 3


def find_quote_marks(text: str) -> list[tuple[int, int]]:
    """Character spans (including the marks) of quoted passages, paragraph by paragraph."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p0, ptext = para.start(), para.group()
        pos = 0
        while True:
            m = _OPEN.search(ptext, pos)
            if not m:
                break
            close = QUOTE_PAIRS[m.group()]
            j = ptext.find(close, m.end())
            if close == "’":  # skip apostrophes: a closing mark is not followed by a letter
                while j >= 0 and j + 1 < len(ptext) and ptext[j + 1].isalpha():
                    j = ptext.find(close, j + 1)
            end = len(ptext) if j < 0 else j + len(close)
            if len(ptext[m.end() : end].split()) >= _MIN_WORDS:
                spans.append((p0 + m.start(), p0 + end))
            pos = end
    return spans
