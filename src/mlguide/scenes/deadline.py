"""A limit on the CPU time a scene's own code may take (its import, `layout`, `timeline`),
so one that loops forever is an error at its line instead of a `render-assets` (or a
`serve`) that hangs for ever. Drawing the frames is not limited here: the engine's work is
bounded by the figure's size and length (`limits.ANIMATION_PIXELS`), and the largest
figures take longer than any limit that would stop a loop soon enough.

Why a watchdog thread and not a signal: `serve` draws a saved scene in its watcher thread,
and Python runs signal handlers in the main thread only; SIGALRM and ITIMER_REAL belong to
`mlguide.signals`. The watchdog reads the drawing thread's own CPU clock
(`time.pthread_getcpuclockid`), so time spent waiting (a busy machine, other threads) does
not count, and raises `OutOfTime` in that thread with `PyThreadState_SetAsyncExc`, the
CPython call made for this. Like a signal, it lands between two bytecodes: a loop in Python
stops at once, a single long call into C stops when it returns. `OutOfTime` is a
BaseException, so a scene's `except Exception:` cannot swallow it.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# The guide's scenes run their code in well under a second; a minute is a loop that will
# not end, not a slow scene. Module-level so a test can make it short.
SCENE_SECONDS = 60.0
_POLL = 0.2


class OutOfTime(BaseException):
    """Raised in the thread running a scene's code when it has used up its time (raised by
    class, as the C call does: `seconds` is set on the way out)."""

    seconds: float = 0.0


@contextlib.contextmanager
def cpu_limit() -> Iterator[None]:
    """Run the block with at most `SCENE_SECONDS` of this thread's CPU time; past it,
    `OutOfTime` is raised in it."""
    seconds = SCENE_SECONDS
    target = threading.get_ident()
    now = _thread_cpu_clock(target)
    watchdog = _Watchdog(target, now, seconds, now())
    thread = threading.Thread(target=watchdog.watch, name="mlguide-scene-limit", daemon=True)
    thread.start()
    try:
        yield
    except OutOfTime as exc:
        exc.seconds = seconds  # the traceback stays: it says which line was running
        raise
    finally:
        with watchdog.lock:
            watchdog.done.set()
            if watchdog.fired:  # raised too late to matter: it must not land in the caller
                _raise_in(target, None)
        thread.join()


@dataclass
class _Watchdog:
    thread: int
    now: Callable[[], float]  # the watched thread's CPU time (where unreadable, wall time)
    seconds: float
    start: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    fired: bool = False

    def watch(self) -> None:
        while not self.done.wait(_POLL):
            with self.lock:
                if self.now() - self.start >= self.seconds:
                    _raise_in(self.thread, OutOfTime)
                    self.fired = True
                    return


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
