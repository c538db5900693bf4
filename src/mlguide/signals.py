"""Ctrl-C and SIGTERM held back while a swap or a removal must finish whole, and never
raised in the middle of an import.

An exception raised by a signal handler while Python is importing a module does not travel
as itself: a class body's `__set_name__` wraps it in a RuntimeError (a traceback instead of
"interrupted"), importlib's lock callback swallows it ("Exception ignored", and the build
went on to finish), and an import left half done could end the process by the signal
itself after mlguide had already said what it left. mlguide imports lazily, so a build
imports modules at many moments: `after_imports` waits for the import to end (a few
milliseconds) by asking again with a one-shot timer.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

# SIGALRM carries an interrupt that waits for an import to end: held with the others, so it
# cannot raise during a swap either.
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGALRM}
RETRY_SECONDS = 0.005

Handler = Callable[[int, FrameType | None], None]


def after_imports(act: Handler) -> Handler:
    """A signal handler that calls `act` at once, or as soon as the import under way ends."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if _importing(frame):
            signal.signal(signal.SIGALRM, lambda _alarm, now: handler(signum, now))
            signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
            return
        act(signum, frame)

    return handler


def _importing(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (then they are delivered)."""
    previous = block_signals()
    try:
        yield
    finally:
        restore_signals(previous)


def block_signals() -> set[int | signal.Signals] | None:
    """Block Ctrl-C and SIGTERM in the main thread; the mask to restore (None elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)


def restore_signals(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
