"""Fixes from a tester's round: the typographer's dots and quotes, shortcode videos, Zola
fence options, a title's formula, raw HTML pictures and links a slip away."""

from __future__ import annotations

from pathlib import Path

from mlguide.site.content.foreign import translate
from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, PageEnv


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
