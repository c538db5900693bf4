"""Print the score of mlguide's TeX -> MathML rendering on the math corpus (formulas.yaml).

Every formula is rendered by mlguide's own Markdown pipeline (corpus.py) and checked against
what its reader must see: in the HTML, and, unless --no-browser, laid out in Chromium (no raw
TeX shows, table rows on separate lines, limits under, fences stretched, numbers at the
margin). A formula passes when every check passes; the score is passed / total.

Run: .venv/bin/python benchmarks/math/score.py [--no-browser] [--sheets DIR] [--failures]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import browser_check, check_html, load_corpus, render_corpus  # noqa: E402

REPO = HERE.parent.parent
MATH_CSS = REPO / "templates" / "math.css"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--no-browser", action="store_true", help="check the HTML only")
    ap.add_argument("--sheets", type=Path, help="write contact sheets (PNG) into this folder")
    ap.add_argument("--failures", action="store_true", help="list every failing formula")
    args = ap.parse_args()
    entries = load_corpus()
    start = time.perf_counter()
    results = render_corpus(entries)
    render_s = time.perf_counter() - start
    for e in entries:
        results[e.id].fails = check_html(results[e.id], e)
    if not args.no_browser:
        found = browser_check(entries, results, MATH_CSS.read_text(encoding="utf-8"), args.sheets)
        for e in entries:
            results[e.id].fails += found[e.id]
    passed = [e for e in entries if not results[e.id].fails]
    shown_as_tex = sum('class="math-tex"' in results[e.id].html for e in entries)
    where = "HTML" if args.no_browser else "HTML and Chromium"
    print(
        f"mlguide math corpus ({where}): {len(passed)}/{len(entries)} formulas pass, "
        f"{100 * len(passed) / len(entries):.1f}%"
    )
    print(
        f"  {shown_as_tex} shown as TeX with a warning; "
        f"{len(entries) / render_s:.0f} formulas/s rendered in one process "
        f"({1000 * render_s / len(entries):.2f} ms each, first-use start included)"
    )
    by_category: Counter[str] = Counter()
    failed_category: Counter[str] = Counter()
    for e in entries:
        for c in e.category:
            by_category[c] += 1
            failed_category[c] += bool(results[e.id].fails)
    weak = [
        f"{c} {by_category[c] - failed_category[c]}/{by_category[c]}"
        for c in sorted(by_category)
        if failed_category[c]
    ]
    if weak:
        print("  categories with failures: " + ", ".join(weak))
    if args.failures:
        for e in entries:
            if results[e.id].fails:
                print(f"  {e.id}: {'; '.join(results[e.id].fails)}")
    _ = statistics  # (kept for callers that time runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
