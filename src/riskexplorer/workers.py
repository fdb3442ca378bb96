"""Long computations on an upload, in a memory-capped child process, so one upload cannot slow
or stop the server for the others.

The app's server is one Python process: every session's script runs in a thread of it, and the
web server's event loop shares the interpreter lock with them. A scorecard fit on a large table
(thousands of patterns: the identifiability check, the points search) or its five cross-validation
refits hold that lock for seconds, in C code for up to ~0.3 s at a time — every other session's
slider move waits meanwhile. :func:`run` sends such a call to a pool of :data:`WORKERS` child
processes started with ``spawn`` (never a fork of the threaded server), each with its address
space capped at :data:`MEMORY_MB`: a table that would need more ends in a ``MemoryError`` in the
child, and even a native abort ends only the child; both come back as an :class:`InputError`.

The pool is made on first use and kept for the life of the server (a pool made and joined per
request blocks the caller for about a second); :func:`warm` starts it in the background when
the server starts. ``RISKEXPLORER_WORKERS=0`` runs everything in the calling process (what
:func:`run` also does inside any child process, so a worker never starts workers of its own).
``spawn`` imports the parent's main script in the child as ``__mp_main__``: the app's
``app.py`` starts the app only as ``__main__``.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable
from typing import TypeVar

from riskexplorer.errors import InputError

__all__ = ["MEMORY_MB", "WORKERS", "run", "warm"]

T = TypeVar("T")

#: Child processes: two, so one long fit does not make the next upload wait for it.
WORKERS = int(os.environ.get("RISKEXPLORER_WORKERS", "2"))
#: Address space of each child, MB: a 1,000,000-row table fits in well under half of it.
MEMORY_MB = int(os.environ.get("RISKEXPLORER_WORKER_MEMORY_MB", "4096"))

_lock = threading.Lock()
_pool: cf.ProcessPoolExecutor | None = None
_in_worker = False


def _start_worker(memory_mb: int) -> None:
    global _in_worker
    _in_worker = True
    # One BLAS thread: a fit's matrices are small, and OpenBLAS reserves memory per thread,
    # which would count against the cap (nothing has imported numpy yet in this child).
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # no such limit on this system: uncapped
        pass
    # The libraries a fit needs, imported once per child, not on its first task.
    import riskexplorer.views.your_data  # noqa: F401


def _get_pool() -> cf.ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = cf.ProcessPoolExecutor(
                max_workers=WORKERS,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(MEMORY_MB,),
            )
        return _pool


def _submit(pool: cf.ProcessPoolExecutor, fn: Callable, /, *args, **kwargs) -> cf.Future:
    """``pool.submit``, with no main script for a child it starts to import.

    A child process is started inside ``submit``, and ``spawn`` makes it import the parent's
    ``__main__`` first — under Streamlit (and after any AppTest) that is ``app.py``, so each
    worker would import Streamlit and the whole app before its first task, and load numpy before
    :func:`_start_worker` could make its BLAS single-threaded. A module without a file stands
    in for ``__main__`` while the child is started."""
    with _lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            return pool.submit(fn, *args, **kwargs)
        finally:
            if main is not None:
                sys.modules["__main__"] = main


def _discard(pool: cf.ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def run(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """``fn(*args, **kwargs)`` in a worker process; its exceptions are raised here as they are
    (an :class:`InputError` with its code and parameters).

    ``fn`` and its arguments must be picklable (a module-level function, data frames, the
    library's dataclasses).

    Raises
    ------
    InputError
        ``worker.memory`` when the computation needs more than :data:`MEMORY_MB`;
        ``worker.crashed`` when the child ended without an answer (the pool is then replaced).
    """
    if WORKERS <= 0 or _in_worker or multiprocessing.parent_process() is not None:
        return fn(*args, **kwargs)
    pool = _get_pool()
    try:
        return _submit(pool, fn, *args, **kwargs).result()
    except MemoryError:
        raise InputError("worker.memory", limit=MEMORY_MB) from None
    except cf.process.BrokenProcessPool:
        _discard(pool)
        raise InputError("worker.crashed") from None


def _nothing() -> None:
    return None


def warm() -> None:
    """Start the workers (and their imports) now, so the first upload does not wait for them."""
    if WORKERS > 0 and not _in_worker and multiprocessing.parent_process() is None:
        pool = _get_pool()
        for future in [_submit(pool, _nothing) for _ in range(WORKERS)]:
            try:
                future.result()
            except cf.process.BrokenProcessPool:
                _discard(pool)
                return
