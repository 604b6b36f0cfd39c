"""`POST /query`: read-only Cypher with the limits from the settings.

Read-only is the store's guarantee (database-enforced read access plus its deny-list): this
module only applies the default and maximum timeout and row cap, and says when it truncated.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from kg import queries
from kg.api.deps import AppSettings, Store
from kg.api.models import QueryIn, QueryOut
from kg.api.problems import ApiProblem, checked_input, problem_responses
from kg.stores.base import StoreError

router = APIRouter()
log = logging.getLogger("geokg.api")


@router.post("/query", response_model=QueryOut, tags=["query"], responses=problem_responses(400, 413, 422, 503))
def run_query(body: QueryIn, store: Store, settings: AppSettings) -> QueryOut:
    """Run read-only Cypher with parameters. Writes, `LOAD CSV`, `apoc.load.*`, `CALL … IN
    TRANSACTIONS` and admin procedures are refused (400); a query past its timeout is stopped
    (422). Defaults and maxima of `timeout_s` and `max_rows` come from the server settings."""
    with checked_input():
        timeout, max_rows = queries.query_limits(settings, body.timeout_s, body.max_rows)
    try:
        result = store.cypher(body.cypher, body.params, timeout_s=timeout, max_rows=max_rows)
    except StoreError:
        raise  # refused, timed out or rejected: mapped to 400/422 by kg.api.problems
    except Exception as error:  # a driver error on odd query text or params is still the input's
        log.warning("query failed outside the store's error handling: %r", error)
        raise ApiProblem(400, "bad-query", "The database could not run the query", str(error)) from None
    rows = [queries.jsonable(list(row)) for row in result.rows]
    note = None
    if result.truncated:
        note = (
            f"truncated at {max_rows} rows: raise max_rows (up to {settings.query_max_rows_limit}), "
            "add LIMIT/SKIP, or aggregate"
        )
    return QueryOut(
        columns=list(result.columns),
        rows=rows,
        row_count=len(rows),
        truncated=result.truncated,
        note=note,
        elapsed_ms=round(result.elapsed_ms, 2),
        timeout_s=timeout,
        max_rows=max_rows,
    )
