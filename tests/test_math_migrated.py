"""Formulas as other generators' authors wrote them for MathJax: typeset where the intent is
clear, left as text with a `math` warning at the line where it is not, never shown as TeX
without a word. Prose with prices stays prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.site.render.markdown import parser
from mlguide.site.render.markdown.page import Ids, PageEnv
from mlguide.site.render.markdown.straytex import stray_tex

from .conftest import write

DIALECTS = ("mlguide", "jekyll", "hugo", "zola", "pelican", "mkdocs")


def render(text: str, dialect: str = "mlguide") -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), Ids(), dialect=dialect)
    return parser.render(parser.parse(text, env), env), env


def warnings(env: PageEnv) -> list[tuple[int | None, str]]:
    return [(f.line, f.message) for f in env.findings]


def formulas(html: str) -> list[str]:
    """The TeX of each typeset formula (its annotation), in order."""
    return re.findall(
        r'<annotation encoding="application/x-tex"[^>]*>(.*?)</annotation>', html, re.S
    )


def prose(html: str) -> str:
    return re.sub(r"<math\b.*?</math>", "", html, flags=re.S)


# --- MathJax's delimiters escaped for Markdown ---------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_escaped_mathjax_delimiters_are_formulas_in_every_dialect(dialect: str) -> None:
    html, env = render("Let \\\\(x_1\\\\) be given, and \\\\[ y^2 \\\\] shown.\n", dialect)
    assert formulas(html) == ["x_1", "y^2"]
    assert "\\(" not in prose(html) and "\\[" not in prose(html)
    assert 'class="math math-block"' in html  # `\\[` is a display, even inside a sentence
    assert warnings(env) == []


@pytest.mark.parametrize("dialect", ["pelican", "mkdocs", "mlguide"])
def test_markdown_escapes_inside_escaped_delimiters_are_undone(dialect: str) -> None:
    # Written for a Markdown pass: `\_` kept two subscripts from becoming italics.
    html, _ = render("Divergence \\\\(D\\_{KL}(p \\| q) + x\\_i\\\\).\n", dialect)
    assert formulas(html) == ["D_{KL}(p \\| q) + x_i"]


# --- a dollar sign written for MathJax ------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_mathjax_dollar_sign_is_a_dollar_sign(dialect: str) -> None:
    html, env = render("Salaries of $\\$$40,000 - $\\$$50,000 a year.\n", dialect)
    assert "<p>Salaries of $40,000 - $50,000 a year.</p>" in html
    assert formulas(html) == [] and warnings(env) == []


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10 today.",
        "A price of $3.50 or $4, or \\$4.",
        "Rated $$$ by critics, $$$$ by friends.",
        "Paths such as C:\\Users\\me, C:\\Users\\john_doe and C:\\\\Temp stay text.",
        "Write `\\(x\\)`, `$$`, `\\begin{align}` and `$\\$$` in code.",
        "As \\eqref{eq-x} and \\ref{eq-x} show.",
    ],
)
def test_prose_with_dollars_and_backslashes_stays_prose_without_warnings(text: str) -> None:
    html, env = render(text + "\n", "pelican")
    assert formulas(html) == []
    assert [m for _, m in warnings(env) if "TeX shown as text" in m] == []


# --- environments without dollars -----------------------------------------------------------


def test_bare_environments_are_displays_at_a_paragraphs_start_and_inside_it() -> None:
    html, env = render(
        "\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n\n"
        "So \\begin{equation*} e = mc^2 \\end{equation*} holds, and\n"
        "\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases} too.\n"
    )
    assert len(formulas(html)) == 3
    assert "\\begin" not in prose(html) and warnings(env) == []
    assert html.startswith('<div class="math">')  # a paragraph of its own: a block


def test_an_environment_split_by_a_blank_line_stays_text_with_a_warning_at_each_end() -> None:
    html, env = render("Before.\n\n\\begin{align}\na &= b \\\\\n\nc &= d\n\\end{align}\n")
    assert formulas(html) == [] and "\\begin{align}" in html
    found = warnings(env)
    assert [line for line, _ in found] == [3, 7]
    assert "`\\begin{align}`" in found[0][1] and "not in one paragraph" in found[0][1]
    assert all(f.rule == "math" for f in env.findings)


# --- what stays text is said -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece", "why"),
    [
        ("Inline $ \\sin(x) = y $ with spaces.", "$ \\sin(x) = y $", "space just inside"),
        ("Open \\\\(x + y with no end.", "\\(", "MathJax delimiters"),
        ("A bare \\frac{a}{b} in prose.", "\\frac", "outside any formula"),
        ("Greek \\\\alpha too.", "\\alpha", "outside any formula"),
        ("A macro \\foo{x} too.", "\\foo{", "outside any formula"),
    ],
)
def test_tex_left_as_text_is_a_math_warning_at_its_line(text: str, piece: str, why: str) -> None:
    html, env = render("# Title\n\n" + text + "\n")
    assert formulas(html) == []
    [(line, message)] = warnings(env)
    assert line == 3 and f"`{piece}`" in message and why in message


def test_stray_tex_finds_each_piece_once() -> None:
    pieces = stray_tex("See \\(a + \\frac{b}{c}\\) and $ \\alpha $, costs $5.")
    assert [p for p, _, _ in pieces] == ["\\(a + \\frac{b}{c}\\)", "$ \\alpha $"]


def test_strict_build_fails_on_tex_left_as_text(tmp_path: Path) -> None:
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(
        tmp_path / "content" / "post.md",
        "---\ntitle: Post\ndate: 2024-01-02\n---\n\nSee $ \\sin x $ here. It costs $5.\n",
    )
    result = build(BuildOptions(tmp_path))
    [found] = [f for f in result.findings if f.rule == "math"]
    assert found.line == 6 and found.path is not None and found.path.name == "post.md"
    with pytest.raises(StrictBuildError):
        build(BuildOptions(tmp_path, strict=True))


# --- text inside formulas as MathJax set it ----------------------------------------------------


def test_an_underscore_in_text_mode_is_an_underscore_as_mathjax_shows_it() -> None:
    html, env = render("Rows of $\\texttt{stop_times}$ and $\\mathrm{c_d}$.\n")
    assert warnings(env) == []  # Temml alone stops at the underscore
    assert re.search(r"<mtext>[^<]*_[^<]*</mtext>", html)  # shown, in the monospace letters
    assert "<msub>" in html  # `\mathrm{c_d}` is math mode: a subscript


def test_an_angle_bracket_escaped_for_markdown_is_a_bracket() -> None:
    html, env = render("A \\\\(\\texttt{std::set\\<TripId\\>}\\\\) set.\n", "hugo")
    assert warnings(env) == [] and "std::set&lt;TripId&gt;" in html


@pytest.mark.parametrize(
    ("tex", "read"),
    [
        (r"P_{size}\(c\) = \frac{1}{size\(c\)}", r"P_{size}(c) = \frac{1}{size(c)}"),
        (r"S = \[c_1, \dots, c_n\]", r"S = [c_1, \dots, c_n]"),
        # a row break with a space, not an escaped bracket
        (
            r"\begin{aligned} a \\[1em] b \end{aligned}",
            r"\begin{aligned} a \\[1em] b \end{aligned}",
        ),
    ],
)
def test_brackets_escaped_for_markdown_inside_a_formula_are_brackets(tex: str, read: str) -> None:
    html, env = render(f"$${tex}$$\n", "hugo")
    assert warnings(env) == [] and formulas(html) == [read.replace("&", "&amp;")]


def test_tex_inside_a_raw_html_block_is_a_warning_at_its_line(tmp_path: Path) -> None:
    """Outside a `<figcaption>` (typeset: test_migrate_leftovers.py)."""
    from mlguide.commands.build import BuildOptions, build

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "fig.md").write_text(
        "---\ntitle: Types\ndescription: A post with a figure written in raw HTML.\n"
        'date: 2026-01-05\n---\n\nText.\n\n<figure>\n<img src="x.png" alt="x">\n'
        "<div>The type $\\textbf{Void}$ has no values.</div>\n"
        "<div>Fingerprints $f_1, ..., f_8$ cost $5 and $10.</div>\n</figure>\n\n"
        "<pre>\n$\\frac{a}{b}$ shown on purpose\n</pre>\n\n<p>It costs $5 and $10.</p>\n",
        encoding="utf-8",
    )
    result = build(BuildOptions(tmp_path))
    math = [(f.line, f.message) for f in result.findings if f.rule == "math"]
    assert [line for line, _ in math] == [11, 12], math
    assert "`$\\textbf{Void}$`" in math[0][1] and "`$f_1, ..., f_8$`" in math[1][1]
    assert all("formulas inside raw HTML are not typeset" in m for _, m in math)


def test_punctuation_after_an_inline_formula_stays_on_its_line(tmp_path: Path) -> None:
    """`$x$.` once wrapped the full stop onto a line of its own on a phone: the formula and
    the punctuation that follows it are kept together, and the text keeps it once."""
    write(
        tmp_path / "content" / "p.md",
        "---\ntitle: P\ndate: 2026-01-01\n---\n\nWater is $x^2$, and $y$ is.\n",
    )
    build(BuildOptions(tmp_path))
    page = (tmp_path / "build" / "p" / "index.html").read_text(encoding="utf-8")
    glued = re.findall(r'<span class="math-nobr"><math>.*?</math>(.*?)</span>', page)
    assert glued == [","]
    assert "</span> and " in page and page.count("</math>,") == 1


def test_punctuation_after_a_wide_inline_formula_stays_beside_its_box(tmp_path: Path) -> None:
    """A formula too wide for a phone scrolls in a box of its own; its full stop started the
    next line. The box and the punctuation are one flexible span (the box gives up the
    room), and the text after it keeps the stop once."""
    elbo = (
        r"\log p(x) \ge \mathbb{E}_{q(z \mid x)}\left[\log p(x \mid z)\right]"
        r" - \operatorname{KL}\left(q(z \mid x) \,\|\, p(z)\right)"
    )
    write(
        tmp_path / "content" / "w.md",
        f"---\ntitle: W\ndate: 2026-01-01\n---\n\nThe bound is ${elbo}$. It holds.\n",
    )
    build(BuildOptions(tmp_path))
    page = (tmp_path / "build" / "w" / "index.html").read_text(encoding="utf-8")
    glued = re.findall(
        r'<span class="math-glue"><span class="math-wide" tabindex="0">.*?</span>(.*?)</span>',
        page,
        re.S,
    )
    assert glued == ["."]
    assert ".</span> It holds." in page and "</span>. It holds." not in page
