"""Names that would collide are errors or are made unique, the same way in every build: tag
slugs, the site's own names a post cannot take, and text a terminal sent in another encoding."""

from __future__ import annotations

import pytest

from .harness import Project, fails_cleanly, write

RESERVED = ["index", "tags", "archive", "page", "pagefind", "assets"]


def test_tags_whose_slugs_collide_each_get_their_own_page(project: Project) -> None:
    # `café` -> `cafe` was suffixed `cafe-850f7d`, the very slug of a third tag: the build
    # failed with "two pages want the same output file" and no file named.
    write(
        project.root / "content" / "coffee.md",
        "---\ntitle: T\ndate: 2026-01-03\ntags: [café, cafe, cafe-850f7d]\n---\n\nText.\n",
    )
    first = project.run("build")
    assert first.code == 0 and "Traceback" not in first.text, first.text
    pages = sorted(p.parent.name for p in (project.root / "build" / "tags").glob("*/index.html"))
    assert len(pages) == 4 and {"cafe", "cafe-850f7d", "ml"} <= set(pages), pages
    assert project.run("build").code == 0  # the same slugs again
    again = sorted(p.parent.name for p in (project.root / "build" / "tags").glob("*/index.html"))
    assert again == pages


@pytest.mark.parametrize("slug", RESERVED)
def test_new_refuses_a_slug_the_site_uses(bare: Project, slug: str) -> None:
    # `new --slug index` wrote content/index.md, which the build then left out silently.
    kept = bare.freeze()
    run = bare.run("new", "A post", "--slug", slug)
    assert run.code == 1 and "Traceback" not in run.text, run.text
    assert any(f"`{slug}` is the name of the site's own pages" in e for e in run.errors())
    kept.unchanged()


def test_new_refuses_a_title_whose_slug_the_site_uses(bare: Project) -> None:
    kept = bare.freeze()
    run = bare.run("new", "Index")
    assert run.code == 1 and "`index` is the name of the site's own pages" in run.err, run.text
    kept.unchanged()


def test_build_reports_the_slug_index_at_its_line(project: Project) -> None:
    # `/index/` was built, a URL everyone reads as the home page. (The site's folders,
    # `tags` or `pagefind`, were refused already: tests/test_input_edges.py.)
    write(
        project.root / "content" / "mine.md",
        "---\ntitle: Mine\ndate: 2026-01-03\nslug: index\n---\n\nText.\n",
    )
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/mine.md:4", "the URL `index/` belongs to")
    kept.unchanged()


def test_a_post_named_index_at_the_top_is_reported_not_dropped_silently(
    project: Project,
) -> None:
    write(project.root / "content" / "index.md", "---\ntitle: Home\ndate: 2026-01-03\n---\n\nHi.\n")
    run = project.run("build")
    assert run.code == 0 and "Traceback" not in run.text, run.text
    assert any(
        w.startswith("warning: content/index.md:3: not published") for w in run.warnings()
    ), run.err


def test_new_with_a_title_that_is_not_utf8(bare: Project) -> None:
    # A Latin-1 terminal sends `é` as the byte 0xE9: it arrived as a lone surrogate and
    # writing the post raised UnicodeEncodeError.
    kept = bare.freeze()
    run = bare.run("new", b"Caf\xe9 notes")
    assert run.code == 1 and "Traceback" not in run.text, run.text
    assert any("the title is not UTF-8 text (byte 0xe9)" in e for e in run.errors()), run.err
    kept.unchanged()
