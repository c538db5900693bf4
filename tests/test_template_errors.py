"""Templates and what they use, as the author can break them: every mistake is one
`file:line: message` naming the template, in worker processes too, never a traceback and
never a silent fallback to the built-in template. Also: what a build publishes for templates
(no search script without search).
"""

from __future__ import annotations

import builtins
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError
from mlguide.site import pipeline

from .conftest import tree_digest, write

TAGGED = """
---
title: Tagged
description: A description long enough to be a real description of a tagged post.
date: 2026-01-03
tags: [ml]
---

Text.
"""


def failure(project: Path, **options: Any) -> MlguideError:
    with pytest.raises(MlguideError) as info:
        build(BuildOptions(project, project / "build", **options))
    return info.value


def located(error: MlguideError) -> tuple[str, int | None, str]:
    """The one problem a failed build reports: (file relative to the project, line, message)."""
    assert len(error.errors) == 1, [str(e) for e in error.errors]
    assert error.path is not None
    return error.path.name, error.line, error.message


# --- any exception while rendering is one line at the template's file and line -------------

RUNTIME = [
    ("{{ 1 / 0 }}", 2, "template error: ZeroDivisionError: division by zero"),
    ("{{ '%s %s' % () }}", 2, "template error: TypeError: not enough arguments for format string"),
    ("{{ 'soon' | iso_date }}", 2, "template error: AttributeError: 'str' object has no attribute"),
    ('{% extends "post.html.j2" %}', 2, "template recursion (a template extends or includes"),
    ('{% include "post.html.j2" %}', 2, "template recursion (a template extends or includes"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", 2, "template recursion"),
    ('{{ static("nope.css") }}', 2, "template error: no file `nope.css` in templates/static/"),
    ('{% include "nope.html.j2" %}', 2, "template `nope.html.j2` not found"),
]


@pytest.mark.parametrize(
    ("source", "line", "message"),
    RUNTIME,
    ids=[
        "zero-division",
        "format",
        "filter",
        "self-extends",
        "self-include",
        "macro",
        "static",
        "include",
    ],
)
def test_a_runtime_error_is_reported_at_the_template_line(
    project: Path, source: str, line: int, message: str
) -> None:
    write(project / "templates" / "post.html.j2", "first line\n" + source + "\n")
    name, at, said = located(failure(project))
    assert (name, at) == ("post.html.j2", line)
    assert said.startswith(message), said


def test_an_error_in_an_included_template_is_reported_there(project: Path) -> None:
    write(project / "templates" / "post.html.j2", '{% include "part.html.j2" %}\n')
    write(project / "templates" / "part.html.j2", "one\ntwo\n{{ 1 / 0 }}\n")
    assert located(failure(project))[:2] == ("part.html.j2", 3)


def test_on_the_command_line_it_is_one_line_and_the_old_build_stays(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-C", str(project), "build"]).exit_code == 0
    before = tree_digest(project / "build")
    write(project / "templates" / "post.html.j2", '{% extends "post.html.j2" %}\n')
    result = runner.invoke(main, ["-C", str(project), "build"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "templates/post.html.j2:1: template recursion" in errors[0]
    assert "Traceback" not in result.output
    assert tree_digest(project / "build") == before


@pytest.mark.parametrize("broken", ["post.html.j2", "style.css"])
def test_in_worker_processes_too_and_said_once_for_all_pages(
    project: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    """Pages render in a pool from PARALLEL_THRESHOLD posts up: the error crosses back as
    an MlguideError, and a problem every page shares is reported once, not once a page."""
    for i in range(6):
        write(project / "content" / f"p{i}.md", TAGGED.replace("Tagged", f"Post {i}"))
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 2)
    if broken == "style.css":
        (project / "templates").mkdir()
        (project / "templates" / broken).write_bytes(b"a {}\nb { content: '\xff' }\n")
        expected: tuple[str, int | None, str] = (broken, 2, "not UTF-8 text (byte 0xff)")
    else:
        write(project / "templates" / broken, "first line\n{{ 1 / 0 }}\n")
        expected = (broken, 2, "template error: ZeroDivisionError: division by zero")
    assert located(failure(project, jobs=2)) == expected


@pytest.mark.parametrize(
    "name",
    [
        "home.html.j2",
        "tag.html.j2",
        "tags.html.j2",
        "archive.html.j2",
        "404.html.j2",
        "feed.xml.j2",
    ],
)
def test_listings_feeds_and_404_too(project: Path, name: str) -> None:
    write(project / "content" / "tagged.md", TAGGED)
    write(project / "templates" / name, "first line\n{{ 1 / 0 }}\n")
    assert located(failure(project)) == (
        name,
        2,
        "template error: ZeroDivisionError: division by zero",
    )


# --- template files that cannot be read -----------------------------------------------------


@pytest.mark.parametrize("name", ["post.html.j2", "style.css"])
def test_a_template_that_is_not_utf8_is_reported_at_its_line(project: Path, name: str) -> None:
    (project / "templates").mkdir()
    (project / "templates" / name).write_bytes(b"fine\nstill fine\n\xff\xfe broken\n")
    assert located(failure(project)) == (name, 3, "not UTF-8 text (byte 0xff)")


def _denied_under(folder: Path, real: Callable[..., Any]) -> Callable[..., Any]:
    """`real`, except that it fails as in a folder without read and search permission."""

    def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path).startswith(str(folder)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    return guarded


def test_an_unreadable_templates_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads everything, so the permission error is simulated where it would come from:
    stat() of anything inside the folder (Path.is_dir raises it)."""
    write(project / "templates" / "static" / "logo.svg", "<svg/>")
    monkeypatch.setattr(os, "stat", _denied_under(project / "templates" / "static", os.stat))
    error = failure(project)
    assert located(error)[2] == "cannot read the folder: Permission denied"
    assert error.path == project / "templates" / "static"


def test_an_unreadable_folder_in_static(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that can be seen but not listed: Path.rglob would skip it without a word."""
    write(project / "templates" / "static" / "img" / "logo.svg", "<svg/>")
    monkeypatch.setattr(os, "scandir", _denied_under(project / "templates" / "static", os.scandir))
    error = failure(project)
    assert located(error)[2] == "cannot read the folder: Permission denied"
    assert error.path == project / "templates" / "static"


# --- a name in templates/ taken by something that is not a file --------------------------


def test_a_template_that_is_a_folder(project: Path) -> None:
    (project / "templates" / "post.html.j2").mkdir(parents=True)
    assert located(failure(project)) == (
        "post.html.j2",
        None,
        "the template is a folder: it must be a text file",
    )


def test_a_template_that_is_a_fifo_is_never_opened(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "templates").mkdir()
    fifo = project / "templates" / "style.css"
    os.mkfifo(fifo)
    real = builtins.open

    def guarded(path: Any, *args: Any, **kwargs: Any) -> Any:
        # Opening a FIFO waits for a writer for ever: fail the test instead of hanging it.
        assert str(path) != str(fifo), "the FIFO was opened"
        return real(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    assert located(failure(project)) == (
        "style.css",
        None,
        "the template is not a regular file: it must be a text file",
    )


def test_a_template_that_is_a_symlink_loop(project: Path) -> None:
    templates = project / "templates"
    templates.mkdir()
    (templates / "loop.j2").symlink_to("loop.j2")
    (templates / "base.html.j2").symlink_to("loop.j2")
    error = failure(project)
    # At its folder: showing a path resolves it, which a loop cannot be.
    assert error.path == templates
    assert error.message == "the template `base.html.j2` is a symbolic link that loops"
    assert CliRunner().invoke(main, ["-C", str(project), "build"]).exit_code == 1


def test_a_template_that_is_a_broken_symlink(project: Path) -> None:
    templates = project / "templates"
    templates.mkdir()
    (templates / "home.html.j2").symlink_to("gone.html.j2")
    error = failure(project)
    assert error.path == templates
    assert (
        error.message == "the template `home.html.j2` is a broken symbolic link (to `gone.html.j2`)"
    )


def test_a_template_that_is_a_symlink_to_a_file_is_used(project: Path) -> None:
    templates = project / "templates"
    write(
        templates / "mine.html.j2", '{% extends "base.html.j2" %}{% block main %}MINE{% endblock %}'
    )
    (templates / "404.html.j2").symlink_to("mine.html.j2")
    build(BuildOptions(project, project / "build"))
    assert "MINE" in (project / "build" / "404.html").read_text()


# --- search: false publishes no search code ---------------------------------------------------


def test_search_false_publishes_no_search_script(project: Path) -> None:
    build(BuildOptions(project, project / "build"))
    assert list((project / "build" / "assets").glob("search.*.js"))
    write(project / "mlguide.yml", "search: false\n")
    build(BuildOptions(project, project / "build"))
    assets = project / "build" / "assets"
    assert not list(assets.glob("search.*")), sorted(p.name for p in assets.iterdir())
    for page in (project / "build").rglob("*.html"):
        assert "search." not in page.read_text(), page


def test_a_template_asking_for_the_search_script_without_search(project: Path) -> None:
    write(project / "mlguide.yml", "search: false\n")
    write(project / "templates" / "404.html.j2", "one\ntwo\n{{ static('search.js') }}\n")
    assert located(failure(project)) == (
        "404.html.j2",
        3,
        "template error: `search.js` is published only with `search: true` "
        "(test `site.search` first)",
    )
