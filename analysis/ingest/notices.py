"""Warnings of ingest: skipped items and unused dates, shown where the input is.

Each warning points at the input file and line (``feed.jsonl:2: IngestWarning: ...``),
not at this package, so the message on stderr says where to look; the first 20 are
shown one by one and the rest counted (the ingest report lists every one).
"""

from __future__ import annotations

import linecache
import warnings

from analysis.ingest.sources import Location

__all__ = ["IngestWarning", "warn_at", "warn_each", "warn_unknown"]

_MAX_WARNINGS = 20  # items warned about one by one; the report lists them all


class IngestWarning(UserWarning):
    """An input item was skipped, or loaded with missing metadata."""


def warn_each(messages: list[tuple[str, str]], source: Location, what: str) -> None:
    """One warning per (item, message), the first 20; then one for the rest.

    Warnings point at the input file and line (``feed.jsonl:2: IngestWarning: ...``),
    not at this module, so the message on stderr says where to look.
    """
    for item, message in messages[:_MAX_WARNINGS]:
        name, _, line = item.rpartition(":")
        name, line = (name, int(line)) if name and line.isdigit() else (item, 0)
        warn_at(message, name, line)
    if len(messages) > _MAX_WARNINGS:
        warn_at(f"{len(messages) - _MAX_WARNINGS} more {what}; see the ingest report",
                str(source), 0)


def warn_at(message: str, filename: str, line: int) -> None:
    """An IngestWarning shown as coming from ``filename``:``line``.

    The warning machinery would read ``filename`` (relative to the working folder)
    to show the line: a FIFO would hang it, a 50 MB file be read again, a binary
    file print garbage. An empty entry in :mod:`linecache` makes it show none.
    """
    linecache.cache.setdefault(filename, (None, None, [], filename))
    warnings.warn_explicit(message, IngestWarning, filename, line)


def warn_unknown(unknown: list[str], source: Location) -> None:
    """One warning for all items without an outlet."""
    if unknown:
        names = ", ".join(unknown[:5]) + (
            f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        )
        warn_at(
            f"{len(unknown)} articles have no outlet (no manifest row or "
            f"'outlet' field); outlet set to 'unknown': {names}",
            str(source),
            0,
        )
