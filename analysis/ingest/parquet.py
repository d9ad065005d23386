"""Parquet files: one item per row, read a batch of rows at a time.

Columns are those of a JSONL corpus: ``text`` (required), ``article_id``, ``outlet``,
``origin``, ``url``, ``published``, ``title``, ``language``, and any other column is
carried through to the articles table. Rows are numbered from 1 and named like lines
(``feed.parquet:7``), so a row with no usable text is a skipped item that says which.
Values are read as text: a date or timestamp column as its ISO form (a timestamp at
midnight as the date alone), a null as empty, lists and structs as JSON.

Memory holds one batch (:attr:`analysis.ingest.sources.Chunking.rows` rows, read with
:meth:`pyarrow.parquet.ParquetFile.iter_batches`), not the file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import InputError
from analysis.ingest.readers import Item
from analysis.ingest.sources import Chunking, Location, file_name, open_stream
from analysis.ingest.tables import table_item

__all__ = ["parquet_items", "parquet_value"]


def parquet_value(value: object) -> object:
    """A Parquet cell as the JSONL reader would have it: strings as they are, dates ISO.

    >>> parquet_value(dt.datetime(2024, 5, 16)), parquet_value(dt.date(2024, 5, 16))
    ('2024-05-16', '2024-05-16')
    >>> parquet_value(dt.datetime(2024, 5, 16, 9, 30)), parquet_value(["a", 1])
    ('2024-05-16T09:30:00', '["a", 1]')
    """
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0) and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def parquet_items(location: Location, chunking: Chunking | None = None) -> Iterator[Item]:
    """One item per row of a Parquet file with a ``text`` column.

    Raises:
        InputError: the file is not Parquet, cannot be read, or has no ``text`` column.
    """
    chunking = chunking or Chunking()
    name, row = file_name(location), 0
    try:
        with open_stream(location) as fh:
            parquet = pq.ParquetFile(fh)
            columns = parquet.schema_arrow.names
            if "text" not in columns:
                raise InputError(f"{location} has no 'text' column; columns found: "
                                 f"{', '.join(columns) or 'none'}")
            for batch in parquet.iter_batches(batch_size=chunking.rows):
                for record in batch.to_pylist():
                    row += 1
                    record = {k: parquet_value(v) for k, v in record.items()}
                    yield table_item(name, row, record, [])
    except InputError:
        raise
    except (pa.ArrowException, OSError, ValueError) as exc:
        where = f"{location}, row {row + 1}" if row else str(location)
        raise InputError(f"{where}: cannot be read as Parquet ({exc})") from None
