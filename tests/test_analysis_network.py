"""The actor network's measures in arrays (``analysis.network``) against networkx, which defines
them: betweenness exact and from a seeded sample of sources, degree and events per actor."""
from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from claimgraph.analysis import network
from claimgraph.analysis.network import Network


def _net(g: nx.Graph) -> Network:
    return Network.from_edges([str(x) for x in g.nodes], [(str(a), str(b), d.get("weight", 1)) for a, b, d in g.edges(data=True)])


def _graphs():
    rng = random.Random(5)
    yield nx.path_graph(4)
    yield nx.star_graph(6)
    yield nx.cycle_graph(9)  # ties: two shortest paths between opposite actors
    yield nx.complete_graph(12)
    yield nx.barbell_graph(5, 2)
    lone = nx.Graph()
    lone.add_nodes_from(range(6))  # actors with no link count too
    lone.add_edge(0, 1)
    yield lone
    for n, p in ((40, 0.08), (120, 0.05), (150, 0.5)):
        yield nx.gnp_random_graph(n, p, seed=rng.randrange(10_000))


@pytest.mark.parametrize("g", list(_graphs()), ids=lambda g: f"{g.number_of_nodes()}x{g.number_of_edges()}")
def test_network_betweenness_is_networkx_exact_and_sampled(g):
    net = _net(g)
    ref = nx.betweenness_centrality(g, normalized=True)
    assert np.allclose(net.betweenness(), [ref[x] for x in g.nodes], atol=1e-12)
    k = max(2, g.number_of_nodes() // 3)
    sampled = nx.betweenness_centrality(g, k=k, seed=7, normalized=True)  # the same sources drawn
    assert np.allclose(net.betweenness(net.sample(k, seed=7)), [sampled[x] for x in g.nodes], atol=1e-12)


def test_network_blocks_of_sources_add_up(monkeypatch):
    g = nx.gnp_random_graph(60, 0.1, seed=3)
    whole = _net(g).betweenness()
    monkeypatch.setattr(network, "BLOCK_CELLS", 60 * 7)  # blocks of 7 sources, the last one short
    assert np.allclose(_net(g).betweenness(), whole, atol=1e-12)


def test_network_degree_events_and_edges_that_add_up():
    net = Network.from_edges(["a", "b", "c", "d"], [("a", "b", 3), ("b", "a", 2), ("b", "c", 1), ("c", "c", 9), ("e", "a", 4)])
    assert net.ids == ["a", "b", "c", "d", "e"]  # an actor only an edge names comes last
    assert (net.degree("a"), net.events("a")) == (2, 9)  # b (3 + 2, both directions) and e (4)
    assert (net.degree("c"), net.events("c")) == (1, 1)  # the loop is no link
    assert (net.degree("d"), net.degree("nobody"), net.events("nobody")) == (0, 0, 0)
    assert net.links == 3
    assert net.sample(None) is None and net.sample(5) is None and len(set(net.sample(3))) == 3
    assert net.betweenness()[net.index["a"]] == pytest.approx(nx.betweenness_centrality(nx.Graph([("a", "b"), ("b", "c"), ("e", "a"), ("d", "d")]))["a"])
    assert Network.from_edges([], []).betweenness().shape == (0,)
    more = Network.from_edges(["a"], [("f", "f", 2), ("h", "g", 1), ("a", "g", 1), ("h", "f", 5)])
    assert more.ids == ["a", "h", "g", "f"]  # in the order the links name them; f's loop alone named nobody
    assert (more.degree("f"), more.events("f"), more.events("h")) == (1, 5, 6)
