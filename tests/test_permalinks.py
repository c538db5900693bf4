"""URLs: permalink patterns, a post's own `url:`, old URLs (`aliases:`), pages' kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlguide.errors import MlguideError
from mlguide.site.permalinks import UrlParts, check_pattern, expand, file_of, read_site_path

from .conftest import read_post, write

DAY = dt.datetime(2024, 3, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("/:year/:month/:day/:slug/", "2024/03/05/hello/"),
        ("/:year/:slug.html", "2024/hello.html"),
        ("/:section/:slug/", "notes/hello/"),
        ("/blog/:title/", "blog/hello/"),
        (":slug", "hello/"),
    ],
)
def test_patterns_fill_in_each_placeholder(pattern: str, expected: str) -> None:
    parts = UrlParts("hello", DAY, section="notes")
    assert expand(check_pattern(pattern), parts) == expected


def test_an_empty_placeholder_leaves_no_empty_folder() -> None:
    assert expand(check_pattern("/:section/:slug/"), UrlParts("hello", DAY)) == "hello/"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("/:yr/:slug/", "unknown placeholder `:yr`"),
        ("/:year/:month/", "must contain :slug"),
        ("https://x.org/:slug/", "not the full URL"),
        ("/:slug.png", "must end in `/` or `.html`"),
    ],
)
def test_bad_patterns_say_why(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_pattern(pattern)


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("/about/", "about/"),
        ("about", "about/"),
        ("/2019/01/02/old.html", "2019/01/02/old.html"),
        ("/caf%C3%A9/", "café/"),
    ],
)
def test_urls_in_front_matter_become_site_paths(written: str, path: str) -> None:
    assert read_site_path(written) == path


@pytest.mark.parametrize(
    "written", ["/", "https://x.org/a/", "/a/../b/", "/a b/", "/x?y=1", "/paper.pdf"]
)
def test_what_is_not_a_page_of_this_site_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="must"):
        read_site_path(written)


def test_a_folder_url_is_served_from_its_index() -> None:
    assert (file_of("a/b/"), file_of("a/b.html")) == ("a/b/index.html", "a/b.html")


def test_front_matter_url_and_aliases_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "content" / "new-name.md",
        """
        ---
        title: Renamed
        date: 2024-01-02
        url: /2019/renamed.html
        aliases: [/old-name/, /2019/01/02/old-name.html]
        redirect_from: /older/
        ---
        Text.
        """,
    )
    meta = read_post(path).meta
    assert meta.url_path == "2019/renamed.html" and meta.out_path == "2019/renamed.html"
    assert meta.aliases == ("old-name/", "2019/01/02/old-name.html", "older/")
    assert meta.kind == "post" and meta.dated


def test_a_bad_alias_is_named_at_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.md",
        "---\ntitle: T\ndate: 2024-01-02\naliases:\n  - /fine/\n  - https://other.org/x/\n---\n",
    )
    with pytest.raises(MlguideError) as caught:
        read_post(path)
    assert caught.value.line == 4
    assert "`aliases` entry `https://other.org/x/` must be a path on this site" in str(caught.value)


def test_two_different_urls_for_one_post_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "p.md", "---\ntitle: T\ndate: 2024-01-02\nurl: /a/\npath: /b/\n---\n")
    with pytest.raises(MlguideError, match="`url` and `path` give two different URLs") as caught:
        read_post(path)
    assert caught.value.line == 5


@pytest.mark.parametrize("key", ["layout: page", "type: page"])
def test_layout_page_makes_a_page_that_needs_no_date(tmp_path: Path, key: str) -> None:
    meta = read_post(write(tmp_path / "about.md", f"---\ntitle: About\n{key}\n---\nMe.\n")).meta
    assert meta.kind == "page" and not meta.dated and meta.url_path == "about/"


def test_a_post_still_needs_a_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(MlguideError, match="missing `date`"):
        read_post(write(tmp_path / "about.md", "---\ntitle: About\nlayout: post\n---\nMe.\n"))
