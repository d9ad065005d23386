"""Streaming table input: gzip, chunk boundaries, damaged files and file:// URLs.

What a user notices: a gzipped corpus gives the tables its plain version gives, a
chunk boundary anywhere in the file loses and changes nothing, and a bad row in a
compressed file is named by file and line while every other row still loads.
"""

from __future__ import annotations

import gzip
import io
import json

import pandas as pd
import pytest

from analysis.ingest.corpus import IngestWarning, load_corpus
from analysis.ingest.sources import Chunking, as_location, iter_byte_lines, table_stem

TEXTS = [
    "Putin and Xi hailed a partnership “without limits” on Friday in Moscow’s Kremlin.",
    "Russia is China's junior partner, analysts in Kyiv said. Trade grew by a third.",
    "Der Handel zwischen Russland und China wächst. Straße, Größe, Übermaß.",
    "Beijing and Moscow — a stabilizing force, officials said — signed 14 agreements.",
]
ROWS = [{"article_id": f"a{i}", "outlet": f"outlet{i % 2}.com", "published": f"2024-05-1{i}",
         "title": f"Story {i}", "country": "US" if i % 2 else "", "text": text}
        for i, text in enumerate(TEXTS)]
# Tiny blocks and prefix: every record, and multi-byte characters, cross a boundary.
TINY = Chunking(rows=1, block_bytes=5, decide_bytes=16)


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _csv(rows: list[dict]) -> str:
    frame = pd.DataFrame(rows)
    frame.loc[1, "text"] = frame.loc[1, "text"].replace(". ", ".\n\n")  # a quoted line break
    return frame.to_csv(index=False)


def _comparable(corpus) -> tuple[pd.DataFrame, list]:
    """Articles without the columns that name the file read, and the report's verdicts."""
    articles = corpus.articles.drop(columns=["source", "source_file"])
    report = corpus.report.assign(item=corpus.report["item"].str.rpartition(":")[2])
    return articles, report.values.tolist()


@pytest.mark.parametrize("kind", ["jsonl", "csv"])
def test_a_gzipped_table_gives_the_tables_of_its_plain_version(tmp_path, kind):
    text = _jsonl(ROWS) if kind == "jsonl" else _csv(ROWS)
    plain, packed = tmp_path / f"feed.{kind}", tmp_path / f"feed.{kind}.gz"
    plain.write_text(text, encoding="utf-8")
    packed.write_bytes(gzip.compress(text.encode("utf-8")))
    a, b = load_corpus(plain), load_corpus(packed)
    pd.testing.assert_frame_equal(_comparable(a)[0], _comparable(b)[0])
    assert _comparable(a)[1] == _comparable(b)[1]
    assert set(b.articles["source"]) == {"feed.jsonl.gz" if kind == "jsonl" else "feed.csv.gz"}
    assert b.articles["text"].str.contains("wächst").any()


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".csv", ".csv.gz"])
def test_a_chunk_boundary_anywhere_loses_and_changes_nothing(tmp_path, suffix):
    text = _jsonl(ROWS) if ".jsonl" in suffix else _csv(ROWS)
    text = text.replace("\n", "\n\n", 1) + "\n"  # blank lines too
    path = tmp_path / f"feed{suffix}"
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    whole, tiny = load_corpus(path), load_corpus(path, chunking=TINY)
    assert len(tiny.articles) == len(ROWS)
    pd.testing.assert_frame_equal(whole.articles, tiny.articles)
    pd.testing.assert_frame_equal(whole.report, tiny.report)
    assert tiny.checksum == whole.checksum


def test_id_less_rows_get_the_same_ids_gzipped_or_not(tmp_path):
    rows = [{"text": r["text"]} for r in ROWS]
    (tmp_path / "feed.jsonl").write_text(_jsonl(rows), encoding="utf-8")
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(_jsonl(rows).encode()))
    with pytest.warns(IngestWarning, match="no outlet"):
        ids = [load_corpus(tmp_path / n).articles["article_id"].tolist()
               for n in ("feed.jsonl", "feed.jsonl.gz")]
    assert ids[0] == ids[1] == ["feed-1", "feed-2", "feed-3", "feed-4"]


