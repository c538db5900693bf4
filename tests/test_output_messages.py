"""What a build says when its output cannot be where it was asked: the folder it names is the
user's (never the temporary one it was writing), and what the path is, in words; and `new`
refuses a slug that differs only in case from a post's, as the build would."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.site.write import staging

from .conftest import write


def project(root: Path) -> Path:
    write(root / "mlguide.yml", "title: Out\nbase_url: https://out.mlguide.dev/\n")
    write(
        root / "content" / "welcome.md",
        "---\ntitle: Welcome\ndescription: A post to build, long enough for the checks.\n"
        "date: 2026-01-01\n---\n\nWords.\n",
    )
    return root


def test_a_folder_that_cannot_be_written_is_named_not_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path / "blog")

    def refused(prefix: str = "", dir: str | None = None, **_: object) -> str:
        raise PermissionError(
            errno.EACCES, "Permission denied", os.path.join(dir or "", prefix + "x1")
        )

    monkeypatch.setattr(staging.tempfile, "mkdtemp", refused)
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 1
    assert "permission denied" in result.output
    assert ".build.new" not in result.output, result.output
    assert "blog" in result.output


def test_an_output_path_that_is_a_device_is_called_one(tmp_path: Path) -> None:
    root = project(tmp_path / "blog")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "-o", os.devnull])
    assert result.exit_code == 1
    assert "not a folder" in result.output and "a file," not in result.output, result.output


@pytest.mark.parametrize("taken", ["Welcome.md", "WELCOME/index.md"])
def test_new_refuses_a_slug_a_post_has_in_another_case(tmp_path: Path, taken: str) -> None:
    write(tmp_path / "content" / taken, "---\ntitle: W\ndate: 2026-01-01\n---\nx\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "X", "--slug", "welcome"])
    assert result.exit_code == 1, result.output
    assert "the slug `welcome` is taken" in result.output
