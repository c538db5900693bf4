"""Where a build's CPU time goes: CPU seconds per stage, summed over every process.

Run one mlguide command in this process under a CPU-time sampler, and print (or write, with
`--json FILE`) the seconds of each stage:

    .venv/bin/python benchmarks/stages.py [--json FILE] -- -C PROJECT build [--strict]

How: `setitimer(ITIMER_PROF)` raises SIGPROF every 2 ms of CPU time the process spends (user
and system, not wall time: other work on a busy machine does not count), and the handler
files the Python stack it interrupts under one stage (`classify`). Forked workers re-arm the
timer (timers are not inherited) and leave their counts in a folder when they exit. The CPU
seconds of each process come from the kernel (`getrusage`, `/proc`), and its samples only
split them into stages, so the stages add up to the measured total. What runs before the
sampler starts (the interpreter and the imports of this script) is "start-up and imports";
child processes that are not workers (Pagefind) are counted from `RUSAGE_CHILDREN` and named
after what started them.

A deterministic profiler (cProfile) was tried first: it made a 17 CPU-second build take 107,
inflating the many small calls of the Markdown parser six-fold; sampling does not.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import FrameType

START = time.process_time()  # before this: interpreter start-up, counted as such
INTERVAL = 0.002  # CPU seconds between samples

# (stage, what in a frame's file path or function name marks it), highest priority first: of
# the stages a stack passes through, the first in this list wins. So a template rendered for
# a listing counts as the listing, hashing inside the writer as hashing.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("start-up and imports", ("<frozen importlib._bootstrap", "importlib/__init__")),
    ("the checklist (--strict)", ("/site/check/",)),
    ("search indexing", ("/site/write/search.py", "/pagefind/")),
    ("highlighting", ("/pygments/", "markdown/code.py")),
    ("cards", ("/cards/",)),
    ("link and anchor checks", ("site_link_findings", "render/links.py")),
    ("listings, feeds, sitemap", ("/render/listings.py", "/render/feeds.py", ":assemble")),
    ("math", ("markdown/math.py", "/latex2mathml/")),
    ("images (inspect, resolve paths)", ("/render/figures.py", "mlguide/images.py", "/PIL/")),
    (
        "hashing and cache keys",
        (
            "/store/digest.py",
            "/store/files.py",
            "/store/code.py",
            ":fingerprint",
            ":page_key",
            ":file_digest",
            ":search_key",
        ),
    ),
    ("page store (read, write, decode)", ("/store/store.py", "/site/pagecache.py")),
    ("templates", ("/jinja2/", ".j2", "/markupsafe/", "render/templating.py")),
    ("Markdown parse and render", ("/markdown_it/", "/mdit_py_plugins/", "/render/markdown/")),
    ("front matter and reading posts", ("/site/content/", "/site/config/", "/yaml/")),
    (
        "writing and linking files",
        ("/site/write/staging.py", "/site/write/reuse.py", "mlguide/fileio.py", "/site/outputs.py"),
    ),
    ("swap and clean-up", ("swap_in", "/site/write/trash.py", ":staged_tree")),
    ("worker start and hand-over", ("mlguide/workers.py", "/multiprocessing/")),
    ("rendering a post (other)", ("/render/post.py",)),
)
OTHER = "other"


def classify(frame: FrameType | None) -> str:
    best = len(STAGES)
    while frame is not None:
        code = frame.f_code
        where = f"{code.co_filename}:{code.co_name}"
        for rank in range(best):
            if any(mark in where for mark in STAGES[rank][1]):
                best = rank
                break
        frame = frame.f_back
    return STAGES[best][0] if best < len(STAGES) else OTHER


class Sampler:
    """SIGPROF samples of this process, by stage."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts: Counter[str] = Counter()

    def start(self) -> None:
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
        os.register_at_fork(after_in_child=self._in_child)

    def _sample(self, signum: int, frame: FrameType | None) -> None:
        self.counts[classify(frame)] += 1
        if os.getpid() != MAIN_PID and sum(self.counts.values()) % 100 == 0:
            self.dump()  # a worker stopped with SIGTERM leaves at most 100 samples unsaved

    def _in_child(self) -> None:
        self.counts = Counter()
        signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
        atexit.register(self.dump)
        from multiprocessing import util  # workers end through multiprocessing's exit

        util.Finalize(None, self.dump, exitpriority=100)

    def dump(self) -> None:
        """This process's counts and CPU seconds, in a file named after it."""
        cpu = time.process_time()
        data = json.dumps({"cpu": cpu, "counts": dict(self.counts)})
        tmp = self.folder / f".{os.getpid()}.tmp"
        tmp.write_text(data)
        os.replace(tmp, self.folder / f"{os.getpid()}.json")


MAIN_PID = os.getpid()


def run(argv: list[str]) -> tuple[dict[str, float], int]:
    """Run `mlguide ARGV` here; CPU seconds by stage, every process included, and mlguide's
    exit status (a build that failed is profiled too, but the caller must know)."""
    folder = Path(tempfile.mkdtemp(prefix="stages-"))
    sampler = Sampler(folder)
    startup = time.process_time()  # the interpreter and this script's imports
    sampler.start()
    from mlguide.cli import main

    status = 0
    try:
        done = main(args=argv, prog_name="mlguide", standalone_mode=False)
        status = done if isinstance(done, int) else 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    main_cpu = time.process_time()
    seconds: Counter[str] = Counter()
    _split(seconds, sampler.counts, main_cpu - startup)
    seconds["start-up and imports"] += startup
    worker_cpu = 0.0
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text())
        worker_cpu += data["cpu"]
        _split(seconds, data["counts"], data["cpu"])
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    rest = children.ru_utime + children.ru_stime - worker_cpu
    if rest > 0.005:
        seconds["search indexing (the Pagefind process)"] += rest
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return dict(seconds), status


def _split(seconds: Counter[str], counts: dict[str, int], cpu: float) -> None:
    total = sum(counts.values())
    if total == 0:
        seconds[OTHER] += cpu
        return
    for stage, n in counts.items():
        seconds[stage] += cpu * n / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the seconds here as JSON")
    parser.add_argument("argv", nargs=argparse.REMAINDER, help="-- then mlguide's arguments")
    args = parser.parse_args()
    argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    seconds, status = run(argv)
    if args.json:
        args.json.write_text(json.dumps(seconds, indent=1))
    else:
        for stage, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
            print(f"{s:7.2f}  {stage}")
        print(f"{sum(seconds.values()):7.2f}  total")
    return status


if __name__ == "__main__":
    sys.exit(main())
