"""Writing results: the one place tables and ``run.json`` reach the disk.

Every command (``framing ingest|score|terms|validate``) and every notebook
hands its tables to :func:`write_tables`. The set is written into a hidden
folder beside the target and moved into place in one step, ``run.json``
last, so a reader (or a crashed run) finds either the old complete set or the
new one, never a mixture of both.

File names made from data (outlet names in batch runs, chart names) go through
:func:`safe_name`, so they cannot leave their folder.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError
from analysis.provenance import run_record, write_json

__all__ = ["write_tables", "write_text", "safe_name", "csv_safe", "check_writable"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Files a previous :func:`write_tables` may have left in a folder: a folder holding
#: only these (and hidden leftovers) is replaced whole.
_OURS = re.compile(r"^(run\.json|[\w.-]+\.(csv|parquet))$")


def safe_name(text: object, *, max_len: int = 80) -> str:
    """A file name made from ``text`` that cannot leave its folder or hide.

    >>> safe_name("../x")
    'x'
    >>> safe_name("washingtonpost.com vs /etc/passwd")
    'washingtonpost.com-vs-etc-passwd'
    >>> safe_name("..")
    'unnamed'
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    name = _UNSAFE.sub("-", ascii_text)
    name = re.sub(r"\.{2,}", ".", name).strip(".-_")[:max_len].strip(".-_")
    return name or "unnamed"


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with text cells a spreadsheet would run as a formula made inert.

    A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
    return) gets a leading apostrophe, as OWASP advises for CSV files opened in
    spreadsheets. Numbers are untouched; Parquet copies keep the raw value.

    >>> csv_safe(pd.DataFrame({"t": ["=HYPERLINK(1)", "@SUM(A1)", "ok"], "n": [-1, 2, 3]})
    ...          ).values.tolist()
    [["'=HYPERLINK(1)", -1], ["'@SUM(A1)", 2], ['ok', 3]]
    """
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(_inert)
    return out


def _inert(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def check_writable(out_dir: str | Path) -> Path:
    """``out_dir`` as a Path, created if needed; :class:`InputError` if it cannot be written.

    >>> check_writable("/proc/framing-test")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: cannot write to /proc/framing-test: ...
    """
    out = Path(out_dir)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe = out.parent / f".framing-probe-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    return out


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_tables(
    out_dir: str | Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    command: str,
    parameters: Mapping[str, Any],
    checksums: Mapping[str, Any],
    timings: Mapping[str, float] | None = None,
    extra: Mapping[str, Any] | None = None,
    parquet: Iterable[str] = (),
) -> Path:
    """Write ``tables`` as ``<name>.csv`` (and ``.parquet`` for names in ``parquet``) + run.json.

    The files are written into a hidden folder next to ``out_dir`` and moved into
    place together; ``run.json`` is written last. A folder that holds only
    earlier outputs is swapped whole; a folder that holds other files too keeps
    them, and gets the new files one by one with ``run.json`` removed first and
    written last, so a ``run.json`` always describes the tables beside it.

    CSV cells a spreadsheet would execute are made inert (:func:`csv_safe`).

    Returns:
        The folder written.

    Raises:
        InputError: the folder cannot be written.
    """
    out = check_writable(out_dir)
    parquet = set(parquet)
    staging = out.parent / f".{out.name}.new-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    try:
        for name, df in tables.items():
            csv_safe(df).to_csv(staging / f"{name}.csv", index=False)
            if name in parquet:
                df.to_parquet(staging / f"{name}.parquet", index=False)
        record = run_record(command=command, parameters=dict(parameters),
                            checksums=dict(checksums), timings=timings, extra=extra)
        write_json(staging / "run.json", record)
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def _move_into_place(staging: Path, out: Path) -> None:
    if not out.exists() or (out.is_dir() and _only_ours(out)):
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:12]}"
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
        return
    if not out.is_dir():
        raise InputError(f"cannot write to {out}: it is a file, not a folder")
    (out / "run.json").unlink(missing_ok=True)
    for f in sorted(staging.iterdir(), key=lambda p: p.name == "run.json"):
        os.replace(f, out / f.name)


def _only_ours(folder: Path) -> bool:
    return all(_OURS.match(p.name) and p.is_file() for p in folder.iterdir()
               if not p.name.startswith("."))
