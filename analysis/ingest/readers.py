"""Read input items: decode bytes, repair mojibake, and read each supported format.

Every reader yields :class:`Item` objects — one per ``.txt`` / ``.html`` file, or
per CSV record or JSONL line — named by file and line (``raw/a.txt``,
``feed.jsonl:3``) for the ingest report; :func:`read_text` then gives the raw text
of an item and any metadata found in it. Assembling items into a corpus is
:mod:`analysis.ingest.corpus`'s job.

Text that is not UTF-8 is decoded with charset-normalizer, mojibake ("Russiaâ€™s")
is repaired with ftfy, and HTML pages are extracted with trafilatura (text, title,
date, site). An item that cannot be read raises :class:`SkipItem`; a CSV or JSONL
file that cannot be used as a whole raises :class:`~analysis.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import ftfy
import trafilatura
from charset_normalizer import from_bytes

from analysis.errors import InputError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "METADATA_FIELDS",
    "TABLE_READERS",
    "Item",
    "SkipItem",
    "csv_items",
    "csv_rows",
    "decode_bytes",
    "decode_table",
    "file_item",
    "fix_mojibake",
    "jsonl_items",
    "read_text",
]

#: Article metadata read from a manifest, a CSV column or a JSONL key.
METADATA_FIELDS = (
    "article_id",
    "outlet",
    "origin",
    "url",
    "published",
    "title",
    "language",
    "source_file",
    "notes",
)

_TEXT_SUFFIXES = frozenset({".txt"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
#: Suffixes of files holding one article each.
DOCUMENT_SUFFIXES = _TEXT_SUFFIXES | _HTML_SUFFIXES
_BOMS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Mojibake of UTF-8 read as cp1252/latin-1 always contains one of these; only
# texts that do are given to ftfy, whose check is slow on long texts.
_MOJIBAKE_HINT_RE = re.compile("[\u00c2-\u00f4\u0400-\u045f]")


class SkipItem(Exception):
    """This item cannot be loaded; the message says why."""


@dataclass
class Item:
    """One input item before decoding: a file, or a row of a CSV/JSONL file."""

    name: str  # as shown in the report: "raw/a.txt" or "corpus.jsonl:3"
    source: str
    line: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # file still to be read
    text: str | None = None  # text already read (CSV/JSONL)
    repairs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skip: str | None = None  # reason known before decoding (bad JSONL line)


# --- decoding --------------------------------------------------------------------


def decode_bytes(data: bytes, *, repair: bool = True) -> tuple[str, list[str]]:
    """Text of ``data`` and the repairs made: encoding other than UTF-8, mojibake.

    Raises ``ValueError`` for empty or binary data.

    >>> decode_bytes("Russiaâ€™s ties".encode("utf-8"))
    ('Russia’s ties', ['mojibake'])
    >>> text, repairs = decode_bytes("Moscow’s ties".encode("cp1252"))
    >>> text, repairs[0].startswith("encoding (read as cp125")
    ('Moscow’s ties', True)
    """
    if not data or data.isspace():  # isspace: no copy of a large file
        raise ValueError("empty file")
    repairs: list[str] = []
    bom = _BOMS.get(data[:2])
    try:
        text = data.decode(bom or "utf-8-sig")
    except UnicodeDecodeError:
        text, encoding = _guess_encoding(data)
        repairs.append(f"encoding (read as {encoding})")
    if len(_CONTROL_RE.findall(text[:8192])) > 0.01 * min(len(text), 8192):
        raise ValueError("binary file, not text")
    if repair:
        text, fixed = fix_mojibake(text)
        repairs += fixed
    return text, repairs


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """``text`` with mojibake repaired by ftfy, and ``["mojibake"]`` if there was any.

    Only the encoding is fixed: curly quotes, dashes and line breaks stay as they are.

    >>> fix_mojibake("Chinaâ€™s “no-limits” ties")
    ('China’s “no-limits” ties', ['mojibake'])
    >>> fix_mojibake("Café")
    ('Café', [])
    """
    if not _MOJIBAKE_HINT_RE.search(text):
        return text, []
    fixed = ftfy.fix_encoding(text)
    return fixed, (["mojibake"] if fixed != text else [])


def _guess_encoding(data: bytes) -> tuple[str, str]:
    """Text and encoding name of bytes that are not UTF-8 (charset-normalizer)."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file, not text")
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("binary file or unknown text encoding")
    return str(best), best.encoding


def decode_table(path: Path) -> tuple[str, list[str]]:
    """Decoded CSV/JSONL file; mojibake is repaired row by row (and reported there).

    Raises:
        InputError: the file is empty or binary.
    """
    try:
        return decode_bytes(path.read_bytes(), repair=False)
    except ValueError as exc:
        raise InputError(f"{path}: {exc}") from None


