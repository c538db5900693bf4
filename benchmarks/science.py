"""Science writing, measured: the math corpus score and what math, citations and notebooks
cost a build. Prints the numbers docs/measurements.md quotes.

1. The corpus score: every formula of benchmarks/math/formulas.yaml rendered by mlguide's
   Markdown pipeline and checked against what its reader must see (the HTML checks; add
   `--browser` for the Chromium ones too, as benchmarks/math/score.py does).
2. Build times, each a one-post site built by the `mlguide` command in a fresh process, as a
   writer runs it (median of `--runs`): a cold build (empty cache: every formula converted,
   the notebook's pictures written) and a warm one (the same site again, nothing changed).
   The posts: a prose post of the same length with no math (the baseline), the science
   fixture's math post (tests/fixtures/science: numbered equations, citations,
   cross-references), the corpus as one post (every formula of the corpus on one page: a
   stress test) and the fixture's notebook post (a DataFrame and a plot).

Run: .venv/bin/python benchmarks/science.py [--runs 3] [--browser]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURE = REPO / "tests" / "fixtures" / "science"
MLGUIDE = Path(sys.executable).parent / "mlguide"
sys.path.insert(0, str(HERE / "math"))
from corpus import (  # noqa: E402
    browser_check,
    check_html,
    load_corpus,
    markdown_of,
    pages,
    render_corpus,
)

CONFIG = "title: Science bench\nbase_url: https://science-bench.org/\nbibliography: refs.bib\n"
FRONT = (
    "---\ntitle: {title}\ndate: 2026-03-01\n"
    "description: A post written to measure what science writing costs a build, nothing more.\n"
    "---\n\n"
)


def score(browser: bool) -> None:
    entries = load_corpus()
    start = time.perf_counter()
    results = render_corpus(entries)
    seconds = time.perf_counter() - start
    for e in entries:
        results[e.id].fails = check_html(results[e.id], e)
    if browser:
        css = (REPO / "templates" / "math.css").read_text(encoding="utf-8")
        for key, fails in browser_check(entries, results, css, None).items():
            results[key].fails += fails
    passed = sum(not results[e.id].fails for e in entries)
    where = "HTML and Chromium" if browser else "HTML checks; --browser adds Chromium's"
    print(f"math corpus: {passed}/{len(entries)} formulas pass ({where})")
    print(
        f"  rendered in one process: {1000 * seconds / len(entries):.2f} ms a formula "
        f"({len(entries)} formulas, {seconds:.2f} s, QuickJS start included)"
    )


def corpus_post() -> str:
    """Every corpus formula on one page, as its author would write it: the corpus pages'
    macros in the front matter, each page's labels renamed so they do not clash."""
    macros: dict[str, str] = {}
    parts = []
    for n, group in enumerate(pages(load_corpus()).values()):
        for e in group:
            macros.update({name.lstrip("\\"): body for name, body in e.macros.items()})
        text = markdown_of(group)
        parts.append(text.replace("\\label{", f"\\label{{p{n}-").replace("ref{", f"ref{{p{n}-"))
    front = FRONT.format(title="Every corpus formula")
    front = front.replace("---\n\n", f"math: {json.dumps({'macros': macros})}\n---\n\n", 1)
    return front + "\n\n".join(parts)


def prose_like(markdown: str) -> str:
    """The same number of characters as plain paragraphs: the baseline a post costs."""
    words = ("the model learns a representation of its inputs and the loss falls " * 8).split()
    out, size = [], 0
    while size < len(markdown):
        paragraph = " ".join(words) + ".\n\n"
        out.append(paragraph)
        size += len(paragraph)
    return "".join(out)


def site(folder: Path, name: str, body: str | None, notebook: bool = False) -> Path:
    root = folder / name
    (root / "content").mkdir(parents=True)
    (root / "mlguide.yml").write_text(CONFIG, encoding="utf-8")
    shutil.copy(FIXTURE / "refs.bib", root / "refs.bib")
    if notebook:
        shutil.copy(FIXTURE / "content" / "2026-03-09-learning-rate-sweep.ipynb", root / "content")
    else:
        assert body is not None
        (root / "content" / "post.md").write_text(body, encoding="utf-8")
        shutil.copy(FIXTURE / "content" / "bound.png", root / "content")
    return root


def timed(root: Path, cold: bool) -> float:
    if cold:
        shutil.rmtree(root / ".mlguide-cache", ignore_errors=True)
        shutil.rmtree(root / "build", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [str(MLGUIDE), "build", "-C", str(root), "-j", "1"],
        check=True,
        capture_output=True,
        env={**os.environ, "MLGUIDE_CACHE_SECRET": "bench"},
    )
    return time.perf_counter() - start


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--browser", action="store_true", help="add the Chromium checks")
    args = ap.parse_args()
    score(args.browser)
    math_post = (FIXTURE / "content" / "2026-03-02-variational-bound.md").read_text("utf-8")
    stress = corpus_post()
    with tempfile.TemporaryDirectory(prefix="mlguide-science-bench-") as tmp:
        folder = Path(tmp)
        sites = {
            "prose post, no math (baseline)": site(
                folder, "prose", FRONT.format(title="Prose") + prose_like(math_post)
            ),
            "the fixture's math post": site(folder, "math", math_post),
            "the corpus as one post": site(folder, "corpus", stress),
            "the fixture's notebook post": site(folder, "notebook", None, notebook=True),
        }
        print(f"one-post builds, `mlguide build -j 1`, median of {args.runs} (cold / warm):")
        for label, root in sites.items():
            cold = median_of(args.runs, lambda root=root: timed(root, cold=True))
            warm = median_of(args.runs, lambda root=root: timed(root, cold=False))
            print(f"  {label:32} {cold:5.2f} s / {warm:5.2f} s")
    load = os.getloadavg()[0]
    print(f"  ({os.cpu_count()} cores, load average {load:.1f}; Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
