"""``framing run``: execute the notebooks with papermill and build the HTML report.

The notebooks and their parameter grid are listed in a batch YAML file
(``notebooks/batch.yaml``)::

    parameters: {group_by: outlet, n_boot: 1000, seed: 0}   # given to every notebook
    cache: [scores, terms, validation, pair_keyness]   # computed once, before the notebooks
    timeout: 600                         # seconds a cell may run before its notebook fails
    notebooks:
      - notebook: 01-corpus.ipynb
        key_figures: [articles_per_outlet]   # charts embedded in index.html
      - notebook: 04-compare.ipynb
        pairs: [group_a, group_b]            # one run per pair of groups in the corpus
      - notebook: 05-over-time.ipynb
        grid: {period: [month, year]}        # one run per value (product of lists)

Each run writes ``<out>/<timestamp>/``: per notebook a folder with the executed
notebook, its HTML (code hidden), ``figures/`` and ``tables/``; plus ``run.json``
and ``index.html``, which links everything and shows each notebook's status.
Notebooks run ``jobs`` at a time in separate processes; one that fails does not
stop the others, and the command then exits with 1. ``<out>/latest`` points at
the newest run (a symlink, or a copy where symlinks are not allowed).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from analysis import __version__
from analysis.config import (
    DEFAULT_CORPUS,
    DEFAULT_DEV,
    DEFAULT_GOLD,
    DEFAULT_HOLDOUT,
    DEFAULT_LEXICON,
    NOTEBOOKS_DIR,
)
from analysis.errors import InputError
from analysis.ingest.groups import groups_by_size
from analysis.ingest.sources import as_location
from analysis.outputs import safe_name
from analysis.provenance import write_run_json
from analysis.report.batch_config import (  # re-exported: batch.load_config etc.
    CACHE_NAMES,
    BatchFile,
    NotebookEntry,
    NotebookRun,
    expand_runs,
    load_config,
    planned_pairs,
)
from analysis.report.cache import CACHE_ENV, corpus_checksum, input_checksum
from analysis.report.kernels import LocalKernelManager
from analysis.workers import check_jobs, die_with_parent

__all__ = [
    "NotebookRun", "BatchFile", "NotebookEntry", "CACHE_NAMES", "load_config", "expand_runs",
    "execute_runs", "render_index", "point_latest", "run_batch",
]

_KERNEL = "python3"


def _declared(notebook: Path) -> set[str]:
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


def _title(notebook: Path) -> str:
    """The first markdown heading of a notebook (its chapter title), else its name."""
    import nbformat

    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            return cell.source.lstrip().splitlines()[0].lstrip("#").strip()
    return notebook.stem


#: nbconvert templates of our own: ``offline`` is "lab" without CDN scripts.
_TEMPLATES = Path(__file__).parent / "nbconvert"


def _to_html(ipynb: Path) -> Path:
    """The executed notebook as HTML with the code hidden (what a journalist reads)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, template_name="offline",
                            extra_template_basedirs=[str(_TEMPLATES)])
    body, _ = exporter.from_notebook_node(nbformat.read(ipynb, as_version=4))
    out = ipynb.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def _error_of(exc: BaseException) -> dict[str, Any]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return {"ename": exc.ename, "evalue": exc.evalue, "cell_index": exc.cell_index,
                "exec_count": exc.exec_count, "source": exc.source}
    return {"ename": type(exc).__name__, "evalue": str(exc), "cell_index": None,
            "exec_count": None, "source": ""}


def _execute_one(run: NotebookRun, run_dir: Path, parameters: dict[str, Any], *,
                 timeout: int | None = None) -> dict[str, Any]:
    """Execute one notebook into ``run_dir/<name>/``; never raises (failures are reported)."""
    import papermill

    folder = run_dir / run.name
    folder.mkdir(parents=True, exist_ok=True)
    ipynb = folder / f"{run.name}.ipynb"
    result = {"name": run.name, "notebook": run.notebook.name, "parameters": parameters,
              "own_parameters": run.parameters, "title": _title(run.notebook),
              "status": "ok", "error": None, "key_figures": list(run.key_figures)}
    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(run.notebook), str(ipynb), parameters=parameters,
                                   kernel_name=_KERNEL, cwd=str(run.notebook.parent),
                                   progress_bar=False, execution_timeout=timeout,
                                   kernel_manager_class=LocalKernelManager)
    except Exception as exc:  # any failure is reported in index.html, never raised
        result.update(status="failed", error=_error_of(exc))
    result["seconds"] = round(time.perf_counter() - start, 2)
    try:
        result["html"] = _to_html(ipynb).name if ipynb.exists() else None
    except Exception as exc:
        result.update(status="failed", html=None,
                      error=result["error"] or _error_of(exc))
    return result


