"""Screenshots of the science fixture (tests/fixtures/science) for docs/: the math-heavy post
and the notebook post, at 390 and 1280 px wide, light and dark, as palette PNGs.

Each is taken where the page's science is (the derivation, the notebook's table and plot),
not at the top, where every post looks the same.

Run: .venv/bin/python scripts/science_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import functools
import io
import shutil
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "science"
# name -> (page, the element to scroll to the top of the screen)
SHOTS = {
    "science-math": ("variational-bound/", "#the-marginal-likelihood-log-p-th-x"),
    "science-notebook": ("learning-rate-sweep/", "#tbl-sweep"),
}
SIZES = ((1280, 900), (390, 844))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from mlguide.commands.build import BuildOptions, build

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        shutil.copytree(FIXTURE, root)
        build(BuildOptions(root=root, out_dir=root / "build", strict=True, cache=False))
        handler = functools.partial(_Quiet, directory=str(root / "build"))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                for name, (path, anchor) in SHOTS.items():
                    for width, height in SIZES:
                        for scheme in ("light", "dark"):
                            page = browser.new_page(
                                viewport={"width": width, "height": height}, color_scheme=scheme
                            )
                            page.goto(f"http://127.0.0.1:{server.server_port}/{path}")
                            page.evaluate(
                                "a => window.scrollTo({top: document.querySelector(a)"
                                ".getBoundingClientRect().top + window.scrollY - 16, "
                                "behavior: 'instant'})",
                                anchor,
                            )
                            page.wait_for_timeout(300)
                            png = Image.open(io.BytesIO(page.screenshot()))
                            out = args.out / f"{name}-{width}-{scheme}.png"
                            png.quantize(256, dither=Image.Dither.NONE).save(out, optimize=True)
                            print(f"{out.relative_to(REPO)}  {out.stat().st_size:,} bytes")
                            page.close()
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
