"""The package's layers point one way: report -> frames/language -> voice -> text -> ingest.

import-linter checks the contract in pyproject.toml; these tests run it on the
package as it is, and on a copy with one upward import added, which must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def copy_of_package(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "analysis", project / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_the_package_keeps_its_layers():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, upward", [
    ("ingest/clean.py", "analysis.text.tokens"),
    ("text/tokens.py", "analysis.voice.speakers"),
    ("voice/quotes.py", "analysis.frames.lexicon"),
    ("frames/bootstrap.py", "analysis.report.charts"),
])
def test_an_upward_import_breaks_the_contract(copy_of_package, module, upward):
    path = copy_of_package / "analysis" / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\nimport {upward}  # upward\n", encoding="utf-8")
        result = _lint_imports(copy_of_package)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout or "broken" in result.stdout
    assert upward in result.stdout
