"""Parquet corpora: the tables of the same articles as JSONL, read a batch at a time."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.errors import InputError
from analysis.ingest.corpus import IngestWarning, load_corpus
from analysis.ingest.sources import Chunking

ROWS = [{"article_id": f"a{i}", "outlet": f"outlet{i % 2}.com", "published": f"2024-05-1{i}",
         "title": f"Story {i}", "country": "US" if i % 2 else "", "text": text}
        for i, text in enumerate([
            "Putin and Xi hailed a partnership “without limits” on Friday in Moscow.",
            "Russia is China's junior partner, analysts in Kyiv said. Trade grew by a third.",
            "Der Handel zwischen Russland und China wächst. Straße, Größe, Übermaß.",
            "Beijing and Moscow — a stabilizing force, officials said — signed 14 agreements.",
        ])]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _comparable(corpus) -> tuple[pd.DataFrame, list]:
    """Articles without the columns that name the file read, and the report's verdicts."""
    articles = corpus.articles.drop(columns=["source", "source_file"])
    report = corpus.report.assign(item=corpus.report["item"].str.rpartition(":")[2])
    return articles, report.values.tolist()


def test_a_parquet_corpus_gives_the_tables_of_the_same_jsonl(tmp_path):
    (tmp_path / "feed.jsonl").write_text(_jsonl(ROWS), encoding="utf-8")
    pd.DataFrame(ROWS).to_parquet(tmp_path / "feed.parquet", index=False)
    jsonl = load_corpus(tmp_path / "feed.jsonl")
    for rows in (1, 3, 1000):  # batch boundaries anywhere
        parquet = load_corpus(tmp_path / "feed.parquet", chunking=Chunking(rows=rows))
        pd.testing.assert_frame_equal(_comparable(jsonl)[0], _comparable(parquet)[0])
        assert _comparable(jsonl)[1] == _comparable(parquet)[1]
    assert parquet.articles["country"].tolist() == ["", "US", "", "US"]  # extra column kept


def test_parquet_dates_and_timestamps_read_as_dates(tmp_path):
    table = pa.table({
        "article_id": ["a", "b"],
        "published": pa.array([dt.datetime(2024, 5, 16), dt.datetime(2024, 5, 17, 9, 30)]),
        "text": [ROWS[0]["text"], ROWS[1]["text"]],
        "outlet": ["x.com", "y.com"],
    })
    pq.write_table(table, tmp_path / "feed.parquet")
    articles = load_corpus(tmp_path / "feed.parquet").articles.set_index("article_id")
    assert articles.loc["a", "published"] == "2024-05-16"
    assert articles.loc["b", "published"].startswith("2024-05-17")


def test_a_parquet_row_without_text_is_skipped_and_named_by_row(tmp_path):
    rows = [dict(r) for r in ROWS]
    rows[2]["text"] = None
    pd.DataFrame(rows).to_parquet(tmp_path / "feed.parquet", index=False)
    with pytest.warns(IngestWarning, match="no 'text' value"):
        corpus = load_corpus(tmp_path / "feed.parquet", chunking=Chunking(rows=2))
    skipped = corpus.report[corpus.report["status"] == "skipped"]
    assert skipped["item"].tolist() == ["feed.parquet:3"]
    assert sorted(corpus.articles["article_id"]) == ["a0", "a1", "a3"]


def test_a_parquet_file_without_a_text_column_is_refused(tmp_path):
    pd.DataFrame({"article_id": ["a"], "body": ["x"]}).to_parquet(tmp_path / "f.parquet")
    with pytest.raises(InputError, match="no 'text' column; columns found: article_id, body"):
        load_corpus(tmp_path / "f.parquet")


def test_a_file_that_is_not_parquet_is_refused_naming_it(tmp_path):
    (tmp_path / "f.parquet").write_text(json.dumps({"text": "x"}))
    with pytest.raises(InputError, match=r"f\.parquet: cannot be read as Parquet"):
        load_corpus(tmp_path / "f.parquet")
