"""The on-disk cache: hits reuse, input changes recompute, bad entries recover."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError
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
    assert len(list(tmp_path.glob("t-*"))) == 1


def test_other_parameters_are_another_entry(tmp_path):
    compute = Counter()
    cache.cached("t", {"by": "outlet"}, compute, cache_dir=tmp_path)
    cache.cached("t", {"by": "origin"}, compute, cache_dir=tmp_path)
    assert compute.calls == 2


def test_corrupt_entry_is_computed_again_with_a_warning(tmp_path):
    compute = Counter()
    cache.cached("t", 1, compute, cache_dir=tmp_path)
    for entry in tmp_path.glob("t-*/entry.json"):
        entry.write_text("not json")
    with pytest.warns(cache.CacheWarning, match="computed again"):
        assert cache.cached("t", 1, compute, cache_dir=tmp_path) == {"value": 2}
    assert cache.cached("t", 1, compute, cache_dir=tmp_path) == {"value": 2}  # healed


def _table_entry(tmp_path):
    compute = lambda: {"scores": pd.DataFrame({"group": ["a.com"], "share": [0.054]})}  # noqa: E731
    cache.cached("s", 1, compute, cache_dir=tmp_path)
    return next(tmp_path.glob("s-*")), compute


def test_one_changed_byte_in_a_table_is_never_trusted(tmp_path):
    entry, compute = _table_entry(tmp_path)
    table = next(entry.glob("*.parquet"))
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0x01
    table.write_bytes(bytes(data))
    with pytest.warns(cache.CacheWarning, match="missing or changed"):
        again = cache.cached("s", 1, compute, cache_dir=tmp_path)
    assert again["scores"]["share"].tolist() == [0.054]


def test_a_value_edited_in_entry_json_is_noticed(tmp_path):
    compute = Counter()
    cache.cached("t", 1, compute, cache_dir=tmp_path)
    entry = next(tmp_path.glob("t-*/entry.json"))
    entry.write_text(entry.read_text().replace('"json": 1', '"json": 9'))
    with pytest.warns(cache.CacheWarning, match="checksum"):
        assert cache.cached("t", 1, compute, cache_dir=tmp_path) == {"value": 2}


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_truncated_or_missing_tables_are_recomputed_not_a_crash(tmp_path, damage):
    entry, compute = _table_entry(tmp_path)
    table = next(entry.glob("*.parquet"))
    if damage == "truncate":
        table.write_bytes(table.read_bytes()[:20])
    else:
        table.unlink()
    with pytest.warns(cache.CacheWarning):
        again = cache.cached("s", 1, compute, cache_dir=tmp_path)
    assert again["scores"]["group"].tolist() == ["a.com"]


def test_entries_are_not_pickles(tmp_path):
    cache.cached("t", 1, Counter(), cache_dir=tmp_path)
    files = {p.suffix for p in tmp_path.rglob("*") if p.is_file()}
    assert files <= {".json", ".parquet"}


def test_a_file_listed_outside_the_corpus_folder_is_part_of_the_key(tmp_path):
    outside = tmp_path / "shared" / "a.txt"
    outside.parent.mkdir()
    outside.write_text("Russia and China.")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "corpus.csv").write_text("article_id,path,outlet\na,../shared/a.txt,x.com\n")
    before = cache.corpus_checksum(folder)
    outside.write_text("Russia and China, a no-limits partnership.")
    assert cache.corpus_checksum(folder) != before


def test_files_the_corpus_does_not_read_do_not_change_its_key(corpus_copy):
    before = cache.corpus_checksum(corpus_copy)
    (corpus_copy / "dev").mkdir()
    (corpus_copy / "dev" / "x.jsonl").write_text('{"text": "x"}\n')
    assert cache.corpus_checksum(corpus_copy) == before


def test_editing_the_speakers_file_is_part_of_the_scores_key(corpus_copy, tmp_path, monkeypatch):
    speakers = tmp_path / "speakers.yaml"
    shutil.copy(cache.DEFAULT_SPEAKERS, speakers)
    monkeypatch.setattr(cache, "DEFAULT_SPEAKERS", speakers)
    store = tmp_path / "cache"
    cache.get_scores(corpus_copy, n_boot=5, cache_dir=store)
    speakers.write_text(speakers.read_text() + "\n# edited\n")
    cache.get_scores(corpus_copy, n_boot=5, cache_dir=store)
    assert len(list(store.glob("scores-*"))) == 2


def test_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "shared"))
    cache.cached("t", 1, Counter())
    assert list((tmp_path / "shared").glob("t-*"))


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
    assert len(list(store.glob("scores-*"))) == 1
    assert again.outlet_scores.equals(first.outlet_scores)
    victim = corpus_copy / "raw" / "003-usanews-russia-looks-east.txt"
    victim.write_text(victim.read_text() + "\nA stabilizing force for the world.\n")
    changed = cache.get_scores(corpus_copy, by="outlet", n_boot=20, cache_dir=store)
    assert len(list(store.glob("scores-*"))) == 2
    assert changed.hits.shape[0] > first.hits.shape[0]


def test_terms_and_validation_come_back_as_tables(tmp_path):
    terms = cache.get_terms(DATA, cache_dir=tmp_path)
    assert {"keyness", "similarity_articles", "suggestions"} <= set(terms)
    assert set(terms["keyness"]["group"]) >= {"washingtonpost.com", "silkroad2021.org"}
    validation = cache.get_validation(cache_dir=tmp_path)
    assert {"no_limits", "asymmetric", "stabilizing_force"} <= set(validation.per_frame["frame"])


def test_terms_cache_keeps_each_groups_top_keyness_and_one_group_gets_all(tmp_path):
    """The report's keyness table stays groups x 100 rows, not groups x vocabulary; the
    keyness plot of one group reads that group's whole table, whose head it equals."""
    from analysis.language.terms import CLI_TOP_N

    keyness = cache.get_terms(DATA, cache_dir=tmp_path)["keyness"]
    assert keyness.groupby("group").size().max() == CLI_TOP_N
    one = cache.get_keyness(DATA, "washingtonpost.com", cache_dir=tmp_path)
    assert len(one) > CLI_TOP_N
    mine = keyness[keyness["group"] == "washingtonpost.com"]
    cols = ["term", "n_target", "n_reference", "z", "chi2", "rank"]
    pd.testing.assert_frame_equal(mine[cols].reset_index(drop=True),
                                  one.head(CLI_TOP_N)[cols].reset_index(drop=True))


