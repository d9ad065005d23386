"""``framing score`` with ``--jobs 1``, ``--jobs J`` and ``--dask`` (a LocalCluster of J
workers) on one synthetic JSONL corpus: wall time, the stages' times and memory.

    python bench/bench_dask.py --articles 20000 --jobs 2 --repeat 3

The corpus is :func:`bench_scoring.synthetic_texts` (resampled bundled sentences
with scraped boilerplate, fixed seed) over 40 outlets, written once to
``--workdir``. Each run is a fresh ``framing score`` process; its process tree is
sampled every 0.2 s (psutil) for the peak RSS of the command's own process (the
client: reading, cleaning, story clusters, tables, bootstrap), of the largest
worker process and of the whole tree. Stage times come from the run's
``run.json`` (``load``: read and clean the corpus; ``match``: the per-article
engine, the part that runs on the workers; ``tables``, ``bootstrap``). The
tables of every run are checked to be byte-identical to the first run's.
Figures are medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).parent))  # bench/ is no package: its sibling script
from bench_scoring import _material, synthetic_texts  # noqa: E402


def write_corpus(n: int, path: Path, *, seed: int = 0) -> float:
    """Write ``n`` synthetic articles as JSONL (once); return its size in MB."""
    if not path.exists():
        sentences, boiler = _material()
        rng = np.random.default_rng(seed + 1)
        tmp = path.with_suffix(".part")
        with tmp.open("w", encoding="utf-8") as out:
            for i, text in enumerate(synthetic_texts(n, sentences, boiler, seed=seed)):
                outlet = f"outlet{int(rng.integers(40)):02d}.com"
                out.write(json.dumps({"article_id": f"synth-{i:07d}", "outlet": outlet,
                                      "text": text}) + "\n")
        tmp.rename(path)
    return path.stat().st_size / 1e6


def _sample(proc: psutil.Process, cpu: dict[int, float]) -> tuple[float, float, float]:
    """RSS in MB of ``proc``, of its largest descendant, and of the whole tree; the
    CPU seconds (user + system) of every process seen so far go into ``cpu``."""
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0.0, 0.0
    rss = []
    for p in procs:
        try:
            with p.oneshot():
                rss.append(p.memory_info().rss)
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
        except psutil.Error:
            rss.append(0)
    return rss[0] / 1e6, max(rss[1:], default=0) / 1e6, sum(rss) / 1e6


def run_once(corpus: Path, out: Path, options: list[str]) -> dict[str, float]:
    """One ``framing score`` run: wall seconds, stage seconds and peak RSS."""
    cmd = [sys.executable, "-m", "analysis.cli", "score", str(corpus), "--out", str(out),
           *options]
    started = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks = [0.0, 0.0, 0.0]
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        peaks = [max(p, r) for p, r in zip(peaks, _sample(proc, cpu), strict=True)]
        time.sleep(0.2)
    wall = time.perf_counter() - started
    # the command's own CPU (its children's are sampled: a last sample may miss 0.2 s)
    own = proc.pid
    output = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{output}")
    timings = json.loads((out / "run.json").read_text())["timings_seconds"]
    return {"wall": wall, **{k: float(v) for k, v in timings.items()},
            "client_cpu": cpu.get(own, 0.0), "tree_cpu": sum(cpu.values()),
            "client_rss": peaks[0], "worker_rss": peaks[1], "tree_rss": peaks[2]}


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name != "run.json"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="synthetic articles")
    parser.add_argument("--jobs", type=int, default=2, help="processes / Dask workers")
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode (median)")
    parser.add_argument("--modes", default="jobs1,jobsJ,dask", help="which runs, in order")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/framing-bench-dask"))
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = args.workdir / f"synth-{args.articles}.jsonl"
    mb = write_corpus(args.articles, corpus)
    print(f"corpus: {args.articles} articles, {mb:.1f} MB ({corpus})", flush=True)
    options = {"jobs1": ["--jobs", "1"], "jobsJ": ["--jobs", str(args.jobs)],
               "dask": ["--dask", "--jobs", str(args.jobs)]}
    modes = args.modes.split(",")
    runs: dict[str, list[dict[str, float]]] = {m: [] for m in modes}
    first: dict[str, bytes] | None = None
    for i in range(args.repeat):  # modes interleaved: a change of load hits them alike
        for mode in modes:
            out = args.workdir / f"out-{args.articles}-{mode}-{i}"
            runs[mode].append(run_once(corpus, out, options[mode]))
            first = first or _tables(out)
            same = _tables(out) == first
            print(f"  {mode} run {i + 1}: " + ", ".join(f"{k} {v:.1f}" for k, v in
                                                        runs[mode][-1].items())
                  + f"; tables identical to the first run: {same}", flush=True)
    for mode in modes:
        med = {k: statistics.median(r[k] for r in runs[mode]) for k in runs[mode][0]}
        print(f"{mode} ({' '.join(options[mode])}), median of {len(runs[mode])}: "
              + ", ".join(f"{k} {v:.1f}" for k, v in med.items())
              + f"; {mb / med['wall']:.2f} MB/s end to end", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
