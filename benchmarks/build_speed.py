"""Build speed and peak memory on synthetic corpora of 1, 100 and 1,000 pages; serve rebuild.

Uses shared/bench/make_corpus.py (the corpus Hugo, Pelican and MkDocs are measured on).
Prints seconds (median of RUNS), peak RSS of the build process, and the ratio to Hugo when
`hugo` is installed. Run: .venv/bin/python benchmarks/build_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
MLGUIDE = [sys.executable, "-m", "mlguide.cli"]


def corpus(root: Path, pages: int) -> Path:
    site = root / f"corpus-{pages}"
    if not site.exists():
        subprocess.run(
            [sys.executable, str(MAKE_CORPUS), str(site), "--pages", str(pages), "--seed", "1"],
            check=True,
            capture_output=True,
        )
    return site


# Runs the command from a fresh parent: RUSAGE_CHILDREN only ever grows, so read in this
# script it would report the largest process run so far (Hugo, the corpus generator).
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(cmd: list[str], cwd: Path, prepare: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MB of the command's largest process, workers included)."""
    if prepare is not None:
        shutil.rmtree(prepare, ignore_errors=True)
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def hugo_seconds(site: Path, runs: int) -> float | None:
    if shutil.which("hugo") is None:
        return None
    hugo_site = site / "hugo"
    (hugo_site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (hugo_site / "config.toml").write_text(
        f'baseURL = "https://example.com/"\ntitle = "bench"\ncontentDir = "{site / "content"}"\n'
    )
    for name in ("single", "list"):
        (hugo_site / "layouts" / "_default" / f"{name}.html").write_text(
            "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>"
            "{{ .Content }}</body></html>\n"
        )
    out = site / "hugo-out"
    return statistics.median(
        timed(["hugo", "--quiet", "-s", str(hugo_site), "-d", str(out)], site, out)[0]
        for _ in range(runs)
    )


def serve_rebuild_seconds(site: Path, runs: int = 3) -> float:
    """Edit one page of a served corpus; seconds until the rebuilt page is on disk, through
    the real watcher (inotify + debounce) and incremental rebuild. Median of `runs`."""
    from mlguide.commands.serve import IncrementalSite, on_change_handler
    from mlguide.serve import watch

    inc = IncrementalSite(site, site / "serve-build")
    inc.full_build()
    stop = watch(
        [site / "content"],
        on_change_handler(inc, lambda _: None, lambda _: None),
        ignore=[inc.out_dir],
    )
    pages = sorted((site / "content").glob("*.md"))
    page = pages[len(pages) // 2]
    out = inc.out_dir / inc.posts[page.resolve()].rendered.summary.url_path / "index.html"
    original = page.read_text()
    samples = []
    try:
        for k in range(runs):
            marker = f"Benchmark edit {k}."
            page.write_text(original.replace("\n\n", f"\n\n{marker}\n\n", 1))
            start = time.perf_counter()
            while marker not in out.read_text():
                if time.perf_counter() - start > 10:
                    raise SystemExit("serve benchmark: the page was not rebuilt within 10 s")
                time.sleep(0.002)
            samples.append(time.perf_counter() - start)
            time.sleep(0.3)
    finally:
        page.write_text(original)
        stop()
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,100,1000")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mlguide-bench-"))
    print(f"{'pages':>6} {'mlguide s':>10} {'peak MB':>8} {'hugo s':>8} {'ratio':>6}")
    for pages in (int(s) for s in args.sizes.split(",")):
        site = corpus(work, pages)
        out = site / "build"
        samples = [timed(MLGUIDE + ["build", "-o", str(out)], site, out) for _ in range(args.runs)]
        seconds = statistics.median(s for s, _ in samples)
        peak = max(m for _, m in samples)
        hugo = hugo_seconds(site, args.runs)
        ratio = f"{seconds / hugo:.2f}" if hugo else "-"
        print(f"{pages:>6} {seconds:>10.3f} {peak:>8.0f} {hugo or float('nan'):>8.3f} {ratio:>6}")
    site = corpus(work, 1000)
    print(
        f"serve: one edited page of 1,000 rebuilt and on disk in "
        f"{serve_rebuild_seconds(site):.3f} s"
    )
    start = time.perf_counter()
    subprocess.run(MLGUIDE + ["--help"], check=True, capture_output=True)
    print(f"mlguide --help: {time.perf_counter() - start:.3f} s")
    print(f"(corpora in {work}; cores: {os.cpu_count()})")


if __name__ == "__main__":
    main()
