"""Posts as read, kept in the store by file state: a build after an edit reads only the
edited post again, and its output is the cold build's, byte for byte."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.site.content import sources
from mlguide.site.content.scanstore import KIND
from mlguide.site.content.sources import SOURCE_CODEC, Source

from .conftest import forget_last_build, tree_digest, write


def fresh(project: Path) -> dict[str, str]:
    out = project.parent / f"{project.name}-fresh"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(project, out_dir=out, cache=False))
    return tree_digest(out)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root / "mlguide.yml", "title: Scanned\nbase_url: https://scan.mlguide.dev/\n")
    for i in range(5):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndate: 2026-01-0{i + 1}\ntags: [t{i % 2}]\n"
            f"extra: {{when: 2025-03-0{i + 1}, list: [1, two, 3.5]}}\n---\n\n"
            f"The first paragraph of post {i} is its description.\n",
        )
    return root


def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts really read from their files (not taken from the store)."""
    seen: list[str] = []
    real = sources.scan_post

    def counting(path, *args):  # type: ignore[no-untyped-def]
        seen.append(path.stem)
        return real(path, *args)

    monkeypatch.setattr(sources, "scan_post", counting)
    return seen


def test_an_edited_build_reads_only_the_edited_post_and_equals_a_cold_build(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(blog))
    post = blog / "content" / "post-2.md"
    post.write_text(post.read_text().replace("its description", "its new description"))
    seen = scans(monkeypatch)
    build(BuildOptions(blog))
    assert seen == ["post-2"]
    monkeypatch.undo()
    assert "its new description" in (blog / "build" / "post-2" / "index.html").read_text()
    assert tree_digest(blog / "build") == fresh(blog)


def test_damaged_or_foreign_entries_are_read_again(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(blog))
    entries = [p for p in (blog / ".mlguide-cache" / "store" / KIND).rglob("*") if p.is_file()]
    assert len(entries) == 5
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[:-3] if i % 2 else data.replace(b"Post", b"Evil"))
    forget_last_build(blog)
    seen = scans(monkeypatch)
    build(BuildOptions(blog))
    assert sorted(seen) == [f"post-{i}" for i in range(5)]
    monkeypatch.undo()
    assert tree_digest(blog / "build") == fresh(blog)


def test_what_the_file_does_not_say_is_in_the_key(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An undated post takes SOURCE_DATE_EPOCH: another epoch is another post as read."""
    write(blog / "content" / "undated.md", "---\ntitle: Undated\n---\n\nNo date here.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(BuildOptions(blog))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    forget_last_build(blog)
    build(BuildOptions(blog))
    assert "2020-09-13" in (blog / "build" / "undated" / "index.html").read_text()
    assert tree_digest(blog / "build") == fresh(blog)


def test_the_codec_gives_back_the_post_as_read_or_keeps_nothing(blog: Path) -> None:
    post = blog / "content" / "post-1.md"
    source = sources.scan_post(post, lambda body: body[:20])
    assert isinstance(source.meta.params["when"], dt.date)
    back = SOURCE_CODEC.decode(SOURCE_CODEC.encode(source))
    assert back == source and repr(back) == repr(source)
    named = source.meta.__class__(
        **{**vars(source.meta), "date": dt.datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/Paris"))}
    )
    with pytest.raises((TypeError, ValueError)):
        SOURCE_CODEC.encode(Source(named, source.head, source.digest, source.findings))
    with pytest.raises((TypeError, ValueError)):
        SOURCE_CODEC.decode(b'{"meta":[],"head":0,"digest":"","findings":[]}')
