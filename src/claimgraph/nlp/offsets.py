"""Position indexes for the stages: the items at, around or inside an offset, found by bisection.

A stage that asks, for each event or quote, "which quotes hold this character", "which mentions
start in this sentence" or "which entity covers this token" would scan every item of the
document each time: quadratic in a long article.  ``OffsetIndex`` answers the same questions in
O(log n) plus what it returns, and always in the items' own order, so code that takes the first
match, or the smallest with ties to the first, gets the very item a scan over the list gave it.

Items are grouped by the bit length of their length (1, 2-3, 4-7, ... units): within a group an
item holding a position starts at most the group's longest length before it, so one long item
(a quotation that runs to the end of its paragraph) never makes the short ones slow to find.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Generic, TypeVar

T = TypeVar("T")


class OffsetIndex(Sequence[T], Generic[T]):
    """Items with a half-open extent ``[start, end)`` (offsets of any unit: tokens, characters),
    in the order given.  Iterating, ``len`` and ``[i]`` give that order; the queries return
    lists in it too.  ``add`` appends an item (the index stays valid)."""

    def __init__(self, items: Iterable[T] = (), start: Callable[[T], int] = attrgetter("start"),
                 end: Callable[[T], int] = attrgetter("end")) -> None:
        self._start, self._end = start, end
        self._items: list[T] = []
        self._extent: list[tuple[int, int]] = []
        # bit length of the length -> (longest length, sorted (start, item number))
        self._groups: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        s, e = self._start(item), self._end(item)
        n = len(self._items)
        self._items.append(item)
        self._extent.append((s, e))
        group = max(e - s, 0).bit_length()
        longest, starts = self._groups.get(group, (0, []))
        if starts and starts[-1][0] <= s:
            starts.append((s, n))  # items usually come in text order
        else:
            insort(starts, (s, n))
        self._groups[group] = (max(longest, e - s), starts)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):  # type: ignore[override]
        return self._items[i]

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def _numbers(self, first: int, last: int, keep: Callable[[int, int], bool], reach: bool) -> list[int]:
        """Item numbers whose start is in ``[first - longest, last]`` of their group (``reach``) or in
        ``[first, last]``, that ``keep(start, end)`` accepts, in item order."""
        out: list[int] = []
        for longest, starts in self._groups.values():
            lo = bisect_left(starts, ((first - longest) if reach else first, -1))
            hi = bisect_right(starts, (last, len(self._items)))
            for _, n in starts[lo:hi]:
                s, e = self._extent[n]
                if keep(s, e):
                    out.append(n)
        out.sort()
        return out

    def containing(self, pos: int) -> list[T]:
        """The items with ``start <= pos < end``."""
        return [self._items[n] for n in self._numbers(pos, pos, lambda s, e: s <= pos < e, True)]

    def overlapping(self, lo: int, hi: int) -> list[T]:
        """The items with ``start < hi`` and ``lo < end`` (an empty item strictly inside counts)."""
        return [self._items[n] for n in self._numbers(lo, hi, lambda s, e: s < hi and lo < e, True)]

    def starting_in(self, lo: int, hi: int) -> list[T]:
        """The items with ``lo <= start < hi``."""
        return [self._items[n] for n in self._numbers(lo, hi, lambda s, e: lo <= s < hi, False)]


def indexed(items: Sequence[T] | None) -> OffsetIndex[T]:
    """``items`` as an ``OffsetIndex`` (itself when it is one already)."""
    if isinstance(items, OffsetIndex):
        return items
    return OffsetIndex(items or ())


__all__ = ["OffsetIndex", "indexed"]
