"""Content negotiation for long lists: JSON (default), CSV or NDJSON, chosen by `format=` or,
when that is absent, by the `Accept` header. CSV and NDJSON are streamed line by line so a
client can start reading (or pipe into a tool) before the whole list is written."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

import pydantic_core
from fastapi import Request, Response
from fastapi.responses import StreamingResponse

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
NDJSON_MEDIA_TYPE = "application/x-ndjson"


class ListFormat(StrEnum):
    json = "json"
    csv = "csv"
    ndjson = "ndjson"


def negotiate(request: Request, explicit: ListFormat | None) -> ListFormat:
    if explicit is not None:
        return explicit
    accept = request.headers.get("accept", "").lower()
    if "text/csv" in accept:
        return ListFormat.csv
    if "ndjson" in accept:
        return ListFormat.ndjson
    return ListFormat.json


def stream(lines: Iterator[str], fmt: ListFormat, filename: str) -> StreamingResponse:
    media = CSV_MEDIA_TYPE if fmt is ListFormat.csv else NDJSON_MEDIA_TYPE
    extension = "csv" if fmt is ListFormat.csv else "ndjson"
    return StreamingResponse(
        (line.encode("utf-8") for line in lines),
        media_type=media,
        headers={"Content-Disposition": f'inline; filename="{filename}.{extension}"'},
    )


def list_responses(model: Any) -> dict[int | str, dict[str, Any]]:
    """OpenAPI: a 200 that may be JSON (the model), CSV or NDJSON."""
    return {
        200: {
            "model": model,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                NDJSON_MEDIA_TYPE: {"schema": {"type": "string"}},
            },
        }
    }


def json_body(content: Any) -> Response:
    """A 200 JSON response serialized by pydantic-core straight from dicts and dataclasses.

    Why not return the response model: FastAPI then validates the value against the model
    and serializes it again, both in worker threads; for a 50-assertion page that was most of
    the request's Python time. Routes keep `response_model=` for their OpenAPI schema, and the
    schemathesis test checks every body against it. NaN and infinities become strings."""
    return Response(pydantic_core.to_json(content, inf_nan_mode="strings"), media_type="application/json")
