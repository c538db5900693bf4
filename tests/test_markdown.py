from typing import Any

from mlguide import markdown


def render(text: str) -> tuple[str, dict[str, Any]]:
    env: dict[str, Any] = {}
    tokens = markdown.parse(text, env)
    return markdown.render(tokens, env), env


def test_gfm_table_is_wrapped_and_named_by_its_section() -> None:
    html, _ = render("## Numbers\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="numbers">' in html
    assert "<th>a</th>" in html and "<td>2</td>" in html


def test_headings_get_ids_permalinks_and_a_toc() -> None:
    html, env = render("## Step 1 — Define “done”\n\n### Sub part\n\n#### Deep\n")
    assert '<h2 id="step-1-define-done">' in html
    assert '<a class="anchor" href="#step-1-define-done">' in html
    assert [(e.level, e.id) for e in env["toc"]] == [(2, "step-1-define-done"), (3, "sub-part")]
    assert "<h4>Deep</h4>" in html  # h4 is not in the TOC and gets no id


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
    assert html.startswith('<pre class="hl" tabindex="0"><code class="language-python">')
    assert '<span class="n">x</span>' in html


def test_unknown_language_is_plain_escaped_text() -> None:
    html, _ = render("```nosuchlang\n<b>\n```\n")
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_standalone_image_is_a_figure_inline_image_is_not() -> None:
    _, env = render('![alone](a.gif "Caption")\n\nText ![inline](b.png) here.\n')
    alone, inline = env["images"]
    assert (alone.src, alone.alt, alone.title, alone.figure, alone.line) == (
        "a.gif",
        "alone",
        "Caption",
        True,
        1,
    )
    assert (inline.src, inline.figure, inline.line) == ("b.png", False, 3)


def test_slugify_collapses_separators() -> None:
    assert markdown.slugify("Step 10 — Deploy, monitor, and retrain") == (
        "step-10-deploy-monitor-and-retrain"
    )
    assert markdown.slugify("¿¿") == "section"
