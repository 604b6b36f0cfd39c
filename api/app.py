"""The FastAPI application factory.

`create_app(settings, store=None)` builds a fresh app: tests give it their own store, the
`geokg serve` command gives it the store it opened, and anything else (an ASGI server pointed
at `kg.api:create_app` with `--factory`) gets a store opened from the settings on first use.
Middleware order, outermost first: access log (sees every status, 413s included), CORS (only
when origins are configured), body-size cap.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

import kg
from kg.api import routes_articles, routes_graph, routes_lists, routes_query, routes_reports
from kg.api.deps import StoreHolder
from kg.api.middleware import AccessLogMiddleware, BodyLimitMiddleware
from kg.api.problems import PROBLEM_MEDIA_TYPE, Problem, install_problem_handlers
from kg.settings import Settings, get_settings
from kg.stores.base import GraphStore

DESCRIPTION = """Query the geopolitical knowledge graph built from news articles.

Reads are open; `POST /articles` and `DELETE /articles/{id}` need the server's API key
(`X-API-Key: <key>` or `Authorization: Bearer <key>`). Every error is an RFC 9457 problem
document (`application/problem+json`) with `type`, `title`, `status` and `detail`.
Query timeouts answer 422 with type `urn:geokg:problem:query-timeout`.
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """A new API app over `store`, or over the store the settings name (opened lazily)."""
    settings = settings or get_settings()
    holder = StoreHolder(settings, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()  # only closes a store the app opened itself

    app = FastAPI(
        title="geokg",
        version=kg.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.holder = holder
    install_problem_handlers(app)
    for module in (routes_graph, routes_lists, routes_query, routes_articles, routes_reports):
        app.include_router(module.router)

    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
            max_age=600,
        )
    app.add_middleware(AccessLogMiddleware)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with its validation-error model replaced by the problem document that
    is really returned, and the statuses every route can give (400, 413, 422, 503) declared."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    problem = {"content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in (
                ("400", "bad request (e.g. a body that is not UTF-8 JSON)"),
                ("413", "request body too large"),
                ("422", "invalid parameters or body"),
                ("503", "graph store unavailable"),
            ):
                responses.setdefault(status, {"description": description})
                responses[status].update(problem)
    app.openapi_schema = schema
    return schema
