"""Relation reports over HTTP: the same reports as `geokg report`, built by kg.reports.

`format` picks JSON (the default, the report's data), Markdown or self-contained HTML. The
HTML page carries a Content-Security-Policy that allows nothing but inline styles and data:
images, so even a quote that slipped through escaping could not load or run anything.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from kg.api.deps import Store
from kg.api.problems import bad_input, not_found, problem_responses
from kg.queries import split_list
from kg.report_render import MEDIA_TYPES, render
from kg.reports import ReportError, ReportOptions, UnknownActor, build_report

router = APIRouter(prefix="/reports", tags=["reports"])

REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


class ReportFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


Types = Annotated[
    list[str] | None,
    Query(max_length=300, description="relationship types, repeated or comma-separated (ACCUSES,SANCTIONS)"),
]
Since = Annotated[date | None, Query(description="only assertions dated on or after this day")]
Until = Annotated[date | None, Query(description="only assertions dated on or before this day")]
Format = Annotated[ReportFormat, Query(description="json (the report's data), markdown or html")]
Evidence = Annotated[int | None, Query(ge=0, le=1000, description="quotes listed per count (0 = all)")]
ActorId = Annotated[str, Path(max_length=300, description="an actor id such as state:chn")]
RESPONSES = {
    200: {"content": {"application/json": {}, "text/markdown": {}, "text/html": {}},
          "description": "the report in the requested format"},
    **problem_responses(404, 422, 503),
}


def _report(store: Store, fmt: ReportFormat, evidence: int | None, **options: object) -> Response:
    """Build and render; bad filters answer 422 and unknown actors 404, naming the input."""
    try:
        chosen = ReportOptions(**options)  # type: ignore[arg-type]
        if evidence is not None:
            chosen.evidence = evidence
        report = build_report(store, chosen)
    except UnknownActor as error:
        raise not_found(str(error)) from None
    except ReportError as error:
        raise bad_input(error) from None
    headers = {"Content-Security-Policy": REPORT_CSP} if fmt is ReportFormat.html else {}
    return Response(render(report, fmt.value), media_type=MEDIA_TYPES[fmt.value], headers=headers)


@router.get("/overview", responses=RESPONSES, response_class=Response)
def overview(
    store: Store, type: Types = None, since: Since = None, until: Until = None,
    format: Format = ReportFormat.json, evidence: Evidence = None,
) -> Response:
    """Top actors, who -> whom matrices with reciprocity, dyad timelines, blocs, incidents and
    officials over the whole graph, with the quotes behind every count."""
    return _report(store, format, evidence, kind="overview", types=split_list(type), since=since, until=until)


@router.get("/actor/{actor_id}", responses=RESPONSES, response_class=Response)
def actor(
    store: Store, actor_id: ActorId, type: Types = None, since: Since = None, until: Until = None,
    format: Format = ReportFormat.json, evidence: Evidence = None,
) -> Response:
    """What one actor (with its officials and agencies) did and had done to it."""
    return _report(store, format, evidence, kind="actor", actor=actor_id, types=split_list(type),
                   since=since, until=until)


@router.get("/dyad/{a}/{b}", responses=RESPONSES, response_class=Response)
def dyad(
    store: Store, a: ActorId, b: ActorId, type: Types = None, since: Since = None, until: Until = None,
    format: Format = ReportFormat.json, evidence: Evidence = None,
) -> Response:
    """Everything between two actors, both directions, month by month."""
    return _report(store, format, evidence, kind="dyad", dyad=(a, b), types=split_list(type),
                   since=since, until=until)
