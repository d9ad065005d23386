"""``framing run``: grid expansion, failure isolation, escaping and safe names."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.cli import main
from analysis.errors import InputError
from analysis.report import batch

FAILING = Path(__file__).parents[1] / "data" / "failing.ipynb"
EVIL = "<script>alert('pwned')</script>"


def _write_notebook(path: Path, cells: list) -> Path:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def good_notebook(tmp_path: Path) -> Path:
    """Writes a chart and a table named after a hostile outlet, and shows hostile text."""
    return _write_notebook(tmp_path / "good.ipynb", [
        new_markdown_cell("# A notebook that works"),
        new_code_cell('group = "../escaped"  # outlet name used in file names\n'
                      'out_dir = "out"  # output folder', metadata={"tags": ["parameters"]}),
        new_code_cell(
            "import pandas as pd, matplotlib.pyplot as plt\n"
            "from IPython.display import HTML, display\n"
            "from analysis.report import charts as plots, html\n"
            "fig, ax = plt.subplots(); ax.plot([1, 2])\n"
            "plots.savefig(fig, out_dir, group)\n"
            "plots.save_table(pd.DataFrame({'a': [1]}), out_dir, group)\n"
            f"text = {EVIL!r}\n"
            "display(pd.DataFrame({'text': [text]}))\n"
            "row = dict(outlet=group, frame='f', voice='narrator', speaker='', left=text,"
            " match='no limits', right=text)\n"
            "display(HTML(html.evidence_html(pd.DataFrame([row]))))"),
    ])


def _config(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "batch.yaml"
    path.write_text(yaml.safe_dump({"parameters": {"group_by": "outlet"}, "notebooks": entries}))
    return path


def test_pairs_make_one_run_per_pair_of_groups():
    cfg = {"notebooks": [{"notebook": Path("01-corpus.ipynb")},
                         {"notebook": Path("04-compare.ipynb"), "pairs": ["group_a", "group_b"]}]}
    runs = batch.expand_runs(cfg, groups=["a.com", "b.com", "c.com", "d.com"])
    compare = [r for r in runs if r.notebook.stem == "04-compare"]
    assert len(compare) == 6
    assert {(r.parameters["group_a"], r.parameters["group_b"]) for r in compare} >= {
        ("a.com", "b.com"), ("c.com", "d.com")}
    assert len({r.name for r in runs}) == len(runs)


def test_grid_is_the_product_of_its_lists():
    cfg = {"notebooks": [{"notebook": Path("05-over-time.ipynb"),
                          "grid": {"period": ["month", "year"], "group_by": ["outlet", "origin"]}}]}
    runs = batch.expand_runs(cfg)
    assert sorted(r.name for r in runs) == sorted([
        "05-over-time_month-vs-outlet", "05-over-time_month-vs-origin",
        "05-over-time_year-vs-outlet", "05-over-time_year-vs-origin"])


@pytest.mark.parametrize("group", ["../../etc", "/abs/path", "..", "a/../../b", "C:\\x"])
def test_run_names_from_outlet_names_stay_inside_the_run_folder(tmp_path, group):
    cfg = {"notebooks": [{"notebook": Path("04-compare.ipynb"), "pairs": ["a", "b"]}]}
    for run in batch.expand_runs(cfg, groups=[group, "ok.com"]):
        target = (tmp_path / run.name).resolve()
        assert target.parent == tmp_path.resolve()


def test_missing_notebook_is_an_input_error(tmp_path):
    config = _config(tmp_path, [{"notebook": "nowhere.ipynb"}])
    with pytest.raises(InputError, match="nowhere.ipynb"):
        batch.load_config(config)


def test_the_bundled_batch_file_is_valid():
    from analysis.config import NOTEBOOKS_DIR

    config = batch.load_config(NOTEBOOKS_DIR / "batch.yaml")
    assert set(config["cache"]) <= set(batch.CACHE_NAMES)
    assert all(entry["notebook"].is_file() for entry in config["notebooks"])


def _batch_file(tmp_path: Path, text: str) -> Path:
    (tmp_path / "a.ipynb").write_text("{}")
    path = tmp_path / "batch.yaml"
    path.write_text(text)
    return path


def test_every_problem_of_a_batch_file_is_reported_at_once(tmp_path):
    path = _batch_file(tmp_path, """\
