"""CSV and JSONL files: one item per record, each named by its file and line.

Both formats are decoded line by line (:func:`analysis.ingest.encoding.decode_table_bytes`),
so a bad byte is repaired on its own line and recorded on the row that holds it.

JSONL: lines are split on ``\\n`` only (a JSON string may hold U+2028 or U+0085,
which :meth:`str.splitlines` would treat as line breaks). A line that is not a JSON
object becomes a skipped item with its line number; a lone surrogate escaped in a
JSON string (``"\\ud800"``), which no file can store, is replaced with U+FFFD and
recorded as a repair of that line.

CSV: an unclosed quote makes a CSV parser read on to the next quote, or to the end
of the file, merging every row in between into one field. :func:`csv_records`
checks every record that spans several lines: if its quotes are not well formed
(a quote opened and never properly closed), the lines up to the one where the
quote opened are skipped as one bad record, with that line number, and reading
starts again on the next line. This keeps every row after the stray quote, where
refusing the file would lose all of them and keeping the merged record would
silently turn several articles into one. A quoted field that rightly holds line
breaks is well formed and is kept whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from analysis.errors import InputError
from analysis.ingest.encoding import DecodedTable, decode_table_bytes
from analysis.ingest.paths import read_regular_file
from analysis.ingest.readers import Item, metadata_fields

__all__ = [
    "TABLE_READERS",
    "CsvRecord",
    "csv_items",
    "csv_records",
    "csv_rows",
    "csv_table",
    "decode_table",
    "jsonl_items",
]

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class CsvRecord(NamedTuple):
    """One CSV record: its physical lines, its values, or why it was not read."""

    first: int
    last: int
    values: list[str] | None
    problem: str | None = None


def decode_table(path: Path) -> DecodedTable:
    """Decoded CSV/JSONL file; mojibake is repaired row by row (and reported there).

    Raises:
        InputError: the file is empty, binary, not a regular file or unreadable.
    """
    try:
        return decode_table_bytes(read_regular_file(path))
    except ValueError as exc:
        raise InputError(f"{path}: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


# --- CSV ------------------------------------------------------------------------------


class _Lines:
    """Physical lines handed to :func:`csv.reader` one at a time; ``pos`` counts them."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.pos = lines, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _well_quoted(lines: list[str]) -> bool:
    """Whether lines read as one record under strict quoting rules.

    >>> _well_quoted(['a,"two\\n', 'lines"\\n']), _well_quoted(['a,"open\\n', 'b,"x"\\n'])
    (True, False)
    """
    try:
        return len(list(csv.reader(lines, strict=True))) == 1
    except csv.Error:
        return False


def _opening_line(lines: list[str]) -> int:
    """Index of the line after which a quote stays open (quotes counted, "" counts twice).

    >>> _opening_line(['a,"ok"\\n', 'b,"open\\n', 'c\\n'])
    1
    """
    quotes = 0
    for i, line in enumerate(lines):
        quotes += line.count('"')
        if quotes % 2:
            return i
    return 0


def csv_records(text: str) -> Iterator[CsvRecord]:
    """Every CSV record with its first and last line; a record merged by a stray quote
    becomes a record with a ``problem`` (see the module docstring).

    >>> for r in csv_records('id,text\\na,"open\\nb,"fine"\\n'):
    ...     print(r.first, r.last, r.values, r.problem)
    1 1 ['id', 'text'] None
    2 2 None unclosed quote on line 2 (it ran on to line 3)
    3 3 ['b', 'fine'] None
    """
    lines = io.StringIO(text, newline="").readlines()
    source = _Lines(lines)
    reader = csv.reader(source)
    while True:
        start = source.pos
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            values, problem = None, f"unreadable CSV ({exc})"
            source.pos = start + 1
        else:
            problem = None
            if source.pos - start > 1 and not _well_quoted(lines[start : source.pos]):
                opened = start + _opening_line(lines[start : source.pos])
                problem = f"unclosed quote on line {opened + 1} (it ran on to line {source.pos})"
                source.pos = opened + 1
        if problem:
            yield CsvRecord(start + 1, source.pos, None, problem)
            reader = csv.reader(source)  # start afresh after the bad record
        else:
            yield CsvRecord(start + 1, source.pos, values)


def _as_dict(header: list[str], values: list[str]) -> dict:
    """Values by column, as :class:`csv.DictReader` gives them (extras under None).

    >>> _as_dict(["id", "text"], ["a"]), _as_dict(["id"], ["a", "b"])
    ({'id': 'a', 'text': None}, {'id': 'a', None: ['b']})
    """
    row: dict = dict(zip(header, values, strict=False))
    if len(values) > len(header):
        row[None] = values[len(header) :]
    for name in header[len(values) :]:
        row.setdefault(name, None)
    return row


def _header_and_rows(text: str, path: Path) -> tuple[list[str], list[tuple[CsvRecord, dict]]]:
    """Column names and (record, row) of each non-blank record; bad records have no row."""
    header: list[str] | None = None
    rows: list[tuple[CsvRecord, dict]] = []
    for record in csv_records(text):
        if record.values == []:
            continue  # a blank line
        if header is None:
            if record.problem:
                raise InputError(f"{path}, line {record.first}: header: {record.problem}")
            header = record.values
        else:
            rows.append((record, _as_dict(header, record.values or [])))
    return header or [], rows


