"""Names the site's own root files take: a post with `slug: robots.txt` (its page is
`robots.txt/index.html`) or a root file `static/welcome` beside the post `welcome/` gave
`build/robots.txt: cannot write: Is a directory`, naming no source. Now each is an error at
the front matter line, or at the root file naming the post in the way."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.site.content.index import SITE_FILES

from .conftest import write

ROOT_FILES = [
    "robots.txt",
    "feed.xml",
    "feed.json",
    "sitemap.xml",
    "favicon.ico",
    "favicon.svg",
    "apple-touch-icon.png",
]


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("slug", ROOT_FILES)
def test_a_post_cannot_take_the_name_of_a_root_file(project: Path, slug: str) -> None:
    write(
        project / "content" / "x.md",
        f"---\ntitle: X\ndescription: d\ndate: 2026-01-01\nslug: {slug}\n---\n\nText.\n",
    )
    code, out = cli(project, "build")
    assert code == 1
    assert f"x.md:5: the URL `{slug}/` belongs to the site's own `{slug}`" in out, out
    assert "Is a directory" not in out


def test_the_reserved_names_are_every_root_file_a_build_writes(project: Path) -> None:
    write(project / "mlguide.yml", "title: T\nbase_url: https://ada.github.io/notes/\n")
    assert cli(project, "build")[0] == 0
    written = {p.name for p in (project / "build").iterdir() if p.is_file()}
    assert written - SITE_FILES == set()
    assert set(ROOT_FILES) <= written | {"feed.json"}  # the list above is what a site has


def test_a_root_file_named_like_a_post_names_both(project: Path) -> None:
    write(project / "static" / "small-post", "x")
    code, out = cli(project, "build")
    assert code == 1
    assert (
        "static/small-post: the build writes the folder small-post/ here "
        "(small-post/index.html, the page of content/small-post.md)"
    ) in out, out
    assert "Is a directory" not in out


def test_a_root_folder_named_like_a_root_file_says_so(project: Path) -> None:
    write(project / "static" / "robots.txt" / "a.txt", "x")
    code, out = cli(project, "build")
    assert code == 1
    assert "static/robots.txt/a.txt: the build writes the file robots.txt where this folder is" in (
        out
    ), out


@pytest.mark.parametrize(
    ("slug", "url"), [*((s, f"{s}/") for s in ROOT_FILES), ("404.html", "404.html")]
)
def test_new_refuses_a_root_files_name_as_the_build_would(
    project: Path, slug: str, url: str
) -> None:
    """`new --slug robots.txt` wrote the post, and only the next build refused it."""
    code, out = cli(project, "new", "X", "--slug", slug)
    assert code == 1, out
    assert f"the URL `{url}` belongs to the site's own `{slug}`: give the post another" in out
    assert not (project / "content" / f"{slug}.md").exists()