parameters: {group_by: outlet}
cache: [scores, score]
timeout: 0
jobs: 3
notebooks:
  - notebook: a.ipynb
    pairs: [group_a]
  - notebook: nowhere.ipynb
    grid: {period: []}
    key_figure: [x]
""")
    with pytest.raises(InputError) as err:
        batch.load_config(path)
    lines = str(err.value).splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert sorted(line.split(": ")[1] for line in lines) == [
        "cache[1]", "jobs", "notebooks[0].pairs", "notebooks[1].grid.period",
        "notebooks[1].key_figure", "notebooks[1].notebook", "timeout"]
    assert f"unknown cache 'score'; valid: {', '.join(batch.CACHE_NAMES)}" in str(err.value)
    assert "nowhere.ipynb does not exist" in str(err.value)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{notebook: a.ipynb, pairs: group_a}", "notebooks[0].pairs: must be a list, not str"),
        ("{notebook: a.ipynb, pairs: [a, b, c]}", "notebooks[0].pairs: must name two"),
        ("{notebook: a.ipynb, pairs: [a, a]}", "notebooks[0].pairs: must name two"),
        ("{notebook: a.ipynb, pairs: [a, 1]}", "notebooks[0].pairs[1]: must be a string"),
        ("{notebook: a.ipynb, pairs: [a, b], grid: {x: [1]}}", "notebooks[0].grid: give either"),
        ("{pairs: [a, b]}", "notebooks[0].notebook: required"),
        ("a.ipynb", "notebooks[0]: must be a mapping"),
        ("{notebook: a.ipynb, notebook: b.ipynb}", "(line 2): duplicate key 'notebook'"),
    ],
)
def test_invalid_notebook_entries_are_refused(tmp_path, entry, message):
    path = _batch_file(tmp_path, f"notebooks:\n  - {entry}\n")
    with pytest.raises(InputError) as err:
        batch.load_config(path)
    assert f"{path}: " in str(err.value) and message in str(err.value)


def test_an_empty_batch_file_needs_notebooks(tmp_path):
    with pytest.raises(InputError, match="notebooks: required"):
        batch.load_config(_batch_file(tmp_path, ""))


def test_cli_exits_2_and_writes_nothing_on_a_bad_config(tmp_path, capsys):
    config = _config(tmp_path, [{"notebook": "nowhere.ipynb"}])
    assert main(["run", "--config", str(config), "--out", str(tmp_path / "reports")]) == 2
    assert "nowhere.ipynb" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_latest_is_replaced_by_the_newest_run(tmp_path):
    first, second = tmp_path / "r1", tmp_path / "r2"
    first.mkdir()
    second.mkdir()
    batch.point_latest(tmp_path, first)
    latest = batch.point_latest(tmp_path, second)
    assert latest.resolve() == second.resolve()


def test_latest_falls_back_to_a_copy_without_symlinks(tmp_path, monkeypatch):
    run = tmp_path / "2024-01-01_000000"
    run.mkdir()
    (run / "index.html").write_text("report")

    def no_symlinks(*args, **kwargs):
        raise OSError("symlinks not allowed")

    monkeypatch.setattr(Path, "symlink_to", no_symlinks)
    latest = batch.point_latest(tmp_path, run)
    assert (latest / "index.html").read_text() == "report"
    assert (tmp_path / "LATEST.txt").read_text().strip() == run.name


@pytest.mark.slow
def test_a_failing_notebook_does_not_stop_the_others(tmp_path, good_notebook, capsys):
    entries = [{"notebook": str(FAILING), "parameters": {"message": EVIL}},
               {"notebook": str(good_notebook), "key_figures": ["escaped"]}]
    out = tmp_path / "reports"
    code = main(["run", "--config", str(_config(tmp_path, entries)), "--out", str(out),
                 "--jobs", "2"])
    assert code == 1
    run_dir = (out / "latest").resolve()
    index = (run_dir / "index.html").read_text()
    record = json.loads((run_dir / "run.json").read_text())
    status = {r["name"]: r["status"] for r in record["notebooks"]}
    assert status == {"failing": "failed", "good": "ok"}
    # index.html links both notebooks and shows papermill's error and the failing cell
    for name in ("failing", "good"):
        assert f'href="{name}/{name}.html"' in index
        assert f'href="{name}/{name}.ipynb"' in index
    assert "ValueError" in index and "raise ValueError(message)" in index
    assert 'src="good/figures/escaped.png"' in index  # key chart embedded
    # hostile text is shown, never run: escaped in index.html and in the notebook HTML
    assert EVIL not in index and "&lt;script&gt;alert(" in index
    good_html = (run_dir / "good" / "good.html").read_text()
    assert "<script>alert(" not in good_html and "&lt;script&gt;alert(" in good_html
    # the outlet "../escaped" wrote inside its own folder, nowhere else
    assert (run_dir / "good" / "figures" / "escaped.svg").exists()
    assert (run_dir / "good" / "tables" / "escaped.csv").exists()
    written = list(tmp_path.rglob("*escaped*"))
    assert written and all(run_dir in p.resolve().parents for p in written)
    assert "FAILED failing: ValueError" in capsys.readouterr().err


@pytest.mark.slow
def test_hostile_outlet_names_through_the_real_notebooks(tmp_path):
    """Outlets called ``../../evil`` and ``<script>`` on the real notebooks: files stay inside
    the run folder, and no HTML or SVG of the report carries a live script tag."""
    import pandas as pd

    raw = sorted((Path(__file__).parents[2] / "data" / "raw").glob("*.txt"))
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"article_id": ["a1", "b1", "c1"], "outlet": ["../../evil", EVIL, "ok.com"],
                  "published": ["2022-12-30", "2022-12-30", "2024-05-16"],
                  "text": [raw[1].read_text(), raw[2].read_text(), raw[4].read_text()]}
                 ).to_csv(corpus, index=False)
    notebooks = Path(__file__).parents[2] / "notebooks"
    entries = [{"notebook": str(notebooks / "02-frames.ipynb")},
               {"notebook": str(notebooks / "04-compare.ipynb"), "pairs": ["group_a", "group_b"]}]
    config = _config(tmp_path, entries)
    out = tmp_path / "out" / "reports"
    assert main(["run", "--config", str(config), "--corpus", str(corpus), "--out", str(out)]) == 0
    run_dir = (out / "latest").resolve()
    assert len(list(run_dir.glob("04-compare_*/*.html"))) == 3
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and run_dir not in p.parents
               and out / ".cache" not in p.parents]
    assert sorted(p.name for p in outside) == ["batch.yaml", "corpus.csv"]
    pages = [*run_dir.rglob("*.html"), *run_dir.rglob("*.svg")]
    assert pages and not [p for p in pages if "<script>alert" in p.read_text(encoding="utf-8")]


_RECORD_SIGINT = """\
import signal
def _record(signum, frame):
    with open(signal_log, "a") as f:
        f.write("SIGINT\\n")
