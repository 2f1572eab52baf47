"""``check``'s denial answered at dyad scope: the latest supporting claim (``sort_key``) of the
same asserting actor (its id), from another document, not dated after the denial; found by bisection
(``_LatestClaims``), with the answer the pass over every claim gave."""
from __future__ import annotations

import random

from claimgraph.analysis.check import _LatestClaims
from claimgraph.analysis.evidence import sort_key


def _scan(supporting, item):
    earlier = [x for x in supporting if x["doc_id"] != item["doc_id"] and x["source_id"] == item["source_id"]
               and (x.get("date") or "") <= (item.get("date") or "9999")]
    return max(earlier, key=sort_key)["event_id"] if earlier else None


def test_latest_claim_equals_the_scan_over_every_claim():
    rng = random.Random(5)
    dates = [None, "", "2019", "2019-03", "2019-03-02", "2019-03-02", "2020-01-01", "2018-12"]
    for _ in range(40):
        supporting = [{"event_id": i, "doc_id": f"d{rng.randint(0, 6)}", "source_id": rng.choice(["dastan", "fmf", None]),
                       "date": rng.choice(dates), "published": rng.choice([None, "2019-01-01", "2019-05-05"])}
                      for i in range(rng.randint(0, 30))]
        latest = _LatestClaims(supporting)
        for j in range(20):
            denial = {"event_id": 1000 + j, "doc_id": f"d{rng.randint(0, 6)}", "source_id": rng.choice(["dastan", "fmf", None]),
                      "date": rng.choice(dates)}
            assert latest.before(denial) == _scan(supporting, denial)
