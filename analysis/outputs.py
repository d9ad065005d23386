"""Writing results: the one place tables and ``run.json`` reach the disk.

Every command (``framing ingest|score|terms|validate``) and every notebook
hands its tables to :func:`write_tables`. The set is written into a hidden
folder beside the target and moved into place in one step, ``run.json``
last, so a reader (or a crashed run) finds either the old complete set or the
new one, never a mixture of both.

Every table is written as Parquet (types kept, raw values, read fast), and as CSV
beside it when it has at most :data:`CSV_MAX_ROWS` rows or ``csv=True`` is asked
for. Why both: the CSV files are what people open in a spreadsheet and what every
current reader of these folders uses (the tests, ``framing train``'s
``frames.crossval/`` read back by :mod:`analysis.report.cache`), and every table of
the bundled corpus and of any corpus of ordinary size stays under the limit, so
they keep working unchanged; past a spreadsheet's row limit a CSV cannot be opened
in one anyway, and writing it costs minutes and gigabytes for nothing. Read a table
with :func:`read_table`, which takes the Parquet file when there is one.

File names made from data (outlet names in batch runs, chart names) go through
:func:`safe_name`, so they cannot leave their folder.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import InputError
from analysis.provenance import run_record, write_json

__all__ = ["CSV_MAX_ROWS", "PARQUET_ROW_GROUP", "SpilledTable", "write_tables", "write_text",
           "read_table", "safe_name", "csv_safe", "check_writable"]

#: Tables with more rows get no CSV copy unless it is asked for: a spreadsheet shows
#: at most 1,048,576 rows (the header is one).
CSV_MAX_ROWS = 1_048_575
#: Rows of a CSV file formatted at a time (memory holds one chunk's copy).
_CSV_CHUNK = 50_000
#: Rows per Parquet row group of a :class:`SpilledTable` longer than this (a shorter
#: one is written in one row group, as a DataFrame is). Fixed, so the files depend
#: only on the rows, not on how many processes made them.
PARQUET_ROW_GROUP = 100_000

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


class SpilledTable:
    """A table kept on disk a chunk of rows at a time, for tables larger than memory.

    :meth:`append` writes each chunk to a file of its own in a temporary folder
    (pickled: the folder is this object's own, and pickle gives back the exact
    DataFrame, dtypes and all, so the CSV written from it is the same byte for
    byte); :meth:`chunks` reads them back in order. :func:`write_tables` writes a
    SpilledTable as it writes a DataFrame, a chunk at a time. The folder is
    deleted by :meth:`close`.

    >>> with SpilledTable() as table:
    ...     table.append(pd.DataFrame({"a": ["x", "y"], "n": [1, 2]}))
    ...     table.append(pd.DataFrame({"a": ["z"], "n": [3]}))
    ...     table.fill("n", "a", {"x": 10, "y": 20, "z": 30})
    ...     len(table), [c["n"].tolist() for c in table.chunks()]
    (3, [[10, 20], [30]])
    """

    def __init__(self, *, directory: str | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="framing-spill-", dir=directory)
        self.path = Path(self._dir.name)
        self._rows: list[int] = []
        #: Arrow schema of each chunk with rows (a column with no values in one
        #: chunk has type null there); unified when the Parquet file is written.
        self.schemas: list[pa.Schema] = []
        self._fills: list[tuple[str, str, Mapping[Any, Any]]] = []

    def append(self, df: pd.DataFrame) -> None:
        """Write ``df`` after the chunks already stored."""
        with open(self.path / f"{len(self._rows):08d}.pkl", "wb") as fh:
            pickle.dump(df, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._rows.append(len(df))
        if len(df):
            self.schemas.append(_arrow_table(df).schema)

    def fill(self, column: str, key: str, mapping: Mapping[Any, Any]) -> None:
        """Read ``column`` back as ``mapping`` of ``key`` (a value known only at the end,
        such as story ids), keeping the column's dtype."""
        self._fills.append((column, key, mapping))

    def __len__(self) -> int:
        return sum(self._rows)

    @property
    def n_chunks(self) -> int:
        """Chunks stored."""
        return len(self._rows)

    def chunks(self, *, skip_empty: bool = False) -> Iterator[pd.DataFrame]:
        """The stored chunks in order, their filled columns set; with ``skip_empty``
        only those with rows, or the first one if none has (an empty chunk still
        carries the columns)."""
        wanted = [i for i, n in enumerate(self._rows) if n or not skip_empty]
        if skip_empty and not wanted:
            wanted = list(range(min(1, len(self._rows))))
        for i in wanted:
            with open(self.path / f"{i:08d}.pkl", "rb") as fh:
                df = pickle.load(fh)  # noqa: S301 - a file this object wrote itself
            for column, key, mapping in self._fills:
                if column in df:
                    df[column] = df[key].map(mapping).astype(df[column].dtype)
            yield df

    def to_frame(self) -> pd.DataFrame:
        """The whole table in memory (as the chunks joined: empty chunks left out)."""
        parts = list(self.chunks(skip_empty=True))
        if not parts:
            return pd.DataFrame()
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def close(self) -> None:
        """Delete the stored chunks."""
        self._dir.cleanup()

    def __enter__(self) -> SpilledTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
    tables: Mapping[str, pd.DataFrame | SpilledTable],
    *,
    command: str,
    parameters: Mapping[str, Any],
    checksums: Mapping[str, Any],
    timings: Mapping[str, float] | None = None,
    extra: Mapping[str, Any] | None = None,
    parquet: Iterable[str] = (),
    csv: bool | None = None,
) -> Path:
    """Write ``tables`` as ``<name>.parquet`` and ``<name>.csv`` + ``run.json``.

    The files are written into a hidden folder next to ``out_dir`` and moved into
    place together; ``run.json`` is written last. A folder that holds only
    earlier outputs is swapped whole; a folder that holds other files too keeps
    them, and gets the new files one by one with ``run.json`` removed first and
    written last, so a ``run.json`` always describes the tables beside it.

    Every table is written as Parquet with its raw values. The CSV copy is written
    for tables of at most :data:`CSV_MAX_ROWS` rows (``csv=None``), always
    (``csv=True``) or never (``csv=False``); its cells a spreadsheet would execute
    are made inert (:func:`csv_safe`). ``run.json`` lists the files of each table
    under ``"tables"``. ``parquet`` is accepted for callers written when only the
    tables it named were written as Parquet; every table is now. A
    :class:`SpilledTable` is read back and written a chunk at a time; it gives the
    same CSV as its chunks joined, and the same Parquet file when it has at most
    :data:`PARQUET_ROW_GROUP` rows (else the same values in row groups of that many).

    Returns:
        The folder written.

    Raises:
        InputError: the folder cannot be written.
    """
    del parquet  # every table is written as Parquet
    out = check_writable(out_dir)
    staging = out.parent / f".{out.name}.new-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    try:
        written = {}
        for name, df in tables.items():
            written[name] = [f"{name}.parquet"]
            if isinstance(df, SpilledTable):
                _write_spilled_parquet(df, staging / f"{name}.parquet")
            else:
                _write_parquet(df, staging / f"{name}.parquet")
            if csv or (csv is None and len(df) <= CSV_MAX_ROWS):
                (_write_spilled_csv if isinstance(df, SpilledTable) else _write_csv)(
                    df, staging / f"{name}.csv")
                written[name].append(f"{name}.csv")
        record = run_record(command=command, parameters=dict(parameters),
                            checksums=dict(checksums), timings=timings,
                            extra={**(extra or {}), "tables": written})
        write_json(staging / "run.json", record)
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    """``df`` as CSV, made inert (:func:`csv_safe`) a chunk of rows at a time."""
    if len(df) <= _CSV_CHUNK:
        csv_safe(df).to_csv(path, index=False)
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for start in range(0, len(df), _CSV_CHUNK):
            chunk = csv_safe(df.iloc[start : start + _CSV_CHUNK])
            chunk.to_csv(fh, index=False, header=start == 0)


