"""Checksums and run metadata: what every output records so a rerun can be checked.

Every command that writes tables also writes ``run.json`` with the corpus and
lexicon checksums, the package and library versions, the parameters and the
timings. Two runs on the same inputs with the same parameters produce the same
checksums, whatever the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = [
    "sha256_bytes", "sha256_file", "checksum_files", "library_versions", "run_record",
    "write_json", "write_run_json",
]

_LIBRARIES = (
    "framing-analysis", "pandas", "numpy", "scikit-learn", "nltk", "matplotlib",
    "papermill", "trafilatura", "ftfy", "py3langid", "pyyaml",
)


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> sha256_bytes(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path, *, chunk_size: int = 1 << 20) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks (large corpora stay out of memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk_size):
            h.update(block)
    return h.hexdigest()


def checksum_files(paths: Iterable[str | Path], *, root: str | Path | None = None) -> str:
    """One checksum over several files: their names (relative to ``root``) and bytes.

    The order of ``paths`` does not matter; renaming or editing any file changes it.
    """
    h = hashlib.sha256()
    base = Path(root) if root is not None else None
    for p in sorted(Path(x) for x in paths):
        name = p.relative_to(base).as_posix() if base is not None else p.name
        h.update(name.encode("utf-8") + b"\0" + sha256_file(p).encode("ascii") + b"\n")
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    """Installed versions of the package and the libraries whose behaviour shapes results."""
    versions = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run_record(*, command: str, parameters: dict[str, Any], checksums: dict[str, Any],
               timings: Mapping[str, float] | None = None,
               extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The content of ``run.json``: command, time, parameters, checksums, versions, timings."""
    return {
        "command": command,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": parameters,
        "checksums": checksums,
        "versions": library_versions(),
        "timings_seconds": {k: round(v, 3) for k, v in (timings or {}).items()},
        **(extra or {}),
    }


def write_json(path: str | Path, record: Mapping[str, Any]) -> Path:
    """Write ``record`` as indented JSON to ``path`` (through a temporary file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_run_json(out_dir: str | Path, *, command: str, parameters: dict[str, Any],
                   checksums: dict[str, Any], timings: dict[str, float] | None = None,
                   extra: dict[str, Any] | None = None) -> Path:
    """Write ``run.json`` alone into ``out_dir`` (tables go through ``outputs.write_tables``)."""
    record = run_record(command=command, parameters=parameters, checksums=checksums,
                        timings=timings, extra=extra)
    return write_json(Path(out_dir) / "run.json", record)
