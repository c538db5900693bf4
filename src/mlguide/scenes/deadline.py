"""Limits on the CPU and wall-clock time a scene's own code may take (its import, `layout`,
`timeline`), so one that loops forever is an error at its line instead of a `render-assets`
(or a `serve`) that hangs for ever. Drawing the frames is not limited here: the engine's work is
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

A scene that waits uses no CPU time (`time.sleep`, `input()`, a network read), so the same
watchdog also holds it to `WALL_SECONDS` of wall-clock time, generous enough for any slow
machine. A wait made of many short calls (a `sleep` in a loop) stops there, at its line; one
call into C that never returns cannot be stopped inside its thread. A process that draws
scenes for another (render-assets' workers) says so with `stop_process_when_stuck`: then,
`GRACE_SECONDS` after the exception was raised and did not land, the watchdog ends the
process with a `STUCK_EXIT` status, and the parent names the scene. (Ending the process is
for a worker only: `serve` draws in its own process, which must go on serving.)
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# The guide's scenes run their code in well under a second; a minute is a loop that will
# not end, not a slow scene. Module-level so a test can make it short.
SCENE_SECONDS = 60.0
# Wall-clock time for the same code: a scene that waits (sleeps, reads stdin) uses no CPU.
# Minutes, so a slow or busy machine never trips it; module-level so a test can make it short.
WALL_SECONDS = 300.0
GRACE_SECONDS = 5.0  # after the wall limit, for the exception to land before a worker ends
# A worker's exit status when it ended a stuck scene, by the limit it ran past (124 is
# timeout(1)'s status).
STUCK_EXIT = {124: "wall-clock time", 125: "CPU time"}
_POLL = 0.2

# Set in a worker process while it draws: may the watchdog end the process (see above)?
_END_PROCESS = contextvars.ContextVar("mlguide_end_process_when_stuck", default=False)


class OutOfTime(BaseException):
    """Raised in the thread running a scene's code when it has used up its time (raised by
    class, as the C call does: `seconds` and `clock` are set on the way out)."""

    seconds: float = 0.0
    clock: str = "CPU time"  # or "wall-clock time"


@contextlib.contextmanager
def stop_process_when_stuck() -> Iterator[None]:
    """In the block, a scene's code still running `GRACE_SECONDS` after its wall-clock limit
    ends this process with a `STUCK_EXIT` status: for a worker process, whose parent reports it."""
    token = _END_PROCESS.set(True)
    try:
        yield
    finally:
        _END_PROCESS.reset(token)


@contextlib.contextmanager
def cpu_limit() -> Iterator[None]:
    """Run the block with at most `SCENE_SECONDS` of this thread's CPU time and
    `WALL_SECONDS` of wall-clock time; past either, `OutOfTime` is raised in it."""
    target = threading.get_ident()
    now = _thread_cpu_clock(target)
    watchdog = _Watchdog(
        target,
        now,
        SCENE_SECONDS,
        now(),
        WALL_SECONDS,
        time.monotonic(),
        _END_PROCESS.get(),
    )
    thread = threading.Thread(target=watchdog.watch, name="mlguide-scene-limit", daemon=True)
    thread.start()
    try:
        yield
    except OutOfTime as exc:
        # The traceback stays: it says which line was running.
        exc.seconds, exc.clock = watchdog.limit
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
    wall_seconds: float
    wall_start: float
    end_process: bool  # a worker's: end it when the exception cannot land
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    fired: bool = False
    limit: tuple[float, str] = (0.0, "CPU time")  # the one that fired, for the message

    def watch(self) -> None:
        while not self.done.wait(_POLL):
            with self.lock:
                if self.now() - self.start >= self.seconds:
                    self.limit = (self.seconds, "CPU time")
                elif time.monotonic() - self.wall_start >= self.wall_seconds:
                    self.limit = (self.wall_seconds, "wall-clock time")
                else:
                    continue
                _raise_in(self.thread, OutOfTime)
                self.fired = True
                break
        if self.end_process and not self.done.wait(min(GRACE_SECONDS, self.wall_seconds)):
            # Still inside the scene's code: one call into C that does not return (a long
            # `time.sleep`), where no exception lands. The parent names the scene.
            os._exit(next(code for code, clock in STUCK_EXIT.items() if clock == self.limit[1]))


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
