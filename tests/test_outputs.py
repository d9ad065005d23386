"""The one writer of tables: unwritable folders refused, spreadsheet formulas made inert,
Parquet for every table with CSV beside it, and one reader for either."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import outputs
from analysis.cli import main
from analysis.config import DATA_DIR
from analysis.errors import EXIT_INPUT_ERROR
from analysis.outputs import read_table, write_tables


def test_an_unwritable_output_folder_exits_2_without_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["score", str(DATA_DIR), "--method", "lexicon", "--n-boot", "5",
                 "--out", str(blocker / "out")]) == EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert "cannot write to" in err and "Traceback" not in err


def test_cells_a_spreadsheet_would_run_are_inert_in_csv_and_raw_in_parquet(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [{"article_id": "a", "outlet": '=HYPERLINK("http://x","y")',
             "text": "Putin and Xi hailed a partnership without limits. Trade grew."},
            {"article_id": "b", "outlet": "@SUM(1)", "text": "Russia is China's junior partner."}]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out"
    assert main(["ingest", str(feed), "--out", str(out)]) == 0
    csv = pd.read_csv(out / "articles.csv").set_index("article_id")
    assert csv.loc["a", "outlet"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert csv.loc["b", "outlet"] == "'@SUM(1)"
    raw = pd.read_parquet(out / "articles.parquet").set_index("article_id")
    assert raw.loc["a", "outlet"].startswith("=HYPERLINK")
    run = json.loads((out / "run.json").read_text())
    assert run["command"] == "ingest"


def _write(out, tables, **kw):
    return write_tables(out, tables, command="test", parameters={}, checksums={"x": "1"}, **kw)


def test_every_table_is_parquet_with_csv_beside_it_up_to_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "CSV_MAX_ROWS", 3)
    small = pd.DataFrame({"a": [1, 2], "t": ["=x", "y"]})
    big = pd.DataFrame({"a": range(5), "t": list("abcde")})
    _write(tmp_path / "out", {"small": small, "big": big})
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["big.parquet", "run.json", "small.csv", "small.parquet"]
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["tables"] == {"small": ["small.parquet", "small.csv"], "big": ["big.parquet"]}
    _write(tmp_path / "asked", {"big": big}, csv=True)
    assert pd.read_csv(tmp_path / "asked" / "big.csv")["a"].tolist() == [0, 1, 2, 3, 4]


def test_read_table_reads_parquet_raw_or_an_older_csv(tmp_path):
    df = pd.DataFrame({"a": [1, 2], "t": ["=x", ""]})
    _write(tmp_path / "out", {"t": df})
    pd.testing.assert_frame_equal(read_table(tmp_path / "out", "t"), df)
    (tmp_path / "out" / "t.parquet").unlink()  # a folder written before Parquet
    assert read_table(tmp_path / "out", "t")["t"].tolist() == ["'=x", ""]
    with pytest.raises(FileNotFoundError, match="no table 'missing'"):
        read_table(tmp_path / "out", "missing")


def test_a_big_csv_written_in_chunks_is_byte_identical(tmp_path, monkeypatch):
    df = pd.DataFrame({"n": [1.5, -2.0, 3.25, None, 5.0], "t": ["-a", "b,c", 'q"', None, "\n"],
                       "i": range(5)})
    _write(tmp_path / "one", {"t": df})
    monkeypatch.setattr(outputs, "_CSV_CHUNK", 2)
    _write(tmp_path / "chunked", {"t": df})
    one, chunked = (tmp_path / d / "t.csv" for d in ("one", "chunked"))
    assert one.read_bytes() == chunked.read_bytes()


def test_a_column_of_mixed_types_is_written_to_parquet_as_text(tmp_path):
    df = pd.DataFrame({"value": [1, "two", None, 3.5], 0: ["a", "b", "c", "d"]})
    _write(tmp_path / "out", {"mixed": df})
    back = read_table(tmp_path / "out", "mixed")
    assert back["value"].fillna("<missing>").tolist() == ["1", "two", "<missing>", "3.5"]
    assert list(back.columns) == ["value", "0"]


def _spilled(parts: list[pd.DataFrame]) -> outputs.SpilledTable:
    table = outputs.SpilledTable()
    for part in parts:
        table.append(part)
    return table


def test_a_spilled_table_is_written_as_its_chunks_joined(tmp_path):
    parts = [pd.DataFrame({"a": ["=x", "y"], "p": [None, None], "n": [1, 2]}),
             pd.DataFrame({"a": [], "p": [], "n": []}).astype({"n": int}),
             pd.DataFrame({"a": ["z"], "p": ["why"], "n": [3]})]
    joined = pd.concat([parts[0], parts[2]], ignore_index=True)
    with _spilled(parts) as table:
        assert table.n_chunks == 3 and len(table) == 3
        assert sorted(p.name for p in table.path.iterdir()) == [
            "00000000.pkl", "00000001.pkl", "00000002.pkl"]
        write_tables(tmp_path / "spilled", {"t": table}, command="t", parameters={},
                     checksums={})
    write_tables(tmp_path / "frame", {"t": joined}, command="t", parameters={}, checksums={})
    for name in ("t.csv", "t.parquet"):  # one row group: the same bytes
        assert ((tmp_path / "spilled" / name).read_bytes()
                == (tmp_path / "frame" / name).read_bytes())
    assert not table.path.exists()  # closed: the chunks are deleted


def test_a_long_spilled_table_has_row_groups_of_a_fixed_size(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(outputs, "PARQUET_ROW_GROUP", 4)
    # a column with no value in the first chunk (type null there) and text later
    parts = [pd.DataFrame({"a": list("abc"), "p": [None] * 3, "n": [1, 2, 3]}),
             pd.DataFrame({"a": list("de"), "p": [None, "q"], "n": [4, 5]}),
             pd.DataFrame({"a": list("fghij"), "p": [None] * 5, "n": range(6, 11)})]
    joined = pd.concat(parts, ignore_index=True)
    with _spilled(parts) as table:
        write_tables(tmp_path / "out", {"t": table}, command="t", parameters={},
                     checksums={})
    meta = pq.ParquetFile(tmp_path / "out" / "t.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 2]
    _write(tmp_path / "frame", {"t": joined})  # the same rows as one DataFrame
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / "t.parquet"),
                                  pd.read_parquet(tmp_path / "frame" / "t.parquet"))
    assert ((tmp_path / "out" / "t.csv").read_bytes()
            == (tmp_path / "frame" / "t.csv").read_bytes())
