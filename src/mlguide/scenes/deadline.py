"""A limit on the CPU time one scene may take, so a `layout` that loops forever is an error
at its line instead of a `render-assets` (or a `serve`) that hangs for ever.

Why a watchdog thread and not a signal: `serve` draws a saved scene in its watcher thread,
and Python runs signal handlers in the main thread only; SIGALRM and ITIMER_REAL belong to
`mlguide.signals`. The watchdog reads the drawing thread's own CPU clock
(`time.pthread_getcpuclockid`), so time spent waiting (a busy machine, other threads) does
not count, and raises `OutOfTime` in that thread with `PyThreadState_SetAsyncExc`, the
CPython call made for this. Like a signal, it lands between two bytecodes: a loop in Python
stops at once, a single long call into C (one enormous Pillow operation) stops when it
returns. `OutOfTime` is a BaseException, so a scene's `except Exception:` cannot swallow it.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.scenes.load import author_frame

# A scene of the guide draws in under 10 s; six times that is a scene that will not end,
# not a slow one. Module-level so a test can make it short.
SCENE_SECONDS = 60.0
_POLL = 0.2


class OutOfTime(BaseException):
    """Raised in the drawing thread when its scene has used up its time."""


@contextlib.contextmanager
def scene_deadline(path: Path, line: int | None = None) -> Iterator[Deadline]:
    """Run the block with at most `SCENE_SECONDS` of this thread's CPU time; past it, an
    MlguideError at the deepest line of the scene's folder the block was running (`line`
    when the engine, not the author's code, was running). Work that is not the scene's
    (serve rebuilding the page around a first picture) runs under `deadline.paused()`."""
    seconds = SCENE_SECONDS
    try:
        with _watchdog(seconds) as deadline:
            yield deadline
    except OutOfTime as exc:
        where = author_frame(exc, path) or (str(path), line)
        raise MlguideError(
            f"the scene did not finish in {seconds:g} s of CPU time (a loop that never ends?); "
            "each scene is stopped at this limit",
            *where,
        ) from None


@dataclass
class Deadline:
    """The drawing thread's CPU clock, shared with its watchdog (under `lock`)."""

    thread: int
    now: Callable[
        [], float
    ]  # the drawing thread's CPU time (or, where it cannot be read, wall time)
    seconds: float
    start: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    paused_at: float | None = None
    fired: bool = False

    def used(self) -> float:
        return self.now() - self.start

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """The block's CPU time does not count (it may still be stopped if time had run out
        before it began)."""
        with self.lock:
            self.paused_at = self.now()
        try:
            yield
        finally:
            with self.lock:
                assert self.paused_at is not None
                self.start += self.now() - self.paused_at
                self.paused_at = None

    def watch(self) -> None:
        while not self.done.wait(_POLL):
            with self.lock:
                if self.paused_at is None and self.used() >= self.seconds:
                    _raise_in(self.thread, OutOfTime)
                    self.fired = True
                    return


@contextlib.contextmanager
def _watchdog(seconds: float) -> Iterator[Deadline]:
    target = threading.get_ident()
    now = _thread_cpu_clock(target)
    deadline = Deadline(target, now, seconds, now())
    thread = threading.Thread(target=deadline.watch, name="mlguide-scene-deadline", daemon=True)
    thread.start()
    try:
        yield deadline
    finally:
        with deadline.lock:
            deadline.done.set()
            if deadline.fired:  # raised too late to matter: it must not land in the caller
                _raise_in(target, None)
        thread.join()


def _thread_cpu_clock(thread: int) -> Callable[[], float]:
    """The thread's CPU clock; wall time where Python cannot read another thread's (macOS,
    Windows): looser, but a scene that never ends is still stopped."""
    if not hasattr(time, "pthread_getcpuclockid"):
        return time.monotonic
    clock = time.pthread_getcpuclockid(thread)
    return lambda: time.clock_gettime(clock)


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise `exc` in the thread at its next bytecode (None: withdraw one not yet raised)."""
    argument = ctypes.py_object(exc) if exc is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), argument)
