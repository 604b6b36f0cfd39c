"""Every error the API returns is an RFC 9457 problem document (`application/problem+json`).

Why one module: a client must be able to handle every failure the same way (`type` to branch
on, `detail` to show a person), and no input may ever surface as a bare 500. Status codes:

- 400 `bad-request`, `query-refused`, `bad-query`: a bad cursor; a query that is not
  read-only or is on the deny-list; Cypher the database rejects.
- 401 `unauthorized`: a write without an API key. 403 `forbidden`: a wrong key;
  `writes-disabled`: no key configured on the server.
- 404 `not-found`: unknown entity, article or route. 405 `method-not-allowed`.
- 413 `body-too-large`: a request body above GEOKG_MAX_BODY_BYTES.
- 422 `invalid-request`: parameters or body fail validation (each field named);
  `query-timeout`: a query stopped at its timeout (the request was understood but cannot be
  completed within its limit: narrow it or raise `timeout_s`; 422 rather than 408, which
  clients and proxies treat as a connection-level timeout and may retry);
  `nothing-ingested`: nothing of a posted source could be stored (reasons in `detail`).
- 503 `store-unavailable`: the graph store cannot be opened or reached (not caused by input).

Types are `urn:geokg:problem:<name>`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.stores.base import QueryError, QueryRefused, QueryTimeout, StoreError, StoreLockedError

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("geokg.api")


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(description="URI naming the kind of problem, e.g. urn:geokg:problem:not-found")
    title: str = Field(description="short summary of the kind of problem")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="what went wrong with this request and how to fix it")
    errors: list[dict[str, Any]] | None = Field(None, description="each invalid field (validation problems only)")


class ApiProblem(Exception):
    """Raise from a route to answer with a problem document."""

    def __init__(self, status: int, kind: str, title: str, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.kind, self.title, self.detail, self.headers = status, kind, title, detail, headers


def problem_response(
    status: int, kind: str, title: str, detail: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": f"urn:geokg:problem:{kind}", "title": title, "status": status, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def bad_input(error: ValueError) -> ApiProblem:
    """A `ValueError` from the checks in `kg.queries` (its message names the field)."""
    return ApiProblem(422, "invalid-request", "Invalid request", str(error))


@contextmanager
def checked_input() -> Iterator[None]:
    """Turn the `ValueError`s of input checks (`kg.queries`) into 422 problems."""
    try:
        yield
    except ValueError as error:
        raise bad_input(error) from None


def not_found(what: str) -> ApiProblem:
    return ApiProblem(404, "not-found", "Not found", what)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    where = [str(part) for part in loc]
    if where and where[0] in ("query", "path", "header", "body"):
        kind, rest = where[0], where[1:]
        return f"{kind} {'.'.join(rest)}" if rest else kind
    return ".".join(where)


def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid"))
        if error.get("type") == "json_invalid":
            message = f"the body is not valid JSON ({error.get('ctx', {}).get('error', 'decode error')})"
        errors.append({"field": _location(error.get("loc", ())), "message": message})
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]) or "the request is invalid"
    if len(errors) > 5:
        detail += f" (and {len(errors) - 5} more)"
    return problem_response(422, "invalid-request", "Invalid request", detail, errors=errors)


def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return problem_response(404, "not-found", "Not found", "no such endpoint; the list is at /docs", exc.headers)
    if exc.status_code == 405:
        return problem_response(405, "method-not-allowed", "Method not allowed", str(exc.detail), exc.headers)
    if exc.status_code == 413:
        return problem_response(413, "body-too-large", "Request body too large", str(exc.detail), exc.headers)
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        detail = "the request body could not be read: send JSON encoded as UTF-8"
        return problem_response(400, "bad-request", "Unreadable body", detail, exc.headers)
    kind = "bad-request" if exc.status_code < 500 else "server-error"
    return problem_response(exc.status_code, kind, "Request failed", str(exc.detail), exc.headers)


def _api_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc.status, exc.kind, exc.title, exc.detail, exc.headers)


def _store(_: Request, exc: Exception) -> JSONResponse:
    """Store errors: the store's message is meant for users, so it is passed on."""
    if isinstance(exc, QueryRefused):
        return problem_response(400, "query-refused", "Query refused", str(exc))
    if isinstance(exc, QueryTimeout):
        return problem_response(
            422, "query-timeout", "Query timed out", f"{exc} (narrow the query, add LIMIT, or raise timeout_s)"
        )
    if isinstance(exc, QueryError):
        return problem_response(400, "bad-query", "The database rejected the query", str(exc))
    headers = {"Retry-After": "5"}
    if isinstance(exc, StoreLockedError):
        return problem_response(503, "store-unavailable", "Graph store unavailable", str(exc), headers)
    log.warning("store error: %s", exc)
    return problem_response(503, "store-unavailable", "Graph store unavailable", f"the graph store failed: {exc}",
                            headers)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(500, "server-error", "Internal error", "an unexpected error occurred; see the server log")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(StoreError, _store)
    app.add_exception_handler(Exception, _unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the given statuses (problem documents)."""
    return {
        status: {"description": _DESCRIPTIONS.get(status, "problem"), "content": {PROBLEM_MEDIA_TYPE: {
            "schema": {"$ref": "#/components/schemas/Problem"}}}}
        for status in statuses
    }


_DESCRIPTIONS = {
    400: "bad request, refused query or query the database rejected",
    401: "API key missing",
    403: "API key wrong, or writes disabled",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    422: "invalid parameters or body; query timed out",
    503: "graph store unavailable",
}
