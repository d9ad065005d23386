"""CSV and JSONL files: one item per record, each named by its file and line.

Both formats are read as a stream: a block of bytes at a time (local files, fsspec
URLs, ``.gz`` decompressed on the way; :mod:`analysis.ingest.sources`), decoded line
by line (:func:`analysis.ingest.encoding.decode_table_lines`), so a bad byte is
repaired on its own line and recorded on the row that holds it, and memory holds
one record (and a block), not the file. Items are yielded as they are read.
A compressed file that is cut short or corrupt mid-way keeps every record read
before the damage; the damage is one skipped item naming the line where it began.

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
breaks is well formed and is kept whole. The lines of a record are kept until it
is read, so a stray quote holds the lines up to the next quote in memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from analysis.errors import InputError
from analysis.ingest.encoding import DecodedLine
from analysis.ingest.lines import Damage, decode_table, table_lines
from analysis.ingest.readers import Item, metadata_fields
from analysis.ingest.sources import Chunking, Location, file_name

__all__ = [
    "TABLE_READERS",
    "CsvRecord",
    "csv_items",
    "csv_records",
    "csv_rows",
    "csv_table",
    "decode_table",  # re-exported from analysis.ingest.lines
    "jsonl_items",
    "table_item",
]

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class CsvRecord(NamedTuple):
    """One CSV record: its physical lines, its values, or why it was not read."""

    first: int
    last: int
    values: list[str] | None
    problem: str | None = None


# --- CSV ------------------------------------------------------------------------------


class _LineBuffer:
    """Physical lines handed to :func:`csv.reader` one at a time, each with its repairs.

    Lines are kept from the start of the record being read, so a record merged by a
    stray quote can be read again from the line after the quote; ``pos`` counts the
    lines handed out, and :meth:`release` forgets those before a record.
    """

    def __init__(self, lines: Iterable[tuple[str, list[str]]]) -> None:
        self._lines = iter(lines)
        self._kept: list[tuple[str, list[str]]] = []
        self.base = 0  # lines before the first one kept
        self.pos = 0

    def __iter__(self) -> _LineBuffer:
        return self

    def __next__(self) -> str:
        i = self.pos - self.base
        if i == len(self._kept):
            self._kept.append(next(self._lines))
        self.pos += 1
        return self._kept[i][0]

    def texts(self, start: int, stop: int) -> list[str]:
        return [text for text, _ in self._kept[start - self.base : stop - self.base]]

    def repairs(self, start: int, stop: int) -> list[str]:
        return [r for _, rs in self._kept[start - self.base : stop - self.base] for r in rs]

    def release(self) -> None:
        del self._kept[: self.pos - self.base]
        self.base = self.pos


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
    lines = ((line, []) for line in io.StringIO(text, newline="").readlines())
    for record, _ in _records(_LineBuffer(lines)):
        yield record


def _records(source: _LineBuffer) -> Iterator[tuple[CsvRecord, list[str]]]:
    """Records of :func:`csv_records` read from ``source``, each with its lines' repairs."""
    reader = csv.reader(source)
    while True:
        source.release()
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
            lines = source.texts(start, source.pos) if source.pos - start > 1 else []
            if lines and not _well_quoted(lines):
                opened = start + _opening_line(lines)
                problem = f"unclosed quote on line {opened + 1} (it ran on to line {source.pos})"
                source.pos = opened + 1
        repairs = source.repairs(start, source.pos)
        if problem:
            yield CsvRecord(start + 1, source.pos, None, problem), repairs
            reader = csv.reader(source)  # start afresh after the bad record
        else:
            yield CsvRecord(start + 1, source.pos, values), repairs


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


def table_item(name: str, line: int, record: dict, repairs: list[str]) -> Item:
    """Item of one record of the table file ``name`` (CSV, JSONL, Parquet row)."""
    item = Item(name=f"{name}:{line}", source=name, line=line, repairs=list(repairs))
    item.fields = metadata_fields(record)
    item.fields["source_file"] = item.fields["source_file"] or name
    text = record.get("text")
    if None in record:
        item.skip = f"{len(record) - 1 + len(record[None])} values for {len(record) - 1} columns"
    elif not isinstance(text, str):
        item.skip = "no 'text' value" if text is None else f"'text' is a {type(text).__name__}"
    item.text = text if isinstance(text, str) else None
    return item


def _csv_lines(decoded: Iterable[DecodedLine | Damage], broken: list[Damage]
               ) -> Iterator[tuple[str, list[str]]]:
    """CSV physical lines (``\\r`` too ends one) with the repairs of the line they are in;
    a :class:`Damage` ends them and is put in ``broken``."""
    for line in decoded:
        if isinstance(line, Damage):
            broken.append(line)
            return
        repairs = [*line.file_repairs, *line.repairs] if line.file_repairs else line.repairs
        for piece in io.StringIO(line.text, newline="").readlines():
            yield piece, repairs


def csv_items(location: Location, chunking: Chunking | None = None) -> Iterator[Item]:
    """One item per record of a CSV file with a ``text`` column (InputError if none).

    A record merged by an unclosed quote is a skipped item (see the module docstring).
    """
    chunking = chunking or Chunking()
    name, header, broken = file_name(location), None, []
    for record, repairs in _records(_LineBuffer(_csv_lines(
            table_lines(location, chunking), broken))):
        if record.values == []:
            continue  # a blank line
        if header is None:
            header = _csv_header(location, record)
        elif record.problem:
            yield Item(f"{name}:{record.first}", name, record.first, repairs=repairs,
                       skip=record.problem)
        else:
            yield table_item(name, record.first, _as_dict(header, record.values), repairs)
    if header is None:
        _csv_header(location, CsvRecord(1, 1, []))
    for damage in broken:
        yield Item(f"{name}:{damage.number}", name, damage.number, skip=damage.problem)


def _csv_header(location: Location, record: CsvRecord) -> list[str]:
    if record.problem:
        raise InputError(f"{location}, line {record.first}: header: {record.problem}")
    columns = record.values or []
    if "text" not in columns:
        raise InputError(
            f"{location} has no 'text' column; columns found: {', '.join(columns) or 'none'}"
        )
    return columns


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


def jsonl_items(location: Location, chunking: Chunking | None = None) -> Iterator[Item]:
    """One item per non-blank line of a JSONL file; bad lines become skipped items.

    InputError when no line has a ``text`` key (raised once the file has been read).
    """
    name, keys = file_name(location), set()
    for line in table_lines(location, chunking or Chunking()):
        if isinstance(line, Damage):
            yield Item(f"{name}:{line.number}", name, line.number, skip=line.problem)
            break
        if not line.text.strip():
            continue
        repairs = [*line.file_repairs, *line.repairs]
        record, problem = _parse_json_line(line.text)
        if record is None:
            yield Item(f"{name}:{line.number}", name, line.number, repairs=repairs,
                       skip=problem)
            continue
        record, repaired = _replace_surrogates(record)
        if repaired:
            repairs.append(f"lone surrogate on line {line.number} (replaced with U+FFFD)")
        keys |= record.keys()
        yield table_item(name, line.number, record, repairs)
    if keys and "text" not in keys:
        raise InputError(
            f"{location} has no 'text' key in any line; keys found: {', '.join(sorted(keys))}"
        )


#: Reader of each file type holding many articles, by lower-case suffix.
TABLE_READERS: dict[str, Callable[[Location, Chunking | None], Iterator[Item]]] = {
    ".csv": csv_items,
    ".jsonl": jsonl_items,
    ".ndjson": jsonl_items,
}
