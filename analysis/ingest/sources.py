"""Where a corpus's bytes come from: a local path, or a URL opened through fsspec.

A corpus may be a local path or any URL fsspec can open: ``s3://bucket/feed.jsonl.gz``,
``gs://...``, ``https://...``, ``memory://...`` (``s3://`` needs s3fs installed,
``gs://`` gcsfs). A ``file://`` URL *is* a local path and gets every rule of local
corpora (regular files only, containment; :mod:`analysis.ingest.paths`). A name
ending in ``.gz`` is decompressed while it is read.

Tables are read as streams of lines (:func:`open_stream`, :func:`iter_byte_lines`),
a block at a time, so no whole file is held in memory.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlparse
from urllib.request import url2pathname

from analysis.ingest.encoding import DECIDE_BYTES
from analysis.ingest.paths import open_regular_file

__all__ = [
    "BLOCK_SIZE",
    "Chunking",
    "Location",
    "as_location",
    "file_name",
    "is_url",
    "iter_byte_lines",
    "open_stream",
    "read_bytes",
    "table_stem",
    "table_suffix",
    "url_filesystem",
]

#: Bytes read from a stream at a time.
BLOCK_SIZE = 1 << 20

#: A local file or folder, or the URL of one (never a ``file://`` URL: that is a Path).
Location = Path | str



@dataclass(frozen=True)
class Chunking:
    """How much of a table file is read at a time (memory is bounded by these).

    Attributes:
        rows: Parquet rows per batch.
        block_bytes: bytes read at a time from a CSV or JSONL file.
        decide_bytes: bytes at the start of a CSV or JSONL file on which its
            encoding is decided (:func:`analysis.ingest.encoding.decode_table_lines`).
    """

    rows: int = 1_000
    block_bytes: int = BLOCK_SIZE
    decide_bytes: int = DECIDE_BYTES


_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def as_location(path: str | Path) -> Location:
    """A :class:`~pathlib.Path` for a local path or ``file://`` URL, else the URL itself.

    >>> as_location("file:///data/feed.jsonl")
    PosixPath('/data/feed.jsonl')
    >>> as_location("s3://bucket/feed.jsonl.gz"), as_location("data/raw")
    ('s3://bucket/feed.jsonl.gz', PosixPath('data/raw'))
    """
    if isinstance(path, Path) or not _URL_RE.match(str(path)):
        return Path(path)
    parsed = urlparse(str(path))
    if parsed.scheme.lower() == "file" and parsed.netloc in ("", "localhost"):
        return Path(url2pathname(parsed.path))
    return str(path)


def is_url(location: Location) -> bool:
    """Whether ``location`` is read through fsspec (a URL other than ``file://``)."""
    return isinstance(location, str)


def file_name(location: Location) -> str:
    """The last part of a path or URL.

    >>> file_name("s3://bucket/news/feed.jsonl.gz?version=2"), file_name(Path("a/b.csv"))
    ('feed.jsonl.gz', 'b.csv')
    """
    if isinstance(location, Path):
        return location.name
    return posixpath.basename(urlparse(location).path.rstrip("/"))


def table_suffix(name: str) -> str:
    """Lower-case suffix of a file name, looking through a ``.gz`` ending.

    >>> table_suffix("Feed.JSONL.gz"), table_suffix("feed.parquet"), table_suffix("README")
    ('.jsonl', '.parquet', '')
    """
    return PurePosixPath(_without_gz(name)).suffix.lower()


def table_stem(name: str) -> str:
    """File name without its suffix and a ``.gz`` ending: ``feed.jsonl.gz`` -> ``feed``.

    >>> table_stem("feed.jsonl.gz"), table_stem("feed.jsonl"), table_stem("a.txt")
    ('feed', 'feed', 'a')
    """
    return PurePosixPath(_without_gz(name)).stem


def _without_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def url_filesystem(url: str):
    """The fsspec file system of ``url`` and the path in it (fsspec imported on use)."""
    import fsspec.core

    return fsspec.core.url_to_fs(url)


@contextmanager
def open_stream(location: Location) -> Iterator[BinaryIO]:
    """Binary stream of a file or URL, decompressed when its name ends in ``.gz``.

    A local file must be a regular file and is read to the size it had when opened
    (:func:`analysis.ingest.paths.open_regular_file`).

    Raises:
        ValueError: a local path is not a regular file.
        OSError: the file cannot be opened (missing, permissions, network).
    """
    if isinstance(location, Path):
        raw = open_regular_file(location)
    else:
        fs, path = url_filesystem(location)
        raw = fs.open(path, "rb")
    try:
        if file_name(location).lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped
        else:
            yield raw
    finally:
        raw.close()


def read_bytes(location: Location) -> bytes:
    """All bytes of a file or URL (decompressed if ``.gz``): for one-article files."""
    with open_stream(location) as fh:
        return fh.read()


def iter_byte_lines(stream: BinaryIO, *, block_size: int = BLOCK_SIZE) -> Iterator[bytes]:
    """Lines of a binary stream, each with its ``\\n`` (the last may have none), read
    ``block_size`` bytes at a time: memory holds a block and the longest line.

    >>> import io
    >>> list(iter_byte_lines(io.BytesIO(b"ab\\ncd\\n\\nef"), block_size=3))
    [b'ab\\n', b'cd\\n', b'\\n', b'ef']
    """
    pending: list[bytes] = []  # pieces of a line longer than a block, joined once
    while block := stream.read(block_size):
        start = 0
        while (end := block.find(b"\n", start)) >= 0:
            piece = block[start : end + 1]
            yield b"".join([*pending, piece]) if pending else piece
            pending, start = [], end + 1
        if start < len(block):
            pending.append(block[start:])
    if pending:
        yield b"".join(pending)
