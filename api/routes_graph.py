"""Read routes about entities and their surroundings: health, stats, search, one entity, its
neighbours, paths between two, and the viewer page."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

import kg
from kg import queries
from kg.api.deps import AppSettings, Store, from_memory_or_thread
from kg.api.formats import json_body
from kg.api.models import EntityOut, EntityPage, Health, NeighborhoodOut, PathsOut, StatsOut
from kg.api.problems import ApiProblem, checked_input, not_found, problem_responses

router = APIRouter()

#: the viewer page runs its own inline script and nothing else: no network, no external files
VIZ_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

EntityId = Annotated[str, Query(max_length=300)]
TypesParam = Annotated[
    list[str] | None,
    Query(max_length=300, description="relationship types, repeated or comma-separated (ACCUSES,SANCTIONS)"),
]
Since = Annotated[date | None, Query(description="only assertions dated on or after this day")]
Until = Annotated[date | None, Query(description="only assertions dated on or before this day")]


def known_entity(store: Store, entity_id: str, field: str = "id") -> dict[str, object]:
    """The entity, or a 422 for an id that cannot exist and a 404 for one that does not."""
    with checked_input():
        queries.check_entity_id(entity_id, field)
    found = store.entity(entity_id)
    if found is None:
        raise not_found(f"{field}: no entity {entity_id!r} in the graph (search with GET /entities?q=...)")
    return found


def graph_filter(types: list[str] | None, since: date | None, until: date | None) -> list[str]:
    """The checked relationship types of a neighbourhood or viewer request (422 when bad)."""
    with checked_input():
        queries.check_period(since, until)
        return queries.check_relation_types(types, "types")


@router.get("/health", response_model=Health, tags=["meta"], responses=problem_responses(503))
def health(store: Store, settings: AppSettings) -> Health:
    """Is the API up and its store reachable? (Runs `RETURN 1` on the store.)"""
    store.cypher("RETURN 1 AS ok", timeout_s=5, max_rows=1)
    return Health(
        store=type(store).__name__, version=kg.__version__, writes_enabled=bool(settings.api_key),
        memory_index=store.memory_index_state(),
    )


@router.get("/stats", response_model=StatsOut, tags=["meta"], responses=problem_responses(503))
def stats(store: Store) -> StatsOut:
    """Nodes per label, relations per type, and the number of articles."""
    figures = store.stats()
    return StatsOut(nodes=figures.nodes, relations=figures.relations, articles=figures.articles)


def _cursor_key(q: str, types: list[str]) -> str:
    return hashlib.sha256(json.dumps([q, types]).encode()).hexdigest()[:12]


def _encode_cursor(offset: int, key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "k": key}).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, key: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset, cursor_key = data["o"], data["k"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise ApiProblem(
            400, "bad-request", "Bad cursor", "cursor: not a cursor this API issued; start again without it"
        ) from None
    if cursor_key != key or not isinstance(offset, int) or offset < 0:
        raise ApiProblem(
            400, "bad-request", "Bad cursor", "cursor: it belongs to another search (q or type changed); start again"
        )
    return offset


@router.get("/entities", response_model=EntityPage, tags=["entities"], responses=problem_responses(400, 422, 503))
def search_entities(
    store: Store,
    q: Annotated[str, Query(max_length=200, description="part of a name or alias; case and accents ignored")] = "",
    type: Annotated[
        list[str] | None, Query(max_length=300, description="entity types, repeated or comma-separated")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    cursor: Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")] = None,
) -> EntityPage:
    """Search entities by name and alias (accent- and case-insensitive), a page at a time."""
    with checked_input():
        types = queries.check_entity_types(type)
    key = _cursor_key(q, types)
    offset = _decode_cursor(cursor, key) if cursor else 0
    with checked_input():
        hits, more = queries.search_page(store, q, types, limit, offset)
    items = [EntityOut.model_validate(queries.jsonable(hit)) for hit in hits]
    return EntityPage(items=items, next_cursor=_encode_cursor(offset + limit, key) if more else None)


@router.get(
    "/entities/{entity_id}", response_model=EntityOut, tags=["entities"], responses=problem_responses(404, 422, 503)
)
async def get_entity(store: Store, entity_id: str) -> Response:
    """One entity with its properties."""
    return await from_memory_or_thread(store, True, lambda: json_body(queries.jsonable(known_entity(store, entity_id))))


@router.get(
    "/entities/{entity_id}/neighbors",
    response_model=NeighborhoodOut,
    tags=["entities"],
    responses=problem_responses(404, 422, 503),
)
async def neighbors(
    store: Store,
    entity_id: str,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    types: TypesParam = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="cap on nodes returned")] = 500,
    evidence: Annotated[
        bool, Query(description="also return every assertion among the nodes with its evidence (large)")
    ] = False,
) -> Response:
    """The entity's neighbourhood up to `depth` hops, strongest ties first: its nodes and the
    ties among them (assertions counted per source, type and target, with first and last
    date). Each tie's evidence pages through `GET /relations?source=&target=&type=`;
    `evidence=true` returns every assertion among the nodes at once (hundreds of KB for a
    well-connected entity)."""
    rel_types = graph_filter(types, since, until)

    def answer() -> Response:
        known_entity(store, entity_id)
        graph = store.neighbors(entity_id, depth, rel_types, since, until, limit, assertions=evidence)
        ties = store.ties(list(graph.nodes), rel_types, since, until)
        return json_body({**queries.graph_dict(graph), "ties": ties})

    return await from_memory_or_thread(store, since is None and until is None and not evidence, answer)


@router.get("/paths", response_model=PathsOut, tags=["entities"], responses=problem_responses(404, 422, 503))
def paths(
    store: Store,
    source: Annotated[str, Query(alias="from", max_length=300, description="entity id where paths start")],
    target: Annotated[str, Query(alias="to", max_length=300, description="entity id where paths end")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> PathsOut:
    """Shortest paths between two entities, ignoring edge direction."""
    known_entity(store, source, "from")
    known_entity(store, target, "to")
    found = store.paths(source, target, max_hops, limit)
    ids = {node for path in found for node in path}
    nodes = {}
    for node in ids:
        entity = store.entity(node)
        nodes[node] = EntityOut.model_validate(queries.jsonable(entity or {"id": node}))
    return PathsOut(paths=found, nodes=nodes)


@router.get(
    "/viz",
    response_class=HTMLResponse,
    tags=["viewer"],
    responses={200: {"content": {"text/html": {}}}, **problem_responses(404, 422, 503)},
)
def viz(
    store: Store,
    center: Annotated[str | None, Query(max_length=300, description="entity id at the centre; whole graph if absent")]
    = None,
    depth: Annotated[int, Query(ge=1, le=4)] = 2,
    types: TypesParam = None,
    since: Since = None,
    until: Until = None,
    max_nodes: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> HTMLResponse:
    """The interactive viewer: a self-contained HTML page of the (sub)graph."""
    from kg.queries import viewer_graph
    from kg.viz import render_page

    center = center or None  # `center=` (empty) means no centre, as when it is absent
    if center:
        known_entity(store, center, "center")
    rel_types = graph_filter(types, since, until)
    graph = viewer_graph(store, center, depth, rel_types, since, until, max_nodes)
    title = f"geokg: around {center}" if center else "geokg: the graph"
    page = render_page(graph, title=title, omitted=graph.graph.get("omitted_nodes", 0))
    return HTMLResponse(page, headers={"Content-Security-Policy": VIZ_CSP, "X-Content-Type-Options": "nosniff"})
