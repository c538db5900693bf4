"""Worker processes that never outlive, out-talk or hang the command that started them.

Ctrl-C reaches every process of the terminal's group; the workers ignore it and leave it to
the parent, which stops them (no worker prints a traceback of its own). SIGTERM ends a worker
at once. Signals are held while the workers fork (a signal during fork() lands in Python's
after-fork hooks, which swallow it), and the workers are stopped however the block ends: on
an error or an interrupt, queued work is dropped, not done for nothing.

Why not `multiprocessing.Pool`: its workers share one result pipe behind one lock. Stopping it
while a worker writes a large result (a rendered page) hung the command forever, in two ways
seen here: the parent waited for the lock held by a worker blocked on the full pipe, or read
half a message from a worker it had just killed. Here every worker has its own pair of pipes
and no lock is shared, so killing a worker can only cut its own pipe, which the parent then
reads as the end of it.
"""

from __future__ import annotations

import contextlib
import multiprocessing.connection as mpc
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from mlguide.signals import held_signals

T = TypeVar("T")
R = TypeVar("R")
Tick = Callable[[], None]


@dataclass(frozen=True)
class _Worker:
    process: BaseProcess
    tasks: mpc.Connection  # parent's end: (number, function, chunk) or None to stop
    results: mpc.Connection  # parent's end: (number, ok, results or exception)


@dataclass(frozen=True)
class Pool:
    """Forked workers; one map at a time runs over them."""

    workers: tuple[_Worker, ...]

    def imap(self, fn: Callable[[T], R], items: Iterable[T], chunksize: int = 1) -> Iterator[R]:
        """`fn(item)` for every item, in the items' order, each as soon as it can be."""
        ready: dict[int, list[R]] = {}
        following = 0
        for number, results in self._chunks(fn, items, chunksize, None):
            ready[number] = results
            while following in ready:
                yield from ready.pop(following)
                following += 1

    def imap_unordered(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        chunksize: int = 1,
        tick: Tick | None = None,
    ) -> Iterator[R]:
        """`fn(item)` for every item, in the order they finish; `tick()` runs every 0.1 s
        while the workers are busy (to show progress they report some other way)."""
        for _, results in self._chunks(fn, items, chunksize, tick):
            yield from results

    def _chunks(
        self, fn: Callable[[T], R], items: Iterable[T], chunksize: int, tick: Tick | None
    ) -> Iterator[tuple[int, list[R]]]:
        """Hand out chunks as workers become free, two at a time each so none waits."""
        seq = list(items)
        chunks = [seq[i : i + chunksize] for i in range(0, len(seq), max(1, chunksize))]
        todo = iter(enumerate(chunks))
        owner = {w.results: w for w in self.workers}
        handed: dict[Any, list[list[T]]] = {w.results: [] for w in self.workers}  # in order
        outstanding = {w.results: 0 for w in self.workers}

        def hand_out(w: _Worker) -> None:
            job = next(todo, None)
            if job is not None:
                handed[w.results].append(job[1])
                try:
                    w.tasks.send((job[0], fn, job[1]))
                except BrokenPipeError:
                    raise _died(w, handed[w.results]) from None
                outstanding[w.results] += 1

        for _ in range(2):
            for w in self.workers:
                hand_out(w)
        while any(outstanding.values()):
            busy = [c for c, n in outstanding.items() if n]
            died = {owner[c].process.sentinel: owner[c] for c in busy}
            ready = mpc.wait([*busy, *died], timeout=0.1 if tick else None)
            if tick is not None:
                tick()
            for conn in ready:
                if conn in died:
                    if not died[conn].results.poll():  # its last words are still to be read
                        raise _died(died[conn], handed[died[conn].results])
                    continue
                assert isinstance(conn, mpc.Connection)
                try:
                    number, ok, payload = conn.recv()
                except EOFError:
                    raise _died(owner[conn], handed[conn]) from None
                if not ok:
                    raise payload
                handed[conn].pop(0)
                outstanding[conn] -= 1
                hand_out(owner[conn])
                yield number, payload


class WorkerDied(RuntimeError):
    """A worker ended while it worked (a crash in C code, `os._exit` in a user's scene).
    `working` holds the items of the chunk it was on, so a caller can blame them and go on
    with the others in a new pool."""

    def __init__(self, exitcode: int | None, working: list[Any]):
        super().__init__(f"a worker process stopped unexpectedly (exit {exitcode})")
        self.exitcode = exitcode
        self.working = working


def _died(w: _Worker, handed: list[list[Any]]) -> WorkerDied:
    w.process.join(1)
    return WorkerDied(w.process.exitcode, handed[0] if handed else [])


@contextlib.contextmanager
def worker_pool(
    workers: int, init: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[Pool]:
    """Forked worker processes: they inherit the parent's memory (nothing is pickled for them
    but the tasks), and `init(*initargs)` runs in each once it is safe."""
    from multiprocessing import get_context  # here: a small run never pays for it

    context = get_context("fork")
    started: list[_Worker] = []
    try:
        with held_signals():
            for _ in range(workers):
                task_out, task_in = context.Pipe(duplex=False)  # (reader, writer)
                result_out, result_in = context.Pipe(duplex=False)
                process = context.Process(
                    target=_serve, args=(init, initargs, task_out, result_in), daemon=True
                )
                process.start()
                # Only the worker may hold its ends: then its death reads as end of file.
                task_out.close()
                result_in.close()
                started.append(_Worker(process, task_in, result_out))
        yield Pool(tuple(started))
    finally:
        _stop(started)


def _stop(workers: list[_Worker]) -> None:
    """Ask every worker to stop; after the last result, one that goes on working is ended."""
    for w in workers:
        with contextlib.suppress(OSError):
            w.tasks.send(None)
    for w in workers:
        w.process.join(0.2)
        if w.process.is_alive():
            w.process.terminate()
    for w in workers:
        w.process.join()
        w.tasks.close()
        w.results.close()


def _serve(
    init: Callable[..., None] | None,
    initargs: tuple[Any, ...],
    tasks: mpc.Connection,
    results: mpc.Connection,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    if init is not None:
        init(*initargs)
    while True:
        try:
            job = tasks.recv()
        except EOFError:
            return
        if job is None:
            return
        number, fn, chunk = job
        try:
            results.send((number, True, [fn(item) for item in chunk]))
        except Exception as exc:  # noqa: BLE001 - re-raised in the parent, as Pool does
            try:
                results.send((number, False, exc))
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                results.send((number, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
