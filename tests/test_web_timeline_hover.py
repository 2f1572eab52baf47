"""The timeline strip (issue 14): every dot or bar names the event it stands for, and the page's
script shows that event in a card on hover or focus."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "web" / "static"


def test_web_timeline_marks_point_at_their_events_and_the_hover_card(meridian_db):
    with TestClient(base_url="http://127.0.0.1", app=create_app(meridian_db)) as c:
        html = c.get("/timeline").text
        assert c.get("/static/timeline.js").status_code == 200
    marks = re.findall(r'<a href="#ev-(\d+)" class="mark[^"]*" data-event="(\d+)" aria-describedby="tl-hover">', html)
    assert marks and all(a == b for a, b in marks)
    items = set(re.findall(r'<li id="ev-(\d+)"', html))
    assert {a for a, _ in marks} <= items  # each mark's event is in the list the card copies from
    assert 'id="tl-hover"' in html and 'role="tooltip"' in html and "/static/timeline.js" in html


def test_web_timeline_script_shows_the_event_on_hover_and_focus():
    js = (STATIC / "timeline.js").read_text(encoding="utf-8")
    for needed in ("mouseenter", "focus", "mouseleave", "cloneNode", "'ev-' + mark.dataset.event"):
        assert needed in js
    assert "innerHTML" not in js  # a copy of server-escaped nodes, never markup from strings
