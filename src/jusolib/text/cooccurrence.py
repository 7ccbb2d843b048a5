"""Co-occurrence networks: words (and themes) that appear in the same answer, joined by their Jaccard coefficient.

A *document* is one answer (a respondent's text for one item). Two nodes co-occur when a document holds both;
their Jaccard coefficient is the number of documents holding both over the number holding either,
J(A, B) = |A ∩ B| / |A ∪ B|, as in KH Coder's 共起ネットワーク. :func:`network` keeps the nodes found in at least
``min_documents`` documents and the strongest edges: Jaccard at or above ``threshold``, in at least
``min_together`` documents together, at most ``max_edges`` of them (by Jaccard, then by documents together,
then by the nodes' names, so that the cut is deterministic). A node is drawn only with an edge.

:func:`layout` places the nodes with networkx's spring layout (Fruchterman–Reingold) from a fixed seed, so the
same network is drawn the same way every time. Given the positions of an earlier drawing (``anchor``), the nodes
already placed keep their positions and only new ones are laid out around them: the network of one fiscal year
can be set beside the previous year's and read node by node. networkx is imported when a layout is made.

Examples
--------
>>> items = pd.DataFrame({"doc": [1, 1, 2, 2, 3], "muni_code": ["a", "a", "b", "b", "c"],
...                       "node": ["連携", "研修", "連携", "研修", "連携"], "kind": "word"})
>>> net = network(items, document=["doc"], min_documents=2, threshold=0.5, min_together=2)
>>> net.edges[["source", "target", "both", "jaccard"]].values.tolist()  # 研修 in 2 docs, 連携 in 3: 2/3
[['研修', '連携', 2, 0.6666666666666666]]
>>> net.nodes[["node", "documents", "respondents"]].values.tolist()
[['連携', 3, 3], ['研修', 2, 2]]
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jusolib.core.errors import ParameterError

#: Defaults, as the pages state them.
MIN_DOCUMENTS = 2
THRESHOLD = 0.2
MIN_TOGETHER = 2
MAX_EDGES = 60
SEED = 2024
NODE_KINDS = ("word", "theme")


@dataclass(frozen=True)
class Network:
    """Nodes and edges of a co-occurrence network, and the settings that chose them.

    ``nodes``: node, kind (``word`` or ``theme``), documents (holding it), respondents (distinct respondents
    whose documents hold it); only nodes with an edge, most documents first. ``edges``: source, target, both
    (documents holding both), source_documents, target_documents, jaccard; strongest first.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    n_documents: int
    min_documents: int
    threshold: float
    min_together: int
    max_edges: int
    candidates: int = 0

    @property
    def empty(self) -> bool:
        """True when no pair of nodes passes the threshold (nothing to draw)."""
        return self.edges.empty