# --- readers: each yields Item ----------------------------------------------------


def file_item(path: Path, root: Path, row: dict[str, str], notes: list[str]) -> Item:
    """Item of one file, named relative to ``root``, with metadata from ``row``."""
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = path.as_posix()
    fields = {k: (row.get(k) or "").strip() for k in METADATA_FIELDS}
    fields["source_file"] = fields["source_file"] or path.name
    return Item(name=name, source=name, fields=fields, path=path, notes=list(notes))


def csv_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line number, row) of each CSV record; long fields allowed.

    >>> list(csv_rows('id,text\\na,"two\\nlines"\\nb,x\\n', Path("t.csv")))
    [(2, {'id': 'a', 'text': 'two\\nlines'}), (4, {'id': 'b', 'text': 'x'})]
    """
    csv.field_size_limit(2**31 - 1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _ = reader.fieldnames  # reads the header, so line_num counts its lines
        line = reader.line_num + 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: unreadable CSV ({exc})") from None


def _table_item(path: Path, line: int, record: dict, repairs: list[str]) -> Item:
    item = Item(name=f"{path.name}:{line}", source=path.name, line=line, repairs=list(repairs))
    item.fields = {k: _as_str(record.get(k)) for k in METADATA_FIELDS}
    item.fields["source_file"] = item.fields["source_file"] or path.name
    text = record.get("text")
    if None in record:
        item.skip = f"{len(record) - 1 + len(record[None])} values for {len(record) - 1} columns"
    elif not isinstance(text, str):
        item.skip = "no 'text' value" if text is None else f"'text' is a {type(text).__name__}"
    item.text = text if isinstance(text, str) else None
    return item


def _as_str(value) -> str:
    return "" if value is None else str(value).strip()


def csv_items(path: Path) -> list[Item]:
    """One item per record of a CSV file with a ``text`` column (InputError if none)."""
    text, repairs = decode_table(path)
    rows = list(csv_rows(text, path))
    columns = csv.DictReader(io.StringIO(text, newline="")).fieldnames or []
    if "text" not in columns:
        raise InputError(
            f"{path} has no 'text' column; columns found: {', '.join(columns) or 'none'}"
        )
    return [_table_item(path, line, row, repairs) for line, row in rows]


def jsonl_items(path: Path) -> list[Item]:
    """One item per non-blank line of a JSONL file; bad lines become skipped items."""
    text, repairs = decode_table(path)
    items, keys = [], set()
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            items.append(
                Item(
                    f"{path.name}:{line}",
                    path.name,
                    line,
                    skip=f"not valid JSON ({exc.msg}, column {exc.colno})",
                )
            )
            continue
        if not isinstance(record, dict):
            items.append(
                Item(
                    f"{path.name}:{line}",
                    path.name,
                    line,
                    skip=f"not a JSON object but a {type(record).__name__}",
                )
            )
            continue
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


# --- from item to raw text ----------------------------------------------------------


def read_text(item: Item) -> tuple[str, dict[str, str]]:
    """Raw text of an item and metadata found in it (HTML); records repairs on ``item``.

    Raises:
        SkipItem: the item is empty, binary, unreadable or of an unsupported type.
    """
    try:
        return _raw_text(item)
    except (ValueError, OSError) as exc:  # empty, binary or unreadable file
        raise SkipItem(str(exc)) from None


def _raw_text(item: Item) -> tuple[str, dict[str, str]]:
    if item.skip:
        raise SkipItem(item.skip)
    if item.path is None:
        text, repairs = fix_mojibake(item.text)
        item.text = None  # the cleaned text is kept; do not hold two copies
        item.repairs += repairs
    else:
        if item.path.suffix.lower() not in DOCUMENT_SUFFIXES:
            raise SkipItem(f"unsupported file type {item.path.suffix or '(none)'}")
        text, repairs = decode_bytes(item.path.read_bytes())
        item.repairs += repairs
        if item.path.suffix.lower() in _HTML_SUFFIXES:
            return _extract_html(text)
    if not text.strip():
        raise SkipItem("empty text")
    return text, {}


def _extract_html(html: str) -> tuple[str, dict[str, str]]:
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise SkipItem("no article text found in the HTML page")
    host = urlparse(doc.url or "").hostname or ""
    outlet = host.removeprefix("www.") or doc.sitename or doc.hostname or ""
    meta = {
        "title": doc.title or "",
        "published": doc.date or "",
        "url": doc.url or "",
        "outlet": outlet,
    }
    return doc.text, {k: v for k, v in meta.items() if v}
