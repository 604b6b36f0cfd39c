"""The code stays ruff- and mypy-clean: a lint regression fails the suite like any other bug."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PACKAGE_DIRS = ["kg", "schema", "loaders", "api", "viz"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    if not (BIN / "ruff").exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    if not (BIN / "mypy").exists():
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    result = run(str(BIN / "mypy"), *PACKAGE_DIRS)
    assert result.returncode == 0, result.stdout + result.stderr
