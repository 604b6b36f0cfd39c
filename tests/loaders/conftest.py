"""Fixtures of the loader tests: the shipped sample files and the shared corpus when present."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")
SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus next to the repository; tests that need it skip without it."""
    if not (SHARED_CORPUS / "dev" / "gold.jsonl").is_file():
        pytest.skip(f"the shared corpus is not at {SHARED_CORPUS}")
    return SHARED_CORPUS
