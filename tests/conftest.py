"""Session fixtures shared by the test modules: the bundled corpus and a tiny lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config
from analysis.corpus import Corpus, load_corpus

TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def bundled_corpus() -> Corpus:
    """The five bundled articles, loaded once per test session (do not mutate)."""
    return load_corpus(config.DATA_DIR)


@pytest.fixture(scope="session")
def tiny_lexicon_path() -> Path:
    """Path of the small test lexicon in tests/data."""
    return TESTS_DIR / "data" / "tiny_lexicon.yaml"
