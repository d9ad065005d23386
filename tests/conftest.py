"""Session fixtures shared by the test modules: the bundled corpus and a tiny lexicon."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.ingest.corpus import Corpus, IngestWarning, load_corpus

TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def bundled_corpus() -> Corpus:
    """The five bundled articles, loaded once per test session (do not mutate)."""
    return load_corpus(config.DATA_DIR)


@pytest.fixture(scope="session")
def tiny_lexicon_path() -> Path:
    """Path of the small test lexicon in tests/data."""
    return TESTS_DIR / "data" / "tiny_lexicon.yaml"


@pytest.fixture
def write_manifest():
    """Write rows as a corpus.csv manifest into a folder; returns its path."""

    def write(folder: Path, rows: list[dict]) -> Path:
        path = folder / "corpus.csv"
        pd.DataFrame(rows).to_csv(path, index=False)
        return path

    return write


@pytest.fixture
def load_quietly():
    """load_corpus with its ingest warnings silenced (tests check the report instead)."""

    def load(path, **kw):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IngestWarning)
            return load_corpus(path, **kw)

    return load
