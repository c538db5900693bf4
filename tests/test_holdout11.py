"""Conventions a second hold-out of real blogs met (2026-12-07), each fixture a few lines
reduced from a public post:

- al-folio's distill posts list `authors:` as mappings (alshedivat/al-folio, MIT,
  `_posts/2018-12-22-distill.md`, as in the ngram-lab/al-folio site);
- Hugo's configuration directory `config/_default/` (jpanther/congo's exampleSite, MIT;
  haarry9/haarry9.github.io, a Hugo Blox site, MIT);
- Congo's `{{< katex >}}` switch (jpanther/congo, `samples/mathematical-notation`);
- a vendored library's `README.md` without front matter in a Jekyll site's `assets/`
  (anirbanl/jekyllblog, Unlicense, `assets/katex/README.md`);
- MkDocs snippets inside a code fence (Textualize/textual, MIT,
  `docs/blog/posts/responsive-app-background-task.md`)."""

from __future__ import annotations

from pathlib import Path

from mlguide.site.content.foreign import translate
from mlguide.site.content.foreign.records import Links
from mlguide.site.content.readers.detect import project_dialect
from mlguide.site.content.readers.oldblog import old_blog
from mlguide.site.content.sources import Source, find_sources, scan_posts
from mlguide.site.render.markdown import first_paragraph

from .conftest import write


def project(root: Path, files: dict[str, str]) -> list[Source]:
    """A project with the given files; its posts scanned as a build scans them."""
    for name, text in files.items():
        write(root / name, text)
    paths, _ = find_sources(root / "content")
    return scan_posts(paths, root / "content", first_paragraph)


# --- Jekyll --------------------------------------------------------------------------------


def test_authors_written_as_mappings_are_their_names(tmp_path: Path) -> None:
    distill, seo = project(
        tmp_path,
        {
            "_config.yml": "title: Blog\n",
            "content/2018-12-22-distill.md": "---\nlayout: distill\ntitle: A distill post\n"
            "authors:\n  - name: Albert Einstein\n    url: https://example.org/ae\n"
            "    affiliations:\n      name: IAS, Princeton\n  - name: Nathan Rosen\n---\n\nBody.\n",
            "content/2019-01-01-seo.md": "---\ntitle: One author\nauthor: {name: Ada}\n---\n\nB.\n",
        },
    )
    assert distill.meta.authors == ("Albert Einstein", "Nathan Rosen")
    assert seo.meta.authors == ("Ada",)


