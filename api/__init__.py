"""The geokg HTTP API (FastAPI): routes, request/response models, auth for writes, limits.

Query logic lives in `kg` (`kg.queries` and the stores); this package only speaks HTTP.
Start it with `geokg serve`, or build an app with `create_app(settings, store)`.
"""

from kg.api.app import create_app

__all__ = ["create_app"]
