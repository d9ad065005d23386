"""Dask for more than one machine: a client for ``--dask``, and chunks mapped on its workers.

Dask is optional (``pip install "framing-analysis[dask]"``); nothing here imports
it until a client is asked for, and a missing install is an
:class:`~analysis.errors.InputError` naming the extra. ``--dask`` without an
address starts a ``LocalCluster`` of worker processes on this machine; with a
scheduler address (``tcp://host:8786``) or a scheduler file (``scheduler.json``,
as ``dask-scheduler --scheduler-file`` writes it) it connects to a running
cluster, and gives up after a bounded timeout naming the address.

:func:`map_on_dask` is what :func:`analysis.workers.map_chunks` runs with a
client: the same chunk function as the process pool, the shared context (lexicon,
speakers, model) sent to every worker once, results yielded in input order with
a bounded number of chunks in flight, so the client's memory does not grow with
the corpus.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from analysis.errors import InputError

__all__ = [
    "DASK_EXTRA",
    "CONNECT_TIMEOUT",
    "LOCAL",
    "require_distributed",
    "check_address",
    "dask_client",
    "map_on_dask",
]

#: What to install for ``--dask`` (the package's optional dependency).
DASK_EXTRA = 'pip install "framing-analysis[dask]" (or: pip install "dask[distributed]")'

#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT = 10.0

#: The ``--dask`` value meaning "start a LocalCluster on this machine".
LOCAL = "local"

_ADDRESS = re.compile(r"^([a-z][a-z0-9+]*://)?[^\s/:]+(:\d+)?$|^[a-z][a-z0-9+]*://\S+$")


def require_distributed() -> ModuleType:
    """The ``distributed`` module, or InputError saying what to install."""
    try:
        import distributed
    except ImportError as exc:
        raise InputError(f"--dask needs Dask's distributed scheduler, which is not installed: "
                         f"{DASK_EXTRA}") from exc
    return distributed


def check_address(value: str) -> str:
    """``value`` if it can name a scheduler: ``local``, ``[scheme://]host[:port]`` or a
    scheduler file (``.json``); else InputError.

    >>> check_address("tcp://10.0.0.5:8786"), check_address("head-node:8786")
    ('tcp://10.0.0.5:8786', 'head-node:8786')
    >>> check_address("data/")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: --dask takes a scheduler address (tcp://host:8786), a \
scheduler file (.json) or nothing, not 'data/'; give the corpus before --dask
    """
    if value == LOCAL or value.endswith(".json") or _ADDRESS.match(value):
        return value
    raise InputError(f"--dask takes a scheduler address (tcp://host:8786), a scheduler file "
                     f"(.json) or nothing, not {value!r}; give the corpus before --dask")


def _scheduler_address(address: str) -> str:
    """The address itself, or the one a scheduler file (``.json``) holds."""
    if not address.endswith(".json"):
        return address
    try:
        return str(json.loads(Path(address).read_text(encoding="utf-8"))["address"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"--dask: cannot read a scheduler address from {address} "
                         f"({exc.__class__.__name__}: {exc})") from None


async def _identity(address: str, timeout: float) -> dict:
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        await comm.close()


def _probe(address: str, timeout: float) -> None:
    """InputError naming ``address`` unless a Dask scheduler answers there within
    ``timeout`` seconds. Probed before a Client is made: a Client that fails to
    connect keeps retrying (and closing) for longer than the timeout."""
    try:
        reply = asyncio.run(asyncio.wait_for(_identity(address, timeout), timeout))
    except Exception as exc:  # refused, timed out, or something else answering
        raise InputError(f"cannot reach a Dask scheduler at {address} within {timeout:g} s "
                         f"({exc.__class__.__name__}); is dask-scheduler running there and "
                         f"the port open?") from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise InputError(f"{address} answered, but not as a Dask scheduler")


def _connect(distributed: ModuleType, address: str, timeout: float) -> Any:
    """A client of the scheduler at ``address`` (or in that scheduler file)."""
    target = _scheduler_address(address)
    _probe(target, timeout)
    return distributed.Client(target, timeout=timeout, set_as_default=False)


@contextmanager
def dask_client(address: str | None = None, *, n_workers: int = 1,
                timeout: float = CONNECT_TIMEOUT,
                echo: Callable[[str], None] | None = print) -> Iterator[Any]:
    """A ``distributed.Client``, closed (with its LocalCluster) on exit.

    ``address`` None or ``"local"``: a LocalCluster of ``n_workers`` processes
    with one thread each (the engine is pure Python: threads would share one
    interpreter lock). Otherwise the scheduler at that address or scheduler file.
    ``echo`` gets one line with the workers and the dashboard link.
    """
    distributed = require_distributed()
    cluster = None
    if address in (None, LOCAL):
        cluster = distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1,
                                           processes=True, silence_logs=40)
        client = distributed.Client(cluster, set_as_default=False)
    else:
        client = _connect(distributed, address, timeout)
    try:
        if echo is not None:
            workers = len(client.nthreads())
            where = "LocalCluster" if cluster is not None else address
            echo(f"dask: {workers} worker(s) at {where}; dashboard {client.dashboard_link}")
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def map_on_dask(client: Any, fn: Callable[[Any, Any], Any], context: Any,
                chunks: Iterable[Any], *, in_flight: int | None = None) -> Iterator[Any]:
    """``fn(context, chunk)`` for every chunk on the client's workers, in input order.

    ``context`` is scattered to every worker once. At most ``in_flight`` chunks
    (default: twice the workers' threads, looked up again every 32 chunks, so a
    cluster that is still scaling up gets more work) are submitted or finished
    but not yet yielded; finished chunks are fetched as they complete and
    released at once. A chunk that fails raises its exception here, and the rest
    are cancelled.
    """
    from distributed import as_completed

    def limit(done: int) -> int:
        if in_flight is not None:
            return in_flight
        if done % 32 == 0:
            capacity[0] = 2 * max(sum(client.nthreads().values()), 1)
        return capacity[0]

    capacity = [2]
    [shared] = client.scatter([context], broadcast=True, hash=False)
    run = uuid.uuid4().hex[:8]
    chunks = iter(chunks)
    index: dict[str, int] = {}
    finished: dict[int, Any] = {}
    queue = as_completed(loop=client.loop)

    def submit(i: int) -> bool:
        chunk = next(chunks, None)
        if chunk is None:
            return False
        future = client.submit(fn, shared, chunk, key=f"{fn.__name__}-{run}-{i}", pure=False)
        index[future.key] = i
        queue.add(future)
        return True

    submitted = yielded = 0
    while submitted < limit(yielded) and submit(submitted):
        submitted += 1
    try:
        for future in queue:
            finished[index.pop(future.key)] = future.result()
            future.release()
            while yielded in finished:
                yield finished.pop(yielded)
                yielded += 1
                while submitted - yielded < limit(yielded) and submit(submitted):
                    submitted += 1
    finally:
        client.cancel(list(queue.futures) + [shared])
