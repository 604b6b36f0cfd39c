"""`geokg serve`: the HTTP API on uvicorn.

One process, one store: the embedded store allows one read-write process, so the server opens
it once (read-write: `POST /articles` writes through it) and shares it between requests;
scale reads by moving to Neo4j, not by adding workers. Access logs are one JSON line per
request on stdout (logger `geokg.access`); uvicorn's own access log is off.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer


def _configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("geokg.access")
    access.handlers[:] = [handler]
    access.setLevel(logging.INFO)
    access.propagate = False
    logging.getLogger("geokg.api").setLevel(level.upper())
    stores = logging.getLogger("geokg.stores")  # e.g. when the memory index is (re)built
    stores.handlers[:] = [logging.StreamHandler(sys.stderr)]
    stores.setLevel(level.upper())
    stores.propagate = False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 exposes it to the network).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level: critical, error, warning, info, debug.")] = "info",
) -> None:
    """Serve the graph over HTTP (JSON API; OpenAPI docs at /docs, the viewer at /viz).

    Writes (POST/DELETE /articles) need GEOKG_API_KEY set; without it they are refused.
    CORS is off unless GEOKG_CORS_ORIGINS lists origins (a JSON list).

    Example: GEOKG_API_KEY=change-me geokg --db ./geokg-data serve --port 8000
    """
    import uvicorn

    from kg.api import create_app
    from kg.cli import err, opened_store, state

    settings = state.settings
    _configure_logging(log_level)
    with opened_store(read_only=False) as store:
        app = create_app(settings, store=store)
        where = settings.neo4j_uri or str(settings.db)
        writes = "enabled" if settings.api_key else "disabled (no GEOKG_API_KEY)"
        err.print(f"geokg: serving {where} on http://{host}:{port} (docs at /docs); writes {writes}", markup=False)
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False, server_header=False)
