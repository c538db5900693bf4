"""The process ends without the interpreter's teardown, yet as the interpreter would end it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def ended(code: str) -> subprocess.CompletedProcess[str]:
    program = "from mlguide.entry import exit_now\n" + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(("status", "code"), [(0, 0), (None, 0), (2, 2), (143, 143)])
def test_the_status_is_the_commands(status: int | None, code: int) -> None:
    assert ended(f"exit_now({status!r})").returncode == code


def test_a_message_is_printed_and_fails() -> None:
    run = ended('exit_now("error: no such post")')
    assert run.returncode == 1 and run.stderr == "error: no such post\n"


def test_what_is_buffered_and_what_atexit_says_still_come_out() -> None:
    run = ended(
        """
        import atexit, sys
        atexit.register(lambda: print("goodbye"))
        print("built 1 page", end="")  # buffered: a pipe is not a terminal
        sys.stderr.write("warning: ...")
        exit_now(0)
        """
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, "built 1 pagegoodbye\n", "warning: ...")


def test_threads_are_joined_and_an_idle_thread_pool_does_not_hold_the_exit() -> None:
    run = ended(
        """
        import threading, time
        from concurrent.futures import ThreadPoolExecutor
        pool = ThreadPoolExecutor(max_workers=1)
        pool.submit(lambda: None).result()  # its thread now waits for work, forever
        done = []
        worker = threading.Thread(target=lambda: (time.sleep(0.3), done.append(1), print("joined")))
        worker.start()
        exit_now(0)
        """
    )
    assert (run.returncode, run.stdout) == (0, "joined\n")
