"""The notebooks: committed clean and thin, and all of them run on the bundled corpus.

The slow tests share one ``framing run`` of the whole batch (notebooks side by
side, as ``make report`` runs them) and inspect its outputs.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

from analysis.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]
PARAM_LINE = re.compile(r"^(\w+): (str|int|float|bool) = (.+?)  # \S.*$")


def test_the_six_chapters_are_there_in_order():
    assert NAMES == ["01-corpus", "02-frames", "03-language", "04-compare", "05-over-time",
                     "06-validation"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_notebooks_carry_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_first_code_cell_holds_only_documented_typed_parameters(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    lines = first.source.splitlines()
    assert lines and all(PARAM_LINE.match(line) for line in lines), first.source
    for line in lines:  # defaults are literals
        ast.literal_eval(PARAM_LINE.match(line)[3])
    documented = papermill.inspect_notebook(str(path))  # what --help-notebook shows
    assert list(documented) == [PARAM_LINE.match(line)[1] for line in lines]
    assert {"corpus_path", "lexicon_path", "out_dir", "group_by"} <= set(documented)
    assert all(p["help"] for p in documented.values())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_are_thin(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, ast.ClassDef), cell.source[:60]
            if isinstance(node, ast.FunctionDef | ast.Lambda):
                assert node.end_lineno - node.lineno <= 3, cell.source[:60]
    assert any(c.cell_type == "markdown" for c in nb.cells[1:])


def test_batch_config_lists_every_notebook():
    config = yaml.safe_load((ROOT / "notebooks" / "batch.yaml").read_text())
    assert [Path(e["notebook"]).stem for e in config["notebooks"]] == NAMES


@pytest.fixture(scope="session")
def report(tmp_path_factory):
    """One ``framing run`` of the whole batch on the bundled corpus, two notebooks at a time."""
    out = tmp_path_factory.mktemp("reports")
    code = main(["run", "--out", str(out), "--jobs", "2"])
    run_dir = (out / "latest").resolve()
    return {"code": code, "out": out, "run_dir": run_dir,
            "record": json.loads((run_dir / "run.json").read_text()),
            "index": (run_dir / "index.html").read_text(encoding="utf-8")}


def _groups() -> list[str]:
    import pandas as pd

    return sorted(pd.read_csv(ROOT / "data" / "corpus.csv")["outlet"].unique())


@pytest.mark.slow
def test_every_notebook_runs_on_the_bundled_corpus(report):
    failed = {r["name"]: r["error"] for r in report["record"]["notebooks"]
              if r["status"] != "ok"}
    assert failed == {}
    assert report["code"] == 0


@pytest.mark.slow
def test_index_links_six_notebooks_and_every_compare_pair(report):
    names = [r["name"] for r in report["record"]["notebooks"]]
    pairs = [f"04-compare_{a}-vs-{b}" for a, b in itertools.combinations(_groups(), 2)]
    assert sorted(names) == sorted([n for n in NAMES if n != "04-compare"] + pairs)
    for name in names:
        assert f'href="{name}/{name}.html"' in report["index"]
        assert (report["run_dir"] / name / f"{name}.html").exists()


@pytest.mark.slow
def test_report_html_hides_the_code(report):
    page = (report["run_dir"] / "02-frames" / "02-frames.html").read_text(encoding="utf-8")
    assert "How often each frame appears" in page
    assert "cache.get_scores(" not in page


@pytest.mark.slow
def test_every_chart_is_saved_as_png_and_svg(report):
    pngs = {p.with_suffix("") for p in report["run_dir"].rglob("figures/*.png")}
    svgs = {p.with_suffix("") for p in report["run_dir"].rglob("figures/*.svg")}
    assert pngs == svgs
    frames = report["run_dir"] / "02-frames" / "figures"
    assert {"frame_prevalence", "frame_heatmap", "voice"} <= {p.stem for p in
                                                             frames.glob("*.png")}
    assert 'src="02-frames/figures/frame_prevalence.png"' in report["index"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01-corpus", "02-frames", "03-language", "06-validation"])
def test_every_saved_chart_is_also_shown_in_the_notebook(report, name):
    nb = nbformat.read(report["run_dir"] / name / f"{name}.ipynb", as_version=4)
    shown = sum("image/png" in out.get("data", {}) for cell in nb.cells
                if cell.cell_type == "code" for out in cell.outputs)
    assert shown == len(list((report["run_dir"] / name / "figures").glob("*.png")))


@pytest.mark.slow
def test_over_time_compares_december_2022_with_may_2024(report):
    table = report["run_dir"] / "05-over-time" / "tables" / "frames_by_period.csv"
    import pandas as pd

    assert set(pd.read_csv(table)["group"]) == {"2022-12", "2024-05"}


@pytest.mark.slow
def test_run_json_records_checksums_and_statuses(report):
    record = report["record"]
    assert len(record["checksums"]["corpus"]) == 64 and len(record["checksums"]["lexicon"]) == 64
    assert record["versions"]["papermill"] != "not installed"
    assert all(r["seconds"] > 0 for r in record["notebooks"])


@pytest.mark.slow
def test_every_notebook_output_folder_records_the_run_checksums(report):
    checksums = report["record"]["checksums"]
    folders = [p for p in report["run_dir"].iterdir() if p.is_dir()]
    assert len(folders) == len(report["record"]["notebooks"])
    for folder in folders:
        stamp = json.loads((folder / "provenance.json").read_text())["checksums"]
        assert stamp["corpus"] == checksums["corpus"], folder.name
        assert stamp["lexicon"] == checksums["lexicon"], folder.name


@pytest.mark.slow
def test_notebooks_reuse_the_batch_cache(report):
    """Had a notebook scored with other settings than the batch, it would add an entry."""
    from collections import Counter

    entries = Counter(p.name.split("-")[0] for p in (report["out"] / ".cache").iterdir()
                      if p.is_dir() and not p.name.startswith("."))  # an entry is a folder
    pairs = len(list(itertools.combinations(_groups(), 2)))
    # keyness: the pairs of 04-compare, and 03-language's one group against the rest (the
    # terms cache keeps only each group's top terms; the plot needs all of that group's)
    assert entries == {"corpus": 1, "keyness": pairs + 1, "scores": 1, "terms": 1,
                       "validation": 1, "holdout": 1}


@pytest.mark.slow
def test_a_notebook_runs_as_in_jupyterlab(tmp_path):
    """``jupyter nbconvert --execute`` from notebooks/ with the defaults (widgets on)."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    nb = tmp_path / "notebooks" / "02-frames.ipynb"
    nb.write_bytes((ROOT / "notebooks" / "02-frames.ipynb").read_bytes())
    done = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         "--output", "executed.ipynb", nb.name],
        cwd=nb.parent, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "reports" / "interactive" / "02-frames" / "figures" /
            "frame_prevalence.png").exists()
