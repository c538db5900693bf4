"""The render cache and reuse of the previous build: faster, and never different.

Every test compares with a build from scratch (`cache=False` into another folder): a cached
build must give the same bytes for every file, whatever changed in between.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from mlguide.commands.build import BuildOptions, build
from mlguide.site import pipeline

from .conftest import forget_last_build, tree_digest, write


def fresh(project: Path) -> dict[str, str]:
    """What a build with no cache and no previous build gives."""
    out = project.parent / f"{project.name}-fresh"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(project, out_dir=out, cache=False))
    return tree_digest(out)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root / "mlguide.yml", "title: Cached\nbase_url: https://cache.mlguide.dev/\n")
    Image.new("RGB", (40, 20), "#2546c7").save(
        (root / "content").mkdir(parents=True) or root / "content" / "pic.png"
    )
    for i in range(6):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: About post number {i}.\ndate: 2026-01-0{i + 1}\n"
            f"tags: [t{i % 2}, shared]\n---\n\n## Part\n\nSee [the next](post-{(i + 1) % 6}.md).\n"
            + ("\n![A picture](pic.png)\n" if i == 2 else ""),
        )
    return root


def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which posts are really rendered (not taken from the cache)."""
    seen: list[str] = []
    real = pipeline.render_or_error

    def counting(source, site):  # type: ignore[no-untyped-def]
        seen.append(source.meta.slug)
        return real(source, site)

    monkeypatch.setattr(pipeline, "render_or_error", counting)
    return seen


def test_a_warm_build_is_the_cold_build_byte_for_byte(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(blog))
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    assert seen == []  # every page came from the cache
    monkeypatch.undo()
    assert tree_digest(blog / "build") == fresh(blog)


@pytest.mark.parametrize(
    ("change", "rerendered"),
    [
        ("edit-body", {"post-3"}),
        # Post 3 itself, its neighbours (2, 4), the posts listing it as related (1, 5: the
        # two sharing both its tags) and post 0, whose tag `shared` holds post 3: a template
        # may show `tag.posts`.
        ("edit-title", {"post-3", "post-2", "post-4", "post-1", "post-5", "post-0"}),
        ("new-image", {"post-2"}),
        ("rename-linked", None),
        ("new-post", None),
        ("template", None),
    ],
)
def test_after_a_change_the_cached_build_still_equals_a_fresh_one(
    blog: Path, monkeypatch: pytest.MonkeyPatch, change: str, rerendered: set[str] | None
) -> None:
    build(BuildOptions(blog))
    content = blog / "content"
    if change == "edit-body":
        (content / "post-3.md").write_text((content / "post-3.md").read_text() + "\nMore words.\n")
    elif change == "edit-title":
        (content / "post-3.md").write_text(
            (content / "post-3.md").read_text().replace("title: Post 3", "title: Renamed")
        )
    elif change == "new-image":
        Image.new("RGB", (80, 30), "#b91c1c").save(content / "pic.png")
    elif change == "rename-linked":
        text = (content / "post-4.md").read_text().replace("tags:", "slug: moved\ntags:")
        (content / "post-4.md").write_text(text)
    elif change == "new-post":
        write(
            content / "post-9.md",
            "---\ntitle: Nine\ndescription: d\ndate: 2026-02-01\ntags: [shared]\n---\n\nText.\n",
        )
    elif change == "template":
        write(
            blog / "templates" / "post-list.html.j2",
            (Path(__file__).parents[1] / "templates" / "post-list.html.j2").read_text()
            + "\n<!-- changed -->\n",
        )
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    really_rendered = set(seen)  # before `fresh`, which renders everything again
    assert tree_digest(blog / "build") == fresh(blog)
    if rerendered is not None:
        assert really_rendered == rerendered


def test_a_damaged_entry_is_a_miss_and_is_rewritten(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(blog))
    entries = sorted((blog / ".mlguide-cache" / "store" / "page").glob("*/[!.]*"))
    assert len(entries) == 6
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # truncated
    entries[1].write_bytes(b"garbage")
    flipped = bytearray(entries[2].read_bytes())
    flipped[-10] ^= 0xFF
    entries[2].write_bytes(bytes(flipped))
    seen = renders(monkeypatch)
    forget_last_build(blog)
    build(BuildOptions(blog))
    assert len(seen) == 3
    seen.clear()
    build(BuildOptions(blog))
    assert seen == []  # rewritten
    assert tree_digest(blog / "build") == fresh(blog)