def test_an_author_mapping_without_a_name_is_still_an_error(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: Blog\n")
    post = write(
        tmp_path / "content/2019-01-01-x.md", "---\ntitle: X\nauthors:\n  - url: u\n---\nB.\n"
    )
    try:
        scan_posts([post], tmp_path / "content", first_paragraph)
    except Exception as exc:  # noqa: BLE001 - the message is what is checked
        assert "`name:`" in str(exc)
    else:
        raise AssertionError("no error for an author without a name")


def test_a_jekyll_markdown_file_without_front_matter_is_a_file_not_a_post(
    tmp_path: Path,
) -> None:
    files = {
        "_config.yml": "title: Blog\n",
        "content/2021-06-21-latex.md": "---\ntitle: LaTeX\n---\n\nBody.\n",
        "content/2021-06-22-bare.md": "A post with no front matter is still a post.\n",
        "content/assets/katex/README.md": "# KaTeX\n\nThe library's own readme.\n",
        "content/pages/about.md": "---\ntitle: About\n---\n\nMe.\n",
    }
    for name, text in files.items():
        write(tmp_path / name, text)
    found, skipped = find_sources(tmp_path / "content")
    names = sorted(p.relative_to(tmp_path / "content").as_posix() for p in found)
    assert names == ["2021-06-21-latex.md", "2021-06-22-bare.md", "pages/about.md"]
    (notice,) = [f for f in skipped if f.path.name == "README.md"]
    assert notice.notice and "no front matter" in notice.message


# --- Hugo ----------------------------------------------------------------------------------


def test_hugos_config_directory_makes_a_hugo_project_with_its_url_rules(
    tmp_path: Path,
) -> None:
    (post,) = project(
        tmp_path,
        {
            "config/_default/hugo.yaml": "title: Research\nbaseURL: 'https://me.github.io/'\n",
            "config/_default/permalinks.toml": 'post = "/:year/:slug/"\n',
            "config/_default/menus.en.toml": "[[main]]\nname = 'x'\n",
            "content/post/data-prep/index.md": "---\ntitle: Data Preprocessing\n"
            "date: 2024-07-18\nsummary: How.\n---\n\nBody.\n",
        },
    )
    assert project_dialect(tmp_path) == "hugo"
    assert post.meta.dialect == "hugo"
    assert post.meta.old_url == "/2024/data-preprocessing/"
    blog = old_blog(tmp_path)
    assert blog is not None and (blog.title, blog.url) == ("Research", "https://me.github.io/")


def test_a_config_directory_of_key_files_only_is_hugos_too(tmp_path: Path) -> None:
    (post,) = project(
        tmp_path,
        {
            "config/_default/params.toml": "author = 'A'\n",
            "config/_default/permalinks.toml": 'samples = "/s/:slug/"\n',
            "content/samples/markdown/index.md": "---\ntitle: Markdown\ndate: 2019-03-08\n"
            "---\n\nBody.\n",
        },
    )
    assert (post.meta.dialect, post.meta.old_url) == ("hugo", "/s/markdown/")


def test_congos_katex_switch_shows_nothing_and_says_what_it_was() -> None:
    text = "Intro.\n\n{{< katex >}}\n\nInline: \\\\(\\varphi = 1\\\\)\n"
    out = translate(text, Path("p.md"), {}.get, dialect="hugo")
    assert "katex" not in out.text
    assert "\\varphi" in out.text
    assert not [f for f in out.findings if f.rule == "foreign-syntax"]
    assert [c for c in out.changes if "katex" in c.construct]


# --- MkDocs --------------------------------------------------------------------------------


def test_a_snippet_inside_a_code_fence_is_the_files_code() -> None:
    files = {"docs/blog/snippets/app.py": "def main():\n    return 1\n"}
    text = (
        'Code:\n\n```py hl_lines="2"\n--8<-- "docs/blog/snippets/app.py"\n```\n\n'
        '=== "Code"\n\n    ```python\n    --8<-- "docs/blog/snippets/app.py"\n    ```\n\n'
        '```py\n--8<-- "docs/missing.py"\n```\n'
    )
    links = Links({}.get, None, files.get)
    out = translate(text, Path("p.md"), links, dialect="mkdocs")
    assert out.text.count("def main():\n    return 1") == 2
    assert '--8<-- "docs/blog/snippets/app.py"' not in out.text
    (missing,) = [f for f in out.findings if f.rule == "foreign-syntax"]
    assert "docs/missing.py" in missing.message and missing.line == 14


def test_a_title_taken_from_a_heading_shows_its_character_references(tmp_path: Path) -> None:
    (post,) = project(
        tmp_path,
        {
            "mkdocs.yml": "site_name: Blog\nplugins: [blog]\n",
            "content/blog/posts/smooth.md": "---\ndate: 2025-02-16\n---\n\n"
            "# Smoother scrolling &mdash; decades in the making\n\nBody.\n",
        },
    )
    assert post.meta.title == "Smoother scrolling — decades in the making"
    # The old address is made from the words as written, as MkDocs made it.
    assert post.meta.old_url == "/blog/2025/02/16/smoother-scrolling-mdash-decades-in-the-making/"


def test_a_link_to_a_ref_that_finds_no_post_keeps_its_words() -> None:
    text = (
        'The [samples section]({{< ref "samples" >}}) is a list page; '
        '[a post]({{< relref path="post-a.md" lang="en" >}}) is not.\n'
        '[A post]({{< ref "post-a" >}} "Title").\n'
    )
    posts = {"post-a": "../post-a/", "post-a.md": "../post-a/"}
    out = translate(text, Path("p.md"), posts.get, dialect="hugo")
    first, second = out.text.split("\n")[:2]
    assert first == "The samples section is a list page; [a post](../post-a/) is not."
    assert '[A post](../post-a/ "Title")' in second
    broken = [f for f in out.findings if f.rule == "broken-link"]
    assert [f.line for f in broken] == [1] and "samples" in broken[0].message


# --- Hugo Blox (haarry9/haarry9.github.io, MIT: `content/teaching/js/index.md`,
# `content/post/template/index.md`, `content/post/Transformers_Text_Summarization`) ------------


def test_hugo_blox_math_shortcodes_guard_formulas_that_have_their_delimiters() -> None:
    text = (
        "{{< math >}}\n$$\\gamma_{n} = \\frac{1}{2}$$\n{{< /math >}}\n\n"
        "Inline: {{< math >}}$\\nabla F(\\mathbf{x}_{n})${{< /math >}}, "
        "as `{{</* math */>}}$x${{</* /math */>}}` says.\n\n"
        "{{< math >}}\n\\sum_i x_i\n{{< /math >}}\n"
    )
    out = translate(text, Path("p.md"), {}.get, dialect="hugo")
    assert "$$\\gamma_{n} = \\frac{1}{2}$$" in out.text and "$$$" not in out.text
    assert "Inline: $\\nabla F(\\mathbf{x}_{n})$, as `{{< math >}}$x${{< /math >}}`" in out.text
    assert "$$\n\\sum_i x_i\n$$" in out.text  # a body without delimiters gets them
    assert "{{< math >}}\n" not in out.text and "{{< /math >}}\n" not in out.text
    assert not out.findings


def test_a_theme_icon_is_left_out_with_a_warning() -> None:
    text = '{{< icon name="python" >}} Python and {{< icon "github" >}} GitHub\n'
    out = translate(text, Path("p.md"), {}.get, dialect="hugo")
    assert out.text == " Python and  GitHub\n"
    assert [f.message for f in out.findings] == [
        'icon `{{< icon name="python" >}}` is left out: mlguide ships no icon font',
        'icon `{{< icon "github" >}}` is left out: mlguide ships no icon font',
    ]


def test_a_root_absolute_figure_the_bundle_holds_is_the_bundles(tmp_path: Path) -> None:
    bundle = tmp_path / "content/post/bart"
    write(bundle / "BART.jpg", "not read")
    text = '{{< figure src="/BART.jpg" alt="BART" >}}\n\n{{< figure src="/elsewhere.png" >}}\n'
    out = translate(text, bundle / "index.md", {}.get, dialect="hugo")
    assert "![BART](BART.jpg)" in out.text
    assert "](/elsewhere.png)" in out.text  # not in the bundle: the site root's, as written


def test_a_fence_indented_inside_a_code_block_does_not_close_it() -> None:
    text = (
        "```markmap\n- Features\n  -\n      ```js\n      console.log('hi');\n      ```\n```\n\n"
        "{{% callout note %}}\nAn aside.\n{{% /callout %}}\n\n"
        "- a list item:\n\n    ```sh\n    pip install x\n    ```\n\n{{< icon x >}}\n"
    )
    out = translate(text, Path("p.md"), {}.get, dialect="hugo")
    assert "!!! note\n    An aside." in out.text
    assert "{{< icon x >}}" not in out.text  # the list item's fence closed where it ends


def test_an_escaped_shortcode_in_a_code_span_shows_as_its_generator_showed_it() -> None:
    hugo = "Wrap it in `{{</* math */>}}$x${{</* /math */>}}` or `{{%/* callout */%}}`.\n"
    out = translate(hugo, Path("p.md"), {}.get, dialect="hugo")
    assert out.text == "Wrap it in `{{< math >}}$x${{< /math >}}` or `{{% callout %}}`.\n"
    zola = 'Write `{{/* image(src="x.png") */}}` for a picture.\n'
    out = translate(zola, Path("p.md"), {}.get, dialect="zola")
    assert out.text == 'Write `{{ image(src="x.png") }}` for a picture.\n'


def test_a_hugo_page_that_hugo_never_rendered_is_kept_out_as_a_draft(tmp_path: Path) -> None:
    external, headless, kept = project(
        tmp_path,
        {
            "hugo.toml": "baseURL = 'https://example.org/'\n",
            "content/samples/external/index.md": "---\ntitle: External\ndate: 2019-01-24\n"
            "externalUrl: https://example.org/x/\n_build:\n  render: never\n  list: local\n---\nB.\n",
            "content/samples/headless/index.md": "---\ntitle: H\ndate: 2019-01-24\n"
            "headless: true\n---\nB.\n",
            "content/samples/kept/index.md": "---\ntitle: Kept\ndate: 2019-01-24\n"
            "build:\n  render: always\n---\nB.\n",
        },
    )
    assert (external.meta.draft, headless.meta.draft, kept.meta.draft) == (True, True, False)
    assert (external.meta.old_url, kept.meta.old_url) == (None, "/samples/kept/")
    assert not [f for f in external.findings if f.rule == "front-matter"]


def test_a_distill_posts_bibliography_is_found_where_al_folio_keeps_it(tmp_path: Path) -> None:
    """al-folio's distill layout reads a post's `bibliography:` from `assets/bibliography/`
    (ngram-lab/al-folio, MIT): the citations are typeset, not warned as a missing file."""
    from mlguide.commands.build import BuildOptions, build

    write(tmp_path / "_config.yml", "title: Blog\nurl: https://me.github.io\n")
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://me.github.io/\n")
    write(
        tmp_path / "content" / "2018-12-22-distill.md",
        "---\nlayout: distill\ntitle: A distill post\ndescription: Citations in a distill post.\n"
        "bibliography: 2018-12-22-distill.bib\n---\n\nAs shown [@gregor2015draw].\n",
    )
    write(
        tmp_path / "assets" / "bibliography" / "2018-12-22-distill.bib",
        "@article{gregor2015draw,\n  title={DRAW: A recurrent neural network for image "
        "generation},\n  author={Gregor, Karol and Danihelka, Ivo},\n  year={2015}\n}\n",
    )
    result = build(BuildOptions(tmp_path))
    assert not [f for f in result.findings if f.rule == "citation"], result.findings
    (page,) = (tmp_path / "build").glob("**/distill*/index.html")
    assert "Gregor" in page.read_text()
