"""Errors that stop a command with a message a researcher can act on.

An :class:`InputError` means the input cannot be used as given: the command
line tool prints its message, writes nothing, and exits with code 2. Problems
that affect one item only (an empty file, a bad JSONL line) are *not* errors:
they are skipped, recorded in the ingest report, and everything else loads.
"""

from __future__ import annotations

__all__ = ["InputError", "EXIT_INPUT_ERROR"]

#: Exit code of the command line tool for unusable input.
EXIT_INPUT_ERROR = 2


class InputError(ValueError):
    """Input that cannot be used; the message names the file (and line or entry)."""
