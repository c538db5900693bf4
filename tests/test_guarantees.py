"""What mlguide promises about your files (README, "Guarantees"), one failure family at a time.

Every bad input ends as `path:line: message` lines and exit 1, never a traceback, and the
previous build stays byte for byte as it was.
"""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, build
from mlguide.errors import Finding, MlguideError
from mlguide.site.write import staging

from .conftest import fail_writing, forget_last_build, tree_digest, write

GOOD_POST = "---\ntitle: Fine\ndescription: d\ndate: 2026-01-01\n---\n\nText.\n"


def cli(project: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output.strip().splitlines()


def fails_cleanly(project: Path, expected: str) -> str:
    """Exit 1, the last lines name the problem, no traceback, the old build untouched;
    returns what was printed."""
    before = tree_digest(project / "build")
    code, lines = cli(project, "build")
    assert code == 1, lines
    assert not any("Traceback" in line for line in lines)
    assert any(expected in line for line in lines), lines
    assert tree_digest(project / "build") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".build.")]
    return "\n".join(lines)


@pytest.fixture
def built(project: Path) -> Path:
    """Built once; the next build does its work again (these tests make it fail)."""
    assert cli(project, "build")[0] == 0
    forget_last_build(project)
    return project


def test_an_image_outside_the_project_is_refused(
    built: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "secret.png"
    Image.new("RGB", (4, 4)).save(elsewhere)
    rel = os.path.relpath(elsewhere, built / "content")
    write(built / "content" / "leak.md", GOOD_POST + f"\n![a secret]({rel})\n")
    fails_cleanly(built, "leak.md:9: image `")
    (built / "content" / "leak.md").unlink()
    (built / "content" / "link.png").symlink_to(elsewhere)
    write(built / "content" / "leak2.md", GOOD_POST + "\n![a secret](link.png)\n")
    fails_cleanly(built, "is outside the project")


def test_a_decompression_bomb_is_an_error_at_the_line_that_uses_it(built: Path) -> None:
    Image.new("1", (20000, 20000)).save(built / "content" / "bomb.png", optimize=True)
    write(built / "content" / "bomb.md", GOOD_POST + "\n![a bomb](bomb.png)\n")
    fails_cleanly(built, "bomb.md:9: image `bomb.png`: the image is too large to be a web picture")


def test_a_broken_image_names_the_markdown_line(built: Path) -> None:
    (built / "content" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    write(built / "content" / "uses.md", GOOD_POST + "\nSee:\n\n![broken](broken.png)\n")
    fails_cleanly(built, "uses.md:11: image `broken.png`: not a readable image")


def test_a_file_that_is_no_picture_says_so_in_the_authors_words(built: Path) -> None:
    (built / "content" / "notes.png").write_bytes(b"just some text, renamed\n")
    write(built / "content" / "uses.md", GOOD_POST + "\nSee:\n\n![notes](notes.png)\n")
    out = fails_cleanly(built, "uses.md:11: image `notes.png`: not a readable image")
    assert "another kind of file renamed" in out and "BytesIO" not in out


def test_a_bomb_in_a_built_site_is_a_check_problem_not_a_crash(built: Path) -> None:
    hero_dir = built / "build" / "assets"
    hero_dir.mkdir(exist_ok=True)
    Image.new("1", (20000, 20000)).save(hero_dir / "bomb.png", optimize=True)
    page = built / "build" / "small-post" / "index.html"
    page.write_text(
        page.read_text().replace(
            "</article>", '<img src="../assets/bomb.png" alt="x" width="1" height="1"></article>'
        )
    )
    code, lines = cli(built, "check")
    assert code == 1 and "Traceback" not in "\n".join(lines)
    assert any("bomb.png` is not an image (DecompressionBombError)" in line for line in lines)


@pytest.mark.parametrize(
    ("err", "says"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EFBIG, "too large for this file system"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
    ],
)
def test_disk_errors_name_the_path_and_what_to_do(
    built: Path, monkeypatch: pytest.MonkeyPatch, err: int, says: str
) -> None:
    fail_writing(monkeypatch, "index.html", err)
    post = built / "content" / "small-post.md"  # changed: its page is written, not linked
    post.write_text(post.read_text() + "\nMore.\n")
    fails_cleanly(built, says)


def test_an_unwritable_project_folder(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(built))

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    fails_cleanly(built, "permission denied: make the folder writable")


def test_an_unreadable_template(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(built / "templates" / "post.html.j2", "{% extends 'base.html.j2' %}\n")
    real = open

    def guarded(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("templates/post.html.j2") and str(built) in str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded)
    fails_cleanly(built, "post.html.j2: cannot read the template: permission denied")


def test_an_unreadable_image(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Image.new("RGB", (8, 8)).save(built / "content" / "locked.png")
    write(built / "content" / "pic.md", GOOD_POST + "\n![locked](locked.png)\n")
    real = open

    def guarded(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("locked.png"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded)
    fails_cleanly(built, "pic.md:9: image `locked.png`: cannot read the image: permission denied")


def test_the_same_image_twice_gets_two_ids(project: Path) -> None:
    Image.new("RGB", (8, 8)).save(project / "content" / "small.png")
    write(
        project / "content" / "twice.md", GOOD_POST + "\n![one](small.png)\n\n![two](small.png)\n"
    )
    build(BuildOptions(project))
    page = (project / "build" / "twice" / "index.html").read_text()
    assert 'id="figure-small"' in page and 'id="figure-small-1"' in page


def test_files_and_folders_are_readable_whatever_the_umask(project: Path) -> None:
    code = "import sys; from mlguide.cli import main; sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", code, "-C", str(project), "build"],
        check=True,
        capture_output=True,
        preexec_fn=lambda: os.umask(0o077),
    )
    for path in (project / "build").rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
    assert stat.S_IMODE((project / "build").stat().st_mode) == 0o755


def test_an_old_build_that_cannot_be_removed_is_named(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.rmtree

    def stubborn(path: object, *args: object, **kwargs: object) -> None:
        if ".build.old-" in str(path):
            return  # as if its files were read-only
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(staging.shutil, "rmtree", stubborn)
    monkeypatch.setattr(staging, "empty_in_background", lambda trash: False)  # no helper process
    code, lines = cli(built, "build")
    assert code == 0
    trash = built / ".mlguide-cache" / "trash"
    leftovers = [p for p in trash.iterdir() if p.name.startswith(".build.old-")]
    assert len(leftovers) == 1
    assert any(
        f"could not remove the previous build: delete {leftovers[0]}" in line for line in lines
    )


def test_leftovers_of_a_killed_build_are_removed_by_the_next(built: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = built / f".build.new-{dead}-abc123"
    (stale / "x").mkdir(parents=True)
    live = built / f".build.new-{os.getpid()}-xyz"  # a build running now keeps its folder
    live.mkdir()
    assert cli(built, "build")[0] == 0
    assert not stale.exists() and live.exists()


def test_no_posts_is_an_error_not_an_empty_site(tmp_path: Path) -> None:
    write(tmp_path / "content" / "notes.txt", "not a post\n")
    code, lines = cli(tmp_path, "build")
    assert code == 1 and "no posts: add a Markdown file (.md or .markdown)" in lines[-1]


def test_builds_never_read_the_clock(project: Path) -> None:
    """Same sources, same bytes: at another time, in another time zone, from another folder."""
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    code = "import sys; from mlguide.cli import main; sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", code, "-C", str(project), "build"], check=True, capture_output=True
    )
    first = tree_digest(project / "build")
    subprocess.run(
        [sys.executable, "-c", code, "-C", str(project), "build"],
        check=True,
        capture_output=True,
        env=env,
    )
    assert tree_digest(project / "build") == first


def test_no_mlguide_error_escapes_as_a_traceback(project: Path) -> None:
    write(project / "content" / "bad.md", "---\ntitle: [\n---\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mlguide.cli", "-C", str(project), "build"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error: ") and "bad.md:2: invalid YAML" in proc.stderr


def test_mlguide_error_from_a_worker_keeps_its_location(tmp_path: Path) -> None:
    for i in range(60):
        write(
            tmp_path / "content" / f"p{i:02d}.md",
            f"---\ntitle: P{i}\ndescription: d\ndate: 2026-01-01\nslug: p{i:02d}\n---\n\nText.\n",
        )
    outside = os.path.relpath("/etc/hostname", tmp_path / "content")
    write(
        tmp_path / "content" / "p30.md",
        f"---\ntitle: P30\ndate: 2026-01-01\n---\n\n![x](missing.gif)\n\n![y]({outside})\n",
    )
    with pytest.raises(MlguideError) as info:
        build(BuildOptions(tmp_path, jobs=2))
    assert info.value.path is not None and info.value.path.name == "p30.md" and info.value.line == 8


def test_a_build_stopped_by_an_error_still_says_its_warnings(built: Path) -> None:
    """One run shows everything: the warnings other pages (and the failing page, before its
    error) found are printed before the errors (the next test: across worker processes)."""
    write(built / "content" / "warns.md", GOOD_POST + "\n![missing](nowhere.png)\n")
    (built.parent / "outside.txt").write_text("x\n")
    write(built / "content" / "fails.md", GOOD_POST + "\nSee [out](../../outside.txt).\n")
    out = fails_cleanly(built, "fails.md:9: link `../../outside.txt` is outside the project")
    warning = out.index("warns.md:9: image `nowhere.png` not found")
    assert warning < out.index("error: ")


def test_an_error_keeps_its_warnings_across_processes() -> None:
    error = MlguideError("broken", "a.md", 3)
    error.warnings = (Finding("missing-image", "image `x.png` not found", Path("a.md"), 2),)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.warnings) == (str(error), error.warnings)
