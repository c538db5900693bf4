"""Ctrl-C and SIGTERM at random moments of a large parallel build.

Afterwards either the old build or the complete new one is in `build/`, the exit status says
which (0: new, 130/143: old), no `.build.*` folder is left, no mlguide process lives on, and
nothing printed a traceback.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.site.pipeline import PARALLEL_THRESHOLD

from .conftest import tree_digest, write
from .hostile.test_signals import handlers_installed

# Over the parallel threshold: workers are running when signals land (the delays follow
# the build's own length, so more posts only cost time).
POSTS = PARALLEL_THRESHOLD * 3 // 2


def write_corpus(content: Path, version: str) -> None:
    for i in range(POSTS):
        write(
            content / f"post-{i:03d}.md",
            f"---\ntitle: Post {i}\ndescription: About {i}.\ndate: 2026-01-{1 + i % 28:02d}\n"
            f"tags: [t{i % 7}]\n---\n\n## Part\n\nVersion {version}. "
            + "Words and more words. " * 60
            + "\n\n```python\nx = [n * n for n in range(10)]\n```\n",
        )


def session_processes(sid: int) -> list[int]:
    """Processes still alive in the build's session (workers included)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # field 6 of stat: the session id
            alive.append(int(entry.name))
    return alive


@pytest.mark.slow
def test_signals_leave_the_old_build_or_the_new_one(tmp_path: Path) -> None:
    content = tmp_path / "content"
    expected = {}
    for version in ("a", "b"):
        write_corpus(content, version)
        out = tmp_path / f"expected-{version}"
        build(BuildOptions(tmp_path, out_dir=out, jobs=2))
        expected[version] = tree_digest(out)
    command = [sys.executable, "-m", "mlguide", "-C", str(tmp_path), "build", "-j", "2"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)  # build/ is now version b
    seconds = time.perf_counter() - start  # start-up included, as in the runs below
    current = "b"
    # Evenly from just after start-up to past the usual end, in a fixed shuffled order.
    delays = [0.15 + (seconds * 1.3 - 0.15) * k / 7 for k in range(8)]
    random.Random(20261127).shuffle(delays)
    outcomes = []
    for sig, delay in zip([signal.SIGINT, signal.SIGTERM] * 4, delays, strict=True):
        new = "a" if current == "b" else "b"
        write_corpus(content, new)
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        # Never before mlguide's first line: Python's own start-up meets the default handlers
        # (SIGTERM then kills silently), and under load it can take longer than the delay.
        while not handlers_installed(proc.pid) and proc.poll() is None:
            time.sleep(0.001)
        time.sleep(max(0.0, delay - (time.perf_counter() - started)))
        try:
            if sig == signal.SIGINT:
                os.killpg(proc.pid, sig)  # Ctrl-C reaches the whole foreground group
            else:
                proc.send_signal(sig)  # `kill PID` reaches the parent only
        except ProcessLookupError:
            pass  # it had finished already: the new build must be complete
        out, err = proc.communicate(timeout=60)
        deadline = time.monotonic() + 5
        while session_processes(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_processes(proc.pid) == [], "workers outlived the build"
        assert "Traceback" not in err, err
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".build.")]
        in_place = tree_digest(tmp_path / "build")
        if proc.returncode == 0:
            assert in_place == expected[new], err
            current = new
        else:
            # 130/143, or died by the signal itself (CPython does that after an unhandled
            # ^C; shells report both as 130/143).
            assert proc.returncode in (128 + sig, -sig), (proc.returncode, err)
            assert "interrupted" in err and in_place == expected[current]
        outcomes.append(proc.returncode)
    # Signals landed both before and after the swap at least once.
    assert 0 in outcomes and {130, 143, -2, -15} & set(outcomes), outcomes


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_after_the_build_is_in_place_does_not_undo_its_success(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """The build has said `built`: a late signal is ignored, whichever thread it reaches.
    (numpy's BLAS thread took it, with default handlers back at exit: the process died.)"""
    write(
        tmp_path / "content" / "a.md",
        "---\ntitle: A\ndescription: d\ndate: 2026-01-01\n---\n\nHi.\n",
    )
    command = [sys.executable, "-m", "mlguide", "-C", str(tmp_path), "build", "-j", "1"]
    for _ in range(3):
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("built ")
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err


def test_a_signal_while_starting_up_says_so(tmp_path: Path) -> None:
    """From mlguide's first line on (its entry point has installed its handlers), a signal
    says what it left. Before that Python itself is still starting, with its default
    handlers: a signal then kills the process or prints Python's own traceback, and no
    program can change that; sleeping a fixed time made this test fail under load."""

    write(
        tmp_path / "content" / "a.md",
        "---\ntitle: A\ndescription: d\ndate: 2026-01-01\n---\n\nHi.\n",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlguide", "-C", str(tmp_path), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not handlers_installed(proc.pid) and proc.poll() is None:
        time.sleep(0.001)
    proc.send_signal(signal.SIGINT)  # within the imports, whatever the machine's load
    _, err = proc.communicate(timeout=60)
    if proc.returncode != 0:  # it may have been fast enough to finish
        assert proc.returncode == 130 and "Traceback" not in err, err
        assert "the previous build is untouched" in err, err


def test_a_signal_during_an_import_is_raised_once_the_import_is_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Raised inside a module body, KeyboardInterrupt came out as a RuntimeError (a class's
    `__set_name__` wraps it), or importlib swallowed it and the build went on to finish."""
    from mlguide.signals import after_imports

    calls: list[tuple[int, bool]] = []

    def act(signum: int, frame: object) -> None:
        done = getattr(sys.modules.get("slow_module"), "DONE", False)
        calls.append((signum, done))
        raise KeyboardInterrupt

    handler = after_imports(act)
    write(
        tmp_path / "slow_module.py",
        "import signal, sys, time\n"
        "HANDLER(signal.SIGINT, sys._getframe())\n"
        "time.sleep(0.05)\n"  # the retry timer fires here, still inside the import
        "DONE = True\n",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import builtins

    monkeypatch.setattr(builtins, "HANDLER", handler, raising=False)
    previous = signal.getsignal(signal.SIGALRM)
    try:
        with pytest.raises(KeyboardInterrupt):
            import slow_module  # noqa: F401

            time.sleep(1)  # the interrupt lands here, after the import
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.modules.pop("slow_module", None)
    assert calls == [(signal.SIGINT, True)]


def test_a_signal_outside_imports_acts_at_once() -> None:
    from mlguide.signals import after_imports

    calls: list[int] = []
    after_imports(lambda signum, frame: calls.append(signum))(signal.SIGTERM, sys._getframe())
    assert calls == [signal.SIGTERM]
