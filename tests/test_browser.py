"""The built site in real headless Chromium (Debian's package, driven by Playwright)."""

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTIFACTS, POST_SLUG, scroll_through

pytestmark = pytest.mark.browser


def open_page(browser: Any, url: str, width: int, **context: Any) -> tuple[Any, Any, dict]:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    page = ctx.new_page()
    seen: dict[str, list[str]] = {"console": [], "failed": [], "aborted": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["console"].append(str(e)))
    # A request the page itself cancelled (a still still loading when anim.js swaps in the
    # animation) is kept apart: the test checks that each one was such a swap.
    page.on(
        "requestfailed",
        lambda r: seen["aborted" if r.failure == "net::ERR_ABORTED" else "failed"].append(r.url),
    )
    page.on(
        "response",
        lambda r: seen["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(url, wait_until="load")
    scroll_through(page, scripts=context.get("java_script_enabled", True))
    page.evaluate("window.scrollTo(0, 0)")
    return ctx, page, seen


def swapped_out(page: Any) -> set[str]:
    """The stills anim.js replaced by their animation (absolute URLs)."""
    return set(
        page.evaluate("""() => Array.from(document.querySelectorAll('.anim-picture [data-still]'))
        .flatMap(e => e.getAttribute('data-still').split(',').map(s => new URL(s.trim().split(' ')[0], document.baseURI).href))""")
    )


def broken_images(page: Any) -> list[str]:
    return page.evaluate("""() => Array.from(document.images)
        .filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src)""")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", [f"{POST_SLUG}/", ""], ids=["post", "home"])
def test_pages_load_cleanly_and_every_image_shows(
    browser: Any, served_site: str, width: int, path: str
) -> None:
    ctx, page, seen = open_page(browser, served_site + path, width)
    assert seen["console"] == []
    assert seen["failed"] == []
    assert set(seen["aborted"]) <= swapped_out(page), "a request was cancelled"
    assert page.evaluate("document.images.length") >= 1
    assert broken_images(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways"
    ARTIFACTS.mkdir(exist_ok=True)
    name = "post" if path else "home"
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    ctx.close()


def figure_sources(page: Any) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('figure.visual img'))
        .map(i => i.currentSrc.split('/').pop())""")


def test_every_picture_shows_the_animated_webp(browser: Any, served_site: str) -> None:
    ctx, page, _ = open_page(browser, served_site + f"{POST_SLUG}/", 1280)
    sources = figure_sources(page)
    assert len(sources) == 7
    assert all(s.startswith("ml-model-gif-") and s.endswith(".webp") for s in sources), sources
    assert broken_images(page) == []
    ctx.close()


def test_reduced_motion_shows_the_stills_and_no_pause_buttons(
    browser: Any, served_site: str
) -> None:
    ctx, page, _ = open_page(browser, served_site + f"{POST_SLUG}/", 1280, reduced_motion="reduce")
    sources = figure_sources(page)
    assert len(sources) == 7 and all("-still." in s and s.endswith(".png") for s in sources)
    assert page.locator(".anim-toggle").first.is_visible() is False
    assert broken_images(page) == []
    ctx.close()


@pytest.mark.parametrize(
    ("context", "suffix"),
    [
        ({"color_scheme": "dark"}, "-dark.webp"),
        ({"color_scheme": "dark", "reduced_motion": "reduce"}, "-dark-still.png"),
    ],
    ids=["dark", "dark-reduced-motion"],
)
def test_dark_readers_get_the_dark_pictures(
    browser: Any, served_site: str, context: dict, suffix: str
) -> None:
    ctx, page, _ = open_page(browser, served_site + f"{POST_SLUG}/", 1280, **context)
    sources = figure_sources(page)
    assert len(sources) == 7
    assert all(s.split(".")[0].endswith(suffix.split(".")[0]) for s in sources), sources
    assert all(s.endswith(suffix.rsplit(".", 1)[1]) for s in sources)
    ctx.close()


def test_pause_control_works_from_the_keyboard(browser: Any, served_site: str) -> None:
    ctx, page, _ = open_page(browser, served_site + f"{POST_SLUG}/", 1280)
    for _ in range(80):  # Tab to the first pause button, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('anim-toggle')"):
            break
    else:
        pytest.fail("no pause control reachable with Tab")
    figure = "document.activeElement.closest('figure')"
    current = f"{figure}.querySelector('img').currentSrc.split('/').pop()"
    label = "document.activeElement.getAttribute('aria-label')"
    assert page.evaluate(current).endswith(".webp")
    page.keyboard.press("Enter")
    page.wait_for_function(f"{current}.includes('-still.')")
    assert page.evaluate(label) == "Play animation"
    page.keyboard.press("Space")
    page.wait_for_function(f"{current}.endsWith('.webp')")
    assert page.evaluate(label) == "Pause animation"
    box = page.evaluate("document.activeElement.getBoundingClientRect().width")
    assert 40 <= box <= 48  # a small icon button in the corner, not a pill under the caption
    ctx.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_first_screen_stays_under_150_kb_and_loads_no_animation(
    browser: Any, served_site: str, width: int
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 844})
    page = ctx.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(served_site + f"{POST_SLUG}/", wait_until="networkidle")
    page.wait_for_timeout(300)
    # An animation is a GIF or its WebP twin; a still picture's variants (`-704w.…`) are not.
    animated = [
        u for u in sizes if u.endswith((".gif", ".webp")) and not re.search(r"-\d+w\.\w+\.webp$", u)
    ]
    assert animated == []
    assert sum(sizes.values()) < 150 * 1024, sizes
    ctx.close()


def test_without_javascript_each_figure_shows_one_animated_picture(
    browser: Any, served_site: str
) -> None:
    ctx, page, _ = open_page(
        browser, served_site + f"{POST_SLUG}/", 1280, java_script_enabled=False
    )
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('figure.visual'))
        .map(f => Array.from(f.querySelectorAll('img'))
            .filter(i => i.getBoundingClientRect().width > 0)
            .map(i => i.currentSrc.split('/').pop()))""")
    assert len(shown) == 7
    assert all(len(imgs) == 1 and imgs[0].endswith(".webp") for imgs in shown), shown
    ctx.close()


def test_without_javascript_the_page_reads_and_no_dead_button_shows(
    browser: Any, served_site: str
) -> None:
    ctx, page, seen = open_page(
        browser, served_site + f"{POST_SLUG}/", 1280, java_script_enabled=False
    )
    assert page.locator("h1").inner_text().startswith("10 steps")
    assert page.locator(".anim-toggle").first.is_visible() is False
    assert broken_images(page) == [] and seen["failed"] == []
    ctx.close()


def test_the_site_works_opened_from_disk(browser: Any, real_site: Path) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto((real_site / "index.html").as_uri())
    page.click(f'a[href^="{POST_SLUG}/"]')
    page.wait_for_load_state("load")
    assert page.url.endswith(f"{POST_SLUG}/index.html")
    assert page.locator("h1").inner_text().startswith("10 steps")
    scroll_through(page)
    assert broken_images(page) == []
    page.click("a.site-name")
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html") and page.locator(".post-list").count() == 1
    ctx.close()


def test_script_like_text_in_front_matter_cannot_break_the_page(
    browser: Any, tmp_path: Path
) -> None:
    """`<!--<script>` in a title once left the JSON-LD element open: the page rendered empty."""
    from mlguide.commands.build import BuildOptions, build

    from .conftest import write

    write(
        tmp_path / "mlguide.yml", 'title: "Site </script><!--"\nbase_url: https://x.mlguide.dev/\n'
    )
    write(
        tmp_path / "content" / "tricky.md",
        '---\ntitle: "Hello <!--<script> world"\ndescription: "A </script> & <b>not bold</b>"\n'
        'date: 2026-01-01\ntags: ["<!--", "</script>"]\n---\n\nThe body is here.\n',
    )
    build(BuildOptions(tmp_path))
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto((tmp_path / "build" / "tricky" / "index.html").as_uri())
    assert page.evaluate("document.querySelector('main') !== null")
    assert "The body is here." in page.inner_text("main")
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert data["headline"] == "Hello <!--<script> world"
    assert data["publisher"]["name"] == "Site </script><!--"
    assert page.inner_text("h1") == "Hello <!--<script> world"
    ctx.close()


@pytest.mark.parametrize("path", ["", f"{POST_SLUG}/", "tags/mlops/"])
def test_search_loads_when_opened_and_lists_results(
    browser: Any, served_site: str, path: str
) -> None:
    # From every depth: the index's URL is relative to the page, not to the script's file.
    ctx, page, seen = open_page(browser, served_site + path, 1280)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    assert not [u for u in requested if "pagefind" in u or "search." in u]
    page.click("[data-search-open]")
    page.keyboard.type("leakage")
    page.wait_for_selector("#search-results li a", timeout=10_000)
    assert "1 result for “leakage”" in page.inner_text("#search-status")
    href = page.get_attribute("#search-results li a", "href")
    assert href.split("#")[0].endswith(f"{POST_SLUG}/")  # to the section that matches
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('search-dialog').open")
    assert seen["console"] == []
    ctx.close()


def test_without_javascript_search_goes_to_the_archive(browser: Any, served_site: str) -> None:
    ctx, page, _ = open_page(browser, served_site, 390, java_script_enabled=False)
    page.click("[data-search-open]")
    page.wait_for_load_state("load")
    assert page.url.split("?")[0].endswith("/archive/")
    assert "Archive" in page.inner_text("h1")
    ctx.close()
