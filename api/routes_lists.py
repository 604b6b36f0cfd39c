"""Routes that return long lists: assertions, dyads over time, and whole-graph export, as JSON,
CSV or NDJSON."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from kg import queries
from kg.api.deps import Store
from kg.api.formats import ListFormat, json_body, list_responses, negotiate, stream
from kg.api.models import DyadList, RelationPage
from kg.api.problems import checked_input, problem_responses
from kg.api.routes_graph import Since, TypesParam, Until
from kg.stores.base import Dyad

router = APIRouter()

FormatParam = Annotated[
    ListFormat | None, Query(alias="format", description="json, csv or ndjson (default: from Accept, else json)")
]
OptionalId = Annotated[str | None, Query(max_length=300)]
Confidence = Annotated[float, Query(ge=0.0, le=1.0, description="only assertions at least this sure")]
DYAD_COLUMNS = [f.name for f in dataclasses.fields(Dyad)]


@router.get(
    "/relations",
    response_model=RelationPage,
    tags=["relations"],
    responses={**list_responses(RelationPage), **problem_responses(422, 503)},
)
def relations(
    request: Request,
    store: Store,
    type: TypesParam = None,
    source: OptionalId = None,
    target: OptionalId = None,
    article: OptionalId = None,
    since: Since = None,
    until: Until = None,
    min_confidence: Confidence = 0.0,
    include_negated: bool = False,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    fmt: FormatParam = None,
) -> Response:
    """Assertions (one edge from one article) with their evidence; `next_offset` pages on."""
    with checked_input():
        flt = queries.relation_filter(
            type, source, target, article, since, until, min_confidence, include_negated, limit, offset
        )
    found = store.relations(flt)
    chosen = negotiate(request, fmt)
    if chosen is ListFormat.json:
        next_offset = offset + len(found) if len(found) >= limit else None
        return json_body({"items": found, "limit": limit, "offset": offset, "next_offset": next_offset})
    rows = (queries.assertion_dict(a) for a in found)
    if chosen is ListFormat.csv:
        return stream(queries.csv_lines(queries.ASSERTION_COLUMNS, rows), chosen, "relations")
    return stream(queries.ndjson_lines(rows), chosen, "relations")


@router.get(
    "/dyads",
    response_model=DyadList,
    tags=["relations"],
    responses={**list_responses(DyadList), **problem_responses(422, 503)},
)
def dyads(
    request: Request,
    store: Store,
    type: TypesParam = None,
    source: OptionalId = None,
    target: OptionalId = None,
    since: Since = None,
    until: Until = None,
    interval: Literal["month", "year", "all"] = "month",
    min_confidence: Confidence = 0.0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    fmt: FormatParam = None,
) -> DyadList | Response:
    """Directed counts of assertions between two actors, per type and period."""
    with checked_input():
        flt = queries.relation_filter(type, source, target, None, since, until, min_confidence, limit=limit)
    found = store.dyads(flt, interval)
    chosen = negotiate(request, fmt)
    if chosen is ListFormat.json:
        return DyadList(items=found, interval=interval)
    rows = (dataclasses.asdict(d) for d in found)
    if chosen is ListFormat.csv:
        return stream(queries.csv_lines(DYAD_COLUMNS, rows), chosen, "dyads")
    return stream(queries.ndjson_lines(rows), chosen, "dyads")


EXPORT_MEDIA = {
    "graphml": "application/graphml+xml",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
}


@router.get(
    "/export",
    tags=["relations"],
    responses={
        200: {
            "description": "the graph: node-link JSON, GraphML, CSV (one table) or NDJSON",
            "content": {
                media.split(";")[0]: {"schema": {"type": "object" if fmt == "json" else "string"}}
                for fmt, media in EXPORT_MEDIA.items()
            },
        },
        **problem_responses(422, 503),
    },
)
def export(
    store: Store,
    fmt: Annotated[Literal["graphml", "json", "csv", "ndjson"], Query(alias="format")] = "json",
    part: Annotated[Literal["relations", "nodes"], Query(description="csv only: which table")] = "relations",
    max_nodes: Annotated[int, Query(ge=1, le=10_000_000)] = 1_000_000,
) -> Response:
    """The whole graph (up to `max_nodes`), one edge per assertion with its evidence."""
    from kg.export import to_csv, to_graphml, to_json

    graph = store.subgraph(max_nodes=max_nodes)
    disposition = {"Content-Disposition": f'attachment; filename="geokg.{"csv" if fmt == "csv" else fmt}"'}
    if fmt == "ndjson":
        return StreamingResponse(
            (line.encode() for line in queries.graph_ndjson_lines(graph)),
            media_type=EXPORT_MEDIA[fmt],
            headers=disposition,
        )
    if fmt == "csv":
        nodes, edges = to_csv(graph)
        body = nodes if part == "nodes" else edges
    else:
        body = to_graphml(graph) if fmt == "graphml" else to_json(graph)
    return Response(body, media_type=EXPORT_MEDIA[fmt], headers=disposition)