def test_keyness_of_a_pair_is_cached_once(tmp_path):
    first = cache.get_keyness(DATA, "washingtonpost.com", "silkroad2021.org", cache_dir=tmp_path)
    again = cache.get_keyness(DATA, "washingtonpost.com", "silkroad2021.org", cache_dir=tmp_path)
    assert len(list(tmp_path.glob("keyness-*"))) == 1
    assert again.equals(first)
    assert set(first["reference"]) == {"silkroad2021.org"}
    assert first["z"].is_monotonic_decreasing


def test_a_held_out_evaluation_is_cached_until_its_coding_changes(tmp_path):
    """06-validation's panel for a coded sample: stored as tables, recomputed on an edit."""
    import json

    from analysis.config import DEFAULT_DEV

    folder = tmp_path / "sample"
    (folder / "coding").mkdir(parents=True)
    source = DEFAULT_DEV / "batch3"
    for name in ("excerpts.jsonl", "coding/gold.jsonl"):
        lines = (source / name).read_text(encoding="utf-8").splitlines()[:25]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = cache.get_holdout(folder, cache_dir=tmp_path / "c")
    assert first.n_articles == 25
    assert set(first.articles["method"]) == {"lexicon", "model", "ensemble"}
    again = cache.get_holdout(folder, cache_dir=tmp_path / "c")
    pd.testing.assert_frame_equal(first.articles, again.articles)
    assert len(list((tmp_path / "c").glob("holdout-*"))) == 1
    gold = [json.loads(line) for line in
            (folder / "coding/gold.jsonl").read_text(encoding="utf-8").splitlines()]
    gold[0]["no_limits"] = 1 - gold[0]["no_limits"]
    if not gold[0]["no_limits"]:
        gold[0]["evidence"] = [e for e in gold[0]["evidence"] if e["frame"] != "no_limits"]
    (folder / "coding/gold.jsonl").write_text(
        "\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    edited = cache.get_holdout(folder, cache_dir=tmp_path / "c")
    assert len(list((tmp_path / "c").glob("holdout-*"))) == 2
    support = edited.articles.set_index(["method", "frame"])["support"]
    assert support["lexicon", "no_limits"] != first.articles.set_index(
        ["method", "frame"])["support"]["lexicon", "no_limits"]
    (folder / "coding/gold.jsonl").write_text(
        "\n".join(json.dumps(g) for g in gold[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no line in the coding file"):
        cache.get_holdout(folder, cache_dir=tmp_path / "c")
