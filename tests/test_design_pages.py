"""The design pass in the built HTML: text-first lists, the hero the author chose, one grid's
markup, a table of contents that folds away, phone layouts of figures, a 404 that helps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build

from .conftest import POST_SLUG, write

POST = """
---
title: {title}
description: A description long enough to be a real description of the post {n}.
date: 2026-01-{day:02d}
tags: [{tags}]
{extra}
---

{body}
"""
SECTIONS = "## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n"


def post(project: Path, n: int, tags: str = "mlops", extra: str = "", body: str = "") -> None:
    text = POST.format(
        title=f"Post number {n}", n=n, day=n, tags=tags, extra=extra, body=body or "Words."
    )
    write(project / "content" / f"post-{n}.md", text)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve posts (two home pages): one with a picture of its own, one that asks for its
    card on the page, one with sections. Built once: the tests only read it."""
    tmp_path = tmp_path_factory.mktemp("design")
    write(tmp_path / "mlguide.yml", "title: Test Site\nauthor: Ada\nper_page: 10\n")
    shutil_png(tmp_path / "content" / "own.png")
    for n in range(1, 13):
        extra = ""
        if n == 3:
            extra = 'hero: own.png\nhero_alt: "A picture of its own"'
        elif n == 4:
            extra = "hero: card"
        post(project=tmp_path, n=n, extra=extra, body=SECTIONS if n == 5 else "")
    build(BuildOptions(tmp_path))
    return tmp_path / "build"


def shutil_png(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 600), "#336699").save(path)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_lists_are_text_first_with_reading_time_and_tags(site: Path) -> None:
    home = read(site, "index.html")
    entries = re.findall(r'<li class="entry[^"]*">.*?</li>\n', home, re.S)
    assert len(entries) == 10
    for entry in entries:
        assert "min read" in entry and 'rel="tag"' in entry
    assert "-1200x600" not in home  # no generated card in a list
    own = next(e for e in entries if "Post number 3" in e)
    assert 'class="entry has-thumb"' in own and "own-360w." in own  # its own picture, small
    card = next(e for e in entries if "Post number 4" in e)
    assert "<img" not in card  # `hero: card` puts the card on the post, not on lists


def test_a_post_shows_no_card_unless_it_asks(site: Path) -> None:
    plain, asks, own = (read(site, f"post-{n}/index.html") for n in (1, 4, 3))
    assert 'class="hero"' not in plain
    assert re.search(r'<meta property="og:image" content="[^"]*post-1-1200x630', plain)
    assert re.search(r'<img class="hero" src="[^"]*post-4-1200x600', asks)
    assert 'alt="A picture of its own"' in own and 'class="hero"' in own


def test_the_table_of_contents_folds_and_needs_three_sections(site: Path) -> None:
    short, long = read(site, "post-1/index.html"), read(site, "post-5/index.html")
    assert 'class="toc"' not in short
    assert (
        '<details class="toc" id="toc"' in long and '<details class="toc" id="toc" open' not in long
    )
    assert "3 sections" in long


def test_header_main_and_footer_share_one_container(site: Path) -> None:
    for path in ("index.html", "post-1/index.html", "tags/index.html", "archive/index.html"):
        page = read(site, path)
        assert '<header class="site-header">\n  <div class="container bar">' in page
        assert '<main id="main" class="container' in page
        assert '<footer class="site-footer">\n  <div class="container">' in page


def test_the_footer_speaks_to_readers(site: Path) -> None:
    page = read(site, "index.html")
    assert "© Ada" in page and "offline" not in page


def test_the_tags_link_is_marked_on_tag_pages(site: Path) -> None:
    assert 'href="../tags/" aria-current="page">Tags' in read(site, "tags/index.html")
    assert 'href="../../tags/" aria-current="true">Tags' in read(site, "tags/mlops/index.html")


def test_page_two_keeps_its_number_out_of_the_title(site: Path) -> None:
    page = read(site, "page/2/index.html")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert h1 is not None and "Page" not in h1.group(1)
    assert '<p class="kicker">Page 2 of 2</p>' in page


def test_the_404_page_offers_search_and_recent_posts(site: Path) -> None:
    page = read(site, "404.html")
    assert 'role="search"' in page and "data-search-open-form" in page
    assert page.count('<li><time datetime="2026-01-') == 5
    assert "Post number 12" in page and "Post number 7" not in page  # the newest five


def test_the_intro_says_who_writes_the_blog(site: Path) -> None:
    home = read(site, "index.html")
    assert '<section class="intro"' in home and re.search(r"By (<a [^>]*>)?Ada", home)


def test_figures_serve_their_phone_layout_on_narrow_screens(real_post: str) -> None:
    narrow = re.findall(
        r'<source media="\(max-width: 47\.99rem\)" srcset="([^"]*)"( data-srcset="([^"]*)")?',
        real_post,
    )
    stills = [(s, later) for s, _, later in narrow if later]
    assert len(stills) == 7  # the still first; anim.js swaps in the animation
    assert all("-narrow-still." in s and "-narrow." in later for s, later in stills)
    assert len([s for s, _, later in narrow if not later and "-narrow." in s]) == 7  # noscript
    assert re.search(
        r'<source srcset="[^"]*blog-poster-1200x600-narrow\.[0-9a-f]+\.png" media="\(max-width: 47\.99rem\)"',
        real_post,
    )


def test_the_pause_control_is_an_icon_button_with_a_name(real_post: str) -> None:
    buttons = re.findall(r'<button class="anim-toggle"[^>]*>', real_post)
    assert len(buttons) == 7
    assert all('aria-label="Pause animation"' in b and "hidden" in b for b in buttons)


@pytest.mark.parametrize("path", ["", POST_SLUG + "/"])
def test_search_is_an_icon_that_falls_back_to_the_archive(real_site: Path, path: str) -> None:
    page = (real_site / path / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="search-open" href="[./]*archive/" data-search-open', page)
    assert '<dialog class="search-dialog" id="search-dialog"' in page


def test_a_list_thumbnail_fetches_a_small_copy_of_the_hero(site: Path) -> None:
    """A thumbnail 10rem (160 px) wide fetched the 1200 px original; its sources are now the
    hero's small copies, described by width, for a 10rem picture."""
    home = read(site, "index.html")
    thumb = re.search(r'<a class="entry-thumb"[^>]*><picture>(.*?)</picture>', home, re.S)
    assert thumb is not None
    sources = re.findall(r"<source [^>]*>", thumb.group(1))
    assert [re.search(r'type="([^"]+)"', s).group(1) for s in sources] == [  # type: ignore[union-attr]
        "image/webp",
        "image/png",
    ]
    for source in sources:
        assert 'sizes="10rem"' in source and 'media="(min-width: 40rem)"' in source
        srcset = re.search(r'srcset="([^"]+)"', source).group(1)  # type: ignore[union-attr]
        widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
        assert widths[0] == 360 and widths == sorted(widths), srcset
        assert "own." not in srcset  # never the original (`own.<hash>.png`)


def test_related_posts_leave_out_the_older_and_newer_post(site: Path) -> None:
    """Every post shares the tag, so the neighbours were listed twice at the foot."""
    page = read(site, "post-5/index.html")
    related = page.split('<section class="related"')[1].split("</section>")[0]
    neighbours = page.split('<nav class="post-nav"')[1].split("</nav>")[0]
    listed = set(re.findall(r'href="([^"]+)"', related))
    linked = set(re.findall(r'href="([^"]+)"', neighbours))
    assert linked == {"../post-4/", "../post-6/"}
    assert listed and not listed & linked
