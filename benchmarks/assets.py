"""Asset rendering: cold time for all eight, no-change time, and sizes against gifsicle -O3 and
WebP (via shared/tools/gif_report.py). It renders a copy of this project's scenes
(assets/scenes/) into a fresh folder. Run: .venv/bin/python benchmarks/assets.py"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO.parent / "shared" / "tools" / "gif_report.py"


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="mlguide-assets-")) / "proj"
    shutil.copytree(REPO / "assets" / "scenes", out / "assets" / "scenes")
    cmd = [sys.executable, "-m", "mlguide.cli", "-C", str(out), "render-assets"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    warm = time.perf_counter() - start
    print(f"cold render of all assets: {cold:.1f} s; with nothing changed: {warm:.2f} s")
    gifs = sorted((out / "assets").glob("*.gif"))
    total = sum(g.stat().st_size for g in gifs)
    print(f"seven GIFs together: {total / 1024:.0f} KB")
    for gif in gifs:
        webp = gif.with_suffix(".webp").stat().st_size
        print(
            f"  {gif.name:<40} {gif.stat().st_size / 1024:6.0f} KB   webp/gif "
            f"{webp / gif.stat().st_size:.2f}"
        )
    if REPORT.exists():
        subprocess.run([sys.executable, str(REPORT), *map(str, gifs)], check=False)


if __name__ == "__main__":
    main()
