"""The console script: quiet interrupts from the very first moment.

Importing the CLI (click, jinja2...) takes a few dozen milliseconds; a Ctrl-C or SIGTERM in
that window would otherwise print an import traceback. Until the command has installed its own
handling, an interrupt just ends the process with the usual status.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _quiet(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write(f"{EARLY_INTERRUPT}\n")
    raise SystemExit(128 + signum)


# Nothing has been read or written yet: whatever was built before is as it was.
EARLY_INTERRUPT = "interrupted before anything was done: the previous build is untouched"


def run() -> None:
    from mlguide.signals import after_imports

    quiet = after_imports(_quiet)  # it comes while the CLI is being imported, mostly
    signal.signal(signal.SIGINT, quiet)
    signal.signal(signal.SIGTERM, quiet)
    # numpy's BLAS would start a thread of its own, which signals could reach while the main
    # thread holds them back after a build is in place: a late Ctrl-C then killed a finished
    # build's process. The pictures need no threaded linear algebra.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from mlguide.cli import main

    # The quiet handlers stay until the command's own handling begins (Group.invoke). The
    # real process: what a command holds back once its work is in place stays held until the
    # process exits (in-process callers get their signal mask back).
    sys.exit(main(prog_name="mlguide", obj=PROCESS))


PROCESS = "mlguide process"  # `obj` marker: this is the command's own process
