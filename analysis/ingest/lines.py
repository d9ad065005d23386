"""A table file (CSV, JSONL) as a stream of decoded lines, and damage found on the way.

:func:`table_lines` opens a local file or URL (:mod:`analysis.ingest.sources`; ``.gz``
decompressed), reads it a block at a time and decodes it line by line
(:func:`analysis.ingest.encoding.decode_table_lines`). A file that cannot be read
at all is an :class:`~analysis.errors.InputError`; a compressed file cut short or
corrupt after some lines ends its stream with one :class:`Damage`, so the records
before it still load and the report names the line where reading stopped.
:func:`decode_table` reads a small table whole (a manifest).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from analysis.errors import InputError
from analysis.ingest.encoding import (
    DecodedLine,
    DecodedTable,
    decode_table_bytes,
    decode_table_lines,
)
from analysis.ingest.paths import read_regular_file
from analysis.ingest.sources import Chunking, Location, iter_byte_lines, open_stream

__all__ = ["Damage", "decode_table", "table_lines"]


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


class Damage(NamedTuple):
    """Reading a table failed after some lines (a cut or corrupt ``.gz``): where, and why."""

    number: int
    problem: str


def table_lines(location: Location, chunking: Chunking
                   ) -> Iterator[DecodedLine | Damage]:
    """Decoded lines of a table file; InputError if it cannot be read at all.

    Damage found after the first line ends the stream with one :class:`Damage`.
    """
    failure: list[BaseException] = []
    last = 0
    try:
        with open_stream(location) as fh:
            lines = _until_damaged(iter_byte_lines(fh, block_size=chunking.block_bytes), failure)
            for decoded in decode_table_lines(lines, decide_bytes=chunking.decide_bytes):
                last = decoded.number
                yield decoded
    except ValueError as exc:  # empty or binary: known from the first block
        if not failure:  # not "empty" because the first read failed
            raise InputError(f"{location}: {exc}") from None
    except OSError as exc:  # cannot be opened
        failure.append(exc)
    if failure and not last:
        raise InputError(f"{location}: cannot be read ({_reason(failure[0])})")
    if failure:
        yield Damage(last + 1, f"the file is cut short or corrupt after line {last} "
                                f"({_reason(failure[0])}); nothing after it could be read")


def _until_damaged(lines: Iterator[bytes], failure: list[BaseException]) -> Iterator[bytes]:
    """``lines`` until reading fails (a cut or corrupt ``.gz``); the error goes in ``failure``."""
    try:
        yield from lines
    except (OSError, EOFError, zlib.error) as exc:
        failure.append(exc)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
