"""An `<!--` (or a `<textarea>`, `<script>`, `<style>`, `<title>`) never closed in a post:
the browser hid everything after it, the page's footer, navigation and scripts with it, and
the build said nothing. Now it is a warning at the line it opens on, and it is closed where
its HTML ends, so the page around the post stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, PageEnv
from mlguide.site.render.markdown.unclosed import unclosed

from .conftest import write


def render(text: str) -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), Ids())
    return markdown.render(markdown.parse(text, env), env), env


def test_an_unclosed_comment_in_a_post_is_a_warning_and_leaves_the_page_whole(
    project: Path,
) -> None:
    write(
        project / "content" / "c.md",
        "---\ntitle: C\ndescription: d\ndate: 2026-01-01\n---\n\nFirst para.\n\n"
        "<!-- TODO finish this\n\nMore text.\n",
    )
    result = CliRunner().invoke(main, ["-C", str(project), "build"])
    assert result.exit_code == 0, result.output
    assert "content/c.md:9: an HTML comment opened here is never closed" in result.output
    page = (project / "build" / "c" / "index.html").read_text(encoding="utf-8")
    after = page.split("<!-- TODO finish this", 1)[1]
    # The comment ends with the post, before the page's own footer and scripts.
    assert "-->" in after and "<footer" in after
    assert after.index("-->") < after.index("<footer") < after.index("<script")


@pytest.mark.parametrize(
    ("body", "line", "closer"),
    [
        ("Intro.\n\n<textarea>\n\nMore.\n", 3, "</textarea>"),
        ("Intro.\n\n<script>\nlet a = 1;\n\nMore.\n", 3, "</script>"),
        ("Intro.\n\n<style>\np { color: red }\n", 3, "</style>"),
        ("Intro and <title>a title\nover lines.\n", 1, "</title>"),
        ("Intro.\n\n<div>\n<!-- a note\n</div>\n", 4, "-->"),
    ],
    ids=["textarea", "script", "style", "title-inline", "comment-in-a-div"],
)
def test_each_raw_text_element_left_open_is_reported_and_closed(
    body: str, line: int, closer: str
) -> None:
    html, env = render(body)
    assert [(f.rule, f.line) for f in env.findings if f.rule == "unclosed-html"] == [
        ("unclosed-html", line)
    ]
    assert unclosed([html]) is None, html  # nothing is open at the end of the post
    assert closer in html


@pytest.mark.parametrize(
    "body",
    [
        "A <!-- closed --> comment.\n",
        "<!--\nover\n\nlines\n-->\n\nAfter.\n",
        "<!---->\n\n<!-->\n",
        "<textarea>\n\nx\n</textarea>\n",
        "<script>\nif (a < b) {}\n</script>\n",
        "`<!--` in code, and\n\n```html\n<textarea>\n```\n",
    ],
)
def test_closed_html_and_code_are_left_alone(body: str) -> None:
    html, env = render(body)
    assert [f for f in env.findings if f.rule == "unclosed-html"] == []
    assert html.count("-->") == body.count("-->")
