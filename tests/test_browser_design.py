"""The design in real headless Chromium: one left edge for header, main and footer at every
width; figures whose smallest text is 12 CSS px or more on a 360 px phone; the first
paragraph of a post on a phone's first screen; no layout shift; search as a dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.engine.legibility import MIN_CSS_PX, drawn_px
from mlguide.engine.shapes import Text
from mlguide.paths import project_paths
from mlguide.scenes.discover import discover
from mlguide.scenes.load import build_scene, load_asset

from .conftest import POST_SLUG, REPO, serving, write
from .test_browser import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (390, 768, 1280, 1920)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small blog: a post with sections and no picture, tags, two home pages."""
    root = tmp_path_factory.mktemp("demo")
    write(root / "mlguide.yml", "title: Demo Blog\nauthor: Ada\nper_page: 3\n")
    for n in range(1, 6):
        body = "".join(
            f"## Section {k}\n\n" + "Some words of a paragraph that goes on a while. " * 8 + "\n\n"
            for k in range(1, 5)
        )
        write(
            root / "content" / f"post-{n}.md",
            f"---\ntitle: A post about things, number {n}\ndescription: A description long "
            f"enough to be the description of post {n} of this blog.\ndate: 2026-02-0{n}\n"
            f"tags: [mlops, testing]\n---\n\n"
            + "The first paragraph of the post. " * 6
            + "\n\n"
            + body,
        )
    out = root / "build"
    build(BuildOptions(root, out_dir=out))
    with serving(out) as url:
        yield url


EDGES = """() => {
  const left = (sel) => { const e = document.querySelector(sel); return e ? Math.round(e.getBoundingClientRect().left) : null; };
  return {header: left('.site-name'), main: left('main h1'), footer: left('.site-footer p'),
          pagination: left('.pagination')};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["", "page/2/", "post-1/", "tags/mlops/", "archive/", "404.html"])
def test_header_main_and_footer_share_their_left_edge(
    browser: Any,
    demo_site: str,
    width: int,
    path: str,
) -> None:
    ctx, page, _ = open_page(browser, demo_site + path, width)
    edges = page.evaluate(EDGES)
    ctx.close()
    lefts = {k: v for k, v in edges.items() if v is not None}
    assert {"header", "main", "footer"} <= set(lefts)
    assert len(set(lefts.values())) == 1, lefts


def smallest_text() -> dict[str, tuple[float, int]]:
    """Each picture file the guide's scenes write: (its smallest text in canvas px, width)."""
    out: dict[str, tuple[float, int]] = {}
    for scene in discover(project_paths(REPO).scenes):
        asset = load_asset(scene)
        files = asset.files
        for narrow in (False, True) if asset.has_narrow else (False,):
            built = build_scene(asset, narrow)
            texts = [s for s in built.shapes if isinstance(s, Text) and s.text.strip()]
            px = min(drawn_px(t) for t in texts)
            names = [f for f in files if ("-narrow" in f) == narrow]
            for name in names:
                out[Path(name).stem] = (px, built.width)
    return out


def test_no_text_in_a_figure_is_under_12_css_px_on_a_360_px_phone(
    browser: Any,
    served_site: str,
) -> None:
    sizes = smallest_text()
    ctx, page, _ = open_page(browser, served_site + f"{POST_SLUG}/", 360)
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('figure.visual img, img.hero'))
        .map(i => [i.currentSrc.split('/').pop(), i.getBoundingClientRect().width, i.naturalWidth])""")
    ctx.close()
    assert len(shown) == 8  # the hero and seven figures
    for src, width, natural in shown:
        stem = src.split(".")[0]
        assert stem in sizes, src
        px, canvas = sizes[stem]
        assert natural == canvas, src
        css = px * width / natural
        assert css >= MIN_CSS_PX, (src, round(css, 1))
        assert "-narrow" in stem  # a phone gets the phone layout


@pytest.mark.parametrize("which", ["guide", "demo"])
def test_the_first_paragraph_is_on_a_phones_first_screen(
    browser: Any,
    served_site: str,
    demo_site: str,
    which: str,
) -> None:
    url = served_site + f"{POST_SLUG}/" if which == "guide" else demo_site + "post-1/"
    ctx, page, _ = open_page(browser, url, 390)
    top = page.evaluate(
        "document.querySelector('.prose > p').getBoundingClientRect().top + window.scrollY"
    )
    ctx.close()
    assert top < 900, top


SHIFTS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 500);
})"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["guide", "home", "archive"])
def test_nothing_shifts_while_the_page_loads(
    browser: Any,
    served_site: str,
    demo_site: str,
    width: int,
    which: str,
) -> None:
    url = {
        "guide": served_site + f"{POST_SLUG}/",
        "home": demo_site,
        "archive": demo_site + "archive/",
    }[which]
    ctx = browser.new_context(viewport={"width": width, "height": 844})
    page = ctx.new_page()
    page.goto(url, wait_until="networkidle")
    shift = page.evaluate(SHIFTS)
    ctx.close()
    assert shift < 0.001, shift


def test_search_opens_as_a_dialog_from_the_icon_and_closes_with_escape(
    browser: Any,
    served_site: str,
) -> None:
    ctx, page, seen = open_page(browser, served_site, 390)
    assert page.locator("#search-dialog").is_visible() is False
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= 64  # one row on a phone
    page.click("[data-search-open]")
    assert page.evaluate("document.getElementById('search-dialog').open")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("leakage")
    page.wait_for_selector("#search-results li a", timeout=10_000)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('search-dialog').open")
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('search-dialog').open")
    assert seen["console"] == []
    ctx.close()


def test_animations_wait_until_half_the_figure_is_in_view(
    browser: Any,
    served_site: str,
) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(served_site + f"{POST_SLUG}/", wait_until="load")  # pictures keep their boxes
    figure = page.locator("figure.visual").nth(2)
    top = figure.evaluate("f => f.getBoundingClientRect().top + window.scrollY")
    height = figure.evaluate("f => f.getBoundingClientRect().height")
    src = "f => f.querySelector('img').currentSrc.split('/').pop()"
    # A fresh page: scroll so that a quarter of the figure shows, then half.
    ctx.close()
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(served_site + f"{POST_SLUG}/", wait_until="networkidle")
    figure = page.locator("figure.visual").nth(2)
    page.evaluate(f"window.scrollTo(0, {top - 900 + height * 0.25})")
    page.wait_for_timeout(300)
    assert "-still." in figure.evaluate(src)
    page.evaluate(f"window.scrollTo(0, {top - 900 + height * 0.6})")
    page.wait_for_function(
        f"({src})(document.querySelectorAll('figure.visual')[2]).endsWith('.webp')"
    )
    ctx.close()
