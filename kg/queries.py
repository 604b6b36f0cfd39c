"""Query logic shared by the command line and the HTTP API (beyond the store methods).

Why here and not in `kg.api`: a CLI user asking for the same list, limit or export must get
the same answer and the same error messages as an HTTP client, so the checks on query limits
and filters, the paging over search results, the JSON-safe form of graphs and rows, and the
CSV/NDJSON writers live in one place. Every check raises `ValueError` with a message that
names the input and the problem; callers turn it into an exit code or a 4xx response.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from datetime import time as time_of_day
from typing import Any

import networkx as nx

from kg.schema import label_of, vocabulary
from kg.settings import Settings
from kg.stores.base import Assertion, GraphStore, RelationFilter

#: the store is asked for one more item than a page holds, to know whether another page exists
SEARCH_MAX_OFFSET = 10_000
#: shorter timeouts would stop a query before the database has even begun it
MIN_TIMEOUT_S = 0.1


def query_limits(
    settings: Settings, timeout_s: float | None, max_rows: int | None,
    names: tuple[str, str] = ("timeout_s", "max_rows"), where: str = "on the server",
) -> tuple[float, int]:
    """The timeout and row cap a read-only query runs with: the settings' defaults when not
    given, refused (not silently lowered) above the settings' maxima. `names` are the caller's
    names of the two inputs (API fields or CLI options), for the messages."""
    timeout = settings.query_timeout_s if timeout_s is None else timeout_s
    rows = settings.query_max_rows if max_rows is None else max_rows
    timeout_name, rows_name = names
    if not timeout >= MIN_TIMEOUT_S or not math.isfinite(timeout):
        raise ValueError(f"{timeout_name}: {timeout_s!r} must be at least {MIN_TIMEOUT_S:g} s")
    if timeout > settings.query_timeout_max_s:
        raise ValueError(
            f"{timeout_name}: {timeout:g} s exceeds the maximum of {settings.query_timeout_max_s:g} s "
            f"(GEOKG_QUERY_TIMEOUT_MAX_S {where})"
        )
    if rows < 1:
        raise ValueError(f"{rows_name}: {max_rows!r} must be at least 1")
    if rows > settings.query_max_rows_limit:
        raise ValueError(
            f"{rows_name}: {rows} exceeds the maximum of {settings.query_max_rows_limit} "
            f"(GEOKG_QUERY_MAX_ROWS_LIMIT {where})"
        )
    return timeout, rows


def check_entity_id(entity_id: str, field: str = "id") -> str:
    """Refuse ids that cannot name an entity (`state:chn`, `person:antony-blinken`, ...)."""
    label = label_of(entity_id)
    if label is None or label == "Article" or not vocabulary().labels[label].id_pattern.match(entity_id):
        raise ValueError(f"{field}: {entity_id!r} is not an entity id (expected e.g. state:chn or org:nato)")
    return entity_id


def check_article_id(article_id: str) -> str:
    if not vocabulary().labels["Article"].id_pattern.match(article_id):
        raise ValueError(f"article id: {article_id!r} is malformed (expected article:<hash>)")
    return article_id


def split_list(values: Iterable[str] | None) -> list[str]:
    """`["A,B", "C"]` -> `["A", "B", "C"]`: lists may come repeated or comma-separated."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def check_relation_types(values: Iterable[str] | None, field: str = "type") -> list[str]:
    names = split_list(values)
    known = vocabulary().relation_types()
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"{field}: unknown relationship type {unknown[0]!r} (choose from {', '.join(known)})")
    return names


def check_entity_types(values: Iterable[str] | None, field: str = "type") -> list[str]:
    names = split_list(values)
    known = vocabulary().entity_labels
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"{field}: unknown entity type {unknown[0]!r} (choose from {', '.join(known)})")
    return names


