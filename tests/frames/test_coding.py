"""The coded development corpus: it loads, its phrases are found, and its codebook is the
project's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.config import DEFAULT_DEV, PROJECT_ROOT
from analysis.errors import InputError
from analysis.frames.coding import FRAMES, batch_folders, load_coding, locate

SHARED_CODEBOOK = PROJECT_ROOT.parent / "shared" / "CODEBOOK.md"


@pytest.mark.skipif(not SHARED_CODEBOOK.is_file(), reason="no ../shared/CODEBOOK.md beside "
                    "the checkout")
def test_the_dev_codebook_is_the_projects_codebook():
    assert (DEFAULT_DEV / "CODEBOOK.md").read_bytes() == SHARED_CODEBOOK.read_bytes()


def test_the_development_corpus_is_coded_by_two_coders_with_every_phrase_located():
    coding = load_coding(DEFAULT_DEV)
    assert len(coding.articles) >= 300 and coding.articles["outlet"].nunique() >= 120
    assert set(coding.labels["article_id"]) == set(coding.articles["article_id"])
    assert (coding.evidence["start"] >= 0).all()
    for frame in FRAMES:
        assert coding.labels[frame].sum() > 30, frame
    for batch, folder in batch_folders(DEFAULT_DEV):
        n = (coding.articles["batch"] == batch).sum()
        assert n > 0, folder
        for coder in ("coder_a", "coder_b"):
            lines = (folder / "coding" / f"{coder}.jsonl").read_text().splitlines()
            assert len(lines) == n, (folder, coder)


def test_a_later_batch_is_read_with_the_first_and_alone():
    everything = load_coding(DEFAULT_DEV)
    first = load_coding(DEFAULT_DEV, batches=False)
    later = [load_coding(path) for path in sorted(DEFAULT_DEV.glob("batch*"))]
    assert len(later) >= 2
    assert len(everything.articles) == len(first.articles) + sum(len(b.articles) for b in later)
    assert set(everything.articles["batch"]) == set(range(1, len(later) + 2))
    ids = [set(b.articles["article_id"]) for b in (first, *later)]
    assert sum(map(len, ids)) == len(set().union(*ids))  # no excerpt in two batches
    assert len(everything.evidence) == len(first.evidence) + sum(len(b.evidence) for b in later)


def test_an_excerpt_in_two_batches_is_refused(tmp_path):
    gold = [{"id": "a", "no_limits": 1, "evidence": [
        {"frame": "no_limits", "phrase": "no limits", "sentence": "Ties have no limits."}]}]
    folder = _folder(tmp_path, gold)
    _folder(folder / "batch2", gold)
    with pytest.raises(InputError, match="'a' is in two batches"):
        load_coding(folder)
    assert len(load_coding(folder, batches=False).articles) == 1


def test_a_folder_of_later_batches_alone_is_read_as_those_batches(tmp_path):
    """A held-out folder whose first batch moved into training keeps its later batches'
    numbers and reads nothing from the (now empty) top level."""
    gold = [{"id": "a", "no_limits": 1, "evidence": [
        {"frame": "no_limits", "phrase": "no limits", "sentence": "Ties have no limits."}]}]
    _folder(tmp_path / "batch8", gold)
    _folder(tmp_path / "batch9", [{**gold[0], "id": "b"}]).joinpath("excerpts.jsonl").write_text(
        json.dumps({"id": "b", "text": "Ties have no limits."}) + "\n")
    assert [n for n, _ in batch_folders(tmp_path)] == [8, 9]
    coding = load_coding(tmp_path)
    assert coding.articles.set_index("article_id")["batch"].to_dict() == {"a": 8, "b": 9}


def _folder(tmp_path: Path, gold: list[dict], text: str = "Ties have no limits.") -> Path:
    (tmp_path / "coding").mkdir(parents=True)
    (tmp_path / "excerpts.jsonl").write_text(json.dumps({"id": "a", "text": text}) + "\n")
    (tmp_path / "coding" / "gold.jsonl").write_text(
        "\n".join(json.dumps(g) for g in gold) + "\n")
    return tmp_path


def test_a_headline_the_layout_repeats_is_two_occurrences_not_one(tmp_path):
    """Coded twice (R10: each copy of a repeated headline), a phrase is found at both
    copies, so a cue matching the second copy is not scored as a false hit."""
    item = {"frame": "no_limits", "phrase": "no limits", "sentence": "Ties have no limits."}
    text = "Ties have no limits.\nBy a reporter.\nTies have no limits.\nBody text."
    folder = _folder(tmp_path, [{"id": "a", "no_limits": 1, "evidence": [item, item]}], text)
    coding = load_coding(folder)
    assert coding.evidence["start"].tolist() == [10, 46]
    relocated = locate(coding.evidence, coding.articles)
    assert relocated["start"].tolist() == [10, 46]


def test_a_phrase_missing_from_its_excerpt_is_named(tmp_path):
    folder = _folder(tmp_path, [{"id": "a", "no_limits": 1, "evidence": [
        {"frame": "no_limits", "phrase": "boundless", "sentence": "Ties are boundless."}]}])
    with pytest.raises(InputError, match="a: phrase 'boundless' is not in the excerpt"):
        load_coding(folder)


def test_a_coded_id_without_excerpt_and_a_bad_line_are_named(tmp_path):
    folder = _folder(tmp_path, [{"id": "zz"}])
    with pytest.raises(InputError, match="id 'zz' has no excerpt"):
        load_coding(folder)
    (folder / "coding" / "gold.jsonl").write_text("{not json\n")
    with pytest.raises(InputError, match="line 1: not JSON"):
        load_coding(folder)


@pytest.mark.skipif(not (DEFAULT_DEV / "holdout").is_dir(),
                    reason="no held-out batch kept at this commit")
def test_the_held_out_batch_is_never_read_as_training_data():
    """data/dev/holdout is scored by `framing validate --holdout`, never trained on."""
    trained = set(load_coding(DEFAULT_DEV).articles["article_id"])
    held = load_coding(DEFAULT_DEV / "holdout")  # with any later batch kept in it
    assert len(held.articles) > 100
    assert not trained & set(held.articles["article_id"])
    urls = {u for u in load_coding(DEFAULT_DEV).articles["url"]}
    assert not urls & set(held.articles["url"])
