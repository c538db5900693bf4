"""markdown-it-py against markdown-it-pyrs (markdown-it in Rust) on the 1,000-page corpus.

The evidence behind README's note on the 1,000-page goal: how much of the build a compiled
parser would save, and whether its HTML is the same. markdown-it-pyrs is not a dependency of
mlguide; install it into the venv to run this (`.venv/bin/pip install markdown-it-pyrs`).
Run: .venv/bin/python benchmarks/parsers.py [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

PLAIN = ["table", "strikethrough"]
TYPOGRAPHY = ["replacements", "smartquotes"]


def bodies(site: Path) -> list[str]:
    return [p.read_text().split("---\n", 2)[2] for p in sorted((site / "content").glob("*.md"))]


def ms_per_page(render: Callable[[str], str], texts: list[str], runs: int) -> float:
    def once() -> float:
        start = time.perf_counter()
        for text in texts:
            render(text)
        return (time.perf_counter() - start) / len(texts) * 1000

    return statistics.median(once() for _ in range(runs))


def first_difference(a: str, b: str) -> str:
    """The first line that differs, trimmed around the change."""
    for x, y in zip(a.splitlines(), b.splitlines(), strict=False):
        if x != y:
            i = next(k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q)
            return f"py: …{x[max(0, i - 30) : i + 20]}…\n    rs: …{y[max(0, i - 30) : i + 20]}…"
    return "(lengths differ)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        from markdown_it_pyrs import MarkdownIt as RustMarkdownIt
    except ImportError:
        raise SystemExit(  # noqa: B904  (a message, not a traceback)
            "markdown-it-pyrs is not installed: .venv/bin/pip install markdown-it-pyrs"
        )
    from markdown_it import MarkdownIt

    with tempfile.TemporaryDirectory(prefix="mlguide-parsers-") as work:
        texts = bodies(write_corpus(Path(work), 1000, ssgs=["mlguide"])["mlguide"])
    print(f"{len(texts)} pages")
    print(f"{'rules':<34} {'py ms/page':>10} {'rs ms/page':>10} {'same HTML':>10}")
    for label, rules in (
        ("commonmark + table, strikethrough", PLAIN),
        ("+ typographer", PLAIN + TYPOGRAPHY),
    ):
        py = MarkdownIt("commonmark", {"typographer": True}).enable(rules)
        rs = RustMarkdownIt("commonmark").enable_many(rules)
        same = [py.render(t) == rs.render(t) for t in texts]
        py_ms = ms_per_page(py.render, texts, args.runs)
        rs_ms = ms_per_page(rs.render, texts, args.runs)
        print(f"{label:<34} {py_ms:>10.2f} {rs_ms:>10.2f} {sum(same):>5}/{len(texts)}")
        if not all(same):
            k = same.index(False)
            diff = first_difference(py.render(texts[k]), rs.render(texts[k]))
            print(f"  first difference (page {k}):\n    {diff}")
    spans = sum(len(re.findall(r"`[^`\n]*--[^`\n]*`", t)) for t in texts)
    print(f"code spans containing `--` in the corpus: {spans}")


if __name__ == "__main__":
    main()
