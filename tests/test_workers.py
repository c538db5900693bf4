"""The worker pool: results in order, errors raised, and it ends however its block ends, never
hanging on a worker that is killed or still has a big result to hand over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from mlguide.workers import WorkerDied, worker_pool


def square(x: int) -> int:
    return x * x


def fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def die_on_five(x: int) -> int:
    if x == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
    return x


def slow_big(x: int) -> bytes:
    time.sleep(0.002 * (x % 5))
    return bytes(300_000)  # far more than a pipe holds: the writer blocks until read


def test_imap_keeps_order_and_unordered_gives_everything() -> None:
    with worker_pool(2) as pool:
        assert list(pool.imap(square, range(50), chunksize=4)) == [x * x for x in range(50)]
        assert sorted(pool.imap_unordered(square, range(50))) == [x * x for x in range(50)]


def test_an_exception_in_a_worker_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="three"), worker_pool(2) as pool:
        list(pool.imap(fail_on_three, range(10)))


def test_tick_runs_while_the_workers_are_busy() -> None:
    ticks: list[int] = []
    with worker_pool(2) as pool:
        out = list(pool.imap_unordered(slow_big, range(6), tick=lambda: ticks.append(1)))
    assert len(out) == 6 and ticks


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    # multiprocessing.Pool replaced the dead worker and waited for its lost task forever.
    with pytest.raises(RuntimeError, match="stopped unexpectedly"), worker_pool(2) as pool:
        list(pool.imap(die_on_five, range(20)))


def test_a_killed_worker_names_the_items_it_was_working_on() -> None:
    """So render-assets can blame the one scene that ended its worker and draw the others."""
    with pytest.raises(WorkerDied) as info, worker_pool(2) as pool:
        list(pool.imap(die_on_five, range(20)))
    assert info.value.working == [5]


def test_no_worker_outlives_the_block() -> None:
    with worker_pool(2) as pool:
        processes = [w.process for w in pool.workers]
        next(pool.imap_unordered(slow_big, range(40)))
    assert not any(p.is_alive() for p in processes)


STOP_EARLY = textwrap.dedent(
    """
    from tests.test_workers import slow_big
    from mlguide.workers import worker_pool

    for stop in range(3, 23):
        try:
            with worker_pool(2) as pool:
                for n, _ in enumerate(pool.imap(slow_big, range(400))):
                    if n == stop:
                        raise RuntimeError("stop early")  # as Ctrl-C or a build error would
        except RuntimeError:
            pass
    print("ended")
    """
)


def test_stopping_early_with_big_results_in_flight_never_hangs() -> None:
    # With multiprocessing.Pool, about one run in thirty of this hung for good: a worker held
    # the shared result lock while blocked on the full pipe, or was killed mid-message.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run(
        [sys.executable, "-c", STOP_EARLY], capture_output=True, text=True, timeout=180, cwd=root
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ended"), done.stderr
