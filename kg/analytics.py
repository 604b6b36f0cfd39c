"""Graph analytics behind the relation reports: roll-up, distinct events, reciprocity,
PageRank and blocs (community detection), all on networkx or plain Python.

Why a separate module: these are the judgements a report makes about the graph (who acts for
whom, when two reports are one event, which actors form a bloc). Keeping them pure functions of
assertions makes each one testable on its own and reusable by the API and the viewer.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

import networkx as nx
import numpy as np

from kg.schema import label_of
from kg.stores.base import Assertion

#: when one official or agency has several parents, the one named most often wins; on a tie a
#: state beats an organisation beats an agency (a state is the usual top level), then the id
_PARENT_RANK = {"State": 0, "Organization": 1, "Agency": 2}
_ROLLED_LABELS = ("Official", "Agency")


def _id_parent(agency_id: str, known: set[str]) -> str | None:
    """`agency:chn:mfa` -> `state:chn` (or `org:<slug>`) when that entity is in the graph: the
    id convention names the owner, which helps when the extractor found no PART_OF edge."""
    parts = agency_id.split(":")
    if len(parts) != 3:
        return None
    for candidate in (f"state:{parts[1]}", f"org:{parts[1]}"):
        if candidate in known:
            return candidate
    return None


def rollup_map(
    structural: Iterable[Assertion],
    known: set[str],
    declared_parents: Mapping[str, str] | None = None,
    rollup_types: Iterable[str] = ("OFFICIAL_OF", "PART_OF"),
) -> dict[str, str]:
    """Map each official and agency to the top-level State or Organization it acts for.

    Ontology rule 4: officials and agencies act for their state or organisation, so counts are
    made at that level. Parents come from OFFICIAL_OF/PART_OF assertions, then an agency's
    declared `parent`, then its id. Ids without a parent map to themselves; cycles stop.
    """
    wanted = set(rollup_types)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for a in structural:
        if a.type in wanted and not a.negated and a.source != a.target:
            votes[a.source][a.target] += 1
    parent: dict[str, str] = {}
    for child, counter in votes.items():
        best = sorted(counter.items(), key=lambda kv: (-kv[1], _PARENT_RANK.get(label_of(kv[0]) or "", 9), kv[0]))
        parent[child] = best[0][0]
    for child in known:
        if child in parent or label_of(child) != "Agency":
            continue
        declared = (declared_parents or {}).get(child)
        found = declared if declared in known else _id_parent(child, known)
        if found and found != child:
            parent[child] = found

    result: dict[str, str] = {}
    for start in set(parent) | known:
        node, seen = start, {start}
        while label_of(node) in _ROLLED_LABELS and node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        result[start] = node
    return result


def count_events(dated: Iterable[tuple[str | None, str | None]], window_days: int) -> int:
    """How many distinct events a run of reports of one (source, type, target) describes.

    `dated` holds (ISO date, article id) per report. Reports are sorted by date and a new event
    starts when a report is more than `window_days` after the first report of the current event
    (so a long story cannot chain into one event forever). Undated reports cannot be placed in
    time, so each distinct article without a date counts as its own event.
    """
    days: list[date] = []
    undated: set[str] = set()
    for day, article in dated:
        parsed = parse_day(day)
        if parsed is None:
            undated.add(article or "")
        else:
            days.append(parsed)
    events = len(undated)
    start: date | None = None
    for when in sorted(days):
        if start is None or (when - start).days > window_days:
            events += 1
            start = when
    return events


def parse_day(value: str | None) -> date | None:
    """The calendar day of an assertion's date (`2021-07-19` or a timestamp), None if unknown."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def weighted_digraph(weights: Mapping[tuple[str, str], float]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for (source, target), weight in weights.items():
        if source != target and weight > 0:
            graph.add_edge(source, target, weight=weight)
    return graph


def reciprocity(weights: Mapping[tuple[str, str], float]) -> tuple[float | None, list[tuple[str, str]]]:
    """Share of directed ties that are returned (networkx overall reciprocity), and the mutual
    pairs (each once, ordered). None when there is no tie at all."""
    graph = weighted_digraph(weights)
    if graph.number_of_edges() == 0:
        return None, []
    mutual = sorted({tuple(sorted((a, b))) for a, b in graph.edges if graph.has_edge(b, a)})
    return float(nx.overall_reciprocity(graph)), [(a, b) for a, b in mutual]


def pagerank(weights: Mapping[tuple[str, str], float], alpha: float = 0.85, tol: float = 1.0e-6,
             max_iter: int = 100) -> dict[str, float]:
    """PageRank on the weighted directed graph: an actor ranks high when prominent actors direct
    many relations at it (for ACCUSES: the most consequentially accused).

    networkx's `pagerank` needs scipy, which geokg does not depend on, and its pure-Python
    fallback took most of a report's build time; this is the same power iteration (same
    damping, tolerance and uniform treatment of dangling nodes) on numpy edge arrays."""
    graph = weighted_digraph(weights)
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    edges = list(graph.edges(data="weight"))
    src = np.fromiter((index[a] for a, _, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[b] for _, b, _ in edges), dtype=np.int64, count=len(edges))
    weight = np.fromiter((float(w) for _, _, w in edges), dtype=float, count=len(edges))
    out_weight = np.bincount(src, weights=weight, minlength=n)
    share = weight / out_weight[src]
    dangling = out_weight == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        previous = rank
        rank = alpha * np.bincount(dst, weights=previous[src] * share, minlength=n)
        rank += (alpha * previous[dangling].sum() + 1.0 - alpha) / n
        if np.abs(rank - previous).sum() < n * tol:
            break
    return {node: float(rank[index[node]]) for node in nodes}


def blocs(
    ties: Mapping[frozenset[str], float], seed: int, resolution: float = 1.0, min_size: int = 2
) -> list[list[str]]:
    """Communities of an undirected alignment graph (Louvain, seeded so reports repeat).

    Largest bloc first, members sorted; communities smaller than `min_size` are left out.
    """
    graph = nx.Graph()
    for pair, weight in sorted(ties.items(), key=lambda kv: sorted(kv[0])):
        if len(pair) == 2 and weight > 0:
            a, b = sorted(pair)
            graph.add_edge(a, b, weight=weight)
    if graph.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    groups = [sorted(c) for c in found if len(c) >= min_size]
    return sorted(groups, key=lambda g: (-len(g), g))
