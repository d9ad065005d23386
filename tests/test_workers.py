"""Worker processes: --jobs is bounded, and workers die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analysis.cli import main
from analysis.config import DATA_DIR
from analysis.errors import EXIT_INPUT_ERROR
from analysis.workers import max_jobs


@pytest.mark.parametrize("command", ["score", "run"])
@pytest.mark.parametrize("jobs", ["0", "-1", "100000"])
def test_jobs_outside_one_to_four_per_core_is_refused(command, jobs, tmp_path, capsys):
    args = [command, str(DATA_DIR), "--out", str(tmp_path / "out"), "--jobs", jobs]
    if command == "run":
        args = ["run", "--corpus", str(DATA_DIR), "--out", str(tmp_path / "out"), "--jobs", jobs]
    assert main(args) == EXIT_INPUT_ERROR
    assert f"between 1 and {max_jobs()}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(x) for x in out.stdout.split()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = open(f"/proc/{pid}/stat").read().split()  # a zombie is dead
    return stat[2] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_pool_workers_die_when_the_parent_is_killed():
    code = ("import time\n"
            "from concurrent.futures import ProcessPoolExecutor\n"
            "from analysis.workers import die_with_parent\n"
            "pool = ProcessPoolExecutor(2, initializer=die_with_parent)\n"
            "list(pool.map(time.sleep, [0, 0]))\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == "ready"
    workers = _children(parent.pid)
    assert workers
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
