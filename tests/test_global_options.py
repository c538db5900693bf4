"""`-C DIR` and `--debug` are global: they work before the command's name or after it, as
README's command table promises (`mlguide build -C my-blog`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.errors import MlguideError

from .conftest import POST, write


@pytest.mark.parametrize(
    "args",
    [
        ["-C", "{root}", "build"],
        ["build", "-C", "{root}"],
        ["build", "--root", "{root}", "--strict"],
        ["-C", "/nowhere", "build", "-C", "{root}"],  # the nearer one wins
    ],
)
def test_the_project_folder_can_be_given_before_or_after_the_command(
    tmp_path: Path, args: list[str]
) -> None:
    root = tmp_path / "blog"
    write(root / "content" / "small-post.md", POST)
    write(root / "mlguide.yml", "base_url: https://ada.mlguide.dev/\n")
    result = CliRunner().invoke(main, [a.format(root=root) for a in args])
    assert result.exit_code == 0, result.output
    assert (root / "build" / "small-post" / "index.html").is_file()


def test_every_command_takes_the_global_options() -> None:
    for name, command in main.commands.items():
        names = {opt for p in command.params for opt in getattr(p, "opts", [])}
        assert {"-C", "--root", "--debug"} <= names, name


def test_new_and_check_take_c_after_their_arguments(tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["init", str(tmp_path), "--base-url", "https://a.mlguide.dev/"]
        ).exit_code
        == 0
    )
    made = runner.invoke(main, ["new", "Notes on drift", "-C", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "content" / "notes-on-drift.md").is_file()
    assert runner.invoke(main, ["build", "-C", str(tmp_path)]).exit_code == 0
    checked = runner.invoke(main, ["check", "-C", str(tmp_path)])
    assert checked.exit_code == 0 and "checklist:" in checked.output


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_wherever_it_is_given(tmp_path: Path, where: str) -> None:
    command = ["build", "-C", str(tmp_path)]  # no posts: an MlguideError
    args = ["--debug", *command] if where == "before" else [*command, "--debug"]
    result = CliRunner().invoke(main, args)
    assert isinstance(result.exception, MlguideError)  # raised, not turned into a line
    plain = CliRunner().invoke(main, command)
    assert plain.exit_code == 1 and plain.output.startswith("error: ")
    assert "Traceback" not in plain.output


def test_options_of_the_command_itself_are_untouched(tmp_path: Path) -> None:
    """The global options are taken out before the command runs: its own get what they got."""
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    assert "-C, --root DIRECTORY" in result.output and "--debug" in result.output
    assert "-d, --dir PATH" in result.output
