"""Bytes to clean Unicode: bounded reads, binary sniffing, encoding detection, normalisation.

Nothing here reads more than it was told to: :func:`read_head` stops at ``max_bytes``, so a
gigabyte file costs ``max_bytes`` of memory.  Every failure is a :class:`ReadError` whose
message is the one-line reason the user sees.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import BinaryIO

from claimgraph.errors import ReadError
from claimgraph.ingest.encodings import PLAUSIBLE, doubt_of, guess_latin

SAMPLE_BYTES = 65_536

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "PDF"),
    (0, b"PK\x03\x04", "ZIP, DOCX, XLSX or EPUB"),
    (0, b"PK\x05\x06", "ZIP"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"BZh", "bzip2"),
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"\x28\xb5\x2f\xfd", "zstd"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (0, b"Rar!\x1a\x07", "RAR"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"RIFF", "RIFF media (WAV/AVI/WebP)"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"wOFF", "WOFF font"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old MS Office (DOC/XLS/PPT)"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"PAR1", "Parquet"),
    (4, b"ftyp", "MP4/MOV video"),
)
# Bytes that do not occur in text (tab, newlines, form feed and escape are allowed).
_CONTROL_BYTES = bytes(range(0, 9)) + b"\x0b" + bytes(range(14, 27)) + bytes(range(28, 32)) + b"\x7f"


def sniff_binary(sample: bytes, *, magic_only: bool = False) -> str | None:
    """The reason ``sample`` is not text, or ``None`` when it may be text."""
    for offset, magic, kind in _MAGIC:
        if sample[offset:offset + len(magic)] == magic:
            return f"binary file (looks like {kind})"
    if not sample or magic_only:
        return None
    nul = sample.count(b"\x00")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if (nul >= 4 and nul / len(sample) > 0.005) or controls / len(sample) > 0.08:
        if sample[:2] == b"MZ":
            return "binary file (looks like Windows executable)"
        return "binary file (NUL bytes / mostly non-text)"
    return None


def _looks_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text shows a NUL in every other byte."""
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    enc = None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        enc = "utf-16-le"
    elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        enc = "utf-16-be"
    if enc is None:
        return None
    # the NUL pattern alone is not enough: the decoded text must read as text
    chars = sample[: len(sample) // 2 * 2].decode(enc, errors="replace")
    readable = sum(c.isprintable() or c in "\n\r\t" for c in chars)
    return enc if readable >= 0.95 * len(chars) and sum(c.isalpha() for c in chars) >= 0.4 * len(chars) else None


def decode_bytes(data: bytes, *, truncated: bool = False) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding)``: see :func:`decode_text`."""
    text, enc, _doubt = decode_text(data, truncated=truncated)
    return text, enc


def decode_text(data: bytes, *, truncated: bool = False) -> tuple[str, str, str | None]:
    """Decode file bytes to ``(text, encoding, doubt)``: BOM, UTF-8, then the single-byte
    encoding whose words read best (Western first, see :mod:`claimgraph.ingest.encodings`),
    then charset-normalizer for other scripts.  ``doubt`` is a one-line warning when the guess
    is weak, else ``None``.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc, None
    sample = data[:SAMPLE_BYTES]
    reason = sniff_binary(sample, magic_only=True)
    if reason:
        raise ReadError(reason)
    utf16 = _looks_utf16(sample)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16, None
    reason = sniff_binary(sample)
    if reason:
        raise ReadError(reason)
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 4 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8", errors="replace"), "utf-8", None
    # Mostly UTF-8 with a few stray bytes: keep UTF-8, the bad bytes become U+FFFD (dropped later).
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = len(re.findall(r"[^\x00-\x7f\ufffd]", loose))
    if good >= 4 * bad:
        return loose, "utf-8", None
    best, ranked = guess_latin(sample)
    if best.plausibility < PLAUSIBLE:  # not a Latin-script text we know: maybe Cyrillic, Greek, CJK
        other = _detect(data)
        if other is not None:
            text = data.decode(other, errors="replace")
            if not _mostly_latin(text[:SAMPLE_BYTES]):
                return text, other, None
            best, ranked = guess_latin(sample, extra=other)
    return data.decode(best.encoding, errors="replace"), best.encoding, doubt_of(best, ranked)


def _detect(data: bytes) -> str | None:
    """charset-normalizer's encoding for ``data`` (a Python codec name), or ``None``."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return codecs.lookup(best.encoding).name if best is not None and best.encoding else None
    except Exception:  # noqa: BLE001 - a detector failure leaves the Latin guess standing
        return None


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha() and not c.isascii()]
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return latin >= 0.5 * len(letters)


def read_head(stream: BinaryIO, max_bytes: int) -> tuple[bytes, bool]:
    """At most ``max_bytes`` from ``stream`` and whether more was left."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return data[:max_bytes], True
    return data, False


_LINE_BREAKS = re.compile(r"\r\n?|[\x0c\x1c-\x1e\x85\u2028\u2029]")
_DROP = re.compile("[\x00-\x08\x0b\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffd\u200b\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line ends, no control or replacement characters, single spaces, no trailing blanks."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _DROP.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def cut_at_boundary(text: str, *, window: float = 0.2) -> str:
    """Shorten truncated (normalised) ``text`` to its last paragraph end, else sentence or word end."""
    floor = int(len(text) * (1 - window))
    para = text.rfind("\n\n", floor)
    if para >= 0:
        return text[:para].rstrip()
    last = None
    for last in re.finditer(r"[.!?][\"'”’)]*(?=\s)", text[floor:]):
        pass
    if last is not None:
        return text[: floor + last.end()].rstrip()
    space = max(text.rfind(" ", floor), text.rfind("\n", floor))
    return text[:space].rstrip() if space > 0 else text
