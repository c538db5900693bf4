"""The output folder is replaced whole: it must never be where the author keeps their work."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.paths import BUILD_MARKER

from .conftest import tree_digest, write


@pytest.fixture
def full_project(project: Path) -> Path:
    """A project with every kind of source, and a git folder."""
    write(project / "templates" / "extra.html.j2", "<p>mine</p>\n")
    write(project / "assets" / "scenes" / "figure.py", "# a scene\n")
    write(project / "assets" / "picture.txt", "not really a picture\n")
    write(project / "mlguide.yml", "title: Mine\n")
    write(project / ".git" / "HEAD", "ref: refs/heads/main\n")
    return project


@pytest.mark.parametrize(
    ("out", "says"),
    [
        (".", "it would replace"),
        ("content", "it would replace `"),
        ("assets", "it would replace `"),
        ("templates", "it would replace `"),
        ("assets/scenes", "it would replace `"),
        (".git", "it would replace `"),
        ("content/site", "inside `"),
        ("assets/build", "inside `"),
        ("..", "it would replace"),
    ],
)
@pytest.mark.parametrize("command", ["build", "serve"])
def test_source_folders_are_refused_even_with_force(
    full_project: Path, out: str, says: str, command: str
) -> None:
    before = tree_digest(full_project, skip=("build",))
    args = ["-C", str(full_project), command, "-o", str(full_project / out), "--force"]
    if command == "serve":
        args += ["--port", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], lines
    assert tree_digest(full_project, skip=("build",)) == before


def test_a_foreign_non_empty_folder_needs_force(full_project: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "elsewhere" / "notes.txt", "keep me\n").parent
    result = CliRunner().invoke(main, ["-C", str(full_project), "build", "-o", str(other)])
    assert result.exit_code == 1
    assert "not empty and was not written by mlguide" in result.output
    assert "--force" in result.output
    assert (other / "notes.txt").read_text() == "keep me\n"
    forced = CliRunner().invoke(
        main, ["-C", str(full_project), "build", "-o", str(other), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert not (other / "notes.txt").exists() and (other / BUILD_MARKER).is_file()


def test_an_mlguide_build_is_replaced_without_force(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["-C", str(project), "build"]).exit_code == 0
    marker = (project / "build" / BUILD_MARKER).read_text()
    assert '"generator": "mlguide"' in marker
    (project / "build" / "stale.html").write_text("old")
    assert runner.invoke(main, ["-C", str(project), "build"]).exit_code == 0
    assert not (project / "build" / "stale.html").exists()


def test_an_empty_folder_is_fine(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["-C", str(project), "build", "-o", str(empty)])
    assert result.exit_code == 0, result.output
    assert (empty / "index.html").is_file()


def test_output_under_a_file_or_onto_a_file_is_a_clean_error(project: Path, tmp_path: Path) -> None:
    a_file = write(tmp_path / "plain.txt", "x\n")
    for out, says in ((a_file / "site", "is a file, so the output folder"), (a_file, "is a file")):
        result = CliRunner().invoke(main, ["-C", str(project), "build", "-o", str(out)])
        assert result.exit_code == 1
        assert says in result.output and "Traceback" not in result.output
    assert a_file.read_text() == "x\n"


@pytest.mark.parametrize("held", ["house rule", "linked paper"])
def test_force_never_replaces_a_folder_holding_a_file_the_build_reads(
    project: Path, held: str
) -> None:
    """`--force` replaces a folder mlguide did not write, but which files in it are the
    author's is known only once the pages are rendered: a house rule (`checks:`) or a paper
    a post links to. The build refuses before the swap and the folder stays as it was."""
    write(project / "checks" / "house.py", "RULES = []\n")
    write(project / "papers" / "p.pdf", "%PDF-1.4\n")
    write(project / "mlguide.yml", "title: Mine\nchecks: [checks/house.py]\n")
    with (project / "content" / "small-post.md").open("a", encoding="utf-8") as post:
        post.write("\nSee [the paper](/papers/p.pdf).\n")
    out = project / ("checks" if held == "house rule" else "papers")
    before = tree_digest(project, skip=(".mlguide-cache", "assets"))  # the cache and cards
    result = CliRunner().invoke(main, ["-C", str(project), "build", "-o", str(out), "--force"])
    assert result.exit_code == 1, result.output
    assert "which this build reads" in result.output
    assert ("checks/house.py" if held == "house rule" else "papers/p.pdf") in result.output
    assert tree_digest(project, skip=(".mlguide-cache", "assets")) == before


def test_a_folder_holding_a_git_repository_is_refused_even_with_force(
    project: Path, tmp_path: Path
) -> None:
    deploy = write(tmp_path / "deploy" / ".git" / "HEAD", "ref: refs/heads/pages\n").parents[1]
    before = tree_digest(deploy, entries=True)
    result = CliRunner().invoke(main, ["-C", str(project), "build", "-o", str(deploy), "--force"])
    assert result.exit_code == 1 and "git repository" in result.output
    assert tree_digest(deploy, entries=True) == before


def test_an_output_folder_that_is_a_link_is_written_where_it_points(
    project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "deploy"
    target.mkdir()
    (project / "build").symlink_to(target)
    for _ in range(2):  # the first build, then one replacing it
        result = CliRunner().invoke(main, ["-C", str(project), "build"])
        assert result.exit_code == 0, result.output
        assert (project / "build").is_symlink() and (target / "index.html").is_file()
