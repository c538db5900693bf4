"""A build with drafts, or for a preview's address, is not ready to publish: `check` said
every rule passed on `build --drafts` (its marker said `"drafts": true`) and on a preview
`serve -o build` wrote, and `build --strict --drafts` published drafts with exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main

from .conftest import tree_digest, write

CONFIG = "title: T\nbase_url: https://ada.github.io/notes/\n"
DRAFT = (
    "---\ntitle: A draft\ndescription: A description long enough to be a real description "
    "of a draft post.\ndate: 2026-01-03\ndraft: true\n---\n\nText.\n"
)


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


@pytest.fixture
def blog(project: Path) -> Path:
    write(project / "mlguide.yml", CONFIG)
    write(project / "content" / "draft.md", DRAFT)
    return project


def test_check_passes_the_build_to_publish(blog: Path) -> None:
    assert cli(blog, "build", "--strict")[0] == 0
    code, out = cli(blog, "check")
    assert code == 0, out
    assert "✓ Built to publish" in out


def test_check_fails_a_build_with_drafts(blog: Path) -> None:
    assert cli(blog, "build", "--drafts")[0] == 0
    assert (blog / "build" / "draft" / "index.html").is_file()
    code, out = cli(blog, "check")
    assert code == 1, out
    assert "build/ holds drafts (built with --drafts): build without it to publish" in out


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost:8000/notes/"])
def test_check_fails_a_preview(blog: Path, url: str) -> None:
    # What `serve -o build` leaves: the site for the preview server's address.
    assert cli(blog, "build", "--base-url", url)[0] == 0
    for args in (("check",), ("check", "--base-url", "https://ada.github.io/notes/")):
        code, out = cli(blog, *args)
        assert code == 1, out
        assert f"build/ is a preview for {url}" in out, out


def test_a_strict_build_with_drafts_fails_and_keeps_the_last_build(blog: Path) -> None:
    assert cli(blog, "build")[0] == 0
    before = tree_digest(blog / "build")
    code, out = cli(blog, "build", "--strict", "--drafts")
    assert code == 1
    assert "the build holds drafts (built with --drafts): build without it to publish" in out
    assert tree_digest(blog / "build") == before
