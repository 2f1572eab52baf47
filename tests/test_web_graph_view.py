"""A readable graph (issue 14): the layout is seeded on the server, so every load draws the
same picture; labels grow with an actor's importance; the page offers PNG and SVG of the view."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimgraph.web import create_app  # noqa: E402
from claimgraph.web.routers.graph import place  # noqa: E402

STATIC = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "web" / "static"


def graph(db, **params):
    with TestClient(base_url="http://127.0.0.1", app=create_app(db)) as c:
        return c.get("/api/graph", params=params).json()


def test_web_graph_layout_is_the_same_on_every_load(meridian_db):
    first, second = graph(meridian_db), graph(meridian_db)  # two apps: nothing cached between them
    pos = {n["id"]: (n["x"], n["y"]) for n in first["nodes"]}
    assert pos == {n["id"]: (n["x"], n["y"]) for n in second["nodes"]}
    assert len(set(pos.values())) == len(pos)  # spread out, not stacked
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    assert max(xs) - min(xs) > 200 and max(ys) - min(ys) > 200


def test_web_graph_layout_does_not_depend_on_row_order():
    nodes = [{"id": i, "mentions": m} for i, m in (("a", 5), ("b", 1), ("c", 2), ("d", 9))]
    edges = [{"source": "a", "target": "b", "weight": 2}, {"source": "c", "target": "a", "weight": 1},
             {"source": "d", "target": "a", "weight": 3}]
    one = {n["id"]: (n["x"], n["y"]) for n in place(nodes, edges)}
    two = {n["id"]: (n["x"], n["y"]) for n in place(list(reversed(nodes)), list(reversed(edges)))}
    assert one == two


def test_web_graph_labels_are_sized_by_importance(meridian_db):
    nodes = graph(meridian_db)["nodes"]
    by_importance = sorted(nodes, key=lambda n: -n["importance"])
    assert by_importance[0]["id"] == "fmf" and by_importance[0]["degree"] == max(n["degree"] for n in nodes)
    sizes = [n["label_size"] for n in by_importance]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1] >= 12
    assert all(n["label_size"] >= 12 for n in nodes)  # never the unreadable 8 px


def test_web_graph_big_layout_stays_bounded():
    nodes = [{"id": f"n{i:04d}", "mentions": i % 7} for i in range(900)]
    edges = [{"source": f"n{i:04d}", "target": f"n{(i * 7 + 1) % 900:04d}", "weight": 1 + i % 3} for i in range(900)]
    placed = place(nodes, edges)
    assert len({(n["x"], n["y"]) for n in placed}) == 900
    top = max(placed, key=lambda n: n["importance"])
    assert abs(top["x"]) + abs(top["y"]) < 1  # the spiral starts with the most important actor


def test_web_graph_page_draws_the_preset_layout_and_saves_png_and_svg(meridian_db):
    with TestClient(base_url="http://127.0.0.1", app=create_app(meridian_db)) as c:
        html = c.get("/").text
    assert 'id="save-png"' in html and 'id="save-svg"' in html
    js = (STATIC / "graph.js").read_text(encoding="utf-8")
    assert "name: 'preset'" in js and "'font-size': 'data(label_size)'" in js
    assert "cy.png(" in js and "XMLSerializer" in js and "innerHTML" not in js


def test_web_graph_layout_a_lone_pair_does_not_shrink_the_main_picture():
    """Each connected part is laid out on its own, scaled to its size: the largest part spans most
    of the drawing however far a pair linked only to each other would drift in one spring layout."""
    from claimgraph.web.routers.graph import place

    main = [f"a{i}" for i in range(12)]
    nodes = [{"id": n, "mentions": 1} for n in main + ["x", "y"]]
    edges = [{"source": main[0], "target": m, "weight": 1} for m in main[1:]] + [{"source": "x", "target": "y", "weight": 1}]
    pos = {n["id"]: (n["x"], n["y"]) for n in place(nodes, edges)}
    assert place(nodes, edges) == place(nodes, edges)  # seeded: the same drawing every time
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    mx, my = [pos[m][0] for m in main], [pos[m][1] for m in main]
    assert (max(mx) - min(mx)) >= 0.6 * (max(xs) - min(xs))
    assert (max(my) - min(my)) >= 0.5 * (max(ys) - min(ys))