def check_period(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise ValueError(f"since: {since.isoformat()} is after until ({until.isoformat()})")


def relation_filter(
    types: Iterable[str] | None = None,
    source: str | None = None,
    target: str | None = None,
    article: str | None = None,
    since: date | None = None,
    until: date | None = None,
    min_confidence: float = 0.0,
    include_negated: bool = False,
    limit: int = 1000,
    offset: int = 0,
) -> RelationFilter:
    """A `RelationFilter` whose every field has been checked."""
    check_period(since, until)
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence: {min_confidence!r} must lie between 0 and 1")
    return RelationFilter(
        types=check_relation_types(types),
        source=check_entity_id(source, "source") if source else None,
        target=check_entity_id(target, "target") if target else None,
        article=check_article_id(article) if article else None,
        since=since,
        until=until,
        min_confidence=min_confidence,
        include_negated=include_negated,
        limit=limit,
        offset=offset,
    )


def search_page(
    store: GraphStore, text: str, types: Sequence[str], limit: int, offset: int
) -> tuple[list[dict[str, Any]], bool]:
    """One page of name/alias search and whether more follow. The store's `search` has no
    offset, so the page is cut from the first `offset + limit + 1` hits (offsets are capped)."""
    if offset > SEARCH_MAX_OFFSET:
        raise ValueError(f"offset: {offset} is past the last page served ({SEARCH_MAX_OFFSET}); narrow the search")
    hits = store.search(text, types, limit=offset + limit + 1)
    return hits[offset : offset + limit], len(hits) > offset + limit


# ---------------------------------------------------------------------------- JSON-safe values


def jsonable(value: Any) -> Any:
    """A JSON-encodable copy of a value from a store: NaN and infinities become strings
    (JSON has no such numbers), dates become ISO strings, unknown objects their `str`."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date | time_of_day) or hasattr(value, "iso_format"):
        iso = getattr(value, "isoformat", None) or value.iso_format
        return iso()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    return str(value)


def graph_dict(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """`{"nodes": [...], "edges": [...], "omitted_nodes": n}`: one edge per assertion. A node's
    label is given as `type`, as entities are everywhere else."""
    nodes = []
    for node, attrs in graph.nodes(data=True):
        plain = jsonable(attrs)
        nodes.append({"id": str(node), "type": plain.pop("label", None), **plain})
    edges = [
        {**jsonable(attrs), "source": str(source), "target": str(target)}
        for source, target, attrs in graph.edges(data=True)
    ]
    return {"nodes": nodes, "edges": edges, "omitted_nodes": int(graph.graph.get("omitted_nodes", 0) or 0)}


def assertion_dict(assertion: Assertion) -> dict[str, Any]:
    return dataclasses.asdict(assertion)


# ---------------------------------------------------------------------------- long lists


def csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text a line at a time (header first); lists and dicts are written as JSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Iterable[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(columns)
    for row in rows:
        yield line(_cell(jsonable(row.get(column))) for column in columns)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def ndjson_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(jsonable(row), ensure_ascii=False) + "\n"


def graph_ndjson_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The whole graph as NDJSON: `{"kind": "node", ...}` lines, then `{"kind": "edge", ...}`."""
    data = graph_dict(graph)
    yield from ndjson_lines({"kind": "node", **node} for node in data["nodes"])
    yield from ndjson_lines({"kind": "edge", **edge} for edge in data["edges"])


ASSERTION_COLUMNS = [f.name for f in dataclasses.fields(Assertion)]


# ---------------------------------------------------------------------------- ingest of one text


# ---------------------------------------------------------------------------- viewer

_ARTICLE_PROPS_SKIPPED = {"id", "type", "mentions"}


def add_articles(store: GraphStore, graph: nx.MultiDiGraph) -> int:
    """Add the Article node of every article the graph's evidence cites; returns how many.

    Articles the store does not know are left out: the page then shows the article id."""
    cited = {str(a) for _, _, a in graph.edges(data="article") if a} - set(graph.nodes)
    added = 0
    for article_id in sorted(cited):
        node = store.entity(article_id)
        if node is None:
            continue
        props = {k: v for k, v in node.items() if k not in _ARTICLE_PROPS_SKIPPED and v is not None}
        graph.add_node(article_id, **{**props, "label": "Article"})
        added += 1
    return added


def viewer_graph(
    store: GraphStore,
    center: str | None = None,
    depth: int = 2,
    rel_types: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    max_nodes: int = 500,
) -> nx.MultiDiGraph:
    """The subgraph the viewer shows: `store.subgraph(...)` plus the articles it cites."""
    graph = store.subgraph(center, depth, rel_types, since, until, max_nodes)
    add_articles(store, graph)
    return graph
