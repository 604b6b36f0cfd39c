"""geokg's schema: the ontology as pydantic models, generated from `vocabulary.yaml`.

Imports nothing else of `kg`, so every other part can depend on it.
"""

from kg.schema.ids import article_id, assertion_id, fold, label_of, slugify
from kg.schema.models import (
    ENTITY_MODELS,
    RELATION_MODELS,
    Agency,
    AnyEntity,
    Article,
    Entity,
    Evidence,
    Extraction,
    Group,
    Incident,
    MergeNote,
    Official,
    Organization,
    Relation,
    Section,
    State,
    make_entity,
)
from kg.schema.vocabulary import vocabulary

__all__ = [
    "ENTITY_MODELS",
    "RELATION_MODELS",
    "Agency",
    "AnyEntity",
    "Article",
    "Entity",
    "Evidence",
    "Extraction",
    "Group",
    "Incident",
    "MergeNote",
    "Official",
    "Organization",
    "Relation",
    "Section",
    "State",
    "article_id",
    "assertion_id",
    "fold",
    "label_of",
    "make_entity",
    "slugify",
    "vocabulary",
]