def csv_table(text: str, path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Column names and (first line number, row) of each record; InputError on a bad one.

    For a file where one malformed record must stop everything (a manifest).

    >>> csv_table('id,text\\na,"open\\nb,"x"\\n', Path("m.csv"))
    Traceback (most recent call last):
    analysis.errors.InputError: m.csv, line 2: unclosed quote on line 2 (it ran on to line 3)
    """
    header, rows = _header_and_rows(text, path)
    for record, _ in rows:
        if record.problem:
            raise InputError(f"{path}, line {record.first}: {record.problem}")
    return header, [(record.first, row) for record, row in rows]


def csv_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line number, row) of each CSV record; InputError on a malformed record.

    >>> list(csv_rows('id,text\\na,"two\\nlines"\\nb,x\\n', Path("t.csv")))
    [(2, {'id': 'a', 'text': 'two\\nlines'}), (4, {'id': 'b', 'text': 'x'})]
    """
    yield from csv_table(text, path)[1]


def _line_repairs(decoded: DecodedTable, first: int, last: int) -> list[str]:
    found = [r for n in range(first, last + 1) for r in decoded.line_repairs.get(n, ())]
    return [*decoded.file_repairs, *found]


def _table_item(path: Path, line: int, record: dict, repairs: list[str]) -> Item:
    item = Item(name=f"{path.name}:{line}", source=path.name, line=line, repairs=list(repairs))
    item.fields = metadata_fields(record)
    item.fields["source_file"] = item.fields["source_file"] or path.name
    text = record.get("text")
    if None in record:
        item.skip = f"{len(record) - 1 + len(record[None])} values for {len(record) - 1} columns"
    elif not isinstance(text, str):
        item.skip = "no 'text' value" if text is None else f"'text' is a {type(text).__name__}"
    item.text = text if isinstance(text, str) else None
    return item


def csv_items(path: Path) -> list[Item]:
    """One item per record of a CSV file with a ``text`` column (InputError if none).

    A record merged by an unclosed quote is a skipped item (see the module docstring).
    """
    decoded = decode_table(path)
    columns, rows = _header_and_rows(decoded.text, path)
    if "text" not in columns:
        raise InputError(
            f"{path} has no 'text' column; columns found: {', '.join(columns) or 'none'}"
        )
    items = []
    for record, row in rows:
        repairs = _line_repairs(decoded, record.first, record.last)
        if record.problem:
            items.append(Item(f"{path.name}:{record.first}", path.name, record.first,
                              repairs=repairs, skip=record.problem))
        else:
            items.append(_table_item(path, record.first, row, repairs))
    return items


# --- JSONL ------------------------------------------------------------------------------


def _parse_json_line(raw: str) -> tuple[dict | None, str | None]:
    """The JSON object on a line, or None and why it is not one.

    >>> _parse_json_line('{"text": "x"}'), _parse_json_line('[1]')[1]
    (({'text': 'x'}, None), 'not a JSON object but a list')
    """
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg}, column {exc.colno})"
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, deep nesting
        return None, f"not valid JSON ({type(exc).__name__}: {str(exc)[:80]})"
    if not isinstance(record, dict):
        return None, f"not a JSON object but a {type(record).__name__}"
    return record, None


def _replace_surrogates(record: dict) -> tuple[dict, bool]:
    """``record`` with lone surrogates in keys and string values replaced by U+FFFD.

    >>> _replace_surrogates({"text": "a\\ud800b", "n": 1})
    ({'text': 'a�b', 'n': 1}, True)
    """
    def fix(value):
        return _SURROGATE_RE.sub("\ufffd", value) if isinstance(value, str) else value

    fixed = {fix(k): fix(v) for k, v in record.items()}
    return fixed, fixed != record


def jsonl_items(path: Path) -> list[Item]:
    """One item per non-blank line of a JSONL file; bad lines become skipped items."""
    decoded = decode_table(path)
    items, keys = [], set()
    for line, raw in enumerate(decoded.text.split("\n"), start=1):
        if not raw.strip():
            continue
        repairs = _line_repairs(decoded, line, line)
        record, problem = _parse_json_line(raw)
        if record is None:
            items.append(Item(f"{path.name}:{line}", path.name, line, repairs=repairs,
                              skip=problem))
            continue
        record, repaired = _replace_surrogates(record)
        if repaired:
            repairs.append(f"lone surrogate on line {line} (replaced with U+FFFD)")
        keys |= record.keys()
        items.append(_table_item(path, line, record, repairs))
    if keys and "text" not in keys:
        raise InputError(
            f"{path} has no 'text' key in any line; keys found: {', '.join(sorted(keys))}"
        )
    return items


#: Reader of each file type holding many articles, by lower-case suffix.
TABLE_READERS: dict[str, Callable[[Path], list[Item]]] = {
    ".csv": csv_items,
    ".jsonl": jsonl_items,
    ".ndjson": jsonl_items,
}
