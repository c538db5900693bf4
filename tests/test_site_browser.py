"""The test blog of tests/site_blog.py in headless Chromium: the old URL of a renamed post
leads to it, and the menu marks where the reader is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mlguide.commands.build import BuildOptions, build

from .conftest import serving
from .site_blog import OLD_URL, RENAMED, write_blog

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = write_blog(tmp_path_factory.mktemp("blog"))
    build(BuildOptions(root, strict=True))
    with serving(root / "build") as url:
        yield url


def test_the_old_url_of_a_renamed_post_leads_to_it(browser: Any, served: str) -> None:
    page = browser.new_page()
    with page.expect_navigation(url=served + RENAMED):
        page.goto(served + OLD_URL)
    assert page.url == served + RENAMED
    assert page.locator("h1").inner_text() == "Leakage, found and fixed"
    page.close()


def test_without_the_refresh_the_old_url_still_shows_the_way(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.request.get(served + OLD_URL)  # the page as it is, not followed
    html = response.text()
    assert "This page has moved" in html and f"{RENAMED}" in html
    context.close()


def test_the_menu_marks_the_page_the_reader_is_on(browser: Any, served: str) -> None:
    page = browser.new_page()
    page.goto(served + "projects/")
    current = page.locator('.site-nav a[aria-current="page"]')
    assert current.count() == 1 and current.inner_text() == "Projects"
    page.click("text=About")
    page.wait_for_url(served + "about/")
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "About"
    page.close()
