"""Worker processes: how many a command may start, and that they die with their parent.

``--jobs`` is checked once here for every command (1 to four times the machine's
cores), and every pool worker asks the kernel to end it when its parent dies
(Linux ``PR_SET_PDEATHSIG``), so ``kill -9`` of ``framing score`` or ``framing run``
leaves no process behind.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from analysis.errors import InputError

__all__ = ["cores", "max_jobs", "check_jobs", "die_with_parent"]

_PR_SET_PDEATHSIG = 1


def cores() -> int:
    """The cores this process may run on (the default ``--jobs``).

    >>> cores() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def max_jobs() -> int:
    """The most worker processes a command may start: four per available core.

    >>> max_jobs() >= 4
    True
    """
    return 4 * cores()


def check_jobs(jobs: int, *, option: str = "--jobs") -> int:
    """``jobs`` if it is between 1 and :func:`max_jobs`, else :class:`InputError`.

    >>> check_jobs(1)
    1
    >>> check_jobs(0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: --jobs must be between 1 and ... (four per core), not 0
    """
    limit = max_jobs()
    if not isinstance(jobs, int) or not 1 <= jobs <= limit:
        raise InputError(f"{option} must be between 1 and {limit} (four per core), not {jobs}")
    return jobs


def die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except OSError:  # no libc to ask: the worker lives on until its work ends
        return
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(1)
