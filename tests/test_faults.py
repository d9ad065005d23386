"""Fault injection: a killed or doubled command leaves the old complete outputs or the new.

``framing score`` is killed with SIGKILL at random points while it replaces an
earlier run's outputs; afterwards the folder holds either the old complete set
or the new complete set (``run.json`` and tables agreeing), and a rerun works.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import DATA_DIR

TABLES = ["hits", "frame_scores", "outlet_scores", "evidence"]
ORIGINS = {"washingtonpost.com", "silkroad2021.org", "usanews.net", "newslite.tv",
           "foreignpolicy.com"}


def _score(out: Path, by: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "analysis.cli", "score", str(DATA_DIR),
                             "--by", by, "--n-boot", "50", "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _consistent_set(out: Path) -> str:
    """'old', 'new' or 'absent'; fails on a mixture or a half-written set."""
    if not out.exists():
        return "absent"
    run = json.loads((out / "run.json").read_text())
    assert all((out / f"{t}.csv").is_file() for t in TABLES), sorted(p.name for p in out.iterdir())
    groups = set(pd.read_csv(out / "outlet_scores.csv")["group"]) - {"ALL (stories)"}
    by = run["parameters"]["by"]
    assert (by == "origin") == ("unionleader.com" not in groups), (by, groups)
    return "old" if by == "outlet" else "new"


@pytest.mark.slow
def test_kill_9_during_score_leaves_old_or_new_never_a_mixture(tmp_path):
    out = tmp_path / "score"
    assert _score(out, "outlet").wait(timeout=120) == 0
    rng = random.Random(7)
    seen = set()
    for _ in range(5):
        proc = _score(out, "origin")
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.add(_consistent_set(out))
        if (out / "run.json").exists() and json.loads((out / "run.json").read_text())[
                "parameters"]["by"] == "origin":
            assert _score(out, "outlet").wait(timeout=120) == 0  # back to old for the next try
    assert seen <= {"old", "new", "absent"}
    assert _score(out, "origin").wait(timeout=120) == 0
    assert _consistent_set(out) == "new"


@pytest.mark.slow
def test_two_runs_into_one_folder_leave_one_complete_set(tmp_path):
    out = tmp_path / "score"
    first, second = _score(out, "outlet"), _score(out, "origin")
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    assert _consistent_set(out) in {"old", "new"}
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(todo.pop())],
                             capture_output=True, text=True).stdout.split()
        for child in map(int, out):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_kill_9_of_framing_run_leaves_no_process_behind(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "analysis.cli", "run", "--out",
                             str(tmp_path / "reports"), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    deadline = time.time() + 60
    while time.time() < deadline and len(seen) < 4:  # pool workers and their kernels
        seen |= _descendants(proc.pid)
        time.sleep(0.2)
    assert seen, "framing run started no worker"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(p) for p in seen):
        time.sleep(0.2)
    assert not [p for p in seen if _alive(p)]
