"""Listing pages (home, tags, archive) are made again only when what they show changed, and
the site is then byte for byte what a build without the cache gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.site import pipeline

from .conftest import tree_digest, write


def blog(root: Path) -> Path:
    write(
        root / "mlguide.yml", "title: Listed\nbase_url: https://listed.mlguide.dev/\nper_page: 2\n"
    )
    for i in range(5):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: Post number {i} of a listed blog.\n"
            f"date: 2026-01-{i + 1:02}\ntags: [t{i % 2}]\n---\n\nWords of post {i}.\n",
        )
    return root


def listing_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = pipeline.render_home_pages

    def counting(*args: object, **kwargs: object) -> object:
        calls.append("home")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "render_home_pages", counting)
    return calls


def same_as_without_cache(root: Path, tmp_path: Path) -> None:
    """The cached build's output equals a build of a copy of the project with no cache."""
    copy = tmp_path / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build", ".mlguide-cache"))
    build(BuildOptions(copy, cache=False))
    assert tree_digest(root / "build") == tree_digest(copy / "build")


def test_an_edit_that_changes_no_list_renders_no_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = blog(tmp_path / "blog")
    build(BuildOptions(root))
    calls = listing_renders(monkeypatch)
    with (root / "content" / "post-2.md").open("a") as fh:
        fh.write("\nOne sentence more.\n")
    build(BuildOptions(root))
    assert calls == []  # the home pages (and the rest of the lists) came from the store
    same_as_without_cache(root, tmp_path)


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        (lambda text: text.replace("title: Post 2", "title: Post two"), "Post two"),
        (
            lambda text: text + "\n" + "word " * 900 + "\n",
            "4 min read",
        ),  # its reading time: 900 words
        (lambda text: text.replace("tags: [t0]", "tags: [t0, fresh]"), "fresh"),
    ],
    ids=["title", "reading-time", "tags"],
)
def test_an_edit_that_changes_what_lists_show_renders_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: object, shown: str
) -> None:
    root = blog(tmp_path / "blog")
    build(BuildOptions(root))
    calls = listing_renders(monkeypatch)
    post = root / "content" / "post-2.md"
    post.write_text(edit(post.read_text()))  # type: ignore[operator]
    build(BuildOptions(root))
    assert calls == ["home"]
    home = "".join(p.read_text() for p in (root / "build").rglob("index.html"))
    assert shown in home
    same_as_without_cache(root, tmp_path)


def test_only_the_listings_of_the_last_build_are_kept(tmp_path: Path) -> None:
    root = blog(tmp_path / "blog")
    build(BuildOptions(root))
    post = root / "content" / "post-2.md"
    post.write_text(post.read_text().replace("title: Post 2", "title: Post two"))
    build(BuildOptions(root))
    entries = [
        p for p in (root / ".mlguide-cache" / "store" / "listings").rglob("*") if p.is_file()
    ]
    assert len(entries) == 1


def test_the_listings_key_names_every_field_of_a_listed_post() -> None:
    """A field added to `Listed` (what lists show of a post) must go into the key too."""
    import dataclasses

    from mlguide.site.pagecache import LISTED_FIELDS
    from mlguide.site.render.listings import Listed

    assert tuple(f.name for f in dataclasses.fields(Listed)) == LISTED_FIELDS