def jaccard(first: AbstractSet[Any], second: AbstractSet[Any]) -> float:
    """|A ∩ B| / |A ∪ B| of two sets of documents (0 for two empty sets).

    Parameters
    ----------
    first, second
        The documents holding each of two nodes.

    Returns
    -------
    float
        The coefficient, from 0 (never together) to 1 (always together).

    Examples
    --------
    >>> jaccard({1, 2, 3}, {2, 3, 4})  # 2 together, 4 in all
    0.5
    """
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def network(
    items: pd.DataFrame,
    *,
    document: Sequence[str],
    respondent: str = "muni_code",
    min_documents: int = MIN_DOCUMENTS,
    threshold: float = THRESHOLD,
    min_together: int = MIN_TOGETHER,
    max_edges: int = MAX_EDGES,
) -> Network:
    """The co-occurrence network of the nodes of some documents.

    Parameters
    ----------
    items
        One row per (document, node): the ``document`` columns, the ``respondent`` column, ``node`` (a word or
        a theme label) and ``kind`` (``word`` or ``theme``). Repeated rows count once.
    document
        The columns that identify a document (one answer: ``["muni_code", "item_id"]``).
    respondent
        The column that identifies a respondent (a node's size counts distinct respondents).
    min_documents
        Nodes found in fewer documents are left out.
    threshold
        The smallest Jaccard coefficient of an edge, in (0, 1].
    min_together
        The fewest documents two nodes must share to be joined.
    max_edges
        At most this many edges, the strongest.

    Returns
    -------
    Network
        The nodes with an edge, the edges and the settings.
    """
    if not 0 < threshold <= 1:
        raise ParameterError(f"threshold is a Jaccard coefficient in (0, 1], got {threshold}")
    for name, value in (
        ("min_documents", min_documents),
        ("min_together", min_together),
        ("max_edges", max_edges),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ParameterError(f"{name} must be a whole number ≥ 1, got {value!r}")
    missing = [c for c in [*document, respondent, "node", "kind"] if c not in items.columns]
    if missing:
        raise ParameterError(f"network: columns {missing} are missing")
    documents: dict[str, set[tuple[str, ...]]] = {}
    respondents: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    keys = map(tuple, items[list(document)].astype(str).to_numpy())
    for key, who, node, kind in zip(
        keys, items[respondent].astype(str), items["node"], items["kind"], strict=True
    ):
        documents.setdefault(node, set()).add(key)
        respondents.setdefault(node, set()).add(who)
        kinds.setdefault(node, kind)
    n_documents = len({k for docs in documents.values() for k in docs})
    frequent = sorted(
        (n for n, d in documents.items() if len(d) >= min_documents), key=lambda n: (-len(documents[n]), n)
    )
    candidates = []
    for first, second in itertools.combinations(sorted(frequent), 2):
        both = len(documents[first] & documents[second])
        if both < min_together:
            continue
        coefficient = jaccard(documents[first], documents[second])
        if coefficient >= threshold:
            candidates.append((first, second, both, coefficient))
    candidates.sort(key=lambda e: (-e[3], -e[2], e[0], e[1]))
    kept = candidates[:max_edges]
    edges = pd.DataFrame(
        [
            {
                "source": a,
                "target": b,
                "both": both,
                "source_documents": len(documents[a]),
                "target_documents": len(documents[b]),
                "jaccard": coefficient,
            }
            for a, b, both, coefficient in kept
        ],
        columns=["source", "target", "both", "source_documents", "target_documents", "jaccard"],
    )
    linked = {n for e in kept for n in e[:2]}
    nodes = pd.DataFrame(
        [
            {"node": n, "kind": kinds[n], "documents": len(documents[n]), "respondents": len(respondents[n])}
            for n in frequent
            if n in linked
        ],
        columns=["node", "kind", "documents", "respondents"],
    )
    return Network(
        nodes,
        edges,
        n_documents,
        min_documents,
        threshold,
        min_together,
        max_edges,
        candidates=len(candidates),
    )


def _component_layout(graph: Any, seed: int) -> dict[Any, tuple[float, float]]:
    """A connected component laid out alone, centred on 0, spread in proportion to its size."""
    import networkx as nx

    nodes = sorted(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    radius = math.sqrt(len(nodes)) / 2
    positions = nx.spring_layout(graph, seed=seed, weight="weight", scale=radius, iterations=100)
    return {n: (float(positions[n][0]), float(positions[n][1])) for n in nodes}


def _pack(
    components: list[dict[Any, tuple[float, float]]], origin: tuple[float, float]
) -> dict[Any, tuple[float, float]]:
    """Components side by side in rows (largest first), each in a cell as wide as it needs, from ``origin``."""
    columns = max(1, math.ceil(math.sqrt(len(components))))
    placed: dict[Any, tuple[float, float]] = {}
    x0, y0 = origin
    row_height, x = 0.0, x0
    for k, part in enumerate(components):
        if k and k % columns == 0:
            y0 -= row_height + GAP
            x, row_height = x0, 0.0
        xs, ys = [p[0] for p in part.values()], [p[1] for p in part.values()]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        for node, (px, py) in part.items():
            placed[node] = (x + px - min(xs), y0 - (max(ys) - py))
        x += width + GAP
        row_height = max(row_height, height)
    return placed


#: Space between two components of a layout (in layout units: a component of n nodes spans about √n).
GAP = 1.0


def layout(
    net: Network, *, seed: int = SEED, anchor: Mapping[str, tuple[float, float]] | None = None
) -> dict[str, tuple[float, float]]:
    """Positions of the network's nodes: each connected component a seeded spring layout, the components set
    side by side (largest first); nodes of ``anchor`` kept where they were.

    The same network and seed always give the same positions (nodes and edges are added in sorted order). With
    an anchor, a component holding anchored nodes is laid out around them (its new nodes start beside their
    anchored neighbours), and a component with none is set below the anchored drawing.

    Parameters
    ----------
    net
        The network (:func:`network`).
    seed
        The seed of the spring layout and of the new nodes' starting positions.
    anchor
        Positions of an earlier drawing (node → (x, y)); nodes not in this network are ignored.

    Returns
    -------
    dict
        Node → (x, y), in sorted node order.

    Examples
    --------
    >>> items = pd.DataFrame({"doc": [1, 1, 2, 2], "muni_code": ["a", "a", "b", "b"],
    ...                       "node": ["x", "y", "x", "y"], "kind": "word"})
    >>> net = network(items, document=["doc"])
    >>> layout(net) == layout(net)
    True
    >>> layout(net, anchor={"x": (0.5, 0.5)})["x"]
    (0.5, 0.5)
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(net.nodes["node"]))
    edges = sorted(zip(net.edges["source"], net.edges["target"], net.edges["jaccard"], strict=True))
    for source, target, weight in edges:
        graph.add_edge(source, target, weight=float(weight))
    if graph.number_of_nodes() == 0:
        return {}
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))

    def part(nodes: list[str]) -> Any:
        """A component as a graph of its own, nodes and edges in sorted order: ``graph.subgraph`` would iterate
        a set, whose order changes from one Python process to the next (hash randomisation), and the layout
        depends on that order."""
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        inside = set(nodes)
        sub.add_weighted_edges_from(sorted((a, b, w) for a, b, w in edges if a in inside and b in inside))
        return sub

    kept = {n: (float(p[0]), float(p[1])) for n, p in (anchor or {}).items() if n in graph}
    rng = random.Random(seed)
    positions: dict[Any, tuple[float, float]] = {}
    free = []
    for nodes in components:
        sub = part(nodes)
        fixed = [n for n in nodes if n in kept]
        if not fixed:
            free.append(_component_layout(sub, seed))
            continue
        start = {}
        for n in nodes:
            if n in kept:
                start[n] = kept[n]
                continue
            near = [kept[m] for m in sorted(sub.neighbors(n)) if m in kept] or [kept[m] for m in fixed]
            cx, cy = sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near)
            start[n] = (cx + rng.uniform(-0.3, 0.3), cy + rng.uniform(-0.3, 0.3))
        if len(fixed) == len(nodes):
            positions.update(start)
            continue
        laid = nx.spring_layout(sub, pos=start, fixed=fixed, seed=seed, weight="weight", iterations=100)
        positions.update({n: (float(laid[n][0]), float(laid[n][1])) for n in nodes})
    if free:
        origin = (0.0, 0.0)
        if positions:
            origin = (min(p[0] for p in positions.values()), min(p[1] for p in positions.values()) - GAP)
        positions.update(_pack(free, origin))
    return {str(n): positions[n] for n in sorted(graph)}
