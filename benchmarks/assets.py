"""Asset rendering: cold time for every picture, no-change time, and sizes against
`gifsicle -O3` and the WebP twins mlguide writes beside each GIF.

It renders a copy of this project's scenes (assets/scenes/) into a fresh folder, so the
committed pictures are never touched. gifsicle comes from `scripts/install-bench-tools.sh`
(Debian package); without it, that column says so in one line.
Run: .venv/bin/python benchmarks/assets.py"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GIF_BUDGET = 250 * 1024
ALL_GIFS_BUDGET = 1.5 * 1024 * 1024


def gifsicle_size(gif: Path, scratch: Path) -> int | None:
    """Bytes of `gifsicle -O3` of the file: the reference a hand-tuned GIF is held to."""
    exe = shutil.which("gifsicle")
    if exe is None:
        return None
    out = scratch / f"{gif.stem}.O3.gif"
    subprocess.run([exe, "-O3", str(gif), "-o", str(out)], check=True, capture_output=True)
    return out.stat().st_size


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="mlguide-assets-"))
    try:
        project = scratch / "proj"
        shutil.copytree(REPO / "assets" / "scenes", project / "assets" / "scenes")
        cmd = [sys.executable, "-m", "mlguide.cli", "-C", str(project), "render-assets"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        warm = time.perf_counter() - start
        print(f"cold render of all assets: {cold:.1f} s; with nothing changed: {warm:.2f} s")

        gifs = sorted((project / "assets").glob("*.gif"))
        total = sum(g.stat().st_size for g in gifs)
        print(
            f"{len(gifs)} GIFs together: {total / 1024:.0f} KB "
            f"(budget {ALL_GIFS_BUDGET / 1024:.0f} KB)"
        )
        have_gifsicle = shutil.which("gifsicle") is not None
        if not have_gifsicle:
            print("gifsicle: not installed (scripts/install-bench-tools.sh installs it)")
        print(f"  {'file':<40} {'KB':>6} {'webp/gif':>9} {'gif/gifsicle -O3':>17}")
        ours = theirs = 0
        for gif in gifs:
            size = gif.stat().st_size
            webp = gif.with_suffix(".webp").stat().st_size
            reference = gifsicle_size(gif, scratch)
            ratio = f"{size / reference:.3f}x" if reference else "-"
            if reference:
                ours, theirs = ours + size, theirs + reference
            flag = "" if size <= GIF_BUDGET else "  over the 250 KB budget"
            print(f"  {gif.name:<40} {size / 1024:6.0f} {webp / size:9.2f} {ratio:>17}{flag}")
        if theirs:
            print(f"all GIFs together vs gifsicle -O3: {ours / theirs:.3f}x")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
