"""Spread independent pieces of work over the machine's cores.

Input: a function of one integer and how many integers there are. Output:
the function's results in index order, exactly as a plain loop would give
them, so generated files do not depend on how the work was split.

    texts = run_indexed(render_one, len(jobs))

Worker processes are forked: they inherit the parent's loaded atlas and
compiled templates instead of receiving them pickled, and send back only their
results. Forking is used only where it is safe and worth it; otherwise the
work runs in this process:
- ``ATLAS_JOBS`` sets the number of processes (``1`` turns this off);
- fork needs a POSIX system;
- a process with other threads running (``mkdocs serve`` watches files in
  threads) is never forked, because a lock held by another thread would stay
  locked forever in the child.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from typing import Any, Callable

# Below this many items the cost of starting processes outweighs the gain.
MIN_ITEMS = 400
CHUNK = 64

_work: Callable[[int], Any] | None = None  # the function the forked workers call


def worker_count(items: int) -> int:
    """How many processes to use for ``items`` pieces of work (1 means: in this process)."""
    setting = os.environ.get("ATLAS_JOBS", "").strip()
    if setting:
        try:
            wanted = max(1, int(setting))
        except ValueError:
            raise ValueError(f"ATLAS_JOBS must be a whole number, not {setting!r}") from None
    else:
        wanted = os.cpu_count() or 1
    if wanted == 1 or items < MIN_ITEMS:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return min(wanted, 8)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    start, stop = bounds
    return [_work(i) for i in range(start, stop)]  # type: ignore[misc]


class Pending:
    """Work started by ``start_indexed``; ``results()`` waits for it and returns it in order."""

    def __init__(self, func: Callable[[int], Any], count: int):
        global _work
        self._pool = None
        workers = worker_count(count)
        if workers == 1:
            self._results = [func(i) for i in range(count)]
            return
        _work = func  # read by the forked children; set before the pool forks them
        chunks = [(i, min(i + CHUNK, count)) for i in range(0, count, CHUNK)]
        # Move everything loaded so far out of the collector's sight before forking: otherwise
        # each child's collections walk the whole inherited heap and copy every page of it.
        gc.freeze()
        self._pool = multiprocessing.get_context("fork").Pool(workers)
        self._async = self._pool.map_async(_run_chunk, chunks, chunksize=1)

    def results(self) -> list[Any]:
        global _work
        if self._pool is None:
            return self._results
        try:
            parts = self._async.get()
        finally:
            self._pool.close()
            self._pool.join()
            _work = None
            gc.unfreeze()
        return [item for part in parts for item in part]


def start_indexed(func: Callable[[int], Any], count: int) -> Pending:
    """Start ``func(0) … func(count - 1)`` in worker processes; the caller may do other work meanwhile."""
    return Pending(func, count)


def run_indexed(func: Callable[[int], Any], count: int) -> list[Any]:
    """``[func(i) for i in range(count)]``, spread over the cores when that is safe and worth it."""
    return start_indexed(func, count).results()
