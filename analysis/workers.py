"""Worker processes: how many a command may start, where chunks run, that workers die.

``--jobs`` is checked once here for every command (1 to four times the machine's
cores), and every pool worker asks the kernel to end it when its parent dies
(Linux ``PR_SET_PDEATHSIG``), so ``kill -9`` of ``framing score`` or ``framing run``
leaves no process behind.

:func:`map_chunks` runs a per-article stage, written as ``fn(context, chunk)``,
over chunks of articles: in this process, in a process pool (``n_jobs``) or on
a Dask cluster (``client``, :mod:`analysis.distributed`). Whichever runs it,
results come back in input order with a bounded number of chunks in flight, so
the tables are the same and memory does not grow with the corpus.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from analysis.errors import InputError

__all__ = ["cores", "max_jobs", "check_jobs", "die_with_parent", "map_chunks"]

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


_POOL: dict[str, Any] = {}


def _init_pool_worker(fn: Callable[[Any, Any], Any], context: Any) -> None:
    die_with_parent()
    _POOL.update(fn=fn, context=context)


def _run_in_pool(chunk: Any) -> Any:
    return _POOL["fn"](_POOL["context"], chunk)


def map_chunks(fn: Callable[[Any, Any], Any], context: Any, chunks: Iterable[Any], *,
               n_jobs: int = 1, client: Any = None) -> Iterator[Any]:
    """``fn(context, chunk)`` for every chunk, yielded in input order.

    ``client`` (a ``dask.distributed.Client``) runs them on its workers
    (:func:`analysis.distributed.map_on_dask`); else ``n_jobs > 1`` processes
    run them, each given ``context`` once; else this process does. ``fn`` must
    be a module-level function so that workers can import it.

    >>> list(map_chunks(lambda k, chunk: [k * x for x in chunk], 10, [[1, 2], [3]]))
    [[10, 20], [30]]
    """
    if client is not None:
        from analysis.distributed import map_on_dask

        yield from map_on_dask(client, fn, context, chunks)
    elif n_jobs <= 1:
        # as before map_chunks existed: a process scoring alone (a notebook's kernel
        # under `framing run`) is also ended when its parent dies
        die_with_parent()
        for chunk in chunks:
            yield fn(context, chunk)
    else:
        with ProcessPoolExecutor(n_jobs, initializer=_init_pool_worker,
                                 initargs=(fn, context)) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.submit(_run_in_pool, chunk))
                if len(pending) >= 2 * n_jobs:  # bounded look-ahead keeps memory flat
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
