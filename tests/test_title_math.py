"""A formula in a post's title is typeset in its h1, as a heading's is; the <title> and
feeds keep the TeX as written."""

from __future__ import annotations

from pathlib import Path

from mlguide.commands.build import BuildOptions, build


def test_a_titles_formula_is_typeset_in_the_h1_and_kept_as_text_in_title(tmp_path: Path) -> None:
    (tmp_path / "mlguide.yml").write_text("title: Blog\nbase_url: https://blog.test/\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "2026-01-01-single.md").write_text(
        "---\ntitle: 'The $\\alpha$ single'\n---\nText.\n"
    )
    (content / "2026-01-02-vae.md").write_text("# The $\\beta$-VAE objective\n\nText.\n")
    build(BuildOptions(tmp_path))
    for slug, tex, char in (("single", "\\alpha", "α"), ("vae", "\\beta", "β")):
        page = next((tmp_path / "build").glob(f"*{slug}*/index.html")).read_text()
        h1 = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
        assert f"<mi>{char}</mi>" in h1 and f"${tex}$" not in h1
        assert f"<title>The ${tex}$" in page


def test_a_titles_formula_is_typeset_where_lists_and_links_show_the_title(
    tmp_path: Path,
) -> None:
    """The home page, the archive, the tag pages, the 404 page's recent posts and the older
    and newer links show the title as its page does, never the TeX."""
    (tmp_path / "mlguide.yml").write_text("title: Blog\nbase_url: https://blog.test/\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "2026-01-01-vae.md").write_text(
        "---\ntitle: 'The $\\beta$-VAE objective'\ntags: [vae]\n---\nText.\n"
    )
    (content / "2026-01-02-next.md").write_text('---\ntitle: A plain "next" post\n---\nText.\n')
    build(BuildOptions(tmp_path))
    out = tmp_path / "build"
    pages = {
        "home": out / "index.html",
        "archive": out / "archive" / "index.html",
        "tag": next(out.glob("tags/vae/index.html")),
        "404": out / "404.html",
        "newer post": next(out.glob("*next*/index.html")),
    }
    for name, path in pages.items():
        html = path.read_text()
        body = html.split("<main", 1)[1]
        assert "$\\beta$" not in body, name
        assert "<mi>β</mi>" in body, name
    home = pages["home"].read_text()
    assert "A plain &#34;next&#34; post" in home  # a title without a formula: text as before


def test_a_display_formula_in_a_title_is_inline_and_an_escaped_dollar_is_a_dollar() -> None:
    """A title is one line in a list or a link: `$$x$$` there was a block formula that broke
    the line. `\\$5`, a dollar escaped so that it is no formula, showed its backslash."""
    from mlguide.site.render.markdown import title_html

    shown = title_html("$$x^2$$ in a title")
    assert "<math" in shown and 'display="block"' not in shown and "math-block" not in shown
    assert title_html("Costs \\$5 and $x$").startswith("Costs $5 and <math")
    assert title_html("Save $5 and $10") == "Save $5 and $10"  # no formula: as written