def _write_spilled_csv(table: SpilledTable, path: Path) -> None:
    """The CSV :func:`_write_csv` writes of the chunks joined, one chunk at a time."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for i, chunk in enumerate(table.chunks(skip_empty=True)):
            for start in range(0, max(len(chunk), 1), _CSV_CHUNK):
                csv_safe(chunk.iloc[start : start + _CSV_CHUNK]).to_csv(
                    fh, index=False, header=i == 0 and start == 0)


def _write_spilled_parquet(table: SpilledTable, path: Path) -> None:
    """``table`` as Parquet: as :func:`_write_parquet` writes the chunks joined when it
    fits in one row group, else in row groups of :data:`PARQUET_ROW_GROUP` rows."""
    if len(table) <= PARQUET_ROW_GROUP:
        _write_parquet(table.to_frame(), path)
        return
    schema = _unified_schema(table.schemas)
    with pq.ParquetWriter(path, schema) as writer:
        for group in _row_groups(table.chunks(skip_empty=True)):
            writer.write_table(_arrow_table(group).cast(schema),
                               row_group_size=PARQUET_ROW_GROUP)


def _unified_schema(schemas: list[pa.Schema]) -> pa.Schema:
    """One schema for chunks whose columns may have no values (type null) in some;
    each column's pandas metadata is taken from a chunk where it has values, so it
    reads back as the chunks joined would."""
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    if not all(s.metadata and b"pandas" in s.metadata for s in schemas):
        return schema
    metas = [json.loads(s.metadata[b"pandas"]) for s in schemas]
    merged = metas[0]
    for i, column in enumerate(merged["columns"]):
        name = column.get("field_name")
        with_values = [m["columns"][i] for s, m in zip(schemas, metas, strict=True)
                       if name in s.names and not pa.types.is_null(s.field(name).type)]
        if with_values:
            merged["columns"][i] = with_values[0]
    return schema.with_metadata({**schema.metadata, b"pandas": json.dumps(merged).encode()})


def _row_groups(chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The rows of ``chunks`` cut into DataFrames of :data:`PARQUET_ROW_GROUP` rows."""
    held: list[pd.DataFrame] = []
    n_held = 0
    for chunk in chunks:
        held.append(chunk)
        n_held += len(chunk)
        while n_held >= PARQUET_ROW_GROUP:
            rows = pd.concat(held, ignore_index=True)
            yield rows.iloc[:PARQUET_ROW_GROUP]
            held, n_held = [rows.iloc[PARQUET_ROW_GROUP:]], n_held - PARQUET_ROW_GROUP
    if n_held:
        yield pd.concat(held, ignore_index=True)


