"""``nlp.offsets.OffsetIndex`` answers what a scan over its items answers, in the items' order."""
from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from claimgraph.nlp.offsets import OffsetIndex, indexed


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    n: int


def random_items(seed: int, n: int = 300, size: int = 2000) -> list[Item]:
    """Short items everywhere, some empty, a few that run far (a quotation to the paragraph's end),
    ends before starts, and duplicates, in no particular order."""
    r = random.Random(seed)
    out = []
    for i in range(n):
        s = r.randrange(size)
        length = r.choice([0, 1, 1, 2, 3, 5, 8, 13, 40, r.randrange(size), -2])
        out.append(Item(s, s + length, i))
    out += [Item(out[0].start, out[0].end, n), Item(out[1].start, out[1].end, n + 1)]
    return out


@pytest.mark.parametrize("seed", range(4))
def test_offsets_queries_match_a_scan_of_the_items(seed):
    items = random_items(seed)
    index = OffsetIndex(items)
    r = random.Random(seed + 100)
    for pos in range(-5, 2100, 7):
        assert index.containing(pos) == [x for x in items if x.start <= pos < x.end]
    for _ in range(400):
        lo = r.randrange(-10, 2100)
        hi = lo + r.choice([0, 1, 2, 10, 50, 400])
        assert index.overlapping(lo, hi) == [x for x in items if x.start < hi and lo < x.end]
        assert index.starting_in(lo, hi) == [x for x in items if lo <= x.start < hi]


def test_offsets_added_items_keep_the_order_of_adding():
    items = random_items(7, n=120)
    index: OffsetIndex[Item] = OffsetIndex()
    for x in items:
        index.add(x)
        assert index.containing(x.start) == [y for y in items[: x.n + 1] if y.start <= x.start < y.end]
    assert list(index) == items and len(index) == len(items) and index[5] is items[5]
    assert index.overlapping(0, 10_000) == [x for x in items if x.start < 10_000 and 0 < x.end]


def test_offsets_tuples_and_plain_lists():
    spans = [(10, 20), (0, 5), (12, 12), (15, 40)]
    index = OffsetIndex(spans, lambda s: s[0], lambda s: s[1])
    assert index.containing(15) == [(10, 20), (15, 40)]
    assert index.overlapping(11, 13) == [(10, 20), (12, 12)]  # an empty span strictly inside overlaps, as a scan said
    assert index.overlapping(12, 12) == [(10, 20)]
    assert indexed(index) is index
    assert list(indexed(None)) == [] and list(indexed([Item(1, 2, 0)])) == [Item(1, 2, 0)]
