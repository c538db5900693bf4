"""`serve` after a save that changed only a post's text: that page is rendered again, the
site is not prepared again, and the preview is what a fresh serve of the same files gives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mlguide.commands.serve import IncrementalSite, preview_paths
from mlguide.serve import incremental
from mlguide.site import pipeline
from mlguide.store.store import open_store

from .conftest import tree_digest, write

URL = "http://127.0.0.1:9/"


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(
        root / "mlguide.yml", "title: Quick\nbase_url: https://quick.mlguide.dev/\nsearch: false\n"
    )
    for i in range(6):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: About {i}.\ndate: 2026-01-0{i + 1}\n"
            f"tags: [t{i % 2}, shared]\n---\n\n## Part\n\nSee [the next](post-{(i + 1) % 6}.md).\n",
        )
    return root


def fresh(project: Path) -> dict[str, str]:
    """The preview a new serve makes of the same files, with a store of its own."""
    paths = replace(preview_paths(project), output=project.parent / "fresh")
    store = open_store(project.parent / "fresh-cache", project, memory=True)
    site = IncrementalSite(paths, URL, store=store)
    site.full_build()
    return tree_digest(paths.output)


def counted(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[int]]:
    """The posts really rendered, and how often the whole site was prepared."""
    rendered: list[str] = []
    prepared: list[int] = []
    render, prepare = pipeline.render_or_error, incremental.prepare

    def counting_render(source, site):  # type: ignore[no-untyped-def]
        rendered.append(source.meta.slug)
        return render(source, site)

    def counting_prepare(*args, **kwargs):  # type: ignore[no-untyped-def]
        prepared.append(1)
        return prepare(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_or_error", counting_render)
    monkeypatch.setattr(incremental, "prepare", counting_prepare)
    return rendered, prepared


def test_a_text_edit_renders_one_page_without_preparing_the_site(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = IncrementalSite(preview_paths(blog), URL)
    site.full_build()
    rendered, prepared = counted(monkeypatch)
    post = blog / "content" / "post-3.md"
    for k in range(2):  # twice: the second starts from the first's kept state
        post.write_text(post.read_text() + f"\nMore words, {k} " + "and more " * 300 + "\n")
        result = site.rebuild({post})
        assert result is not None
    assert rendered == ["post-3", "post-3"]
    assert prepared == []
    assert site.store is not None and site.store.memory is not None
    reads = [k for k in site.store.memory if k[0] == "source"]
    assert len(reads) == 6  # one per post: the earlier reads of post 3 were let go
    monkeypatch.undo()
    assert "More words, 1" in (site.out_dir / "post-3" / "index.html").read_text()
    assert tree_digest(site.out_dir) == fresh(blog)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: t.replace("title: Post 3", "title: Renamed"), id="title"),
        pytest.param(lambda t: t.replace("tags: [t1, shared]", "tags: [t1]"), id="tags"),
        pytest.param(
            lambda t: t.replace("description: About 3.", "extra: 1\ndescription: About 3."),
            id="param",
        ),
    ],
)
def test_a_metadata_edit_prepares_the_site_again(
    blog: Path, monkeypatch: pytest.MonkeyPatch, edit: object
) -> None:
    site = IncrementalSite(preview_paths(blog), URL)
    site.full_build()
    _, prepared = counted(monkeypatch)
    post = blog / "content" / "post-3.md"
    post.write_text(edit(post.read_text()))  # type: ignore[operator]
    site.rebuild({post})
    assert prepared == [1]
    monkeypatch.undo()
    assert tree_digest(site.out_dir) == fresh(blog)


def test_a_broken_text_edit_keeps_the_last_good_site_and_the_next_save_recovers(
    blog: Path,
) -> None:
    site = IncrementalSite(preview_paths(blog), URL)
    site.full_build()
    post = blog / "content" / "post-3.md"
    good = post.read_text()
    post.write_bytes(b"\xff\xfe not text")
    with pytest.raises(Exception, match="post-3"):
        site.rebuild({post})
    post.write_text(good + "\nFixed.\n")
    site.rebuild({post})
    assert "Fixed." in (site.out_dir / "post-3" / "index.html").read_text()
    assert tree_digest(site.out_dir) == fresh(blog)


def test_a_text_edit_still_checks_the_links_of_every_page(blog: Path) -> None:
    """Post 2 links to a heading of post 3: removing it from post 3 breaks post 2's link."""
    post2, post3 = blog / "content" / "post-2.md", blog / "content" / "post-3.md"
    post2.write_text(post2.read_text() + "\nSee [its part](post-3.md#part).\n")
    site = IncrementalSite(preview_paths(blog), URL)
    assert not [f for f in site.full_build().findings if "#part" in str(f)]
    post3.write_text(post3.read_text().replace("## Part", "## Other"))
    result = site.rebuild({post3})
    assert result is not None
    broken = [f for f in result.findings if "#part" in str(f)]
    assert broken and all(f.path == post2 for f in broken)
    post3.write_text(post3.read_text().replace("## Other", "## Part"))
    result = site.rebuild({post3})
    assert result is not None and not [f for f in result.findings if "#part" in str(f)]


def test_a_project_reached_through_a_symlink_takes_the_same_short_way(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher names files by their real path; the site knows them by the project's."""
    link = blog.parent / "linked"
    link.symlink_to(blog)
    site = IncrementalSite(preview_paths(link), URL)
    site.full_build()
    rendered, prepared = counted(monkeypatch)
    post = blog / "content" / "post-4.md"  # the real path, as the watcher reports it
    post.write_text(post.read_text() + "\nThrough the link.\n")
    site.rebuild({post.resolve()})
    assert "Through the link." in (site.out_dir / "post-4" / "index.html").read_text()
    assert (rendered, prepared) == (["post-4"], [])
    assert "Through the link." in (site.out_dir / "post-4" / "index.html").read_text()
