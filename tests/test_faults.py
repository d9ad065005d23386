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
