"""`POST /query` (read-only Cypher) and the two write routes, `POST /articles` and
`DELETE /articles/{id}`, which need the API key.

Read-only is the store's guarantee (database-enforced read access plus its deny-list): this
module only adds the limits from the settings and reports truncation. Writes are serialized
by one lock, since the embedded store has a single writer and an ingest is one transaction.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from kg import queries
from kg.api.deps import AppSettings, Store, holder, require_api_key
from kg.api.models import ArticleIn, Deleted, IngestOut, QueryIn, QueryOut
from kg.api.problems import ApiProblem, bad_input, checked_input, not_found, problem_responses
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


@router.post(
    "/articles",
    response_model=IngestOut,
    tags=["articles"],
    dependencies=[Depends(require_api_key)],
    responses=problem_responses(401, 403, 413, 422, 503),
)
def post_articles(request: Request, body: ArticleIn, settings: AppSettings) -> IngestOut:
    """Ingest one article (its text, or its URL to fetch) or every item of a feed. URLs on
    private, loopback or link-local addresses are refused unless the server allows them."""
    from kg.loaders import LoadError, LoadOptions, load_text
    from kg.pipeline import ingest

    app = holder(request)
    store, extractor = app.get(), app.extractor()
    source = body.feed_url or body.url or "the posted text"
    with app.write_lock:
        if body.text is not None:
            try:
                article = load_text(
                    body.text, url=body.url, title=body.title, published=body.published, source=body.source,
                    name="text",
                )
            except LoadError as error:
                raise bad_input(ValueError(str(error))) from None
            summary, ids = queries.ingest_articles([article], store, extractor)
        else:
            ids = []
            options = LoadOptions(
                allow_private=settings.allow_private_urls,
                timeout_s=settings.fetch_timeout_s,
                max_bytes=settings.fetch_max_bytes,
            )
            summary = ingest(
                [source], store, extractor, options, settings.batch_size,
                on_article=lambda extraction: ids.append(extraction.article.id),
            )
    if summary.articles_stored == 0:
        reasons = "; ".join(str(p) for p in summary.skipped) or "no article found there"
        raise ApiProblem(422, "nothing-ingested", "Nothing ingested", f"nothing was stored from {source}: {reasons}")
    return IngestOut(
        articles_read=summary.articles_read,
        articles_stored=summary.articles_stored,
        article_ids=ids,
        entities=summary.entities,
        relations=summary.relations,
        skipped=[str(p) for p in summary.skipped],
        seconds=round(summary.seconds, 3),
    )


@router.delete(
    "/articles/{article_id}",
    response_model=Deleted,
    tags=["articles"],
    dependencies=[Depends(require_api_key)],
    responses=problem_responses(401, 403, 404, 422, 503),
)
def delete_article(
    request: Request, article_id: Annotated[str, Path(max_length=300, description="article:<hash>")]
) -> Deleted:
    """Retract an article's assertions, and the entities no other article supports."""
    with checked_input():
        queries.check_article_id(article_id)
    app = holder(request)
    with app.write_lock:
        removed = app.get().remove_article(article_id)
    if not removed:
        raise not_found(f"no article {article_id!r} in the graph")
    return Deleted(article=article_id)