def test_a_bad_line_in_a_gzipped_jsonl_is_named_by_file_and_line(tmp_path, recwarn):
    lines = _jsonl(ROWS).splitlines()
    lines.insert(2, '{"article_id": "broken", "text": "no closing quote}')
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    corpus = load_corpus(path, chunking=TINY)
    assert sorted(corpus.articles["article_id"]) == ["a0", "a1", "a2", "a3"]
    bad = corpus.report.set_index("item").loc["feed.jsonl.gz:3"]
    assert bad["status"] == "skipped" and "not valid JSON" in bad["detail"]
    shown = [w for w in recwarn.list if issubclass(w.category, IngestWarning)]
    assert [(w.filename, w.lineno) for w in shown] == [("feed.jsonl.gz", 3)]


def test_a_bad_record_in_a_gzipped_csv_is_named_by_file_and_line(tmp_path):
    text = _csv(ROWS).replace('Übermaß."', 'Übermaß.', 1)
    path = tmp_path / "feed.csv.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    with pytest.warns(IngestWarning, match="unclosed quote"):
        corpus = load_corpus(path, chunking=TINY)
    skipped = corpus.report[corpus.report["status"] == "skipped"]
    assert skipped["item"].tolist() == ["feed.csv.gz:6"]
    assert sorted(corpus.articles["article_id"]) == ["a0", "a1", "a3"]


def test_a_gzip_cut_short_keeps_every_line_before_the_cut(tmp_path):
    rows = [{**ROWS[i % 4], "article_id": f"a{i}"} for i in range(400)]
    packed = gzip.compress(_jsonl(rows).encode("utf-8"))
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    with pytest.warns(IngestWarning, match="cut short or corrupt"):
        corpus = load_corpus(path, chunking=Chunking(block_bytes=4096))
    last = corpus.report.iloc[-1]
    assert last["status"] == "skipped" and last["item"].startswith("feed.jsonl.gz:")
    loaded = corpus.articles["article_id"].tolist()
    assert 100 < len(loaded) < 400 and loaded == [f"a{i}" for i in range(len(loaded))]


def test_a_file_that_is_not_gzip_is_refused_naming_it(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_text(_jsonl(ROWS))
    with pytest.raises(ValueError, match=r"feed\.jsonl\.gz: cannot be read"):
        load_corpus(path)


def test_a_file_url_reads_the_local_file_with_its_rules(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(ROWS).encode("utf-8")))
    local, url = load_corpus(path), load_corpus(path.as_uri())
    pd.testing.assert_frame_equal(local.articles, url.articles)
    assert local.checksum == url.checksum


def test_a_non_utf8_line_far_into_a_long_table_is_repaired_on_its_own_row(tmp_path):
    rows = [*ROWS, {"article_id": "late", "text": "Caf\u00e9 talks in Moscow went on late."}]
    data = _jsonl(rows[:-1]).encode("utf-8") + _jsonl(rows[-1:]).encode("cp1252")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    corpus = load_corpus(path, chunking=Chunking(decide_bytes=64))
    report = corpus.report.set_index("article_id")
    assert report.loc["late", "status"] == "repaired"
    assert "invalid UTF-8 on line 5" in report.loc["late", "detail"]
    assert (report.drop(index="late")["status"] == "loaded").all()


@pytest.mark.parametrize(("data", "block"), [(b"ab\ncd\n\nef", 1), (b"ab\ncd\n", 2),
                                             (b"\n\n", 3), (b"x" * 10 + b"\ny", 4), (b"", 2)])
def test_byte_lines_are_the_lines_whatever_the_block_size(data, block):
    assert list(iter_byte_lines(io.BytesIO(data), block_size=block)) == data.splitlines(True)


def test_names_and_urls():
    assert table_stem("Feed.JSONL.GZ") == "Feed"
    assert as_location("memory://bucket/feed.jsonl") == "memory://bucket/feed.jsonl"
