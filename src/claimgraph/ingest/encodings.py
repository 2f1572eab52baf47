"""Which single-byte encoding a non-UTF-8 text is in, judged by the words it decodes to.

Byte detectors (charset-normalizer) guess poorly on European text: French or Portuguese with
many accents comes out as Windows-1250, so "à" reads "ŕ".  Here each candidate decoding is
scored by its words instead: a word whose accented letters all belong to one language's
alphabet is plausible ("déclaré", "příliš"), a word that mixes alphabets ("ministčre",
"pøíští") or has a symbol between its letters ("Za¿ó³æ") is not.  The candidate whose words
fit best wins; on a tie the Western encoding (Windows-1252, a superset of Latin-1 in practice)
wins.  :func:`guess_latin` also says when the guess is weak, so the reader can warn.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Candidates in order of preference on a tie: Western first (the "prefer cp1252").
LATIN_CANDIDATES = ("cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1254")
NAMES = {
    "cp1252": "Windows-1252 (Western European)",
    "iso8859_15": "ISO-8859-15 (Western European)",
    "cp1250": "Windows-1250 (Central European)",
    "iso8859_2": "ISO-8859-2 (Central European)",
    "cp1254": "Windows-1254 (Turkish)",
}
# The accented (non-ASCII) lowercase letters of each language written in these encodings.
ALPHABETS: dict[str, frozenset[str]] = {name: frozenset(letters) for name, letters in {
    "French": "àâæçéèêëîïôœùûüÿ",
    "Spanish": "áéíñóúü",
    "Portuguese": "áâãàçéêíóôõúü",
    "Italian": "àèéìíîòóù",
    "Catalan": "àçèéíïòóúü",
    "German": "äöüß",
    "Dutch": "áéíóúàèëïöüĳ",
    "Danish/Norwegian": "æøåéóôàè",
    "Swedish": "åäöé",
    "Finnish": "åäöšž",
    "Icelandic": "áðéíóúýþæö",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Polish": "ąćęłńóśźż",
    "Hungarian": "áéíóöőúüű",
    "Slovene/Croatian": "čćđšž",
    "Romanian": "ăâîșțşţ",
    "Albanian": "çë",
    "Turkish": "çğıöşüâîû",
}.items()}
# A word: split on white space, ASCII punctuation and digits, and general punctuation (quotes,
# dashes); symbols of the 0x80-0xFF range stay inside the word, where they betray a wrong guess.
_WORD = re.compile(r"[^\s!-@\[-`{-~\u2010-\u205f«»‹›]+")
_EDGE = re.compile(r"^[\W\d_ªº]+|[\W\d_ªº]+$")
_C1 = re.compile(rb"[\x80-\x9f]")
PLAUSIBLE = 0.8  # below this share of plausible words no candidate is trusted
CLOSE = 0.1  # a runner-up this close (in score) to the winner makes the guess doubtful
MIN_WORDS = 3  # ... when at least this many distinct accented words read differently


@dataclass(frozen=True)
class Fit:
    """How well one decoding reads: ``consistency`` is the share of accented words that fit
    the single best language, ``plausibility`` the share that fit some language."""

    encoding: str
    consistency: float
    plausibility: float
    words: int  # accented words seen
    distinct: frozenset[str] = frozenset()  # the distinct accented words

    @property
    def score(self) -> float:
        return self.consistency + self.plausibility


def word_fit(text: str, encoding: str) -> Fit:
    """Score ``text`` (a decoding in ``encoding``) by the alphabets its accented words use."""
    fits: Counter[str] = Counter()
    words = plausible = 0
    distinct: set[str] = set()
    for token in _WORD.findall(text):
        if token.isascii():
            continue
        core = _EDGE.sub("", token)
        accented = {c.lower() for c in core if not c.isascii()}
        if not accented or (len(core) == 1 and core.isupper()):
            continue  # no letters, or a lone capital ("£" read as "Ł")
        words += 1
        distinct.add(core)
        if not all(c.isalpha() and c not in "ªº" for c in accented):
            continue  # a symbol or control character between letters
        langs = [name for name, abc in ALPHABETS.items() if accented <= abc]
        if langs:
            plausible += 1
            fits.update(langs)
    if not words:
        return Fit(encoding, 1.0, 1.0, 0)
    return Fit(encoding, max(fits.values(), default=0) / words, plausible / words, words, frozenset(distinct))


def guess_latin(sample: bytes, extra: str | None = None) -> tuple[Fit, list[Fit]]:
    """The best-reading candidate for ``sample`` and all candidates (``extra`` last), best first.

    Candidates that decode ``sample`` to the same text as a preferred one are left out, and so
    are the ISO-8859 ones when ``sample`` has bytes 0x80-0x9F (control codes there, never text).
    """
    seen: dict[str, str] = {}
    fits: list[Fit] = []
    c1 = _C1.search(sample) is not None
    for enc in (*LATIN_CANDIDATES, *([extra] if extra and extra not in LATIN_CANDIDATES else [])):
        if c1 and enc.startswith("iso8859"):
            continue
        text = sample.decode(enc, errors="replace")
        if text in seen:
            continue
        seen[text] = enc
        fits.append(word_fit(text, enc))
    ranked = sorted(fits, key=lambda f: -f.score)  # stable: preference order on ties
    return ranked[0], ranked


def doubt_of(best: Fit, ranked: list[Fit]) -> str | None:
    """The warning for a weak guess, or ``None`` when the guess is clear."""
    name = NAMES.get(best.encoding, best.encoding)
    if best.plausibility < PLAUSIBLE:
        return (f"text encoding is not UTF-8 and could not be identified with confidence (read as {name}); "
                "accented letters may be wrong: save the file as UTF-8")
    for other in ranked[1:]:
        if other.score >= best.score - CLOSE and len(best.distinct - other.distinct) >= MIN_WORDS:
            return (f"text encoding is not UTF-8; read as {name}, but {NAMES.get(other.encoding, other.encoding)} "
                    "fits too: check the accented letters, or save the file as UTF-8")
    return None


__all__ = ["ALPHABETS", "LATIN_CANDIDATES", "PLAUSIBLE", "Fit", "doubt_of", "guess_latin", "word_fit"]
