"""A new writer's first blog, as `mlguide init` makes it, and the mistakes they make first:
each is one line at the file and line to fix, saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main

DESC = "A description long enough to be a real meta description for these tests."


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "blog"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, list[str]]:
    """The exit code and what was printed to stderr, line by line."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def post(root: Path, name: str, body: str) -> Path:
    path = root / "content" / name
    front = f'---\ntitle: "A post"\ndescription: "{DESC}"\ndate: 2026-01-02\n---\n\n'
    path.write_text(front + body, encoding="utf-8")
    return path


def line_of(path: Path, part: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if part in line)


def test_the_placeholder_base_url_is_reported_at_its_line_in_the_config(blog: Path) -> None:
    code, errors = run("build", "--strict")
    line = line_of(blog / "mlguide.yml", "base_url: https://example.com/")
    assert code == 1
    assert errors == [  # one line: no "1 error" under it
        f"error: mlguide.yml:{line}: `base_url` is still the placeholder https://example.com/: "
        "set the address the site is published at, or pass --base-url (rule: base-url)"
    ]


def test_a_broken_link_is_quoted_as_the_author_wrote_it(blog: Path) -> None:
    path = post(
        blog,
        "second.md",
        "Intro.\n\nSee [the welcome](welcome.md#writng) first.\n\n"
        "Then [the part](welcome.md#no-such-part), [a page](../nothere/).\n",
    )
    code, warnings = run("build")
    assert code == 0
    broken = [w for w in warnings if "(rule: broken-link)" in w]
    first, second = line_of(path, "welcome.md#writng"), line_of(path, "no-such-part")
    assert broken == [
        f"warning: content/second.md:{first}: link `welcome.md#writng` points to a missing "
        "anchor; did you mean `#writing`? (it leads to `../welcome/#writng`) (rule: broken-link)",
        f"warning: content/second.md:{second}: link `welcome.md#no-such-part` points to a "
        "missing anchor (it leads to `../welcome/#no-such-part`) (rule: broken-link)",
        f"warning: content/second.md:{second}: link `../nothere/` points to a missing file "
        "(rule: broken-link)",
    ]


@pytest.mark.parametrize(
    ("fence", "code", "closed"),
    [("```python", "x = 1", "```"), ("~~~~", "x = 1", "~~~~"), ("> ```", "> x = 1", "> ```")],
    ids=["backticks", "tildes", "in-a-quote"],
)
def test_a_code_block_never_closed_is_named_where_it_opened(
    blog: Path, fence: str, code: str, closed: str
) -> None:
    """Markdown lets the block run to the end of the post: everything after becomes code."""
    path = post(blog, "code.md", f"Intro.\n\n{fence}\n{code}\n\n## Results\n\nMore text.\n")
    exit_code, warnings = run("build")
    line = line_of(path, fence)
    marker = closed.lstrip("> ")
    assert exit_code == 0 and [w for w in warnings if "unclosed-fence" in w] == [
        f"warning: content/code.md:{line}: the code block opened here ({marker}) is never "
        f"closed, so all that follows is shown as code: add a line with {marker} after the "
        "code (rule: unclosed-fence)"
    ]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"{code}\n", f"{code}\n{closed}\n"), encoding="utf-8")
    assert not [w for w in run("build")[1] if "unclosed-fence" in w]


def test_a_mistyped_template_name_is_named_not_silently_ignored(blog: Path) -> None:
    templates = blog / "templates"
    (templates / "partials").mkdir(parents=True)
    wrong = {
        "psot.html.j2": "did you mean `post.html.j2`?",
        "page.html": "name it `page.html.j2` to replace the built-in one",
        "partials/fotoer.html.j2": "did you mean `partials/footer.html.j2`?",
    }
    for name in wrong:
        (templates / name).write_text('{% extends "base.html.j2" %}\n', encoding="utf-8")
    (templates / "partials" / "mine.html.j2").write_text("<b>mine</b>\n", encoding="utf-8")
    (templates / "post.html.j2").write_text(  # uses its partial: that one is not a typo
        '{% extends "mlguide/post.html.j2" %}\n{% set mine = "partials/mine.html.j2" %}\n',
        encoding="utf-8",
    )
    code, warnings = run("build")
    assert code == 0
    assert sorted(w for w in warnings if "template-name" in w) == sorted(
        f"warning: templates/{name}: no page uses this template: {hint} (rule: template-name)"
        for name, hint in wrong.items()
    )


