"""Cache entries on disk as Parquet and JSON, each verified by its checksum when read.

An entry is a folder holding one Parquet file per table and ``entry.json``: the
entry's type, its other fields as JSON, and the SHA-256 of every file. Reading
checks every checksum first, so a changed byte, a truncated file or a missing
table is noticed: :func:`load_entry` raises :class:`BadEntry`, and the caller
recomputes. Nothing is unpickled: an entry can only rebuild the types named in
:data:`_TYPES` from tables and plain JSON values.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()) / "t"
>>> save_entry(folder, {"a": pd.DataFrame({"x": [1, 2]}), "n": 3})
>>> load_entry(folder)["a"]["x"].tolist()
[1, 2]
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.frames.crossval import CrossValidation
from analysis.frames.holdout import HoldoutEvaluation
from analysis.frames.scoring import Scores
from analysis.frames.validate import Validation
from analysis.ingest.corpus import Corpus
from analysis.provenance import sha256_file

__all__ = ["BadEntry", "save_entry", "load_entry"]

#: The types an entry can hold, by name; anything else is refused when saving.
_TYPES: dict[str, type] = {"Corpus": Corpus, "Scores": Scores, "Validation": Validation,
                           "CrossValidation": CrossValidation,
                           "HoldoutEvaluation": HoldoutEvaluation}
_ENTRY = "entry.json"


class BadEntry(Exception):
    """A cache entry that cannot be trusted: missing, truncated, changed or of unknown type."""


def save_entry(folder: str | Path, value: Any) -> None:
    """Write ``value`` (a DataFrame, a dict of values, or a :data:`_TYPES` dataclass).

    The entry is built in a hidden folder and renamed into place, so a reader
    never sees half an entry.
    """
    folder = Path(folder)
    staging = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:12]}")
    staging.mkdir(parents=True)
    try:
        files: dict[str, str] = {}
        body = _encode(value, staging, files)
        record = {"value": body, "files": files}
        record["checksum"] = _digest(record)
        (staging / _ENTRY).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load_entry(folder: str | Path) -> Any:
    """The value saved in ``folder``; :class:`BadEntry` if any check fails."""
    folder = Path(folder)
    try:
        record = json.loads((folder / _ENTRY).read_text(encoding="utf-8"))
        checksum = record.pop("checksum")
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise BadEntry(f"{folder.name}: unreadable entry.json ({exc})") from exc
    if _digest(record) != checksum:
        raise BadEntry(f"{folder.name}: entry.json does not match its checksum")
    for name, digest in record["files"].items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            raise BadEntry(f"{folder.name}: {name} is missing or changed")
    try:
        return _decode(record["value"], folder)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadEntry(f"{folder.name}: cannot rebuild the entry ({exc})") from exc


def _digest(record: dict) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()


def _encode(value: Any, folder: Path, files: dict[str, str]) -> Any:
    if isinstance(value, pd.DataFrame):
        name = f"t{len(files)}.parquet"
        value.to_parquet(folder / name, index=False)
        files[name] = sha256_file(folder / name)
        return {"table": name}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _TYPES:
        fields = {f.name: _encode(getattr(value, f.name), folder, files)
                  for f in dataclasses.fields(value)}
        return {"type": type(value).__name__, "fields": fields}
    if isinstance(value, dict):
        return {"dict": {str(k): _encode(v, folder, files) for k, v in value.items()}}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, folder, files) for v in value]}
    if isinstance(value, Path):
        return {"path": str(value)}
    if value is None or isinstance(value, str | int | float | bool | list):
        return {"json": value}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(body: dict, folder: Path) -> Any:
    (kind, inner), = body.items() if len(body) == 1 else ((None, None),)
    if "type" in body:
        cls = _TYPES[body["type"]]
        return cls(**{k: _decode(v, folder) for k, v in body["fields"].items()})
    if kind == "table":
        return pd.read_parquet(folder / inner)
    if kind == "dict":
        return {k: _decode(v, folder) for k, v in inner.items()}
    if kind == "tuple":
        return tuple(_decode(v, folder) for v in inner)
    if kind == "path":
        return Path(inner)
    if kind == "json":
        return inner
    raise ValueError(f"unknown entry part {body!r:.60}")