def test_no_cache_bypasses_it(blog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(BuildOptions(blog))
    cache = tree_digest(blog / ".mlguide-cache" / "store" / "page")
    seen = renders(monkeypatch)
    build(BuildOptions(blog, cache=False))
    assert len(seen) == 6
    assert tree_digest(blog / ".mlguide-cache" / "store" / "page") == cache


def test_the_cache_is_pruned_to_twice_the_site(blog: Path) -> None:
    build(BuildOptions(blog))
    for i in range(6):  # many versions of every post: old entries pile up
        for post in (blog / "content").glob("post-*.md"):
            post.write_text(post.read_text() + f"\nRevision {i}: " + "word " * 400 + "\n")
        build(BuildOptions(blog))
    site = sum(p.stat().st_size for p in (blog / "build").rglob("*") if p.is_file())
    entries = (blog / ".mlguide-cache" / "store" / "page").rglob("[!.]*")
    cache = sum(p.stat().st_size for p in entries if p.is_file())  # not the shard folders
    assert cache <= 2 * site


def test_unchanged_files_are_reused_and_a_hand_edited_one_is_not(blog: Path) -> None:
    build(BuildOptions(blog))
    page = blog / "build" / "post-1" / "index.html"
    before = page.stat().st_ino
    touched = blog / "build" / "post-2" / "index.html"
    touched.write_text(touched.read_text() + "<!-- edited by hand -->")
    (blog / "content" / "post-5.md").write_text(
        (blog / "content" / "post-5.md").read_text() + "\nNew.\n"
    )
    build(BuildOptions(blog))
    assert page.stat().st_ino == before  # the same file, linked into the new build
    assert "edited by hand" not in touched.read_text()  # written again from the source
    assert tree_digest(blog / "build") == fresh(blog)


def test_the_search_index_is_reused_only_while_no_page_changed(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlguide.site.write import search

    build(BuildOptions(blog))
    calls: list[Path] = []
    real = search.Pagefind
    monkeypatch.setattr(search, "Pagefind", lambda folder: calls.append(folder) or real(folder))
    forget_last_build(blog)  # a real build, over unchanged pages
    build(BuildOptions(blog))
    assert calls == []
    (blog / "content" / "post-1.md").write_text(
        (blog / "content" / "post-1.md").read_text() + "\nNew words.\n"
    )
    build(BuildOptions(blog))
    assert len(calls) == 1
    assert tree_digest(blog / "build") == fresh(blog)


def test_the_old_build_goes_to_the_trash_and_is_emptied(blog: Path) -> None:
    build(BuildOptions(blog))
    build(BuildOptions(blog))
    assert not [p for p in blog.iterdir() if p.name.startswith(".build")]
    trash = blog / ".mlguide-cache" / "trash"
    for _ in range(100):
        if not trash.exists():
            break
        os.sched_yield()
        import time

        time.sleep(0.05)
    assert not trash.exists()


def test_builds_in_quick_succession_never_lose_the_trash_under_each_other(blog: Path) -> None:
    # Each build's remover empties the trash in the background while the next build moves
    # its old build in: the remover deletes only what it found, the build retries if the
    # folder went from under it (it failed with "cannot write: No such file or directory").
    for _ in range(12):
        build(BuildOptions(blog))
        forget_last_build(blog)
    assert (blog / "build" / "index.html").is_file()
    assert not [p for p in blog.iterdir() if p.name.startswith(".build")]


def test_a_trash_emptied_under_a_build_is_not_an_error(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlguide.site.write import staging

    build(BuildOptions(blog))
    real = staging.os.rename
    taken = []

    def trash_gone_once(src: object, dst: object) -> None:
        if ".mlguide-cache/trash" in str(dst) and not taken:
            taken.append(dst)
            shutil.rmtree(Path(str(dst)).parent)  # the previous remover got there first
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(staging.os, "rename", trash_gone_once)
    forget_last_build(blog)
    build(BuildOptions(blog))
    assert taken and (blog / "build" / "index.html").is_file()
