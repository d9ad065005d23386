"""Input items: one per document file or per CSV/JSONL record, and the raw text of each.

An :class:`Item` is named by file and line (``raw/a.txt``, ``feed.jsonl:3``) for the
ingest report. Items of document files are made by :func:`file_item`; items of CSV
and JSONL files by :mod:`analysis.ingest.tables`. :func:`read_text` then gives the
raw text of an item and any metadata found in it: bytes are decoded by
:mod:`analysis.ingest.encoding` (encoding detection, mojibake repair with ftfy),
HTML pages are extracted with trafilatura (text, title, date, site), and only
regular files are read (:func:`analysis.ingest.paths.open_regular_file`); a file at a
URL is read through fsspec (:mod:`analysis.ingest.sources`). An item
that cannot be read raises :class:`SkipItem`. Assembling items into a corpus is
:mod:`analysis.ingest.corpus`'s job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import trafilatura

from analysis.ingest.encoding import decode_bytes, fix_mojibake
from analysis.ingest.paths import not_regular_reason
from analysis.ingest.sources import file_name, read_bytes

__all__ = [
    "DOCUMENT_SUFFIXES",
    "METADATA_FIELDS",
    "NOT_METADATA",
    "Item",
    "SkipItem",
    "decode_bytes",  # re-exported from analysis.ingest.encoding
    "file_item",
    "fix_mojibake",  # re-exported from analysis.ingest.encoding
    "metadata_fields",
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

#: Input columns that are not carried to the articles table as metadata: where the
#: text is, and the columns ingest computes itself. Every other named column of a
#: manifest, CSV or JSONL (``media_system``, ``country``...) is carried through.
NOT_METADATA = frozenset({"path", "text", "story_id", "n_chars", "headline_end",
                          "body_start", "source", "source_line"})

_TEXT_SUFFIXES = frozenset({".txt"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
#: Suffixes of files holding one article each.
DOCUMENT_SUFFIXES = _TEXT_SUFFIXES | _HTML_SUFFIXES


class SkipItem(Exception):
    """This item cannot be loaded; the message says why."""


@dataclass
class Item:
    """One input item before decoding: a file, or a record of a CSV/JSONL file."""

    name: str  # as shown in the report: "raw/a.txt" or "corpus.jsonl:3"
    source: str
    line: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # file still to be read
    url: str | None = None  # file at a URL still to be read (fsspec)
    text: str | None = None  # text already read (CSV/JSONL)
    repairs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # problems a reader should see (dates)
    skip: str | None = None  # reason known before decoding (bad JSONL line, link outside)


def file_item(path: Path, root: Path, row: dict[str, str], notes: list[str]) -> Item:
    """Item of one file, named relative to ``root``, with metadata from ``row``.

    A link is named where it lies in the folder, not where it points.
    """
    name = _relative_name(path, root)
    fields = metadata_fields(row)
    fields["source_file"] = fields["source_file"] or path.name
    return Item(name=name, source=name, fields=fields, path=path, notes=list(notes))


def metadata_fields(row: Mapping) -> dict[str, str]:
    """Metadata of an input row as stripped strings: every :data:`METADATA_FIELDS`
    (empty when absent), then every other named column not in :data:`NOT_METADATA`.

    >>> metadata_fields({"path": "a.txt", "outlet": " x.com ", "country": "US", None: ["?"]})
    ... # doctest: +ELLIPSIS
    {'article_id': '', 'outlet': 'x.com', ..., 'notes': '', 'country': 'US'}
    """
    fields = {k: _as_str(row.get(k)) for k in METADATA_FIELDS}
    for key, value in row.items():
        name = key.strip() if isinstance(key, str) else ""
        if name and name not in fields and name not in NOT_METADATA:
            fields[name] = _as_str(value)
    return fields


def _as_str(value: object) -> str:
    return "" if value is None else str(value).strip()


def _relative_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root``: as written, else with its folder resolved (a link
    keeps its own name), else fully resolved, else ``path`` as is.

    >>> _relative_name(Path("data/raw/a.txt"), Path("data"))
    'raw/a.txt'
    """
    candidates = (
        (path, root),
        (path.parent.resolve() / path.name, root.resolve()),
        (path.resolve(), root.resolve()),
    )
    for a, b in candidates:
        if a.is_relative_to(b):
            return a.relative_to(b).as_posix()
    return path.as_posix()


# --- from item to raw text ----------------------------------------------------------


def read_text(item: Item) -> tuple[str, dict[str, str]]:
    """Raw text of an item and metadata found in it (HTML); records repairs on ``item``.

    Raises:
        SkipItem: the item is empty, binary, unreadable, not a regular file or of an
            unsupported type.
    """
    try:
        return _raw_text(item)
    except (ValueError, OSError) as exc:  # empty, binary, FIFO or unreadable file
        raise SkipItem(str(exc)) from None


def _raw_text(item: Item) -> tuple[str, dict[str, str]]:
    if item.skip:
        raise SkipItem(item.skip)
    if item.url is not None:
        return _read_document(item.url, item)
    if item.path is None:
        text, repairs = fix_mojibake(item.text or "")
        item.text = None  # the cleaned text is kept; do not hold two copies
        item.repairs += repairs
    else:
        reason = not_regular_reason(item.path)  # before the suffix: a FIFO is no .txt file
        if reason:
            raise SkipItem(reason)
        return _read_document(item.path, item)
    if not text.strip():
        raise SkipItem("empty text")
    return text, {}


def _read_document(where: Path | str, item: Item) -> tuple[str, dict[str, str]]:
    """Text of a ``.txt`` or ``.html`` file at a local path or URL, and its metadata."""
    suffix = Path(file_name(where)).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise SkipItem(f"unsupported file type {suffix or '(none)'}")
    text, repairs = decode_bytes(read_bytes(where))
    item.repairs += repairs
    if suffix in _HTML_SUFFIXES:
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
