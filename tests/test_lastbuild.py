"""Nothing changed, nothing done: a build whose every input is as the last build found it,
over the output it left intact, does nothing, and leaves exactly what a cold build gives;
any one input that changed (one of each kind) makes it a real build again."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from mlguide.commands.build import BuildOptions, build
from mlguide.site import pipeline
from mlguide.site.write import lastbuild

from .conftest import tree_digest, write
from .test_cache import fresh


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root / "mlguide.yml", "title: Same\nbase_url: https://same.mlguide.dev/\n")
    (root / "content").mkdir(parents=True)
    Image.new("RGB", (40, 20), "#2546c7").save(root / "content" / "pic.png")
    for i in range(4):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: About post number {i} of this blog, long enough to pass the checklist.\n"
            f"date: 2026-01-0{i + 1}\ntags: [t{i % 2}]\n---\n\nSee [the next](post-{(i + 1) % 4}.md)."
            + ("\n\n![A picture](pic.png)\n" if i == 2 else "\n"),
        )
    write(root / "templates" / "static" / "extra.css", "p { margin: 0 }\n")
    write(root / "static" / "notes.txt", "kept as it is\n")
    write(root / "assets" / "scenes" / "title.py", "# a scene\n")
    return root


def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = pipeline.prepare

    def counting(*args: object, **kwargs: object) -> pipeline.Prepared:
        seen.append("prepare")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "prepare", counting)
    return seen


def test_nothing_changed_does_nothing_and_gives_the_cold_build(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(BuildOptions(blog))
    assert not first.unchanged
    out = blog / "build"
    inode = out.stat().st_ino
    seen = renders(monkeypatch)
    again = build(BuildOptions(blog))
    assert again.unchanged
    assert seen == []  # not even the posts were read
    assert out.stat().st_ino == inode  # no swap: the very same folder
    assert (again.pages, again.files) == (first.pages, first.files)
    assert tree_digest(out) == fresh(blog)


def test_the_findings_of_the_last_build_are_reported_again(blog: Path) -> None:
    with (blog / "content" / "post-1.md").open("a") as fh:
        fh.write("\nA [broken link](no-such-post.md).\n")
    first = build(BuildOptions(blog))
    assert first.findings
    again = build(BuildOptions(blog))
    assert again.unchanged
    assert again.findings == first.findings


def _edit(path: Path) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n/* changed */\n" if path.suffix != ".md" else "\nOne more line.\n")


CHANGES: dict[str, Callable[[Path], object]] = {
    "post": lambda b: _edit(b / "content" / "post-0.md"),
    "new post": lambda b: write(
        b / "content" / "post-9.md",
        "---\ntitle: New\ndescription: A post that was not there before at all.\n"
        "date: 2026-02-01\n---\n\nNew.\n",
    ),
    "removed post": lambda b: (b / "content" / "post-3.md").unlink(),
    "picture": lambda b: Image.new("RGB", (40, 20), "#c72525").save(b / "content" / "pic.png"),
    "template": lambda b: write(b / "templates" / "404.html.j2", "<p>gone</p>\n"),
    "config": lambda b: write(
        b / "mlguide.yml", "title: Other\nbase_url: https://same.mlguide.dev/\n"
    ),
    "static file": lambda b: _edit(b / "templates" / "static" / "extra.css"),
    "root static file": lambda b: _edit(b / "static" / "notes.txt"),
    "scene": lambda b: _edit(b / "assets" / "scenes" / "title.py"),
    "card": lambda b: _edit(next((b / "assets" / "generated" / "cards").glob("*.png"))),
    "environment": lambda b: os.environ.__setitem__("SOURCE_DATE_EPOCH", "1767225600"),
    "output file edited": lambda b: _edit(b / "build" / "index.html"),
    "output file removed": lambda b: (b / "build" / "feed.xml").unlink(),
    "output file added": lambda b: write(b / "build" / "stray.html", "<p>stray</p>\n"),
}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_any_changed_input_is_noticed(
    blog: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # restored after, as the change sets it
    build(BuildOptions(blog))
    assert build(BuildOptions(blog)).unchanged
    CHANGES[kind](blog)
    result = build(BuildOptions(blog))
    assert not result.unchanged
    assert tree_digest(blog / "build") == fresh(blog)
    assert build(BuildOptions(blog)).unchanged  # and then it is current again


@pytest.mark.parametrize(
    "options",
    [{"drafts": True}, {"strict": True}, {"base_url": "https://elsewhere.mlguide.dev/"}],
    ids=["drafts", "strict", "base-url"],
)
def test_other_options_are_another_build(blog: Path, options: dict[str, object]) -> None:
    build(BuildOptions(blog))
    assert not build(BuildOptions(blog, **options)).unchanged  # type: ignore[arg-type]
    assert build(BuildOptions(blog, **options)).unchanged  # type: ignore[arg-type]
    assert not build(BuildOptions(blog)).unchanged


def test_mlguide_code_and_libraries_are_inputs(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    write(package / "site" / "render.py", "VERSION = 1\n")
    monkeypatch.setattr(lastbuild, "PACKAGE", package)
    build(BuildOptions(blog))
    write(package / "site" / "render.py", "VERSION = 2\n")
    assert not build(BuildOptions(blog)).unchanged
    installed = lastbuild._installed()
    monkeypatch.setattr(lastbuild, "_installed", lambda: [*installed, "jinja2-9.9.dist-info"])
    assert not build(BuildOptions(blog)).unchanged


def test_touching_a_file_is_not_a_change(blog: Path) -> None:
    build(BuildOptions(blog))
    post = blog / "content" / "post-1.md"
    os.utime(post, ns=(post.stat().st_atime_ns, post.stat().st_mtime_ns + 10**9))
    assert build(BuildOptions(blog)).unchanged


def test_no_cache_always_builds(blog: Path) -> None:
    build(BuildOptions(blog))
    assert not build(BuildOptions(blog, cache=False)).unchanged


def test_a_record_of_other_output_is_not_trusted(blog: Path) -> None:
    """A later build that swapped in other files but stopped before recording itself: the
    inputs put back as they were must not make those files pass for the first build."""
    build(BuildOptions(blog))
    cache = blog / ".mlguide-cache"
    saved = cache.parent / "saved-cache"
    shutil.copytree(cache, saved)
    post = blog / "content" / "post-0.md"
    original = post.read_text()
    _edit(post)
    build(BuildOptions(blog))
    post.write_text(original)
    records = cache / "store" / "records"
    for path in (saved / "store" / "records").glob("last-build-*"):
        shutil.copy(path, records / path.name)  # the first build's record, not the second's
    result = build(BuildOptions(blog))
    assert not result.unchanged
    assert tree_digest(blog / "build") == fresh(blog)


def test_a_post_held_back_by_its_date_makes_the_record_expire_then(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing in the project changes when a scheduled post's date arrives, yet the site
    must: the record stands only until the first held-back post is due."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write(
        blog / "content" / "later.md",
        "---\ntitle: Later\ndescription: A post dated far ahead, held back until its date.\n"
        "date: 2099-01-01\n---\n\nLater.\n",
    )
    build(BuildOptions(blog))
    assert build(BuildOptions(blog)).unchanged  # before its date: nothing to do
    due = dt.datetime(2099, 1, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.setattr(lastbuild, "clock", lambda: due)
    assert not build(BuildOptions(blog)).unchanged


def test_future_is_another_build(blog: Path) -> None:
    build(BuildOptions(blog))
    assert not build(BuildOptions(blog, future=True)).unchanged
    assert build(BuildOptions(blog, future=True)).unchanged
