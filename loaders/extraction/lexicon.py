"""The relation lexicon (data/lexicon.yaml) as typed, cached Python objects.

Why separate from the rules: the rules ask questions ("is this lemma an accusation verb, and
where does its target sit?") and must not care how the answers are stored or spelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.yaml"


@dataclass(frozen=True)
class Frame:
    """Where a predicate's target sits, for one relation type."""

    type: str
    lemma: str
    targets: tuple[str, ...]
    requires: frozenset[str] = frozenset()
    incident_preps: tuple[str, ...] = ()
    incident: bool = False
    confidence: float = 0.8
    labels: frozenset[str] = frozenset()  # the target's entity type must be one of these (empty: any)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, list[Frame]]
    nouns: dict[str, list[Frame]]
    negation: dict[str, frozenset[str]]
    hedges: dict[str, frozenset[str]]
    hedge_factor: float
    speech_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    speech_confidence: float
    cues: dict[str, frozenset[str]]
    perpetration: dict[str, frozenset[str]]
    targeting_preps: frozenset[str]
    targeting_verbs: frozenset[str]
    affil_participles: dict[str, tuple[str, ...]]
    affil: dict[str, frozenset[str]]
    threat_cues: frozenset[str]
    words: dict[str, frozenset[str]]
    metonym_heads: frozenset[str]
    proxy_heads: frozenset[str]
    collective_heads: frozenset[str]
    asset_heads: frozenset[str]
    event_nouns: dict[str, int]  # noun -> event family
    event_verbs: dict[str, frozenset[int]]  # verb -> the families it reports
    event_light_verbs: frozenset[str]


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


def _frames(kind: str, type_name: str, spec: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Frame]:
    base_conf = float(spec.get("confidence", defaults.get("confidence", 0.8)))
    out: dict[str, Frame] = {}
    for lemma, fspec in (spec.get(kind) or {}).items():
        fspec = fspec or {}
        targets = fspec.get("targets", defaults.get("verb_targets", ["obj"]))
        out[str(lemma).lower()] = Frame(
            type=type_name,
            lemma=str(lemma).lower(),
            targets=tuple(str(t) for t in targets),
            requires=_words(fspec.get("requires")),
            incident_preps=tuple(fspec.get("incident_preps", ())),
            incident=bool(spec.get("incident", False)),
            confidence=float(fspec.get("confidence", base_conf)),
            labels=frozenset(str(v) for v in fspec.get("labels", ())),
        )
    return out


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read and check the lexicon; a malformed file fails with the file name in the error."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: cannot read the relation lexicon: {err}") from err
    if not isinstance(raw, dict) or "types" not in raw:
        raise ValueError(f"{path}: the relation lexicon needs a top-level 'types' mapping")
    defaults = raw.get("defaults") or {}
    verbs: dict[str, list[Frame]] = {}
    nouns: dict[str, list[Frame]] = {}
    for type_name, spec in raw["types"].items():
        for lemma, frame in _frames("verbs", type_name, spec, defaults).items():
            verbs.setdefault(lemma, []).append(frame)
        for lemma, frame in _frames("nouns", type_name, spec, defaults).items():
            nouns.setdefault(lemma, []).append(frame)
    speech = raw.get("speech") or {}
    cues = raw.get("accusation_cues") or {}
    perp = raw.get("perpetration") or {}
    targeting = raw.get("targeting") or {}
    affil = raw.get("affiliation") or {}
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        negation={k: _words(v) for k, v in (raw.get("negation") or {}).items()},
        hedges={k: _words(v) for k, v in (raw.get("hedges") or {}).items()},
        hedge_factor=float(raw.get("hedge_factor", 0.8)),
        speech_verbs=_words(speech.get("verbs")),
        statement_nouns=_words(speech.get("statement_nouns")),
        speech_confidence=float(speech.get("confidence", 0.7)),
        cues={k: _words(v) for k, v in cues.items()},
        perpetration={k: _words(v) for k, v in perp.items()},
        targeting_preps=_words(targeting.get("preps")),
        targeting_verbs=_words(targeting.get("verbs")),
        affil_participles={
            str(k).lower(): tuple(str(p) for p in (v or [])) for k, v in (affil.get("participles") or {}).items()
        },
        affil={k: _words(v) for k, v in affil.items() if k != "participles"},
        threat_cues=_words(raw.get("threat_cues")),
        words={k: _words(v) for k, v in (raw.get("words") or {}).items()}
        | {f"mutual_{k}": _words(v) for k, v in (raw.get("mutual") or {}).items()},
        metonym_heads=_words(raw.get("metonym_heads")),
        proxy_heads=_words(raw.get("proxy_heads")),
        collective_heads=_words(raw.get("collective_heads")),
        asset_heads=_words(raw.get("asset_heads")),
        **_events(raw),
    )


def _events(raw: dict[str, Any]) -> dict[str, Any]:
    nouns: dict[str, int] = {}
    verbs: dict[str, set[int]] = {}
    for k, family in enumerate(raw.get("events") or []):
        for noun in family.get("nouns") or []:
            nouns[str(noun).lower()] = k
        for verb in family.get("verbs") or []:
            verbs.setdefault(str(verb).lower(), set()).add(k)
    return {
        "event_nouns": nouns,
        "event_verbs": {v: frozenset(ks) for v, ks in verbs.items()},
        "event_light_verbs": _words(raw.get("event_light_verbs")),
    }


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The process-wide lexicon (read once)."""
    return load_lexicon()