def _init_worker(cache_dir: str) -> None:
    die_with_parent()
    os.environ[CACHE_ENV] = cache_dir
    # The environment's own kernelspecs first: a user-wide "python3" kernel of another
    # Python (without this package) must not run the notebooks.
    here = str(Path(sys.prefix) / "share" / "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (here, os.environ.get("JUPYTER_PATH", "")) if p)


def _lost(run: NotebookRun, exc: BaseException) -> dict[str, Any]:
    """The result of a run whose worker process died (e.g. killed for memory)."""
    return {"name": run.name, "notebook": run.notebook.name, "parameters": {},
            "own_parameters": run.parameters, "title": run.notebook.stem, "status": "failed",
            "error": _error_of(exc), "key_figures": [], "seconds": 0.0, "html": None}


def execute_runs(runs: Sequence[NotebookRun], run_dir: Path, *, shared: Mapping[str, Any],
                 jobs: int = 2, cache_dir: Path, timeout: int | None = None
                 ) -> list[dict[str, Any]]:
    """Execute ``runs`` ``jobs`` at a time in separate processes, with a progress bar.

    Each notebook gets the ``shared`` parameters it declares, its own parameters and
    ``out_dir``; a cell running longer than ``timeout`` seconds fails its notebook.
    Results come back in the order of ``runs``.
    """
    from tqdm.auto import tqdm

    declared = {nb: _declared(nb) for nb in {r.notebook for r in runs}}
    results: dict[str, dict[str, Any]] = {}
    with ProcessPoolExecutor(max_workers=max(1, jobs),
                             initializer=_init_worker, initargs=(str(cache_dir),)) as pool:
        futures = {}
        for run in runs:
            params = {k: v for k, v in shared.items() if k in declared[run.notebook]}
            params.update(run.parameters, out_dir=str(run_dir / run.name))
            futures[pool.submit(_execute_one, run, run_dir, params, timeout=timeout)] = run
        with tqdm(total=len(runs), desc="framing run", unit="notebook", file=sys.stderr) as bar:
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # the worker died; the other notebooks go on
                    result = _lost(futures[future], exc)
                results[result["name"]] = result
                bar.set_postfix_str(f"{result['name']}: {result['status']}")
                bar.update()
    return [results[r.name] for r in runs]


def _files(run_dir: Path, result: dict[str, Any]) -> dict[str, list[str]]:
    folder = run_dir / result["name"]
    rel = [p.relative_to(run_dir).as_posix() for p in sorted(folder.rglob("*")) if p.is_file()]
    pngs = {Path(p).stem: p for p in rel if p.endswith(".png")}
    keys = [safe_name(k) for k in result.get("key_figures", ())]
    return {
        "figures": [p for p in rel if p.endswith(".png")],
        "svgs": [p for p in rel if p.endswith(".svg")],
        "tables": [p for p in rel if p.endswith((".csv", ".parquet"))],
        "key": [pngs[k] for k in keys if k in pngs],  # in the order batch.yaml lists them
    }


def render_index(run_dir: Path, results: Sequence[dict[str, Any]], *,
                 info: Mapping[str, Any]) -> Path:
    """Write ``index.html``: every notebook's status, time, error, links and key charts.

    The template escapes every value, so article text or an outlet name containing
    HTML shows as text and never runs.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("analysis.report", "templates"),
                      autoescape=select_autoescape(["html"], default=True))
    rows = [{**r, "files": _files(run_dir, r)} for r in results]
    page = env.get_template("index.html").render(results=rows, info=info)
    path = run_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def point_latest(out: Path, run_dir: Path) -> Path:
    """Make ``out/latest`` point at ``run_dir``: a relative symlink, else a copy.

    The link is made under a temporary name and renamed over the old one, so
    concurrent runs never see ``latest`` missing and never fail on each other's link.
    """
    latest = out / "latest"
    if latest.is_dir() and not latest.is_symlink():
        shutil.rmtree(latest, ignore_errors=True)
    tmp = out / f".latest-{os.getpid()}-{run_dir.name}"
    try:
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(run_dir.name, target_is_directory=True)
        os.replace(tmp, latest)
    except OSError:  # e.g. Windows without developer mode: copy, and say which run it is
        tmp.unlink(missing_ok=True)
        shutil.copytree(run_dir, latest, dirs_exist_ok=True)
        (out / "LATEST.txt").write_text(run_dir.name + "\n", encoding="utf-8")
    return latest


def _new_run_dir(out: Path) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    for i in itertools.count(1):
        candidate = out / (stamp if i == 1 else f"{stamp}-{i}")
        try:
            candidate.mkdir(parents=True)
            return candidate
        except FileExistsError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _warm_cache(config: Mapping[str, Any], corpus: Path, lexicon: Path,
                cache_dir: Path) -> tuple[list[str], dict[str, Any]]:
    """Compute the cached tables once, one step of a progress bar each; return the
    groups (largest first) and the checksum of the corpus as loaded."""
    from tqdm.auto import tqdm

    from analysis.report import cache

    params = config["parameters"]
    by = params.get("group_by", "outlet")
    wanted = config["cache"]
    if not (wanted or any("pairs" in e for e in config["notebooks"])):
        return [], {}
    steps = {
        "scores": lambda: cache.get_scores(corpus, lexicon, by=by,
                                           n_boot=params.get("n_boot", 1000),
                                           seed=params.get("seed", 0), cache_dir=cache_dir),
        "terms": lambda: cache.get_terms(corpus, lexicon, by=by, cache_dir=cache_dir),
        "validation": lambda: cache.get_validation(params.get("gold_path", DEFAULT_GOLD),
                                                   lexicon, cache_dir=cache_dir),
        "crossval": lambda: cache.get_crossval(params.get("dev_path", DEFAULT_DEV), lexicon,
                                               cache_dir=cache_dir),
        "holdout": lambda: cache.get_holdout(params.get("holdout_path", DEFAULT_HOLDOUT),
                                             lexicon, cache_dir=cache_dir),
    }
    held_out = Path(params.get("holdout_path", DEFAULT_HOLDOUT))
    todo = [name for name in steps if name in wanted
            and (name != "holdout" or (held_out / "coding" / "gold.jsonl").is_file())]
    with tqdm(total=1 + len(todo) + ("pair_keyness" in wanted), desc="framing run: cache",
              unit="step", file=sys.stderr) as bar:
        bar.set_postfix_str("corpus")
        loaded = cache.get_corpus(corpus, cache_dir=cache_dir)
        bar.update()
        for name in todo:
            bar.set_postfix_str(name)
            steps[name]()
            bar.update()
        groups = groups_by_size(loaded.articles, by=by)  # largest first
        if "pair_keyness" in wanted:
            bar.set_postfix_str("pair keyness")
            pairs = {p for e in config["notebooks"] if "pairs" in e
                     for p in planned_pairs(e, groups)}
            for a, b in sorted(pairs):
                cache.get_keyness(corpus, a, b, by=by, cache_dir=cache_dir)
            bar.update()
    return groups, {"corpus_loaded": loaded.checksum}


def run_batch(*, config: str | Path | None = None, corpus: str | Path | None = None,
              lexicon: str | Path | None = None, jobs: int = 2,
              out: str | Path = Path("reports")) -> int:
    """Run the batch and build the report; 0 when every notebook succeeded, else 1."""
    start = time.perf_counter()
    check_jobs(jobs)
    config_path = Path(config) if config else NOTEBOOKS_DIR / "batch.yaml"
    cfg = load_config(config_path)
    location = as_location(corpus or DEFAULT_CORPUS)
    if isinstance(location, str):
        raise InputError(f"corpus {location}: the report's notebooks read a local corpus "
                         "(their cache keys it by its files); copy it to a local folder "
                         "first, or use `framing score` and `framing terms`, which read URLs")
    corpus = location.resolve()
    lexicon = Path(lexicon or DEFAULT_LEXICON).resolve()
    for label, p in (("corpus", corpus), ("lexicon", lexicon)):
        if not p.exists():
            raise InputError(f"{label} {p} does not exist")
    out = Path(out)
    cache_dir = (out / ".cache").resolve()
    groups, checksums = _warm_cache(cfg, corpus, lexicon, cache_dir)
    warm = time.perf_counter() - start
    runs = expand_runs(cfg, groups=groups)
    run_dir = _new_run_dir(out).resolve()
    shared = {"corpus_path": str(corpus), "lexicon_path": str(lexicon), "use_widgets": False,
              **cfg["parameters"]}
    results = execute_runs(runs, run_dir, shared=shared, jobs=jobs, cache_dir=cache_dir,
                           timeout=cfg.get("timeout"))
    checksums = {"corpus": corpus_checksum(corpus), "lexicon": input_checksum(lexicon),
                 **checksums}
    timings = {"cache": warm, "total": time.perf_counter() - start,
               **{f"notebook:{r['name']}": r["seconds"] for r in results}}
    write_run_json(run_dir, command="framing run", checksums=checksums, timings=timings,
                   parameters={"config": str(config_path), "jobs": jobs, **shared},
                   extra={"notebooks": results, "runs": [asdict(r) for r in runs]})
    failed = [r for r in results if r["status"] != "ok"]
    info = {"created": run_dir.name, "version": __version__, "corpus": str(corpus),
            "lexicon": str(lexicon), "checksums": checksums, "seconds": round(timings["total"]),
            "failed": len(failed), "total": len(results), "parameters": cfg["parameters"]}
    render_index(run_dir, results, info=info)
    point_latest(out, run_dir)
    _print_summary(results, run_dir)
    return 1 if failed else 0


def _print_summary(results: Sequence[dict[str, Any]], run_dir: Path) -> None:
    failed = [r for r in results if r["status"] != "ok"]
    for r in failed:
        print(f"FAILED {r['name']}: {r['error']['ename']}: {r['error']['evalue']}",
              file=sys.stderr)
    print(f"{len(results) - len(failed)} of {len(results)} notebooks ran -> "
          f"{run_dir / 'index.html'}")
