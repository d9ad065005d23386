"""The one writer of tables: unwritable folders refused, spreadsheet formulas made inert."""

from __future__ import annotations

import json

import pandas as pd

from analysis.cli import main
from analysis.config import DATA_DIR
from analysis.errors import EXIT_INPUT_ERROR


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
