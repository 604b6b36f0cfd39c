"""The write routes, `POST /articles` and `DELETE /articles/{id}`: both need the API key.

Writes are serialized by one process-wide lock (kg.api.deps.WRITE_LOCK): the embedded store
has a single writer, an ingest is one transaction, and the extractor is shared.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from kg import queries
from kg.api.deps import AppSettings, holder, require_api_key
from kg.api.models import ArticleIn, Deleted, IngestOut
from kg.api.problems import ApiProblem, bad_input, checked_input, not_found, problem_responses

router = APIRouter()


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
    from kg.pipeline import ingest, ingest_articles

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
            summary = ingest_articles([article], store, extractor, settings.batch_size)
        else:
            options = LoadOptions(
                allow_private=settings.allow_private_urls,
                timeout_s=settings.fetch_timeout_s,
                max_bytes=settings.fetch_max_bytes,
            )
            summary = ingest([source], store, extractor, options, settings.batch_size)
    if summary.articles_stored == 0:
        reasons = "; ".join(str(p) for p in summary.skipped) or "no article found there"
        raise ApiProblem(422, "nothing-ingested", "Nothing ingested", f"nothing was stored from {source}: {reasons}")
    return IngestOut(
        articles_read=summary.articles_read,
        articles_stored=summary.articles_stored,
        article_ids=summary.article_ids,
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
