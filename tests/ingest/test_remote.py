"""Corpora at URLs, through fsspec's in-memory file system (no network in tests)."""

from __future__ import annotations

import gzip
import json
import uuid

import fsspec
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.ingest.corpus import corpus_files, load_corpus
from analysis.ingest.sources import Chunking

TEXTS = ["Putin and Xi hailed a partnership “without limits” on Friday in Moscow.",
         "Russia is China's junior partner, analysts in Kyiv said. Trade grew by a third.",
         "Beijing and Moscow, a stabilizing force, officials said, signed 14 agreements."]
ROWS = [{"article_id": f"a{i}", "outlet": "x.com", "text": t} for i, t in enumerate(TEXTS)]


@pytest.fixture
def memory():
    """A fresh folder on fsspec's memory:// file system; removed afterwards."""
    fs = fsspec.filesystem("memory")
    root = f"/corpus-{uuid.uuid4().hex[:8]}"
    yield fs, root
    fs.rm(root, recursive=True)


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def test_a_gzipped_jsonl_at_a_memory_url_gives_the_local_tables(memory, tmp_path):
    fs, root = memory
    fs.pipe(f"{root}/feed.jsonl.gz", gzip.compress(_jsonl(ROWS)))
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(_jsonl(ROWS)))
    remote = load_corpus(f"memory://{root}/feed.jsonl.gz", chunking=Chunking(block_bytes=7))
    local = load_corpus(tmp_path / "feed.jsonl.gz")
    pd.testing.assert_frame_equal(remote.articles, local.articles)
    assert remote.source == f"memory://{root}/feed.jsonl.gz"
    fs.pipe(f"{root}/feed.jsonl.gz", gzip.compress(_jsonl(ROWS[:2])))
    assert load_corpus(f"memory://{root}/feed.jsonl.gz").checksum != remote.checksum


def test_a_folder_at_a_url_reads_its_manifest_relative_to_the_folder(memory):
    fs, root = memory
    for i, text in enumerate(TEXTS):
        fs.pipe(f"{root}/raw/{i}.txt", text.encode("utf-8"))
    fs.pipe(f"{root}/corpus.csv", b"article_id,path,outlet\nb,raw/1.txt,y.com\na,raw/0.txt,x.com\n")
    corpus = load_corpus(f"memory://{root}")
    assert corpus.articles["article_id"].tolist() == ["b", "a", "2"]
    assert corpus.articles["outlet"].tolist() == ["y.com", "x.com", "unknown"]
    assert corpus.report["item"].tolist() == ["raw/1.txt", "raw/0.txt", "raw/2.txt"]


def test_a_manifest_row_outside_the_url_folder_is_refused_unless_allowed(memory):
    fs, root = memory
    fs.pipe(f"{root}/outside/x.txt", TEXTS[0].encode("utf-8"))
    fs.pipe(f"{root}/corpus/corpus.csv", b"article_id,path\nx,../outside/x.txt\n")
    url = f"memory://{root}/corpus"
    with pytest.raises(InputError, match=r"corpus\.csv, line 2: file '\.\./outside/x\.txt' "
                                         r"\(article x\) is outside the corpus folder"):
        load_corpus(url)
    assert load_corpus(url, allow_outside=True).articles["article_id"].tolist() == ["x"]


def test_a_missing_url_or_listed_file_stops_with_its_name(memory):
    fs, root = memory
    with pytest.raises(InputError, match="does not exist"):
        load_corpus(f"memory://{root}/nothing.jsonl")
    fs.pipe(f"{root}/corpus.csv", b"article_id,path\nx,raw/gone.txt\n")
    with pytest.raises(InputError, match=r"line 2: file 'raw/gone\.txt' \(article x\) does not"):
        load_corpus(f"memory://{root}")


def test_the_notebooks_cache_says_a_url_corpus_must_be_copied_first():
    with pytest.raises(InputError, match="copy the corpus to a local folder"):
        corpus_files("s3://bucket/feed.jsonl")


def test_a_parquet_file_at_a_url_is_read_in_batches(memory):
    fs, root = memory
    with fs.open(f"{root}/feed.parquet", "wb") as fh:
        pd.DataFrame(ROWS).to_parquet(fh, index=False)
    corpus = load_corpus(f"memory://{root}/feed.parquet", chunking=Chunking(rows=2))
    assert corpus.articles["article_id"].tolist() == ["a0", "a1", "a2"]
    assert corpus.report["item"].tolist() == ["feed.parquet:1", "feed.parquet:2", "feed.parquet:3"]


def test_framing_ingest_reads_a_corpus_url_given_on_the_command_line(memory, tmp_path):
    """The URL reaches the reader intact (a path type would fold 'memory://x' to 'memory:/x')."""
    from analysis.cli import main

    fs, root = memory
    fs.pipe(f"{root}/feed.jsonl", _jsonl(ROWS))
    assert main(["ingest", f"memory://{root}/feed.jsonl", "--out", str(tmp_path / "out")]) == 0
    articles = pd.read_csv(tmp_path / "out" / "articles.csv")
    assert articles["article_id"].tolist() == ["a0", "a1", "a2"]
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["corpus"] == f"memory://{root}/feed.jsonl"
