"""Time and memory of whole commands, the way a user runs them.

Time comes from hyperfine (median of N runs, with a command run before each one, untimed);
its JSON also gives the CPU seconds of the whole process tree, which is what the parallel
efficiency needs. Memory comes from one extra run watched from here: the largest process
(from wait4, which covers every process the command waited for) and the sum over the
process tree, sampled, counting pages shared between forked workers once (PSS).
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


class BenchError(Exception):
    """A failed measurement, as one line for the user."""


@dataclass(frozen=True)
class Timing:
    median: float  # wall seconds
    mean: float
    cpu: float  # mean user + system seconds of the process tree
    times: tuple[float, ...]


@dataclass(frozen=True)
class Memory:
    largest_mb: float  # peak RSS of the largest single process
    tree_mb: float  # peak PSS of mlguide's processes together (sampled every 20 ms)
    wall: float
    indexer_mb: float = 0.0  # peak PSS of the search indexer (Pagefind's binary), beside them


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """`subprocess.run` in a process group of its own, killed whole if this script stops:
    killing hyperfine alone would leave the build it runs writing into the folder being
    deleted."""
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as proc:
        try:
            out, err = proc.communicate()
        except BaseException:
            kill_group(proc)
            raise
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def hyperfine(
    name: str,
    command: list[str],
    json_path: Path,
    runs: int,
    warmup: int,
    prepare: list[str] | None = None,
) -> Timing:
    """Median of `runs` runs after `warmup` runs; `prepare` runs before each of them."""
    argv = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup)]
    argv += ["--export-json", str(json_path), "--command-name", name]
    if prepare:
        argv += ["--prepare", shlex.join(prepare)]
    done = run([*argv, shlex.join(command)])
    if done.returncode != 0:
        raise BenchError(f"{name}: {why_it_fails(command, prepare, done.stderr)}")
    result = json.loads(json_path.read_text())["results"][0]
    return Timing(
        result["median"], result["mean"], result["user"] + result["system"], tuple(result["times"])
    )


def combine(timings: list[Timing]) -> Timing:
    """One figure from several hyperfine calls of the same command."""
    times = tuple(t for timing in timings for t in timing.times)
    cpu = statistics.mean(timing.cpu for timing in timings)
    return Timing(statistics.median(times), statistics.mean(times), cpu, times)


def why_it_fails(command: list[str], prepare: list[str] | None, fallback: str) -> str:
    """hyperfine only says "non-zero exit code": run it once more to show the command's error."""
    if prepare:
        run(prepare)
    done = run(command)
    lines = (done.stderr or done.stdout or fallback).strip().splitlines()
    return f"`{shlex.join(command)}` failed: {lines[-1] if lines else 'no output'}"


def peak_memory(command: list[str], log: Path) -> Memory:
    """One run of `command`, watched: largest process and whole-tree peak, in MB."""
    start = time.perf_counter()
    with log.open("w") as err:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, text=True, start_new_session=True
        )
    peak_kb = indexer_kb = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_kb, indexer_kb
        while not stop.is_set():
            tree = process_tree(proc.pid)
            indexer = [pid for pid in tree if is_indexer(pid)]
            peak_kb = max(peak_kb, sum(pss_kb(pid) for pid in tree if pid not in indexer))
            indexer_kb = max(indexer_kb, sum(pss_kb(pid) for pid in indexer))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    except BaseException:
        kill_group(proc)
        raise
    finally:
        stop.set()
        sampler.join()
    if proc.returncode != 0:
        lines = log.read_text().strip().splitlines()
        raise BenchError(f"`{shlex.join(command)}` failed: {lines[-1] if lines else 'no output'}")
    wall = time.perf_counter() - start
    return Memory(usage.ru_maxrss / 1024, peak_kb / 1024, wall, indexer_kb / 1024)


def is_indexer(pid: int) -> bool:
    """Pagefind's own binary (not the Python process that starts it)."""
    try:
        return "pagefind" in Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return False


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/PID/task/TID/children."""
    found = [pid]
    for parent in found:
        try:
            for task in Path(f"/proc/{parent}/task").iterdir():
                found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0
