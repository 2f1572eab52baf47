"""A pair's evidence lists as ``conflicts`` shows them: the first ``k`` items of each, read from
an index range in order instead of ranking every event of the pair.

``pair_events(a, b, per_stance=k)`` keeps, of each list (stance, negation, act or not), the
events whose rank is at most ``k`` when ranked by (how many earlier events their voice has
in the list, date, document, start, id): round-robin over voices (outlet and attribution), so
every voice is shown before any speaks twice.  That ranking needs, of each voice, only its
first few events, and they come first along ``events_pair_voice`` (migration 19), which holds
a pair's events of one stance and negation in that order.  ``first_per_voice`` reads the
range until the answer can no longer change:

- once ``k`` voices have been seen, the first event of each is the answer (every later voice
  starts later);
- when the list's voices and their numbers of events are known (``conflict_voices``, kept by
  migration 15 for the cooperative and hostile acts), once each voice has given the events of
  the rounds the answer reaches;
- else at the end of the range.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

Voice = tuple[str, str]


def rounds_needed(counts: Mapping[Voice, int], k: int) -> int | None:
    """The smallest number of rounds r such that taking up to r events of each voice gives at
    least ``k`` events (None when all of them give fewer: the whole list is the answer)."""
    if sum(counts.values()) < k:
        return None
    r = 1
    while sum(min(n, r) for n in counts.values()) < k:
        r += 1
    return r


def first_per_voice(rows: Iterable[tuple[int, str, str | None]], k: int,
                    counts: Mapping[Voice, int] | None = None) -> list[int]:
    """The ids of the first ``k`` events in round-robin order over voices, from ``rows`` (id,
    outlet, attributed_to) in list order (date, document, start, id); ``counts``: every voice
    of the list with its number of events, when known.  Stops reading ``rows`` as soon as the
    answer is settled."""
    quota: dict[Voice, int] | None = None
    if counts is not None and len(counts) < k:
        r = rounds_needed(counts, k)
        quota = None if r is None else {v: min(n, r) for v, n in counts.items()}
    unmet = len(quota) if quota is not None else -1
    seen: dict[Voice, list[tuple[int, int]]] = {}
    for pos, (eid, outlet, attributed) in enumerate(rows):
        voice = (outlet, attributed or "")
        got = seen.setdefault(voice, [])
        got.append((pos, eid))
        if len(seen) >= k:
            break
        if quota is not None:
            want = quota.get(voice)
            if want is None:  # a voice the counts do not know: read on to the end
                quota, unmet = None, -1
            elif len(got) == want:
                unmet -= 1
                if unmet == 0:
                    break
    ranked = sorted((rank, pos, eid) for items in seen.values() for rank, (pos, eid) in enumerate(items))
    return [eid for _, _, eid in ranked[:k]]
