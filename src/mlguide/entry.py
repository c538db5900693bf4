"""The console script: quiet interrupts from the very first moment.

Importing the CLI (click, jinja2...) takes a few dozen milliseconds; a Ctrl-C or SIGTERM in
that window would otherwise print an import traceback. Until the command has installed its own
handling, an interrupt just ends the process with the usual status.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType


def _quiet(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def run() -> None:
    signal.signal(signal.SIGINT, _quiet)
    signal.signal(signal.SIGTERM, _quiet)
    from .cli import main

    signal.signal(signal.SIGINT, signal.default_int_handler)
    # The real process: what a command holds back once its work is in place stays held
    # until the process exits (in-process callers get their signal mask back).
    sys.exit(main(prog_name="mlguide", obj=PROCESS))


PROCESS = "mlguide process"  # `obj` marker: this is the command's own process
