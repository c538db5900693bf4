"""Edges a hostile run found: names the site keeps for itself, files that are not files,
folders that cannot be read, titles too long for a file name, errors that named the wrong
place. Each ends as one `path:line: message` (or one checklist finding), never a traceback or a
hang, and the site is right."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlguide import fileio
from mlguide.cli import main
from mlguide.commands.new import SLUG_FROM_TITLE, new_post
from mlguide.paths import project_paths
from mlguide.site import outputs
from mlguide.site.content import sources as content
from mlguide.site.write import reuse
from mlguide.site.write.staging import staged_tree

from .conftest import fail_writing, write


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


def post(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndescription: d\ndate: 2026-01-01\n{extra}---\n\nText.\n"


@pytest.mark.parametrize(
    ("name", "extra", "line"),
    [
        ("a.md", "slug: pagefind\n", 5),
        ("tags.md", "", 1),
        ("b.md", "slug: archive\n", 5),
        ("assets.md", "", 1),
        ("c.md", "slug: page\n", 5),
    ],
)
def test_a_post_cannot_take_a_folder_the_site_writes(
    project: Path, name: str, extra: str, line: int
) -> None:
    # A post with slug `pagefind` vanished on every second build (the index was written over
    # it); `tags` gave "two pages want the same output file" with no file or line.
    write(project / "content" / name, post("X", extra))
    code, out = cli(project, "build")
    assert code == 1
    assert f"{name}:{line}: the URL" in out and "belongs to the site's own" in out, out
    assert "Traceback" not in out


@pytest.mark.parametrize(("extra", "fix"), [("slug: tags\n", "`slug`"), ("url: /tags/\n", "`url`")])
def test_the_fix_names_the_key_that_made_the_url(project: Path, extra: str, fix: str) -> None:
    write(project / "content" / "c.md", post("X", extra))
    code, out = cli(project, "build")
    assert code == 1 and f"give the post another {fix}" in out, out


def test_two_posts_with_one_url_name_both_files_relatively(project: Path) -> None:
    write(project / "content" / "other.md", post("Other", "slug: small-post\n"))
    code, out = cli(project, "build")
    assert code == 1
    # Reported at a line (it had none), naming the other file.
    assert "small-post.md:1: the URL `small-post/` is already used by " in out, out
    assert out.split("already used by ", 1)[1].split(":")[0].endswith("other.md")


def test_check_never_opens_a_fifo_put_in_place_of_a_page(project: Path) -> None:
    assert cli(project, "build")[0] == 0
    page = project / "build" / "small-post" / "index.html"
    page.unlink()
    os.mkfifo(page)
    done = subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=120,  # it used to wait on the pipe forever
    )
    assert done.returncode == 1, done.stderr
    assert "small-post/index.html: cannot be read (is a pipe (FIFO), not a file" in done.stdout
    assert "Traceback" not in done.stderr


def test_check_reports_an_unreadable_page(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli(project, "build")[0] == 0
    real = open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith("small-post/index.html"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    code, out = cli(project, "check")
    assert code == 1
    assert "small-post/index.html: cannot be read (permission denied)" in out
    assert "Traceback" not in out


def test_new_shortens_a_long_title_into_a_readable_slug(tmp_path: Path) -> None:
    title = "A very long title " * 20
    path = new_post(project_paths(tmp_path), title, None, dt.date(2026, 1, 1))
    assert len(path.stem) <= SLUG_FROM_TITLE and not path.stem.endswith("-")
    assert path.stem.startswith("a-very-long-title-a-very")
    code, out = cli(tmp_path, "new", "x" * 300)  # one 300-letter word: cut, not refused
    assert code == 0 and len(next((tmp_path / "content").glob("xxx*.md")).stem) == SLUG_FROM_TITLE
    code, out = cli(tmp_path, "new", "T", "--slug", "y" * 300)
    assert code == 1 and "--slug is 300 characters long" in out and "Traceback" not in out


def test_an_unreadable_content_folder_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(folder: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(content, "_readable", refuse)
    code, out = cli(project, "build")
    assert code == 1 and "cannot read the content folder: Permission denied" in out, out
    assert "no posts" not in out


def test_an_unreadable_subfolder_and_a_dangling_link_are_warned(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "content" / "locked").mkdir()
    (project / "content" / "gone.md").symlink_to(project / "nowhere.md")
    real = content._readable

    def refuse(folder: Path) -> None:
        if folder.name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        real(folder)

    monkeypatch.setattr(content, "_readable", refuse)
    code, out = cli(project, "build")
    assert code == 0, out
    assert "locked: cannot read this folder: Permission denied" in out
    assert "gone.md: a link to nothing: skipped" in out


def test_a_full_disk_names_the_page_where_it_will_be_not_the_staging_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_writing(monkeypatch, "", errno.ENOSPC)  # every page
    code, out = cli(project, "build")
    assert code == 1 and "the disk is full" in out
    assert ".build." not in out and "build/" in out, out


@pytest.mark.parametrize("where", [".mlguide-cache", ".mlguide-cache/trash", ".mlguide-cache/x"])
def test_the_site_is_never_written_into_the_cache(project: Path, where: str) -> None:
    # The next build empties the trash in the background: a site there was deleted.
    code, out = cli(project, "build", "-o", str(project / where))
    assert code == 1 and "inside mlguide's cache" in out, out
    assert not (project / where / "index.html").exists()


def test_one_problem_met_by_many_pages_is_reported_once() -> None:
    from mlguide.errors import ErrorGroup, MlguideError

    same = [MlguideError("template error: boom", Path("templates/post.html.j2"), 3)] * 40
    group = ErrorGroup([*same, MlguideError("other", Path("content/a.md"), 1)])
    assert len(group.errors) == 2 and str(group).endswith("2 errors")


def test_an_error_at_a_looping_symlink_is_printed_not_a_crash(tmp_path: Path) -> None:
    from mlguide.errors import MlguideError

    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    assert str(MlguideError("bad", loop, 1)).endswith("loop.md:1: bad")


@pytest.mark.parametrize("bad", ["../escaped.html", "/etc/x", "a/../../b", ""])
def test_nothing_is_written_outside_the_site(tmp_path: Path, bad: str) -> None:
    # Output paths can come back from a restored cache: a crafted one must not escape.
    from mlguide.errors import MlguideError

    with (
        pytest.raises(MlguideError, match="not inside the site"),
        staged_tree(tmp_path / "site") as staging,
    ):
        staging.write([outputs.OutputFile(bad, b"x")])
    assert not (tmp_path / "escaped.html").exists() and not (tmp_path / "site").exists()


def test_a_reused_folder_never_takes_a_path_from_outside(tmp_path: Path) -> None:
    # A record read back from a restored cache claims a file under pagefind/ that is not.
    (tmp_path / "site" / "pagefind").mkdir(parents=True)
    secret = tmp_path / "site" / "secret.txt"
    secret.write_text("not for the web")
    st = secret.stat()
    record = ("0", st.st_size, st.st_mtime_ns, st.st_ino)  # exactly as if the build wrote it
    previous = reuse.Previous(tmp_path / "site", {"pagefind/../secret.txt": record})
    with staged_tree(tmp_path / "site", previous=previous) as staging:
        assert staging.reuse_folder("pagefind/") is False
        assert not (staging.path / "secret.txt").exists()


def test_pictures_are_copied_when_written_not_held_in_memory(project: Path) -> None:
    # 30,000 generated cards of a large blog, read into memory at once, took a gigabyte.
    from mlguide.site.pipeline import assemble, prepare, render_all, with_cards

    prepared = with_cards(prepare(project_paths(project), None, drafts=False))
    files, _ = assemble(prepared.site, render_all(prepared.site, prepared.sources, 1))
    # The site's icons are drawn per build, a few KB whatever the blog's size: held as bytes.
    icons = ("apple-touch-icon.png",)
    pictures = [f for f in files if f.path.endswith((".png", ".gif", ".webp"))]
    pictures = [f for f in pictures if f.path not in icons]
    assert pictures and all(isinstance(f, outputs.CopiedFile) for f in pictures)
    with staged_tree(project / "site") as staging:
        staging.write(files)
    for f in pictures:
        published = project / "site" / f.path
        assert published.read_bytes() == f.source.read_bytes()
        assert published.stat().st_mode & 0o777 == fileio.FILE_MODE
        assert f.size == published.stat().st_size


def test_a_picture_gone_before_it_is_written_names_its_source(tmp_path: Path) -> None:
    from mlguide.errors import MlguideError

    source = tmp_path / "gone.png"
    picture = outputs.CopiedFile("assets/gone.0123456789.png", source, "0" * 64, 10)
    with (
        pytest.raises(MlguideError, match=r"gone\.png: file not found"),
        staged_tree(tmp_path / "site") as staging,
    ):
        staging.write([picture])
    assert not (tmp_path / "site").exists()


def test_a_picture_saved_again_during_the_build_fails_it_rather_than_mislabel_it(
    tmp_path: Path,
) -> None:
    # Its name and the record the next build trusts carry the digest of the bytes inspected.
    from mlguide.errors import MlguideError
    from mlguide.images import inspect_image

    source = tmp_path / "p.png"
    from PIL import Image

    Image.new("RGB", (4, 4), "#ff0000").save(source)
    seen = inspect_image(source)
    Image.new("RGB", (4, 4), "#00ff00").save(source)  # saved again after inspection
    picture = outputs.CopiedFile(seen.out_path, source, seen.sha256, seen.size)
    with (
        pytest.raises(MlguideError, match=r"p\.png: changed while the site was being built"),
        staged_tree(tmp_path / "site") as staging,
    ):
        staging.write([picture])
    assert not (tmp_path / "site").exists()


def test_serve_reads_a_picture_only_as_it_was_inspected(tmp_path: Path) -> None:
    from PIL import Image

    from mlguide.errors import MlguideError
    from mlguide.images import inspect_image

    source = tmp_path / "p.png"
    Image.new("RGB", (4, 4), "#ff0000").save(source)
    seen = inspect_image(source)
    picture = outputs.CopiedFile(seen.out_path, source, seen.sha256, seen.size)
    assert picture.read() == source.read_bytes()
    Image.new("RGB", (4, 4), "#00ff00").save(source)
    with pytest.raises(MlguideError, match="changed while the site was being built"):
        picture.read()


def test_two_names_that_differ_only_in_how_an_accent_is_spelled_are_told_apart(
    project: Path,
) -> None:
    composed, decomposed = "caf\u00e9.md", "cafe\u0301.md"  # é, and e + combining accent
    write(project / "content" / composed, post("One", ""))
    write(project / "content" / decomposed, post("Two", ""))
    code, out = cli(project, "build")
    assert code == 1 and "spell an accent differently (Unicode NFC and NFD)" in out, out
