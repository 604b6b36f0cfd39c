"""Regression on the shared dev corpus: run the extractor, score with the evaluation script's own
logic (imported from its path, never copied) and fail when entities, relations or card
relations F1 fall more than 0.02 below the figures in baseline.json."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kg.loaders.extraction import Extractor

SHARED = Path(__file__).resolve().parents[3] / "shared"
DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "eval" / "score.py"
BASELINE = Path(__file__).with_name("baseline.json")
TOLERANCE = 0.02

pytestmark = pytest.mark.skipif(not (DEV / "gold.jsonl").exists() or not SCORER.exists(),
                                reason=f"shared dev corpus or scorer not found under {SHARED}")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("geokg_shared_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _system_rows() -> dict[str, dict[str, Any]]:
    from kg.loaders import LoadOptions, load_sources
    from kg.schema import Article

    files = sorted(str(p) for p in DEV.iterdir() if p.name != "gold.jsonl")
    articles = [a for a in load_sources(files, LoadOptions()) if isinstance(a, Article)]
    assert len(articles) == len(files), "every dev file must load"
    rows = {}
    for extraction in Extractor().extract_many(articles):
        row = extraction.model_dump(mode="json")
        rows[Path(row["article"]["path"]).name] = row
    return rows


def _figures() -> dict[str, float]:
    score = _scorer()
    rows = _system_rows()
    ents: dict[str, Any] = {}
    rels: dict[str, Any] = {}
    for gold in score.load_jsonl(DEV / "gold.jsonl"):
        e, r = score.score_article(gold, rows.get(Path(gold["file"]).name, {}), [])
        for table, counts in ((ents, e), (rels, r)):
            for kind, c in counts.items():
                table.setdefault(kind, score.Counts()).add(c)

    def f1(table: dict[str, Any], kinds: tuple[str, ...] | None = None) -> float:
        total = score.Counts()
        for kind, c in table.items():
            if kinds is None or kind in kinds:
                total.add(c)
        return float(total.prf()[2])

    return {"entities": f1(ents), "relations": f1(rels), "card_relations": f1(rels, score.CARD_TYPES)}


def test_dev_scores_do_not_regress() -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    figures = _figures()
    drops = {k: (round(figures[k], 3), v) for k, v in baseline.items() if figures[k] < v - TOLERANCE}
    assert not drops, f"F1 fell more than {TOLERANCE} below baseline (now, baseline): {drops}; all: {figures}"