def _arrow_table(df: pd.DataFrame) -> pa.Table:
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):
        return pa.Table.from_pandas(_arrow_ready(df), preserve_index=False)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    """``df`` as Parquet; a column of mixed types (numbers and text) is stored as text."""
    try:
        df.to_parquet(path, index=False)
    except (pa.ArrowException, ValueError, TypeError):
        df.pipe(_arrow_ready).to_parquet(path, index=False)


def _arrow_ready(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with string column names, and each object column Arrow cannot type as
    one type turned into text (missing values stay missing).

    >>> _arrow_ready(pd.DataFrame({0: [1, "a"], "b": [1.5, None]})).to_dict("list")
    {'0': ['1', 'a'], 'b': [1.5, nan]}
    """
    out = df.rename(columns=str)
    for col in out.columns:
        if out[col].dtype == object:
            try:
                pa.array(out[col], from_pandas=True)
            except (pa.ArrowException, ValueError, TypeError):
                out[col] = out[col].map(_as_text)
    return out


def _as_text(value: Any) -> Any:
    missing = pd.api.types.is_scalar(value) and pd.isna(value)
    return value if missing or isinstance(value, str) else str(value)


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """The table ``name`` that :func:`write_tables` wrote in ``out_dir``.

    Reads ``<name>.parquet`` (raw values and types) when it exists, else
    ``<name>.csv`` (folders written before every table had a Parquet copy; empty
    cells read as empty strings, as the CSV readers of this package do).

    Raises:
        FileNotFoundError: neither file exists.
    """
    folder = Path(out_dir)
    if (folder / f"{name}.parquet").is_file():
        return pd.read_parquet(folder / f"{name}.parquet")
    if (folder / f"{name}.csv").is_file():
        return pd.read_csv(folder / f"{name}.csv", keep_default_na=False)
    raise FileNotFoundError(f"{folder}: no table {name!r} ({name}.parquet or {name}.csv)")


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
