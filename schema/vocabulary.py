"""Load the graph vocabulary (labels, relationship types, endpoints) from `vocabulary.yaml`.

One data file drives the models, the validation of endpoint pairs and the generated DDL, so a
new relationship type is added in exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class LabelSpec:
    """One node label: its id pattern and label-specific properties (name -> DDL type)."""

    name: str
    id_pattern: re.Pattern[str]
    description: str
    properties: dict[str, str]


@dataclass(frozen=True)
class RelationSpec:
    """One relationship type with the label pairs it may connect."""

    name: str
    category: str  # structural, interaction, incident or provenance
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    description: str
    plover: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()

    def allows(self, source_label: str, target_label: str) -> bool:
        return source_label in self.sources and target_label in self.targets

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(s, t) for s in self.sources for t in self.targets]


@dataclass(frozen=True)
class Vocabulary:
    labels: dict[str, LabelSpec]
    relations: dict[str, RelationSpec]
    assertion_properties: dict[str, str] = field(default_factory=dict)

    @property
    def entity_labels(self) -> list[str]:
        """Labels extraction produces (every label but Article)."""
        return [name for name in self.labels if name != "Article"]

    def relation_types(self, *categories: str) -> list[str]:
        return [r.name for r in self.relations.values() if not categories or r.category in categories]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _expand(names: list[str], groups: dict[str, list[str]]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        for label in groups.get(name, [name]):
            if label not in out:
                out.append(label)
    return tuple(out)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The parsed vocabulary (cached: it is read once per process)."""
    raw = yaml.safe_load(resources.files("kg.schema").joinpath("vocabulary.yaml").read_text("utf-8"))
    groups: dict[str, list[str]] = raw["groups"]
    labels = {
        name: LabelSpec(name, re.compile(spec["id_pattern"]), spec["description"], dict(spec.get("properties", {})))
        for name, spec in raw["labels"].items()
    }
    relations = {}
    for name, spec in raw["relations"].items():
        relations[name] = RelationSpec(
            name=name,
            category=spec["category"],
            sources=_expand(spec["from"], groups),
            targets=_expand(spec["to"], groups),
            description=spec["description"],
            plover=_as_tuple(spec.get("plover")),
            cameo=_as_tuple(spec.get("cameo")),
        )
        unknown = set(relations[name].sources + relations[name].targets) - set(labels)
        if unknown:
            raise ValueError(f"vocabulary.yaml: relation {name} names unknown labels {sorted(unknown)}")
    return Vocabulary(labels, relations, dict(raw.get("assertion_properties", {})))
