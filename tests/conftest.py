"""Shared paths and fixtures. Tests use real files: ../shared/corpus, sample_corpus/ and tests/fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
POLICIES = CORPUS / "policies"
BENCH = SHARED / "bench"
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE_CORPUS = REPO / "sample_corpus"


@pytest.fixture
def bureau_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, set as BUREAU_HOME for the code under test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BUREAU_HOME", str(home))
    return home
