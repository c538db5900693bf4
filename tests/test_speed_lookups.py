"""Files the pages name are looked at once per build (site/render/lookups.py), and every page
that uses an answer still depends on the files behind it; highlighting is done once per
(code, language) in a process."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from mlguide.errors import MlguideError
from mlguide.paths import project_paths
from mlguide.site import pipeline
from mlguide.site.render import figures
from mlguide.site.render.lookups import FileLookups
from mlguide.site.render.markdown import code
from mlguide.site.render.post import render_post

from .conftest import write


def test_an_answer_is_looked_up_once_and_its_files_go_to_every_asker() -> None:
    lookups = FileLookups()
    calls: list[int] = []

    def look(found: dict[Path, object]) -> str:
        calls.append(1)
        found[Path("a.png")] = (1, 2, 3, 4)
        return "answer"

    first: dict[Path, object] = {}
    second: dict[Path, object] = {}
    assert lookups.once("k", look, first) == "answer"  # type: ignore[arg-type]
    assert lookups.once("k", look, second) == "answer"  # type: ignore[arg-type]
    assert calls == [1]
    assert first == second == {Path("a.png"): (1, 2, 3, 4)}


def test_a_failed_look_is_not_remembered() -> None:
    lookups = FileLookups()
    calls: list[int] = []

    def look(found: dict[Path, object]) -> str:
        calls.append(1)
        raise MlguideError("unreadable")

    for _ in range(2):
        with pytest.raises(MlguideError, match="unreadable"):
            lookups.once("k", look)  # type: ignore[arg-type]
    assert calls == [1, 1]


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root / "mlguide.yml", "title: Shared\nbase_url: https://shared.mlguide.dev/\n")
    for i in range(3):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: Post {i}.\ndate: 2026-01-0{i + 1}\n---\n\n"
            "![A picture](pic.png)\n\n[the same picture](pic.png) and [a page](../post-0/)\n",
        )
    Image.new("RGB", (64, 32), "#2546c7").save(root / "content" / "pic.png")
    return root


def test_pages_of_one_build_share_answers_and_each_depends_on_the_files(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[str] = []
    real = figures._look_up

    def counting(url: str, *args: object) -> object:
        looked.append(url)
        return real(url, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(figures, "_look_up", counting)
    prepared = pipeline.with_cards(pipeline.prepare(project_paths(blog), None, False), jobs=1)
    rendered = [render_post(s, prepared.site) for s in prepared.sources]
    shared = [u for u in looked if "/cards/" not in u]  # a card is each page's own
    assert sorted(shared) == ["../post-0/", "pic.png"]  # once each, for three pages
    picture = blog / "content" / "pic.png"
    for page in rendered:
        assert picture in page.inputs.files  # each page is made again when the picture changes
        own = {f for f in page.images if "/cards/" not in str(f.source)}
        assert own and own == {f for f in rendered[0].images if "/cards/" not in str(f.source)}


def test_a_new_build_looks_again(blog: Path) -> None:
    """serve prepares a new Site on every change: a picture replaced in place is seen."""
    paths = project_paths(blog)
    first = pipeline.with_cards(pipeline.prepare(paths, None, False), jobs=1)
    before = render_post(first.sources[0], first.site)
    Image.new("RGB", (80, 40), "#c72546").save(blog / "content" / "pic.png")
    second = pipeline.with_cards(pipeline.prepare(paths, None, False), jobs=1)
    after = render_post(second.sources[0], second.site)
    assert before.images != after.images


def test_highlighting_is_done_once_per_code_and_language(monkeypatch: pytest.MonkeyPatch) -> None:
    import pygments

    code.highlighted.cache_clear()
    calls: list[str] = []
    real = pygments.highlight

    def counting(source: str, *args: object) -> str:
        calls.append(source)
        return str(real(source, *args))  # type: ignore[arg-type]

    monkeypatch.setattr(pygments, "highlight", counting)
    once = code.highlighted("x = 1\n", "python")
    assert code.highlighted("x = 1\n", "python") == once
    assert 'class="n"' in once
    code.highlighted("x = 1\n", "text")  # another language: highlighted on its own
    assert calls == ["x = 1\n", "x = 1\n"]


def test_a_page_kept_after_it_is_written_holds_the_builds_own_metadata_and_nothing_read(
    blog: Path,
) -> None:
    """What a build keeps of each written page (for the listings, feeds and link check):
    the metadata object it already holds, not the equal copy a worker sends back."""
    import pickle

    prepared = pipeline.with_cards(pipeline.prepare(project_paths(blog), None, False), jobs=1)
    source = prepared.sources[0]
    from_worker = pickle.loads(pickle.dumps(render_post(source, prepared.site)))
    assert from_worker.meta == source.meta and from_worker.meta is not source.meta
    assert from_worker.inputs.files
    kept = from_worker.written(source.meta)
    assert kept.meta is source.meta
    assert kept.inputs.files == {} and kept.inputs.posts == {}
    assert [f.data for f in kept.files] == [b""] * len(kept.files)
    assert kept.links == from_worker.links
    other = pickle.loads(pickle.dumps(prepared.sources[1].meta))
    assert from_worker.written(other).meta is from_worker.meta  # another post's: not taken
