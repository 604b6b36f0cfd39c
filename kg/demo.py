"""`geokg demo`: the showcase run on the bundled sample articles.

It uses its own embedded database under the output folder, so it never touches a user's graph,
and ingesting twice changes nothing (ingest is idempotent).
"""

from __future__ import annotations

from pathlib import Path

from kg.settings import Settings


def run_demo(out_dir: Path, settings: Settings) -> list[str]:
    """Ingest the samples, write what the demo produces, and return the lines to print."""
    from kg.loaders import LoadOptions
    from kg.loaders.extraction import Extractor
    from kg.pipeline import ingest
    from kg.samples import sample_paths
    from kg.stores.factory import open_store

    out_dir.mkdir(parents=True, exist_ok=True)
    demo_settings = settings.model_copy(update={"db": out_dir / "graph"})
    samples = [str(p) for p in sample_paths()]
    store = open_store(demo_settings)
    try:
        summary = ingest(samples, store, Extractor(model=settings.spacy_model), LoadOptions())
        figures = store.stats()
    finally:
        store.close()
    where = demo_settings.neo4j_uri or str(demo_settings.db.resolve())
    lines = [
        f"ingested {summary.articles_stored} of {len(samples)} sample inputs "
        f"({summary.articles_read} articles): {figures.total_nodes} nodes, {figures.total_relations} relations",
        f"graph: {where}",
        f"explore it: geokg --db {demo_settings.db} stats   |   "
        f'geokg --db {demo_settings.db} query "MATCH (a)-[r:ACCUSES]->(b) RETURN a.name, b.name, r.evidence"',
    ]
    lines += [f"skipped {problem}" for problem in summary.skipped]
    return lines
