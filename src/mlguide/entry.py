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
from typing import NoReturn


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
    try:
        main(prog_name="mlguide", obj=PROCESS)
        status: object = 0
    except SystemExit as exc:  # click ends every command so
        status = exc.code
    exit_now(status)


def exit_now(status: object) -> NoReturn:
    """End the process as the interpreter would, without its teardown.

    Python's own exit frees every object one by one and collects the whole heap once more:
    after a 1,000-page build that took 0.3 s, longer than the build of one edited post
    spends on anything else, for memory the kernel takes back at once anyway (mypy ends the
    same way). What that exit does that matters is done here, in its order: threads
    joined (and the thread pools told to stop), `atexit` handlers run, streams flushed."""
    import atexit
    import threading

    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # sys.exit("message"): printed, status 1
        print(status, file=sys.stderr)
        code = 1
    shutdown = getattr(threading, "_shutdown", None)  # what the interpreter itself calls
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            code = code or 120  # what Python's own exit reports then
    os._exit(code)


PROCESS = "mlguide process"  # `obj` marker: this is the command's own process
