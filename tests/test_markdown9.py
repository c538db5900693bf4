"""Fixes from a tester's round: the typographer's dots and quotes, shortcode videos, Zola
fence options, a title's formula, raw HTML pictures and links a slip away."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlguide.errors import MlguideError
from mlguide.site.content.foreign import translate
from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, ImageUse, PageEnv
from mlguide.site.render.markdown.sanitize import Published

from .conftest import read_post


def render(text: str, **page: object) -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), page.pop("ids", Ids()), **page)  # type: ignore[arg-type]
    tokens = markdown.parse(text, env)
    return markdown.render(tokens, env), env


def test_two_dots_stay_two_dots_three_are_an_ellipsis() -> None:
    html, _ = render("See ../data/train.csv, 1..10 and ../kernels/, then wait... or?..\n")
    assert "../data/train.csv" in html and "1..10" in html and "../kernels/" in html
    assert "wait…" in html and "or?.." in html
    assert "…/" not in html


def test_template_tags_shown_as_text_keep_straight_quotes() -> None:
    html, _ = render(
        'Say "hi" to {{< myshortcode foo="bar" >}} and {% include figure.html src=\'x.png\' %}.\n'
    )
    assert "{{&lt; myshortcode foo=&quot;bar&quot; &gt;}}" in html
    assert "{% include figure.html src='x.png' %}" in html
    assert "“hi”" in html  # the prose around them is still typeset


def test_zola_fence_options_reach_the_renderer_in_every_dialect() -> None:
    text = "```rust,linenos,hl_lines=2 3\nfn a() {}\nfn b() {}\nfn c() {}\n```\n"
    for dialect in ("zola", "hugo", "jekyll", "mkdocs", "pelican", "mlguide"):
        translated = translate(text, Path("p.md"), {}.get, dialect=dialect)
        assert translated.text.split("\n")[0] == "```rust,linenos,hl_lines=2 3", dialect
        html, env = render(translated.text, dialect=dialect)
        assert html.count("<mark") == 2, dialect
        assert "lines numbered" in html, dialect
        assert not env.findings, dialect


def test_a_video_inside_a_sentence_is_a_figure_between_two_paragraphs() -> None:
    html, env = render("Text ![](https://vimeo.com/76979871) inline,\nand more.\n\nAfter.\n")
    assert html.split("\n") == [
        "<p>Text</p>",
        '<img src="https://vimeo.com/76979871" alt="">',
        "<p>inline,",
        "and more.</p>",
        "<p>After.</p>",
        "",
    ]
    (use,) = env.images
    assert use.figure and use.line == 1


def test_a_video_on_the_second_line_of_a_paragraph_keeps_its_line() -> None:
    html, env = render("Before.\n\nFirst line\nthen ![talk](https://youtu.be/dQw4w9WgXcQ) end.\n")
    assert "<p>First line\nthen</p>" in html and "<p>end.</p>" in html
    assert [(u.line, u.figure) for u in env.images] == [(4, True)]


def test_hugo_zola_and_pelican_videos_are_the_click_to_load_facade() -> None:
    cases = {
        "hugo": (
            "{{< youtube dQw4w9WgXcQ >}}\n\n"
            '{{< youtube id="dQw4w9WgXcQ" title="A talk" >}}\n\n'
            "Text {{< vimeo 76979871 >}} inline.\n"
        ),
        "zola": (
            '{{ youtube(id="dQw4w9WgXcQ") }}\n\n{{ youtube(id="dQw4w9WgXcQ", title="A talk") }}'
            '\n\nText {{ vimeo(id="76979871") }} inline.\n'
        ),
        "pelican": (
            "{% youtube dQw4w9WgXcQ %}\n\n{% youtube dQw4w9WgXcQ %}\n\n"
            "Text {% vimeo 76979871 %} inline.\n"
        ),
    }
    for dialect, text in cases.items():
        out = translate(text, Path("p.md"), {}.get, dialect=dialect).text
        _, env = render(out, dialect=dialect)
        assert [(u.src, u.line, u.figure) for u in env.images] == [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", 1, True),
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", 3, True),
            ("https://vimeo.com/76979871", 5, True),
        ], dialect
        if dialect != "pelican":
            assert env.images[1].alt == "A talk"
        html, _ = render(out, dialect=dialect, render_image=_facade)
        assert "<iframe" not in html and "<p><div" not in html
        assert "<p>Text</p>\n<figure>vimeo</figure>\n<p>inline.</p>" in html, dialect


def _facade(use: ImageUse, page: PageEnv) -> str:
    site = "vimeo" if "vimeo" in use.src else "youtube"
    return f"<figure>{site}</figure>" if use.figure else "<inline>"


def test_a_tex_escape_in_double_quotes_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text('---\ntitle: "The $\\beta$-VAE"\ndate: 2026-01-01\n---\n')
    with pytest.raises(MlguideError) as info:
        read_post(tmp_path / "post.md")
    assert str(info.value) == (
        "post.md:2: `title` contains the control character U+0008: in double quotes a "
        "backslash starts an escape, and `\\beta` starts with one; write the value in single "
        "quotes, which keep backslashes as written: `title: 'The $\\beta$-VAE'`"
    )


def test_a_titles_formulas_are_typeset_and_the_rest_is_its_text() -> None:
    page = PageEnv(Path("post.md"), Ids())
    out = markdown.title_html('The $\\beta$-VAE "objective" <b> & 1..10 *x*', page, 2)
    assert out.startswith("The <math><semantics><mi>β</mi>")
    assert out.endswith('-VAE "objective" &lt;b&gt; &amp; 1..10 *x*')
    assert page.math == 1 and page.findings == []
    assert markdown.title_html("A \\(x\\) and $$y$$").count("<math") == 2
    assert markdown.title_html("Costs $5 and $10 <now>") == "Costs $5 and $10 &lt;now&gt;"


def test_a_titles_formula_that_cannot_be_rendered_is_reported_at_its_line() -> None:
    page = PageEnv(Path("post.md"), Ids())
    out = markdown.title_html("Bad $\\frac{1}{$ one", page, 2)
    assert '<code class="math-tex">\\frac{1}{</code>' in out
    assert [(f.rule, f.line) for f in page.findings] == [("math", 2)]


def test_a_missing_picture_in_raw_html_is_reported_at_its_line_with_the_name_meant() -> None:
    text = (
        'Intro.\n\n<div>\n<img src="img/chrat.png" alt="z">\n<img src="img/ok.png" alt="o">\n'
        '<img src="https://x.test/a.png" alt="e">\n<img src="/favicon.ico" alt="f">\n</div>\n\n'
        'Text <video poster="poster.jpg" src="clip.mp4"></video>.\n'
    )
    _, env = render(
        text,
        resolve_src=lambda src, line: Published("x.png", None) if src == "img/ok.png" else None,
        did_you_mean=lambda src: "; did you mean `img/chart.png`?" if "chrat" in src else "",
    )
    assert [(f.rule, f.line, f.message) for f in env.findings] == [
        ("missing-image", 4, "image `img/chrat.png` not found; did you mean `img/chart.png`?"),
        ("missing-image", 10, "image `poster.jpg` not found"),
        ("missing-image", 10, "video `clip.mp4` not found"),
    ]
    assert env.reported == {"img/chrat.png", "poster.jpg", "clip.mp4"}  # not said again


def test_a_video_inside_a_link_leaves_the_paragraph_whole() -> None:
    html, _ = render("See [![talk](https://youtu.be/dQw4w9WgXcQ)](https://example.com) here.\n")
    assert html.startswith("<p>See <a href=") and html.endswith("</a> here.</p>\n")
    assert html.count("<p>") == 1
