"""Ctrl-C and SIGTERM held back while a swap or a removal must finish whole."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


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
