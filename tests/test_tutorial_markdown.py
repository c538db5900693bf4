"""Tutorial Markdown (issue 24): code blocks in every fence dialect, callouts in every syntax,
`:::` divs, prose details, and warnings at file:line for what is not understood."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, PageEnv
from mlguide.site.render.markdown.divs import read_header
from mlguide.site.render.markdown.fenceinfo import FenceInfo, parse_info


def render(text: str) -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), Ids())
    return markdown.render(markdown.parse(text, env), env), env


def warnings(env: PageEnv) -> list[tuple[str, int | None]]:
    return [(f.rule, f.line) for f in env.findings]


@pytest.mark.parametrize(
    ("info", "want"),
    [
        (
            'python title="train.py" linenums="1" hl_lines="2 3"',
            FenceInfo("python", "train.py", True, 1, frozenset({2, 3})),
        ),
        ("python,linenos,hl_lines=2 3", FenceInfo("python", "", True, 1, frozenset({2, 3}))),
        (
            "rust,linenos,linenostart=10,name=main.rs",
            FenceInfo("rust", "main.rs", True, 10),
        ),
        (
            'go {linenos=true,hl_lines=[2,"4-5"],linenostart=199}',
            FenceInfo("go", "", True, 199, frozenset({2, 4, 5})),
        ),
        ('{.python filename="x.py"}', FenceInfo("python", "x.py")),
        ("{python}", FenceInfo("python", executable=True)),
        (
            '{#fit .haskell .numberLines startFrom="100"}',
            FenceInfo("haskell", "", True, 100, ident="fit"),
        ),
        ("js {1,3-5}", FenceInfo("js", highlighted=frozenset({1, 3, 4, 5}))),
        ('js{2} title="a.js" showLineNumbers', FenceInfo("js", "a.js", True, 1, frozenset({2}))),
        ("ts :line-numbers=5", FenceInfo("ts", "", True, 5)),
        ("diff-python", FenceInfo("diff-python")),
    ],
    ids=[
        "material",
        "zola",
        "zola-name",
        "hugo",
        "pandoc",
        "quarto-cell",
        "pandoc-numbered",
        "vitepress",
        "docusaurus",
        "vitepress-start",
        "diff-lang",
    ],  # fmt: skip
)
def test_fence_dialects_mean_the_same_things(info: str, want: FenceInfo) -> None:
    assert parse_info(info) == want


def test_fence_options_not_understood_are_listed_not_dropped() -> None:
    info = parse_info('{ .python .annotate title="x" }')
    assert info.unknown == (".annotate",) and info.title == "x"
    assert parse_info('python hl_lines="two"').problems == (
        "`hl_lines`: `two` is not a line number or a range",
    )


def test_numbered_highlighted_block_with_a_title() -> None:
    html, env = render('```python title="train.py" linenums="9" hl_lines="2"\na = 1\nb = 2\n```\n')
    assert '<figure class="code">\n<figcaption class="code-title">train.py</figcaption>' in html
    assert 'class="hl lines numbered" tabindex="0" style="counter-reset:line 8"' in html
    lines = re.findall(r"<(span|mark) class=\"(line[^\"]*)\">", html)
    assert lines == [("span", "line"), ("mark", "line hll")]
    # Line numbers are CSS counters: no digit of them is in the text.
    assert ">9<" not in html and ">10<" not in html
    assert env.uses == {"code"} and not env.findings


def test_diff_lines_are_ins_and_del_and_a_diff_of_code_is_highlighted_as_code() -> None:
    html, _ = render("```diff\n--- a\n+++ b\n-old\n+new\n same\n```\n")
    assert html.count("<ins ") == 1 and html.count("<del ") == 1  # not the file headers
    html, _ = render("```diff-python\n def f():\n-    return 1\n+    return 2\n```\n")
    assert 'data-copy="after"' in html
    assert '<del class="line"><span class="dm">-</span>' in html
    assert '<span class="k">return</span>' in html  # Python tokens, not one diff line


def test_sessions_mark_their_prompts_for_the_copy_button() -> None:
    for fence in (
        "```console\n$ ls\nfile\n```\n",
        "```bash\n$ ls\n```\n",
        "```python\n>>> 1\n1\n```\n",
    ):
        html, _ = render(fence)
        assert 'data-copy="commands"' in html and 'class="gp"' in html, fence
    html, _ = render("```bash\nls -l\n```\n")
    assert "data-copy" not in html


def test_a_quarto_cell_hides_its_options() -> None:
    html, _ = render("```{python}\n#| echo: false\nprint(1)\n```\n")
    assert "echo" not in html and '<span class="nb">print</span>' in html


def test_code_problems_are_warnings_at_the_fence_line() -> None:
    _, env = render(
        'Intro.\n\n```nosuchlang\nx\n```\n\n```python hl_lines="9" frobnicate\nx\n```\n'
    )
    assert warnings(env) == [("code-language", 3), ("code-option", 7), ("code-option", 7)]
    messages = " ".join(f.message for f in env.findings)
    assert "`nosuchlang`" in messages and "`frobnicate`" in messages and "line 9" in messages


CALLOUTS = {
    "material": '!!! tip "Mind this"\n    Body.\n',
    "github": "> [!TIP]\n> Body.\n",
    "obsidian": "> [!hint] Mind this\n> Body.\n",
    "quarto": "::: callout-tip\nBody.\n:::\n",
    "quarto-attrs": '::: {.callout-tip title="Mind this"}\nBody.\n:::\n',
    "docusaurus": ":::tip[Mind this]\nBody.\n:::\n",
    "vitepress": "::: tip Mind this\nBody.\n:::\n",
}


@pytest.mark.parametrize("syntax", CALLOUTS)
def test_every_callout_syntax_gives_the_same_box(syntax: str) -> None:
    html, env = render(CALLOUTS[syntax])
    assert html.startswith('<div class="admonition tip" role="note">\n<p class="admonition-title">')
    assert re.search(r'admonition-title">(Mind this|Tip|Hint)</p>', html)
    assert "<p>Body.</p>" in html and "[!" not in html and ":::" not in html
    assert env.uses == {"callouts"} and not env.findings


def test_folding_callouts_are_details() -> None:
    html, _ = render('??? note\n    Hidden.\n\n???+ warning "Open"\n    Shown.\n')
    assert (
        '<details class="admonition note">\n<summary class="admonition-title">Note</summary>'
        in html
    )
    assert '<details class="admonition warning" open>' in html
    html, _ = render("> [!faq]- Why?\n> Because.\n")
    assert '<details class="admonition question">\n<summary class="admonition-title">Why?' in html
    html, _ = render('::: {.callout-note collapse="true"}\nX\n:::\n')
    assert '<details class="admonition note">' in html


def test_a_quarto_callout_takes_its_heading_as_title_and_out_of_the_toc() -> None:
    html, env = render("::: callout-warning\n## Careful now\nBody.\n:::\n")
    assert '<p class="admonition-title">Careful now</p>' in html and "<h2" not in html
    assert env.toc == []


def test_unknown_block_types_are_warnings_at_their_line() -> None:
    text = "Intro.\n\n!!! nosuch\n    A.\n\n> [!WHATEVER]\n> B.\n\n::: {.custom}\nC.\n:::\n"
    html, env = render(text)
    assert warnings(env) == [("unknown-block", 3), ("unknown-block", 6), ("unknown-block", 9)]
    assert html.count('class="admonition note"') == 2 and '<div class="custom">' in html
    assert "<p>C.</p>" in html  # the text is kept


def test_div_headers_in_each_dialect() -> None:
    assert read_header('{.callout-tip #t title="T"}').name == "callout-tip"
    header = read_header('{.callout-tip #t title="T"}')
    assert (header.ident, header.attr("title")) == ("t", "T")
    assert read_header("{note}").name == "note"  # MyST
    assert (read_header("note[A title]").name, read_header("note[A title]").text) == (
        "note", "A title",
    )  # fmt: skip
    video = read_header('video clip.mp4 poster=p.jpg title="A b"')
    assert (video.text.split()[0], video.attr("poster"), video.attr("title")) == (
        "clip.mp4", "p.jpg", "A b",
    )  # fmt: skip


def test_prose_details() -> None:
    html, _ = render(
        "H~2~O, x^2^, ==marked *text*==, ++ctrl+shift+p++ and HTML.\n\n"
        "*[HTML]: HyperText Markup Language\n\nTerm\n: Its definition.\n"
    )
    assert "H<sub>2</sub>O" in html and "x<sup>2</sup>" in html
    assert "<mark>marked <em>text</em></mark>" in html
    assert '<kbd class="keys"><kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>P</kbd></kbd>' in html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert "*[HTML]" not in html
    assert "<dl>\n<dt>Term</dt>\n<dd>Its definition.</dd>\n</dl>" in html


def test_a_quote_with_its_source() -> None:
    for text in ("> Be simple.\n>\n> -- Ada\n", "> Be simple.\n> — Ada\n"):
        html, _ = render(text)
        assert html == (
            '<figure class="quote">\n<blockquote>\n<p>Be simple.</p>\n</blockquote>\n'
            "<figcaption>— Ada</figcaption>\n</figure>\n"
        ), text
    html, _ = render("> Just a quote.\n")
    assert "<figure" not in html
