"""Picture bytes a reader downloads: the tutorial fixture (tests/fixtures/tutorial/, a
3000x2000 photo as the hero and as a figure) built into a temporary folder and opened in
Chromium at a phone's and a desktop's viewport. Every picture response is counted as the
browser received it, after scrolling through the page so that lazy pictures load too; it
also prints the page's cumulative layout shift. The goal: the photo reaches a 390 px phone
in at most 120 KB.

Run: .venv/bin/python benchmarks/picture_bytes.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from audit_pages import CHROMIUM, FLAGS, serve  # noqa: E402

BUDGET = 120 * 1024
VIEWPORTS = {  # name: (width, height, device pixel ratio)
    "phone 390 @3x": (390, 844, 3),
    "phone 390 @2x": (390, 844, 2),
    "desktop 1280 @1x": (1280, 900, 1),
    "desktop 1280 @2x": (1280, 900, 2),
}
CLS_JS = """new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 500);
})"""


def build(work: Path) -> Path:
    project = work / "tutorial"
    shutil.copytree(REPO / "tests" / "fixtures" / "tutorial", project)
    subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), "build", "--strict"],
        check=True,
        capture_output=True,
    )
    return project / "build"


def measure(
    browser: Any, url: str, width: int, height: int, scale: int
) -> tuple[dict[str, int], float]:
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    tab = context.new_page()
    pictures: dict[str, int] = {}

    def count(response: Any) -> None:
        kind = response.headers.get("content-type", "")
        if kind.startswith("image/"):
            pictures[response.url.rsplit("/", 1)[-1]] = len(response.body())

    tab.on("response", count)
    tab.goto(url, wait_until="networkidle")
    shift = float(tab.evaluate(CLS_JS))
    for y in range(0, tab.evaluate("document.body.scrollHeight") + height, height // 2):
        tab.evaluate(f"window.scrollTo(0, {y})")
        tab.wait_for_timeout(60)
    tab.wait_for_load_state("networkidle")
    context.close()
    return pictures, shift


def main() -> int:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="mlguide-bytes-"))
    try:
        site = build(work)
        source = (REPO / "tests/fixtures/tutorial/assets/photo.jpg").stat().st_size
        print(f"photo.jpg: 3000x2000, {source / 1024:.0f} KB as written")
        ok = True
        with serve(site, "/") as root, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS[1:])
            for name, (width, height, scale) in VIEWPORTS.items():
                pictures, shift = measure(browser, root + "every-feature/", width, height, scale)
                photo = {k: v for k, v in pictures.items() if k.startswith("photo")}
                total = sum(pictures.values())
                worst = max(photo.values(), default=0)
                phone = name.startswith("phone")
                good = not phone or worst <= BUDGET
                ok &= good
                files = ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(photo.items()))
                print(
                    f"{name:<17} photo {files}; all pictures {total / 1024:.0f} KB in "
                    f"{len(pictures)} files; CLS {shift:.3f}" + ("" if good else "  ✗ over 120 KB")
                )
            browser.close()
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
