"""Small text helpers shared by the stages: normalisation for matching, and slugs for ids."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(the|a|an)\s+", re.I)


@lru_cache(maxsize=65536)  # a pure function of the string: the stages ask again for every name they compare
def norm(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare names (SPEC section 6)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("'s", "") if text.endswith(("'s", "’s")) else text
    text = _PUNCT.sub(" ", text.lower())
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def norm_name(text: str) -> str:
    """``norm`` without a leading article: "the Islamic State" == "Islamic State"."""
    return _LEADING_THE.sub("", norm(text))


def slug(text: str) -> str:
    s = norm_name(text).replace(" ", "-")
    return s or "actor"


def strip_possessive(text: str) -> str:
    return re.sub(r"(['’]s|['’])$", "", text.strip())


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha() and (w[0].isupper() or len(w) > 3))
