"""Containment and regular files: what a corpus may read (analysis.ingest.paths, .collect)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import EXIT_INPUT_ERROR, InputError
from analysis.ingest.corpus import load_corpus
from analysis.ingest.paths import read_regular_file

STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on "
    "Thursday. The two leaders praised a partnership they describe as a stabilizing force "
    "in a turbulent world, and pledged to expand trade in energy."
)
SECRET = "Confidential memo: the minister resigned on Tuesday after a long dispute. " * 3

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _status(corpus) -> dict[str, tuple[str, str]]:
    return {r.item: (r.status, r.detail) for r in corpus.report.itertuples()}


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """corpus/raw/a.txt, and beside the corpus an outside/ folder with secret.txt."""
    folder = tmp_path / "corpus"
    (folder / "raw").mkdir(parents=True)
    (folder / "raw" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


def _load_in_thread(folder: Path, seconds: float = 60, **kw):
    """load_corpus in a daemon thread: a test that would hang fails instead."""
    result: dict = {}
    worker = threading.Thread(
        target=lambda: result.setdefault("corpus", load_corpus(folder, **kw)), daemon=True
    )
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"load_corpus({folder}) hung"
    return result["corpus"]


# --- manifest rows outside the folder ---------------------------------------------------


@pytest.mark.parametrize(
    "listed",
    ["../outside/secret.txt", "raw/../../outside/secret.txt", "{outside}/secret.txt"],
    ids=["parent", "dotdot-inside-path", "absolute"],
)
def test_manifest_row_outside_the_folder_names_manifest_and_line(
    corpus_dir, write_manifest, listed
):
    listed = listed.format(outside=corpus_dir.parent / "outside")
    write_manifest(
        corpus_dir,
        [{"article_id": "a", "path": "raw/a.txt"}, {"article_id": "s", "path": listed}],
    )
    with pytest.raises(InputError, match=r"corpus.csv, line 3: file .*\(article s\) is outside"):
        load_corpus(corpus_dir)


def test_manifest_row_naming_a_link_that_points_outside_is_an_error(corpus_dir, write_manifest):
    (corpus_dir / "raw" / "b.txt").symlink_to(corpus_dir.parent / "outside" / "secret.txt")
    write_manifest(corpus_dir, [{"article_id": "b", "path": "raw/b.txt"}])
    with pytest.raises(InputError, match=r"line 2: file 'raw/b.txt' .* resolves to .*secret.txt"):
        load_corpus(corpus_dir)


@pytest.mark.filterwarnings("ignore::analysis.ingest.corpus.IngestWarning")
def test_cli_outside_row_exits_2_and_allow_outside_reads_it(
    corpus_dir, write_manifest, tmp_path, capsys
):
    write_manifest(corpus_dir, [{"article_id": "a", "path": "raw/a.txt"},
                                {"article_id": "s", "path": "../outside/secret.txt"}])
    out = tmp_path / "out"
    assert main(["ingest", str(corpus_dir), "--out", str(out)]) == EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert "corpus.csv, line 3" in err and "--allow-outside" in err and not out.exists()
    assert main(["ingest", str(corpus_dir), "--out", str(out), "--allow-outside"]) == 0
    assert (out / "articles.csv").read_text(encoding="utf-8").count("\n") > 2


def test_folders_of_files_listed_outside_are_not_scanned(corpus_dir, write_manifest, load_quietly):
    (corpus_dir.parent / "outside" / "unlisted.txt").write_text(STORY, encoding="utf-8")
    write_manifest(corpus_dir, [{"article_id": "s", "path": "../outside/secret.txt"},
                                {"article_id": "a", "path": "raw/a.txt"}])
    corpus = load_quietly(corpus_dir, allow_outside=True)
    assert sorted(corpus.articles["article_id"]) == ["a", "s"]
    assert not any("unlisted" in item for item in corpus.report["item"])


# --- links and special files found in the folder ----------------------------------------


@pytest.mark.parametrize("with_manifest", [False, True])
def test_link_in_the_folder_pointing_outside_is_skipped_with_reason(
    corpus_dir, write_manifest, load_quietly, with_manifest
):
    if with_manifest:
        write_manifest(corpus_dir, [{"article_id": "a", "path": "raw/a.txt"}])
    before = load_quietly(corpus_dir).checksum
    (corpus_dir / "raw" / "passwd.txt").symlink_to(corpus_dir.parent / "outside" / "secret.txt")
    corpus = load_quietly(corpus_dir)
    status, detail = _status(corpus)["raw/passwd.txt"]
    assert status == "skipped" and "symbolic link to" in detail and "outside the corpus" in detail
    assert list(corpus.articles["article_id"]) == ["a"]
    assert not corpus.articles["text"].str.contains("Confidential").any()
    assert corpus.checksum == before  # the target is not read, not even for the checksum
    allowed = load_quietly(corpus_dir, allow_outside=True)
    assert "passwd" in set(allowed.articles["article_id"])


def test_link_to_etc_passwd_is_skipped(corpus_dir, load_quietly):
    if not Path("/etc/passwd").is_file():
        pytest.skip("no /etc/passwd here")
    (corpus_dir / "passwd.txt").symlink_to("/etc/passwd")
    corpus = load_quietly(corpus_dir)
    assert _status(corpus)["passwd.txt"][0] == "skipped"
    assert "/etc/passwd" in _status(corpus)["passwd.txt"][1]


def test_link_to_a_folder_outside_is_reported_and_not_followed(corpus_dir, load_quietly):
    (corpus_dir / "elsewhere").symlink_to(corpus_dir.parent / "outside", target_is_directory=True)
    corpus = load_quietly(corpus_dir)
    assert _status(corpus)["elsewhere"][0] == "skipped"
    assert list(corpus.articles["article_id"]) == ["a"]


@needs_fifo
@pytest.mark.filterwarnings("ignore:.*have no outlet")
def test_fifo_in_the_folder_is_skipped_without_hanging(corpus_dir, monkeypatch):
    os.mkfifo(corpus_dir / "raw" / "pipe.txt")
    monkeypatch.chdir(corpus_dir)  # warnings name "raw/pipe.txt": it must not be opened
    with pytest.warns(UserWarning, match="not a regular file"):
        corpus = _load_in_thread(Path("."))
    assert _status(corpus)["raw/pipe.txt"] == ("skipped", "not a regular file (a FIFO)")
    assert list(corpus.articles["article_id"]) == ["a"]


@needs_fifo
@pytest.mark.filterwarnings("ignore::analysis.ingest.corpus.IngestWarning")
def test_fifo_listed_in_the_manifest_is_skipped_without_hanging(corpus_dir, write_manifest):
    os.mkfifo(corpus_dir / "raw" / "pipe.txt")
    write_manifest(corpus_dir, [{"article_id": "a", "path": "raw/a.txt"},
                                {"article_id": "p", "path": "raw/pipe.txt"}])
    corpus = _load_in_thread(corpus_dir)
    assert _status(corpus)["raw/pipe.txt"] == ("skipped", "not a regular file (a FIFO)")


@needs_fifo
def test_cli_on_a_fifo_named_like_a_table_exits_2(tmp_path, capsys):
    os.mkfifo(tmp_path / "feed.jsonl")
    assert main(["ingest", str(tmp_path / "feed.jsonl"), "--out", str(tmp_path / "o")]) == 2
    assert "feed.jsonl: not a regular file (a FIFO)" in capsys.readouterr().err


def test_proc_file_listed_is_refused(corpus_dir, write_manifest, load_quietly):
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc here")
    write_manifest(corpus_dir, [{"article_id": "a", "path": "raw/a.txt"},
                                {"article_id": "p", "path": "/proc/self/status"}])
    with pytest.raises(InputError, match="line 3: file '/proc/self/status'.* is outside"):
        load_corpus(corpus_dir)
    (corpus_dir / "raw" / "status.txt").symlink_to("/proc/self/status")
    write_manifest(corpus_dir, [{"article_id": "a", "path": "raw/a.txt"},
                                {"article_id": "p", "path": "raw/status.txt"}])
    corpus = load_quietly(corpus_dir, allow_outside=True)
    status, detail = _status(corpus)["raw/status.txt"]
    assert status == "skipped" and "pseudo file system" in detail


# --- the reader itself --------------------------------------------------------------------


@needs_fifo
def test_read_regular_file_refuses_a_fifo_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ValueError, match="not a regular file"):
        read_regular_file(tmp_path / "pipe")


def test_read_regular_file_refuses_a_folder_and_reads_a_file(tmp_path):
    with pytest.raises(ValueError, match="a folder"):
        read_regular_file(tmp_path)
    (tmp_path / "a.txt").write_bytes(b"abc")
    assert read_regular_file(tmp_path / "a.txt") == b"abc"