# The kernel ignores Ctrl-C between requests; record it instead, to see if one comes.
get_ipython().kernel.post_handler_hook = lambda: signal.signal(signal.SIGINT, _record)"""


@pytest.mark.slow
def test_healthy_notebooks_run_without_kernel_warnings_and_errors_still_show(tmp_path, capfd):
    """No "WARNING |" (TCP without encryption) or "ERROR |" (KeyboardInterrupt at
    shutdown) from kernels that ran well; a failing notebook is still reported."""
    signal_log = tmp_path / "signals.txt"
    quiet = _write_notebook(tmp_path / "quiet.ipynb", [
        new_code_cell('signal_log = ""  # file the kernel notes each Ctrl-C in\n'
                      'out_dir = "out"  # output folder', metadata={"tags": ["parameters"]}),
        new_code_cell(_RECORD_SIGINT),
        new_code_cell("print('fine')"),
    ])
    entries = [{"notebook": str(quiet), "parameters": {"signal_log": str(signal_log)}},
               {"notebook": str(FAILING), "parameters": {"message": "boom"}}]
    out = tmp_path / "reports"
    assert main(["run", "--config", str(_config(tmp_path, entries)), "--out", str(out),
                 "--jobs", "2"]) == 1
    err = capfd.readouterr().err
    kernel_lines = [line for line in err.splitlines() if "WARNING |" in line or "ERROR |" in line]
    assert kernel_lines == []
    assert not signal_log.exists(), "the kernel was interrupted while it was idle"
    assert "FAILED failing: ValueError: boom" in err
    index = ((out / "latest").resolve() / "index.html").read_text()
    assert "ValueError" in index and "boom" in index


@pytest.mark.slow
def test_a_kernel_that_dies_is_reported(tmp_path, capfd):
    dies = _write_notebook(tmp_path / "dies.ipynb", [
        new_code_cell('out_dir = "out"  # output folder', metadata={"tags": ["parameters"]}),
        new_code_cell("import os\nos._exit(1)"),
    ])
    out = tmp_path / "reports"
    assert main(["run", "--config", str(_config(tmp_path, [{"notebook": str(dies)}])),
                 "--out", str(out)]) == 1
    assert "FAILED dies: DeadKernelError" in capfd.readouterr().err
    record = json.loads(((out / "latest").resolve() / "run.json").read_text())
    assert record["notebooks"][0]["status"] == "failed"


def test_latest_is_replaced_atomically_under_concurrent_runs(tmp_path):
    """Many runs pointing `latest` at once: no error, and `latest` always resolves."""
    from concurrent.futures import ThreadPoolExecutor

    runs = [tmp_path / f"run-{i}" for i in range(40)]
    for r in runs:
        r.mkdir()
        (r / "index.html").write_text(r.name)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: batch.point_latest(tmp_path, r), runs))
    latest = tmp_path / "latest"
    assert latest.is_symlink() and (latest / "index.html").read_text().startswith("run-")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".latest")]


def test_compare_runs_are_bounded_however_many_groups():
    cfg = {"notebooks": [{"notebook": Path("04-compare.ipynb"), "pairs": ["a", "b"], "top": 5}]}
    groups = [f"outlet{i:03d}.example" for i in range(157)]  # largest first
    runs = batch.expand_runs(cfg, groups=groups)
    assert len(runs) == 10  # 5 choose 2, not 157 choose 2 (12,246)
    assert {r.parameters["a"] for r in runs} | {r.parameters["b"] for r in runs} == set(groups[:5])
    listed = {"notebook": Path("04-compare.ipynb"), "pairs": ["a", "b"],
              "compare": [["outlet100.example", "outlet007.example"], ["x", "y"]]}
    runs = batch.expand_runs({"notebooks": [listed]}, groups=groups)
    assert [(r.parameters["a"], r.parameters["b"]) for r in runs] == [
        ("outlet007.example", "outlet100.example")]  # unknown groups are left out


def test_top_and_compare_are_checked(tmp_path):
    path = tmp_path / "batch.yaml"
    path.write_text("notebooks:\n  - notebook: 04-compare.ipynb\n    pairs: [group_a, group_b]\n"
                    "    top: 1\n    compare: [[a.com]]\n")
    with pytest.raises(InputError) as err:
        batch.load_config(path)
    assert "notebooks[0].top" in str(err.value) and "notebooks[0].compare[0]" in str(err.value)


def test_framing_run_on_a_corpus_url_says_to_copy_it_first(tmp_path, capsys):
    """Not 'memory:/x does not exist' (a path type folds the URL): what to do instead."""
    code = main(["run", "--corpus", "memory://bucket/feed.jsonl", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "corpus memory://bucket/feed.jsonl: the report's notebooks read a local corpus" in err
    assert "framing score" in err
    assert list(tmp_path.iterdir()) == []  # nothing started
