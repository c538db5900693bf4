"""File names that are not UTF-8 (`bad\\xffname.md`, copied from an old Latin-1 disk): every
build crashed with `UnicodeEncodeError` while hashing its inputs. Now a post or a file to
publish under such a name is one error naming it, escaped as it is on disk; one that is not
published (a picture no post uses, a template, a scene's helper) and the project folder's
own name do not matter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError, format_location
from mlguide.paths import project_paths
from mlguide.site.write.lastbuild import input_digest
from mlguide.store.store import open_store

from .conftest import tree_digest, write

BAD = os.fsdecode(b"bad\xffname")  # how Python hands the name over: `bad\udcffname`
SHOWN = "bad\\xffname"  # how the error writes it: the byte as it is on disk


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


POST = "---\ntitle: Bad\ndescription: d\ndate: 2026-01-01\n---\n\nText.\n"


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        (f"content/{BAD}.md", f"content/{SHOWN}.md: the file name is not UTF-8: rename it"),
        (f"content/{BAD}/a.md", f"content/{SHOWN}: the folder name is not UTF-8: rename it"),
        (f"static/{BAD}.txt", f"static/{SHOWN}.txt: the file name is not UTF-8: rename it"),
        (f"static/{BAD}/a.txt", f"static/{SHOWN}: the folder name is not UTF-8: rename it"),
        (
            f"templates/static/{BAD}.css",
            f"templates/static/{SHOWN}.css: the file name is not UTF-8: rename it",
        ),
    ],
    ids=["post", "post-folder", "static-file", "static-folder", "theme-file"],
)
def test_a_published_name_that_is_not_utf8_is_one_error_naming_it(
    project: Path, place: str, shown: str
) -> None:
    assert cli(project, "build")[0] == 0
    before = tree_digest(project / "build")
    write(project / place, POST)
    if "/a." in place:  # two files in the folder: the folder is still named once
        write(project / place.replace("/a.", "/b."), POST)
    code, out = cli(project, "build")
    assert code == 1, out
    assert out.count("not UTF-8") == 1, out
    assert shown in out, out
    assert "Traceback" not in out and "\\udc" not in out
    assert tree_digest(project / "build") == before  # the last good build stands


@pytest.mark.parametrize(
    "place",
    [f"content/img/{BAD}.png", f"assets/{BAD}.txt", f"templates/{BAD}.html", f"data/{BAD}.yml"],
)
def test_a_name_that_is_not_utf8_and_not_published_does_not_matter(
    project: Path, place: str
) -> None:
    write(project / place, "x: 1\n")
    code, out = cli(project, "build")
    assert code == 0, out
    assert (project / "build" / "small-post" / "index.html").is_file()


def test_the_project_folders_own_name_does_not_matter(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path_factory.mktemp("p") / os.fsdecode(b"proj\xff")
    shutil.copytree(project, folder)
    # The shell names the folder in PWD, and Pagefind (search) panicked on such a variable.
    monkeypatch.setenv("PWD", str(folder))
    build(BuildOptions(root=folder))
    assert (folder / "build" / "pagefind").is_dir()
    again = build(BuildOptions(root=folder))  # the record of the last build, by the name
    assert again.unchanged
    # The command line's closing line names the folder, on a terminal that is strict UTF-8.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PWD": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(folder), "build"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"proj\\xff/build" in done.stdout


def test_the_digest_of_inputs_takes_any_name(project: Path) -> None:
    paths = project_paths(project)
    store = open_store(paths.cache, paths.root)
    first = input_digest(paths, {}, store.digests)
    write(project / "content" / "img" / f"{BAD}.png", "x")
    assert input_digest(paths, {}, store.digests) != first  # hashed, not skipped


def test_an_error_message_escapes_the_bytes_of_a_name() -> None:
    error = MlguideError(f"did you mean `{BAD}.md`?", Path(f"{BAD}.md"), 3)
    assert str(error) == f"{SHOWN}.md:3: did you mean `{SHOWN}.md`?"
    assert format_location(None, None, "\ud800") == "\\ud800"  # not from a file name
