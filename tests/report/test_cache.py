"""The on-disk cache: hits reuse, input changes recompute, bad entries recover."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.report import cache

DATA = Path(__file__).resolve().parents[2] / "data"


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"value": self.calls}


def test_second_call_is_read_from_disk(tmp_path):
    compute = Counter()
    first = cache.cached("t", {"a": 1}, compute, cache_dir=tmp_path)
    second = cache.cached("t", {"a": 1}, compute, cache_dir=tmp_path)
    assert first == second == {"value": 1} and compute.calls == 1
    assert len(list(tmp_path.glob("t-*.pkl"))) == 1


def test_other_parameters_are_another_entry(tmp_path):
    compute = Counter()
    cache.cached("t", {"by": "outlet"}, compute, cache_dir=tmp_path)
    cache.cached("t", {"by": "origin"}, compute, cache_dir=tmp_path)
    assert compute.calls == 2


def test_corrupt_entry_is_computed_again(tmp_path):
    compute = Counter()
    cache.cached("t", 1, compute, cache_dir=tmp_path)
    for entry in tmp_path.glob("t-*.pkl"):
        entry.write_bytes(b"not a pickle")
    assert cache.cached("t", 1, compute, cache_dir=tmp_path) == {"value": 2}


def test_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "shared"))
    cache.cached("t", 1, Counter())
    assert list((tmp_path / "shared").glob("t-*.pkl"))


def test_editing_a_corpus_file_changes_its_checksum(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia and China.")
    before = cache.input_checksum(folder)
    (folder / "a.txt").write_text("Russia and China!")
    assert cache.input_checksum(folder) != before


def test_hidden_files_do_not_change_the_checksum(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    before = cache.input_checksum(tmp_path)
    (tmp_path / ".framing-cache").mkdir()
    (tmp_path / ".framing-cache" / "x.pkl").write_bytes(b"x")
    assert cache.input_checksum(tmp_path) == before


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA / "raw", target / "raw")
    shutil.copy(DATA / "corpus.csv", target / "corpus.csv")
    return target


def test_scores_are_reused_until_the_corpus_changes(corpus_copy, tmp_path):
    store = tmp_path / "cache"
    first = cache.get_scores(corpus_copy, by="outlet", n_boot=20, cache_dir=store)
    again = cache.get_scores(corpus_copy, by="outlet", n_boot=20, cache_dir=store)
    assert len(list(store.glob("scores-*.pkl"))) == 1
    assert again.outlet_scores.equals(first.outlet_scores)
    victim = corpus_copy / "raw" / "003-usanews-russia-looks-east.txt"
    victim.write_text(victim.read_text() + "\nA stabilizing force for the world.\n")
    changed = cache.get_scores(corpus_copy, by="outlet", n_boot=20, cache_dir=store)
    assert len(list(store.glob("scores-*.pkl"))) == 2
    assert changed.hits.shape[0] > first.hits.shape[0]


def test_terms_and_validation_come_back_as_tables(tmp_path):
    terms = cache.get_terms(DATA, cache_dir=tmp_path)
    assert {"keyness", "similarity_articles", "suggestions"} <= set(terms)
    assert set(terms["keyness"]["group"]) >= {"washingtonpost.com", "silkroad2021.org"}
    validation = cache.get_validation(cache_dir=tmp_path)
    assert {"no_limits", "asymmetric", "stabilizing_force"} <= set(validation.per_frame["frame"])


def test_keyness_of_a_pair_is_cached_once(tmp_path):
    first = cache.get_keyness(DATA, "washingtonpost.com", "silkroad2021.org", cache_dir=tmp_path)
    again = cache.get_keyness(DATA, "washingtonpost.com", "silkroad2021.org", cache_dir=tmp_path)
    assert len(list(tmp_path.glob("keyness-*.pkl"))) == 1
    assert again.equals(first)
    assert set(first["reference"]) == {"silkroad2021.org"}
    assert first["z"].is_monotonic_decreasing
