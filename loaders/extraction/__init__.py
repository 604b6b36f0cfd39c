"""Extraction: cleaned Articles -> Extractions (entities, relations with evidence, merge log).

    from kg.loaders.extraction import Extractor
    extraction = Extractor().extract(article)
"""

from kg.loaders.extraction.pipeline import Extractor, load_model

__all__ = ["Extractor", "load_model"]
