"""Search: indexed inside the build, in shards, off with `search: false`, nothing loaded
until wanted; the same index bytes however the pages came (rendered in any order, reused)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError
from mlguide.site.write import search

from .conftest import tree_digest, write


def test_the_build_writes_a_search_index_of_the_posts(project: Path) -> None:
    build(BuildOptions(project))
    index = project / "build" / "pagefind"
    assert json.loads((index / "shards.json").read_text()) == {"shards": ["0/"]}
    shard = index / "0"
    assert (shard / "pagefind.js").is_file() and list((shard / "fragment").iterdir())
    assert not (shard / "pagefind-ui.js").exists()  # only the API is published
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert '<form class="site-search" role="search" action="../archive/"' in page
    assert 'class="search-open" href="../archive/" data-search-open' in page  # no JS: archive
    assert "data-pagefind-body" in page


def test_search_false_leaves_no_index_and_no_form(project: Path) -> None:
    write(project / "mlguide.yml", "search: false\n")
    build(BuildOptions(project))
    assert not (project / "build" / "pagefind").exists()
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert "site-search" not in page and "data-search-open" not in page


def test_a_failed_index_fails_the_build_and_keeps_the_old_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(project))
    before = tree_digest(project / "build")

    fake = write(
        project.parent / "fake-pagefind",
        "#!/bin/sh\necho 'Error: the index could not be written' >&2\nexit 1\n",
    )
    fake.chmod(0o755)
    monkeypatch.setattr(search, "_executable", lambda: fake)
    with pytest.raises(MlguideError, match="search: Pagefind failed: Error: the index could not"):
        build(BuildOptions(project, cache=False))  # nothing to reuse: the index must be made
    assert tree_digest(project / "build") == before


def test_the_glance_table_links_each_gif_to_its_figure(real_post: str) -> None:
    table = real_post.split('id="the-ten-steps-at-a-glance"', 1)[1].split("</table>", 1)[0]
    for number, name in ((3, "data-prep"), (7, "deploy-monitor")):
        figure = f"figure-ml-model-gif-0{number}-{name}"
        assert f'<a href="#{figure}">GIF {number}</a>' in table
        assert f'id="{figure}"' in real_post


def blog(root: Path, posts: int) -> Path:
    write(root / "mlguide.yml", "title: Shards\nbase_url: https://shards.mlguide.dev/\n")
    for i in range(posts):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: Post number {i} of a blog with a sharded index.\n"
            f"date: 2026-01-{i + 1:02}\n---\n\nWords of post {i}: alpha{i} beta gamma.\n",
        )
    return root


def test_shards_are_reused_and_the_index_is_the_same_as_a_whole_site_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    root = blog(tmp_path / "blog", 5)
    build(BuildOptions(root))
    index = root / "build" / "pagefind"
    assert json.loads((index / "shards.json").read_text()) == {"shards": ["0/", "1/", "2/"]}
    inodes = {p: p.stat().st_ino for p in index.rglob("*") if p.is_file()}
    indexed: list[int] = []

    class Counting(search.Pagefind):
        def send(self, payload: dict[str, Any]) -> int:
            indexed.extend([1] if payload["type"] == "NewIndex" else [])
            return super().send(payload)

    monkeypatch.setattr(search, "Pagefind", Counting)
    with (root / "content" / "post-4.md").open("a") as fh:  # the newest: the last shard
        fh.write("\nOne more word: delta.\n")
    build(BuildOptions(root))
    assert indexed == [1]  # one shard given to Pagefind
    for p, inode in inodes.items():  # the others linked from the previous build, whole
        if p.parent.relative_to(index).parts[:1] in (("0",), ("1",)):
            assert p.stat().st_ino == inode
    streamed = tree_digest(index)
    # The same site indexed in one go from its files, pages in another order.
    search.index_folder(root / "build", [f"post-{i}/index.html" for i in range(5)])
    assert tree_digest(index) == streamed


def test_the_index_does_not_depend_on_the_order_pages_are_rendered_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlguide.site import pipeline

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    root = blog(tmp_path / "blog", 5)
    build(BuildOptions(root, cache=False))
    first = tree_digest(root / "build" / "pagefind")
    real = pipeline.plan
    monkeypatch.setattr(
        pipeline, "plan", lambda site, sources, store: real(site, sources[::-1], store)
    )
    build(BuildOptions(root, cache=False))  # newest first: each shard fills up last
    assert tree_digest(root / "build" / "pagefind") == first


def test_a_page_gone_before_its_shard_is_read_is_a_clear_error(tmp_path: Path) -> None:
    """`serve` indexes its folder while a save may be replacing pages: a page missing then is
    a one-line error (a warning in serve), never a crash of the indexing thread."""
    root = blog(tmp_path / "blog", 3)
    build(BuildOptions(root))
    (root / "build" / "post-1" / "index.html").unlink()
    pages = [f"post-{i}/index.html" for i in range(3)]
    with pytest.raises(MlguideError, match=r"pages never written: \['post-1/index.html'\]"):
        search.index_folder(root / "build", pages)
    assert (root / "build" / "pagefind" / "shards.json").is_file()  # the old index stays


def test_a_shard_is_built_and_handed_over_while_later_pages_are_still_to_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each shard's index is asked for as soon as its pages are in, and its files are ready
    to write before the build's end: the end waits for the last shard only."""
    import time

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    root = blog(tmp_path / "blog", 4)
    build(BuildOptions(root))
    site = root / "build"
    pages = [f"post-{i}/index.html" for i in range(4)]
    shards = search.plan_shards(pages)
    out = site / "fresh"
    index = search.ShardedIndex(site, shards, out, lambda p: "-", lambda s, k: False)
    try:
        index.written(pages[:2])  # the first shard is complete; the second is not
        ready: list[Any] = []
        deadline = time.monotonic() + 60
        while not ready and time.monotonic() < deadline:
            ready = index.ready()
            time.sleep(0.01)
        assert ready and {f.path.split("/")[1] for f in ready} == {"0"}
        assert index.ready() == []  # handed over once
        index.written(pages[2:])
        _, rest = index.finish()
    finally:
        index.close()
    assert rest and {f.path.split("/")[1] for f in rest} == {"1"}
    whole = {f.path: f.data for f in (*ready, *rest)}
    built = {
        f"fresh/{p.relative_to(site / 'pagefind').as_posix()}": p.read_bytes()
        for p in (site / "pagefind").rglob("*")
        if p.is_file() and p.name != "shards.json"
    }
    assert whole == built  # the same index as the build's
