"""Markdown: GFM, Pygments, math as MathML, unique ids, links with their source lines."""

from __future__ import annotations

import re
from pathlib import Path

from mlguide.site.content.foreign import translate
from mlguide.site.content.slugs import slugify
from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, PageEnv


def render(text: str, **page: object) -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), page.pop("ids", Ids()), **page)  # type: ignore[arg-type]
    tokens = markdown.parse(text, env)
    return markdown.render(tokens, env), env


def test_gfm_table_is_wrapped_and_named_by_its_section() -> None:
    html, _ = render("## Numbers\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="numbers">' in html
    assert "<th>a</th>" in html and "<td>2</td>" in html


def test_headings_get_ids_permalinks_and_a_toc() -> None:
    html, env = render("## Step 1 — Define “done”\n\n### Sub part\n\n#### Deep\n\n##### Deeper\n")
    assert '<h2 id="step-1-define-done">' in html
    assert '<a class="anchor" href="#step-1-define-done" data-pagefind-ignore>' in html
    assert [(e.level, e.id) for e in env.toc] == [(2, "step-1-define-done"), (3, "sub-part")]
    assert '<h4 id="deep">' in html  # linkable, but not in the TOC
    assert "<h5>Deeper</h5>" in html


def test_ids_are_unique_on_the_page_template_ids_included() -> None:
    html, _ = render(
        "## Main\n\n## Toc title\n\n## Part\n\n## Part\n", ids=Ids({"main", "toc-title"})
    )
    for ident in ('id="main-1"', 'id="toc-title-1"', 'id="part"', 'id="part-1"'):
        assert ident in html


def test_task_lists_footnotes_and_strikethrough() -> None:
    html, _ = render("- [ ] todo\n- [x] done\n\nText[^1] ~~old~~\n\n[^1]: A note.\n")
    assert 'type="checkbox"' in html and "checked" in html
    assert 'class="footnotes' in html and "A note." in html
    assert "<s>old</s>" in html


def test_typography_keeps_unicode_and_curls_straight_quotes() -> None:
    html, _ = render('Problem → Data — “done” and "quoted"\n')
    assert "Problem → Data — “done”" in html
    assert "“quoted”" in html


def test_fenced_code_is_highlighted_by_pygments() -> None:
    html, _ = render("```python\nx = 1\n```\n")
    assert html.startswith(
        '<div class="code">\n<pre class="hl" tabindex="0"><code class="language-python">'
    )
    assert '<span class="n">x</span>' in html


def test_unknown_language_is_plain_escaped_text() -> None:
    html, _ = render("```nosuchlang\n<b>\n```\n")
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_standalone_image_is_a_figure_inline_image_is_not() -> None:
    _, env = render('![alone](a.gif "Caption")\n\nText ![inline](b.png) here.\n')
    alone, inline = env.images
    assert (alone.src, alone.alt, alone.title, alone.figure, alone.line) == (
        "a.gif", "alone", "Caption", True, 1,
    )  # fmt: skip
    assert (inline.src, inline.figure, inline.line) == ("b.png", False, 3)


def test_math_is_mathml_and_markdown_never_touches_it() -> None:
    html, env = render(
        "Inline $a_i * b_i$ and \\(x_1 * y_1\\), but $5 and $10 are money.\n\n"
        "$$\n\\sum_{i=1}^n x_i^2\n- a\n$$\n\n\\[ E = mc^2 \\]\n"
    )
    assert html.count("<math") == 4 and html.count('display="block"') == 2
    assert "<em>" not in html and "<li>" not in html
    assert "$5 and $10 are money" in html
    assert (
        '<annotation encoding="application/x-tex" data-pagefind-ignore="all">a_i * b_i</annotation>'
        in html
    )
    assert env.math == 4 and env.findings == []


def test_a_formulas_tex_is_left_out_of_the_search_index() -> None:
    """Search indexed the formula's text and its TeX annotation side by side: a result for
    a post titled `The $\\beta$-VAE` read `The β\\beta-VAE`, its excerpt `qϕ(z|x)q_\\phi(…)`."""
    html, _ = render("The $\\beta$-VAE and\n\n$$\nq_\\phi(z \\mid x)\n$$\n")
    notes = re.findall(r"<annotation\b[^>]*>", html)
    assert len(notes) == 2
    assert all("data-pagefind-ignore" in n for n in notes), notes


def test_only_a_wide_formula_scrolls_in_a_focusable_box() -> None:
    # Formulas do not wrap: a long one must scroll in its own box (reachable by keyboard)
    # instead of widening a phone's page; a short one stays a plain inline <math>.
    wide = r"L(\theta) = -\frac{1}{n}\sum_{i=1}^{n} y_i \log p_i + (1-y_i)\log(1-p_i)"
    html, _ = render(f"Short $a+b$ here, long ${wide}$ there.\n\n$$\n{wide}\n$$\n\n$$\nx\n$$\n")
    assert html.count('<span class="math-wide" tabindex="0"><math') == 1
    assert "Short <math" in html
    assert html.count('<div class="math" tabindex="0">') == 1
    assert html.count('<div class="math">') == 1


def test_a_formula_that_cannot_be_converted_stays_visible_as_tex() -> None:
    html, env = render("Text.\n\n$$\n\\frac{a}{\n$$\n")
    assert '<code class="math-tex">\\frac{a}{</code>' in html
    [finding] = env.findings
    assert (finding.rule, finding.line) == ("math", 3)


def test_links_carry_their_own_line_not_a_substring_match() -> None:
    _, env = render("Generalized text.\n\nSee [x](#ner) here.\n")
    assert env.links == [("#ner", 3)]


def test_link_resolver_rewrites_and_records_the_line() -> None:
    html, env = render(
        "[a](other.md#part)\n\n[b](https://example.com/)\n",
        resolve_link=lambda href, line: "../other/#part" if href.startswith("other") else href,
    )
    assert 'href="../other/#part"' in html and 'href="https://example.com/"' in html
    assert env.links == [("../other/#part", 1), ("https://example.com/", 3)]


def test_javascript_links_are_dropped_with_a_warning() -> None:
    html, env = render("Click [me](javascript:alert(1)) now.\n")
    assert "href=" not in html
    [finding] = env.findings
    assert (finding.rule, finding.line) == ("unsafe-link", 1)


def test_a_script_in_a_post_is_a_notice() -> None:
    _, env = render("Text\n\n<script>alert(1)</script>\n")
    assert [(f.rule, f.line) for f in env.findings] == [("raw-script", 3)]


def test_the_title_heading_is_not_repeated_in_the_body() -> None:
    html, env = render("# The title\n\nText.\n\n## Part\n", title_line=1)
    assert "<h1" not in html and "The title" not in html and '<h2 id="part">' in html


def test_admonitions_render_as_callouts() -> None:
    html, _ = render('!!! warning "Careful"\n    Body *text*.\n')
    assert '<div class="admonition warning" role="note">' in html
    assert '<p class="admonition-title">Careful</p>' in html and "<em>text</em>" in html


def test_slugify_collapses_separators() -> None:
    assert slugify("Step 10 — Deploy, monitor, and retrain") == "step-10-deploy-monitor-and-retrain"
    assert slugify("¿¿") == "section"
    assert slugify("Ünïcode café 机器") == "unicode-cafe-jiqi"


def test_foreign_syntax_is_translated_or_reported_at_its_line() -> None:
    text = (
        "Intro {{ site.baseurl }}/assets/x.png and {% post_url 2023-04-02-hello %}.\n"
        "{% highlight python linenos %}\nx = {{ not touched }}\n{% endhighlight %}\n"
        "{% raw %}{{ literal }}{% endraw %} then {% include note.html %}\n"
        "A para\n{: .note}\n`{% code %}` inline is fine\n"
        "{{% notice info %}}\nHi\n{{% /notice %}}\n"
        '{{< figure src="a.png" alt="An A" caption="The caption" >}}\n'
        'See {{< ref "other.md#part" >}} and {{< ref "missing.md" >}}.\n'
    )
    names = {"2023-04-02-hello": "../hello/", "other.md": "../other/"}
    out = translate(text, Path("p.md"), names.get)
    lines = out.text.split("\n")
    assert len(lines) == len(text.split("\n"))  # line numbers never move
    assert lines[0] == "Intro /assets/x.png and ../hello/."
    assert lines[1:4] == ["```python linenos", "x = {{ not touched }}", "```"]
    assert lines[4].startswith("{{ literal }} then {% include")
    assert lines[8:11] == ["!!! info", "    Hi", ""]  # Hugo's notice box, as a box
    assert lines[11] == '![An A](a.png "The caption")'
    assert lines[12].startswith("See ../other/#part and")
    assert [(f.line, f.rule) for f in out.findings] == [
        (5, "foreign-syntax"),
        (7, "foreign-syntax"),
        (13, "broken-link"),
    ]