def test_a_template_that_extends_a_mistyped_name_says_which_was_meant(blog: Path) -> None:
    (blog / "templates").mkdir()
    (blog / "templates" / "post.html.j2").write_text(
        '{# my post page #}\n{% extends "bsae.html.j2" %}\n', encoding="utf-8"
    )
    code, said = run("build")
    assert code == 1 and [line for line in said if line.startswith("error: ")] == [
        "error: templates/post.html.j2:2: template `bsae.html.j2` not found; did you mean "
        "`base.html.j2`?"
    ]
    assert said[0].startswith("warning: mlguide.yml:")  # the run's warning, said first


@pytest.mark.parametrize(("typed", "meant"), [("tgas", "tags"), ("titel", "title")])
def test_two_letters_swapped_in_a_key_is_a_likely_typo(blog: Path, typed: str, meant: str) -> None:
    path = post(blog, "typo.md", "Hi.\n")
    path.write_text(
        path.read_text(encoding="utf-8").replace("date:", f"{typed}: [a]\ndate:"),
        encoding="utf-8",
    )
    _, warnings = run("build")
    assert [w for w in warnings if "front-matter-typo" in w] == [
        f"warning: content/typo.md:{line_of(path, typed)}: unknown key `{typed}`: did you mean "
        f"`{meant}`? (kept as a template param) (rule: front-matter-typo)"
    ]


def test_a_mistyped_image_path_names_the_file_meant(blog: Path) -> None:
    (blog / "content" / "img").mkdir()
    (blog / "content" / "img" / "chart.png").write_bytes(
        (Path(__file__).parent.parent / "assets" / "blog-poster-1200x630.png").read_bytes()
    )
    path = post(
        blog,
        "pics.md",
        "![A chart](img/chrat.png)\n\n![A chart](img/Chart.png)\n\n![A chart](img/other.png)\n",
    )
    _, warnings = run("build")
    missing = [w for w in warnings if "missing-image" in w]
    assert missing == [
        f"warning: content/pics.md:{line_of(path, src)}: image `{src}` not found{hint} "
        "(rule: missing-image)"
        for src, hint in [
            ("img/chrat.png", "; did you mean `img/chart.png`?"),
            ("img/Chart.png", "; did you mean `img/chart.png`?"),
            ("img/other.png", ""),
        ]
    ]


def test_a_link_to_a_post_without_its_md_says_what_to_write(blog: Path) -> None:
    path = post(blog, "third.md", "See [it](welcome), [its part](welcome#writing), [x](nothing).\n")
    _, warnings = run("build")
    line = line_of(path, "[it](welcome)")
    assert [w for w in warnings if "broken-link" in w] == [
        f"warning: content/third.md:{line}: link `welcome` points to a missing file; did you "
        "mean `welcome.md`? (rule: broken-link)",
        f"warning: content/third.md:{line}: link `welcome#writing` points to a missing file; "
        "did you mean `welcome.md#writing`? (rule: broken-link)",
        f"warning: content/third.md:{line}: link `nothing` points to a missing file "
        "(rule: broken-link)",
    ]


def test_a_mistyped_menu_word_names_the_word_meant(blog: Path) -> None:
    config = blog / "mlguide.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "menu: [archve, tgas, {GitHub: https://x.org}]\n",
        encoding="utf-8",
    )
    code, errors = run("build")
    line = line_of(config, "menu: [archve")
    assert code == 1 and errors == [
        f"error: mlguide.yml:{line}: `menu` entry 1 `archve`: did you mean `archive`?",
        f"error: mlguide.yml:{line}: `menu` entry 2 `tgas`: did you mean `tags`?",
        "2 errors",
    ]


def test_strict_names_the_post_and_line_of_a_description_problem(blog: Path) -> None:
    """`build --strict` runs the publish checklist on the built pages; the fix is in the post."""
    short = post(blog, "short.md", "Hi.\n")
    short.write_text(
        short.read_text(encoding="utf-8").replace(DESC, "Too short."), encoding="utf-8"
    )
    none = blog / "content" / "none.md"
    none.write_text('---\ntitle: "No description"\ndate: 2026-01-03\n---\n\nHi.\n', "utf-8")
    code, errors = run("build", "--strict", "--base-url", "https://blog.example.org/")
    assert code == 1 and [e for e in errors if "(rule: description)" in e] == [
        f"error: content/none.md:{line_of(none, 'title:')}: no `description` in the front "
        "matter, and the first paragraph (3 characters) is not 50–160: add a `description:` "
        "line (rule: description)",
        f"error: content/short.md:{line_of(short, 'description:')}: meta description is 10 "
        "characters, not 50–160 (rule: description)",
    ]
