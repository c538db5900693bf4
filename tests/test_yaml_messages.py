"""The usual YAML mistakes, in front matter and in mlguide.yml, each reported as one line at
the line to fix with what to do there, under libyaml and the pure-Python parser alike.
PyYAML's own report is often lines late: an unclosed quote fails at the next quote
character ("while parsing a block mapping"), `title:Hello` on the line after it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.site.config import yamlio

from .conftest import write

DESC = "A description long enough to be a real meta description for these tests."
GOOD = f'title: "A post"\ndescription: "{DESC}"\ndate: 2026-01-01\ntags: [notes, ml]\n'

# name: (the YAML, the line that is wrong, what the message says)
MISTAKES = {
    "unclosed-double-quote": (
        GOOD.replace('"A post"', '"A post'),
        'title: "A post',
        '`title`: the quote opened here (") is never closed',
    ),
    "unclosed-quote-on-the-last-line": (
        GOOD + 'author: "Ada\n',
        'author: "Ada',
        '`author`: the quote opened here (") is never closed',
    ),
    "unclosed-single-quote": (
        GOOD.replace('"A post"', "'A post"),
        "title: 'A post",
        "`title`: the quote opened here (') is never closed",
    ),
    # YAML accepts these: the quote closes at a quote lines below, and the lines between
    # (keys, list items, comments) were one value, silently.
    "quote-closed-lines-below": (
        'title: "A post\ndate: 2026-01-01\ntags: [notes, ml]\ndescription: its end"\n',
        'title: "A post',
        '`title`: the quote opened here (") is not closed on its line: it runs on over the '
        "lines below (`date: 2026-01-01`)",
    ),
    "list-item-quote-closed-below": (
        GOOD.replace("tags: [notes, ml]", "tags:\n  - 'notes\n  - ml'"),
        "  - 'notes",
        "the quote opened here (') is not closed on its line: it runs on over the lines "
        "below (`- ml'`)",
    ),
    "text-after-the-quote": (
        GOOD.replace('"A post"', '"A post" about things'),
        'title: "A post" about',
        '`title`: text after the closing quote ("): put the whole value inside the quotes',
    ),
    "unclosed-bracket": (
        GOOD.replace("[notes, ml]", "[notes, ml") + "author: Ada\n",
        "tags: [notes, ml",
        "`tags`: the `[` opened here is never closed (add `]`)",
    ),
    "tab-indentation": (
        GOOD + "math:\n\tmacros: {R: x}\n",
        "\tmacros",
        "a tab indents this line: YAML indents with spaces only",
    ),
    "colon-in-a-value": (
        GOOD.replace('title: "A post"', "title: Attention: a story"),
        "title: Attention",
        "`title`: the value holds `: `, which YAML reads as a new key: put the value in "
        'quotes (title: "Attention: a story")',
    ),
    "no-space-after-the-colon": (
        GOOD.replace('title: "A post"', "title:Hello"),
        "title:Hello",
        "no space after the colon in `title:Hello`: write `title: Hello`",
    ),
    "no-space-after-the-colon-mid-file": (
        GOOD.replace("date: 2026-01-01", "date:2026-01-01"),
        "date:2026-01-01",
        "no space after the colon in `date:2026-01-01`: write `date: 2026-01-01`",
    ),
    "indented-under-a-value": (
        GOOD.replace("date: 2026-01-01", "  date: 2026-01-01"),
        "  date: 2026-01-01",
        "this line is indented under a key that already has a value",
    ),
    "duplicate-key": (
        GOOD + 'title: "Again"\n',
        'title: "Again"',
        "`title` is given twice, on lines",
    ),
}


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "python":
        monkeypatch.setattr(yamlio, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")


def errors_of_build(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def line_of(text: str, part: str, first_line: int) -> int:
    return next(i for i, line in enumerate(text.split("\n"), first_line) if part in line)


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_a_front_matter_mistake_names_the_line_to_fix(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, bad, message = MISTAKES[case]
    write(tmp_path / "mlguide.yml", "title: Blog\n")
    write(tmp_path / "content" / "post.md", f"---\n{text}---\n\nHello.\n")
    (error,) = errors_of_build(tmp_path, monkeypatch)
    where = f"error: content/post.md:{line_of(text, bad, 2)}: "
    assert error.startswith(where) and message in error, error


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_a_config_mistake_names_the_line_to_fix(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, bad, message = MISTAKES[case]
    # Below comments, as `mlguide init` writes them: the line must count them too.
    config = "# Site settings\n\n# The site's name\n" + text
    write(tmp_path / "mlguide.yml", config)
    write(tmp_path / "content" / "post.md", f"---\n{GOOD}---\n\nHello.\n")
    errors = errors_of_build(tmp_path, monkeypatch)
    where = f"error: mlguide.yml:{line_of(config, bad, 1)}: "
    assert any(e.startswith(where) and message in e for e in errors), errors


def test_an_unclosed_quote_in_the_config_init_wrote_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new user's case: the quote swallows comments up to the next quote, lines below."""
    assert CliRunner().invoke(main, ["init", str(tmp_path / "blog")]).exit_code == 0
    config = tmp_path / "blog" / "mlguide.yml"
    text = config.read_text(encoding="utf-8")
    assert 'title: "My blog"' in text
    config.write_text(text.replace('title: "My blog"', 'title: "My blog'), encoding="utf-8")
    (error,) = errors_of_build(tmp_path / "blog", monkeypatch)
    line = line_of(text, 'title: "My blog"', 1)
    assert error == (
        f'error: mlguide.yml:{line}: invalid YAML: `title`: the quote opened here (") is never '
        "closed"
    )


def test_a_quote_left_open_in_the_config_init_wrote_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`author: "Ada` ran on over twenty lines of comments to the quote in `# theme:` and
    closed there: the build went on with those comments as the author's name."""
    assert CliRunner().invoke(main, ["init", str(tmp_path / "blog")]).exit_code == 0
    config = tmp_path / "blog" / "mlguide.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('author: ""', 'author: "Ada'), encoding="utf-8")
    (error,) = errors_of_build(tmp_path / "blog", monkeypatch)
    line = line_of(text, 'author: ""', 1)
    assert error.startswith(
        f'error: mlguide.yml:{line}: invalid YAML: `author`: the quote opened here (") is not '
        "closed on its line: it runs on over the lines below (`# The author's page"
    ), error


def test_a_quoted_value_on_lines_indented_under_its_key_is_still_one_value(
    tmp_path: Path,
) -> None:
    doc = yamlio.load_yaml_mapping(
        'description: "A long\n  description"\ntags:\n  - "a\n    b"\n', tmp_path / "x.yml"
    )
    assert doc.data == {"description": "A long description", "tags": ["a b"]}
