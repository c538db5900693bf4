"""Worker processes that never outlive or out-talk the command that started them.

Ctrl-C reaches every process of the terminal's group; the workers ignore it and leave it to
the parent, which stops them (no worker prints a traceback of its own). SIGTERM ends a worker
at once. Signals are held while the workers fork (a signal during fork() lands in Python's
after-fork hooks, which swallow it), and the pool is terminated however the block ends: on an
error or an interrupt, queued work is dropped, not done for nothing.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from multiprocessing.pool import Pool
from typing import Any

from .output import held_signals


@contextlib.contextmanager
def worker_pool(
    workers: int, init: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[Pool]:
    """A pool of forked processes: they inherit the parent's memory (nothing is pickled for
    them but the tasks), and `init(*initargs)` runs in each once it is safe."""
    from multiprocessing import get_context  # here: a small run never pays for it

    with held_signals():
        pool = get_context("fork").Pool(workers, _start, (init, initargs))
    try:
        yield pool
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _start(init: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if init is not None:
        init(*initargs)
