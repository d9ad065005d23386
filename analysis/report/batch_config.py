"""The batch file of ``framing run`` (``notebooks/batch.yaml``): its model and the runs it plans.

:func:`load_config` validates the file (every problem at once, each with its path);
:func:`expand_runs` turns it into one :class:`NotebookRun` per notebook and
parameter combination (``grid``: the product of lists; ``pairs``: pairs of
groups — every pair of the ``top`` groups with the most articles (default 5), or
the explicit ``compare`` list — never one run per pair of an unbounded number of
groups).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from analysis.config_models import ConfigModel, read_yaml, validate
from analysis.outputs import safe_name

__all__ = ["NotebookRun", "BatchFile", "NotebookEntry", "CACHE_NAMES", "load_config",
           "expand_runs", "planned_pairs"]


@dataclass(frozen=True)
class NotebookRun:
    """One execution of one notebook: its folder name, source and own parameters."""

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    key_figures: tuple[str, ...] = ()


#: Tables ``framing run`` can compute once, before the notebooks start (``cache:``).
CACHE_NAMES = ("scores", "terms", "validation", "crossval", "holdout", "pair_keyness")


def _known_cache(name: str) -> str:
    if name not in CACHE_NAMES:
        raise ValueError(f"unknown cache {name!r}; valid: {', '.join(CACHE_NAMES)}")
    return name


def _two_names(names: list[str]) -> list[str]:
    if len(names) != 2 or names[0] == names[1]:
        raise ValueError("must name two different parameters, e.g. [group_a, group_b]")
    return names


def _two_groups(names: list[str]) -> list[str]:
    if len(names) != 2 or names[0] == names[1]:
        raise ValueError("each comparison names two different groups, e.g. [a.com, b.org]")
    return names


def _not_empty(values: list[Any]) -> list[Any]:
    if not values:
        raise ValueError("must list at least one value")
    return values


def _some_notebook(entries: list[Any]) -> list[Any]:
    if not entries:
        raise ValueError("must list at least one notebook")
    return entries


class NotebookEntry(ConfigModel):
    """One entry of ``notebooks:`` in a batch file; ``pairs`` or ``grid``, not both."""

    notebook: str
    parameters: dict[str, Any] = {}
    key_figures: list[str] = []
    pairs: Annotated[list[str], AfterValidator(_two_names)] | None = None
    top: int = Field(default=5, ge=2, le=25)
    compare: list[Annotated[list[str], AfterValidator(_two_groups)]] | None = None
    grid: dict[str, Annotated[list[Any], AfterValidator(_not_empty)]] | None = None

    @field_validator("notebook")
    @classmethod
    def _notebook_exists(cls, name: str, info: ValidationInfo) -> str:
        base = (info.context or {}).get("base")
        if base is not None and not (Path(base) / name).resolve().is_file():
            raise ValueError(f"notebook {(Path(base) / name).resolve()} does not exist")
        return name

    @field_validator("grid")
    @classmethod
    def _not_with_pairs(cls, grid: Any, info: ValidationInfo) -> Any:
        if grid is not None and info.data.get("pairs") is not None:
            raise ValueError("give either pairs or grid, not both")
        return grid


class BatchFile(ConfigModel):
    """A batch file (``notebooks/batch.yaml``), as YAML gives it."""

    parameters: dict[str, Any] = {}
    cache: list[Annotated[str, AfterValidator(_known_cache)]] = []
    timeout: Annotated[int, Field(gt=0)] | None = None
    notebooks: Annotated[list[NotebookEntry], AfterValidator(_some_notebook)]


def load_config(path: str | Path) -> dict[str, Any]:
    """Read and check a batch YAML file; notebook paths become absolute.

    Raises:
        InputError: the file is missing or not YAML, or it has entries that are not
            valid (unknown keys or caches, a missing notebook, ``pairs`` that are not
            two names); one ``<file>: <path>: <problem>`` line per problem.
    """
    path = Path(path)
    data, _ = read_yaml(path, "batch")
    model = validate(BatchFile, {} if data is None else data, source=path,
                     context={"base": path.parent})
    config = model.model_dump()
    for entry in config["notebooks"]:
        entry["notebook"] = (path.parent / entry["notebook"]).resolve()
        for key in ("pairs", "grid", "compare"):
            if entry[key] is None:
                del entry[key]  # expand_runs tells the kinds of entry apart by their keys
    return config


def _grid(entry: Mapping[str, Any], groups: Sequence[str]) -> list[dict[str, Any]]:
    """Parameter sets of one entry: pairs of groups, the product of a grid, or one.

    ``groups`` come largest first: pairs are those of the entry's ``top`` groups
    (or its explicit ``compare`` list), in alphabetical order within each pair.
    """
    if "pairs" in entry:
        a, b = entry["pairs"]
        return [{a: x, b: y} for x, y in planned_pairs(entry, groups)]
    grid = entry.get("grid") or {}
    keys = list(grid)
    return [dict(zip(keys, values, strict=True))
            for values in itertools.product(*(grid[k] for k in keys))]


def planned_pairs(entry: Mapping[str, Any], groups: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of groups a ``pairs`` entry compares (``groups``: largest first).

    >>> planned_pairs({"pairs": ["a", "b"], "top": 3}, ["big", "mid", "small", "tiny"])
    [('big', 'mid'), ('big', 'small'), ('mid', 'small')]
    >>> planned_pairs({"pairs": ["a", "b"], "compare": [["tiny", "big"]]}, ["big", "tiny"])
    [('big', 'tiny')]
    """
    if entry.get("compare"):
        known = set(groups)
        return [tuple(sorted(p)) for p in entry["compare"] if set(p) <= known]
    chosen = sorted(groups[: entry.get("top", 5)])
    return list(itertools.combinations(chosen, 2))


def expand_runs(config: Mapping[str, Any], *, groups: Sequence[str] = ()) -> list[NotebookRun]:
    """One :class:`NotebookRun` per notebook and parameter set, with unique safe names.

    >>> cfg = {"notebooks": [{"notebook": Path("04-compare.ipynb"), "pairs": ["a", "b"]}]}
    >>> [r.name for r in expand_runs(cfg, groups=["x.com", "../y", "z"])]
    ['04-compare_y-vs-x.com', '04-compare_y-vs-z', '04-compare_x.com-vs-z']
    """
    runs: list[NotebookRun] = []
    for entry in config["notebooks"]:
        nb = Path(entry["notebook"])
        for values in _grid(entry, groups):
            suffix = "-vs-".join(safe_name(v) for v in values.values())
            name = safe_name(f"{nb.stem}_{suffix}" if suffix else nb.stem, max_len=120)
            params = {**entry.get("parameters", {}), **values}
            runs.append(NotebookRun(name, nb, params, tuple(entry.get("key_figures", ()))))
    seen: dict[str, int] = {}
    unique = []
    for run in runs:
        seen[run.name] = seen.get(run.name, 0) + 1
        name = run.name if seen[run.name] == 1 else f"{run.name}-{seen[run.name]}"
        unique.append(NotebookRun(name, run.notebook, run.parameters, run.key_figures))
    return unique

