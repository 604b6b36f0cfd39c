"""geokg: news articles in, a knowledge graph of geopolitical relations out.

The package `kg` owns entity resolution, the ingest pipeline, the stores, analytics, reports,
settings and the command line; `kg.schema`, `kg.loaders`, `kg.api` and `kg.viz` are its
subpackages (see ../shared/design/architecture.md).
"""

__version__ = "0.1.0"
