"""A formula nested 2,000 braces deep killed the build with a segmentation fault (exit 139,
nothing printed): QuickJS's stack limit was as large as the real stack. Now it is a "cannot
be rendered" warning at its line, whichever thread converts it. Run in a subprocess: the
crash would take pytest with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import write

DEEP = "{" * 2000 + "x" + "}" * 2000


def test_a_formula_nested_too_deep_is_a_warning_at_its_line(project: Path) -> None:
    write(
        project / "content" / "deep.md",
        f"---\ntitle: Deep\ndescription: d\ndate: 2026-01-01\n---\n\nText.\n\n${DEEP}$\n\n"
        "And $\\frac{a}{b}$ still renders.\n",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), "build"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert "deep.md:9: formula `{{{" in done.stderr, done.stderr
    assert "the formula nests too deep" in done.stderr
    page = (project / "build" / "deep" / "index.html").read_text(encoding="utf-8")
    assert "<mfrac>" in page  # the other formulas of the post are there


def test_a_thread_with_a_small_stack_converts_safely() -> None:
    # serve rebuilds on a thread of its own, whose stack may be smaller than the main one.
    script = f"""
import threading
from mlguide.site.render.markdown.mathml import convert
out = []
threading.stack_size(256 * 1024)
t = threading.Thread(target=lambda: out.extend([convert({DEEP!r}, False), convert("x^2", True)]))
t.start(); t.join()
print(out[0].error); print(out[1].mathml is not None)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stdout.split("\n")[:2] == [
        "the formula nests too deep (braces, fractions, roots…)",
        "True",
    ]
