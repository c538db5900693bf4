"""A house rule (`checks:` in mlguide.yml) that forgot `return []`, returned a number or one
sentence, or is a generator that raises: `check` and `build --strict` crashed with
`TypeError: 'NoneType' object is not iterable` (a string gave one problem per character).
Each is now one error at the rule's own line, and the build in place stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main

from .conftest import tree_digest, write

CONFIG = "title: T\nbase_url: https://example.org/\nchecks: [checks/house.py]\n"
HEAD = "from mlguide.checklist import PostPage, Rule\n\n\ndef tldr(page: PostPage):\n"
TAIL = "\n\nRULES = [Rule('tldr', 'Every post opens with a TL;DR', tldr)]\n"


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("    x = 1", "house.py:4: rule `tldr` returned None for small-post/index.html: "),
        ("    return 5", "house.py:4: rule `tldr` returned 5 for small-post/index.html: "),
        ("    return 'no TL;DR'", "house.py:4: rule `tldr` returned 'no TL;DR' for small-post"),
        ("    return [3]", "house.py:4: rule `tldr` returned [3] for small-post/index.html: "),
        (
            "    yield 'first'\n    raise ValueError('halfway')",
            "house.py:6: rule `tldr` failed on small-post/index.html: ValueError: halfway",
        ),
    ],
    ids=["none", "number", "string", "not-strings", "generator-raises"],
)
def test_a_house_rule_that_returns_no_list_is_an_error_at_its_line(
    project: Path, body: str, said: str
) -> None:
    write(project / "mlguide.yml", CONFIG)
    write(project / "checks" / "house.py", HEAD + body + TAIL)
    assert cli(project, "build")[0] == 0
    before = tree_digest(project / "build")
    for command in ("check", "build --strict"):
        code, out = cli(project, *command.split())
        assert code == 1, (command, out)
        assert said in out, (command, out)
        assert "Traceback" not in out and "TypeError" not in out
    assert tree_digest(project / "build") == before


def test_a_house_rule_may_return_any_iterable_of_sentences(project: Path) -> None:
    write(project / "mlguide.yml", CONFIG)
    write(project / "checks" / "house.py", HEAD + "    yield 'no TL;DR'" + TAIL)
    code, out = cli(project, "build", "--strict")
    assert code == 1
    assert "small-post.md: no TL;DR (rule: tldr)" in out, out


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (
            "import sys\nsys.exit(2)\n",
            "house.py:2: the house rule file calls sys.exit(2): "
            "a house rule file must not end the program",
        ),
        (
            HEAD + "    import sys\n    sys.exit(3)" + TAIL,
            "house.py:6: rule `tldr` calls sys.exit(3) on small-post/index.html: "
            "a house rule must not end the program",
        ),
    ],
    ids=["on-import", "in-the-check"],
)
def test_sys_exit_in_a_house_rule_is_the_rules_error_not_the_scenes(
    project: Path, source: str, said: str
) -> None:
    """The loader is shared with scenes: its message said "the scene calls sys.exit", and
    a `sys.exit()` inside a rule's check ended `check` silently with the rule's status."""
    write(project / "mlguide.yml", CONFIG)
    write(project / "checks" / "house.py", source)
    assert cli(project, "build")[0] == 0
    for command in ("check", "build --strict"):
        code, out = cli(project, *command.split())
        assert code == 1, (command, out)
        assert said in out, (command, out)
        assert "scene" not in out, (command, out)
