"""The test blog of tests/site_blog.py built as a user would: pages, menus, redirects,
permalinks, a scheduled post, a recoloured theme, feeds, icons."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from mlguide.commands.build import BuildOptions, build
from mlguide.commands.check import run_checks
from mlguide.paths import project_paths

from .site_blog import LIVE_EPOCH, OLD_URL, RENAMED, SCHEDULED, write_blog

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://gradient-notes.github.io/"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = write_blog(tmp_path_factory.mktemp("blog"))
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = build(BuildOptions(root, strict=True))
    assert [f.rule for f in result.findings] == ["scheduled"]  # a notice; --strict passes
    yield root / "build"


def read(build: Path, path: str) -> str:
    return (build / path).read_text(encoding="utf-8")


def test_posts_follow_the_permalink_pattern(blog: Path) -> None:
    assert (blog / "2026/03/first-steps/index.html").is_file()
    assert (blog / RENAMED / "index.html").is_file()
    home = read(blog, "index.html")
    assert 'href="2026/03/first-steps/"' in home


def test_pages_are_pages_and_in_no_list(blog: Path) -> None:
    about = read(blog, "about/index.html")
    assert 'class="standalone"' in about and "<h1>About</h1>" in about
    assert '"@type":"WebPage"' in about and "min read" not in about
    for listing in ("index.html", "archive/index.html", "tags/index.html", "tags/basics/"):
        main = read(blog, listing + ("index.html" if listing.endswith("/") else ""))
        main = main.split("<main")[1].split("</main>")[0]  # the menu links them; lists do not
        assert "about/" not in main and "projects/" not in main, listing
    for feed in ("feed.xml", "feed.json", "tags/basics/feed.xml"):
        assert "about/" not in read(blog, feed), feed
    # Its foot: related posts (none here: they are its older and newer posts) and neighbours.
    foot = read(blog, "2026/03/first-steps/index.html").split('<footer class="post-footer"')[1]
    assert "about/" not in foot.split("</footer>")[0]
    sitemap = read(blog, "sitemap.xml")
    assert f"<loc>{BASE}about/</loc></url>" in sitemap  # in the sitemap, without a lastmod
    assert "data-pagefind-body" in about  # and in search


def test_the_menu_has_five_entries_and_marks_the_current_page(blog: Path) -> None:
    nav = read(blog, "about/index.html").split('<nav class="site-nav"')[1].split("</nav>")[0]
    links = [line.strip() for line in nav.splitlines() if "<a " in line]
    assert [link.split(">")[1].split("<")[0] for link in links] == [
        "About",
        "Projects",
        "Archive",
        "evaluation",
        "GitHub",
    ]
    assert 'href="../about/" aria-current="page"' in links[0]
    assert "aria-current" not in "".join(links[1:])
    archive_nav = read(blog, "archive/index.html").split('<nav class="site-nav"')[1]
    assert 'href="../archive/" aria-current="page"' in archive_nav.split("</nav>")[0]


def test_the_old_url_redirects(blog: Path) -> None:
    page = read(blog, OLD_URL + "index.html")
    target = "../../../" + RENAMED
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert f'<link rel="canonical" href="{BASE}{RENAMED}">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f'<a href="{target}">{BASE}{RENAMED}</a>' in page
    # Its own icon links: else the browser asks the host's root for /favicon.ico (a console
    # error under Lighthouse on a site published under a path).
    assert '<link rel="icon" href="../../../favicon.svg"' in page
    assert read(blog, "_redirects") == f"/{OLD_URL} /{RENAMED} 301\n"
    assert OLD_URL not in read(blog, "sitemap.xml")


def test_the_scheduled_post_is_held_back(blog: Path) -> None:
    assert not (blog / SCHEDULED).exists()
    for path in ("index.html", "feed.xml", "feed.json", "archive/index.html", "sitemap.xml"):
        assert "coming-later" not in read(blog, path), path
    marker = json.loads(read(blog, ".mlguide-build.json"))
    assert marker["held_back"] == ["posts/2027-01-15-coming-later.md"]


def test_check_judges_the_posts_the_build_published(blog: Path) -> None:
    results = run_checks(project_paths(blog.parent))
    pages = next(r for r in results if r.rule == "pages")
    assert pages.ok, pages.problems


@pytest.mark.parametrize("how", ["--future", "a later clock"])
def test_the_scheduled_post_appears_with_future_or_a_later_clock(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    root = tmp_path / "blog"
    shutil.copytree(blog.parent, root, ignore=shutil.ignore_patterns("build", ".mlguide-cache"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    if how == "a later clock":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", LIVE_EPOCH)
    result = build(BuildOptions(root, future=how == "--future", strict=True))
    assert "scheduled" not in [f.rule for f in result.findings]
    out = root / "build"
    assert (out / SCHEDULED / "index.html").is_file()
    assert "coming-later" in read(out, "index.html") and "coming-later" in read(out, "feed.xml")


def test_feeds_carry_the_full_text_with_absolute_links(blog: Path) -> None:
    atom = ET.parse(blog / "feed.xml").getroot()
    entry = atom.findall(f"{ATOM}entry")[0]
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    assert f'href="{BASE}2026/03/first-steps/"' in (content.text or "")
    feed = json.loads(read(blog, "feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{BASE}feed.json"
    first = feed["items"][0]
    assert first["url"] == BASE + RENAMED and f'href="{BASE}2026/03/' in first["content_html"]
    tag = json.loads(read(blog, "tags/evaluation/feed.json"))
    assert [i["title"] for i in tag["items"]] == ["Leakage, found and fixed", "First steps"]
    assert "content_html" in tag["items"][0]  # per-tag feeds follow `feed: full`


def test_the_theme_recolours_the_page_and_the_cards(blog: Path) -> None:
    """The card is a social image (og:image), drawn in the theme's palette: its colour field
    is the palette colour of the post's first tag (issue 25's card identity)."""
    from mlguide.cards.layout import field_colour
    from mlguide.cards.text import CardText
    from mlguide.engine.raster import color_of
    from mlguide.tokens import Theme, make_tokens

    page = read(blog, "index.html")
    assert "--accent:#0f766e;" in page
    assert not list((blog / "assets").glob("first-steps-1200x600.*.png"))  # not on the page
    card = next((blog / "assets").glob("first-steps-1200x630.*.png"))
    text = CardText("Gradient Notes", "First steps", tags=("evaluation", "basics"))
    palette = make_tokens(Theme(accent="#0f766e")).light
    with Image.open(card) as img:
        field = img.convert("RGB").getpixel((4, 300))  # the colour field along the left edge
    assert field == color_of(field_colour(text), palette)


def test_icons_are_drawn_from_the_initials_and_the_accent(blog: Path) -> None:
    svg = read(blog, "favicon.svg")
    assert ">GN</text>" in svg and "fill:#0f766e" in svg
    with Image.open(blog / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180) and touch.mode == "RGB"
        assert touch.getpixel((3, 3)) == (0x0F, 0x76, 0x6E)
    with Image.open(blog / "favicon.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48)} <= ico.info["sizes"]
    assert '<link rel="apple-touch-icon" href="apple-touch-icon.png"' in read(blog, "index.html")
