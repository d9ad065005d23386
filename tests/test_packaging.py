"""The install story: pyproject.toml and environment.yml agree, the CLI is installed."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from analysis.config import PROJECT_ROOT

_NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)")


def _name(requirement: str) -> str:
    return _NAME.match(requirement).group(1).lower().replace("_", "-")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(r): r.replace(" ", "") for r in reqs}


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    found: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e") or _name(item) in {"python", "pip"}:
                continue
            found[_name(item)] = item.replace(" ", "")
    return found


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    pyproject, conda = _pyproject_requirements(), _conda_requirements()
    assert sorted(set(pyproject) - set(conda)) == [], "missing from environment.yml"
    assert sorted(set(conda) - set(pyproject)) == [], "missing from pyproject.toml"
    differing = {k: (pyproject[k], conda[k]) for k in pyproject if pyproject[k] != conda[k]}
    assert differing == {}, "version bounds differ"


def test_environment_yml_installs_this_package_with_pip():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_items = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(item.startswith("-e") and ".[dev]" in item for item in pip_items)


def test_framing_help_lists_every_command():
    out = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ["ingest", "score", "validate", "train", "terms", "run", "lexicon"]:
        assert command in out


def test_no_code_downloads_nltk_data():
    offenders = [
        p.relative_to(PROJECT_ROOT).as_posix()
        for folder in ("analysis", "notebooks", "bench")
        for p in (PROJECT_ROOT / folder).rglob("*")
        if p.suffix in {".py", ".ipynb"} and "nltk.download" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
