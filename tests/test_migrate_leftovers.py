"""Leftovers of bringing a blog (issue #22): jemoji only where the old blog ran it, TeX in a
shortcode's caption, mhchem and the other macros the old blog's KaTeX/MathJax knew, and a
missing picture's hint that follows its folder. Each fixture is a few lines written for it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from mlguide.commands.build import BuildOptions, BuildResult, build
from mlguide.site.content.foreign import translate
from mlguide.site.content.sources import Source, post_body, scan_posts
from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, PageEnv, first_paragraph
from mlguide.site.render.markdown.mathml import visible_text

from .conftest import write

POST = "---\nlayout: post\ntitle: Shipped\ndate: 2020-01-01\n---\n\nDone :tada: and :x:.\n"


def jekyll_project(root: Path, files: dict[str, str]) -> Source:
    """A Jekyll blog's files and one post, scanned as a build scans them."""
    for name, text in files.items():
        write(root / name, text)
    path = write(root / "content" / "2020-01-01-shipped.md", POST)
    (source,) = scan_posts([path], root / "content", first_paragraph)
    return source


def jemoji(source: Source) -> tuple[str, list[str]]:
    out = translate(
        post_body(source),
        source.meta.source,
        {}.get,
        dialect="jekyll",
        plugins=source.meta.old_plugins,
    )
    return out.text.strip(), [f.message for f in out.findings]


# --- jemoji only where the blog ran it -------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"_config.yml": "title: Old\nplugins:\n  - jekyll-feed\n  - jemoji\n"},
        {"_config.yml": "title: Old\ngems: [jemoji]\n"},  # before Jekyll 3.5
        {  # a permalink among the defaults (Chirpy's) keeps the rest of the config
            "_config.yml": "plugins: [jemoji]\ndefaults:\n  - scope: {path: '', type: posts}\n"
            "    values: {permalink: '/posts/:title/'}\n"
        },
        {
            "_config.yml": "title: Old\n",
            "Gemfile": 'source "https://rubygems.org"\ngroup :jekyll_plugins do\n'
            '  gem "jekyll-feed"\n  gem "jemoji" # emoji\nend\n',
        },
    ],
    ids=["plugins", "gems", "defaults", "gemfile-group"],
)
def test_jemoji_draws_emoji_where_the_blog_ran_it(tmp_path: Path, files: dict[str, str]) -> None:
    assert jemoji(jekyll_project(tmp_path, files)) == ("Done 🎉 and ❌.", [])


def test_without_jemoji_the_shortcode_is_the_text_the_old_blog_showed(tmp_path: Path) -> None:
    files = {
        "_config.yml": "title: Old\nplugins: [jekyll-feed]\n",
        "Gemfile": 'gem "jemoji"\n',  # installed, but outside the jekyll_plugins group
    }
    source = jekyll_project(tmp_path, files)
    assert source.meta.old_plugins == ("jekyll-feed",)
    assert jemoji(source) == ("Done :tada: and :x:.", [])


def test_with_no_config_a_shortcode_is_kept_and_reported(tmp_path: Path) -> None:
    text, messages = jemoji(jekyll_project(tmp_path, {}))
    assert text == "Done :tada: and :x:."
    reason = (
        "is shown as text: no `_config.yml` says whether the old blog ran jemoji "
        "(list `jemoji` under `plugins:` to draw it as an emoji)"
    )
    assert messages == [f"emoji shortcode `:tada:` {reason}", f"emoji shortcode `:x:` {reason}"]


# --- TeX in a shortcode's caption and in a raw <figcaption> ---------------------------------

CAPTIONS = r"""+++
title = "Captions"
date = 2020-01-01
+++

Words before.

{{< figure src="a.png" alt="One" caption="The loss $L(\theta)$ falls" >}}

{{< figure src="a.png" alt="Two" caption="Spaced $ L(\theta) $ and bare \frac{a}{b}" >}}

Inline {{< figure src="a.png" alt="Three" title="Inline $\beta$ too" >}} here.

<figure><img src="a.png" alt="Four"><figcaption>Raw $\gamma_1$ costs $5 and $10,
<code>$kept$</code>, \(a &lt; b\)</figcaption></figure>

<div>Elsewhere $\delta$ stays.</div>
"""


def picture(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), "red").save(path)


@pytest.fixture(scope="module")
def captions(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuildResult]:
    root = tmp_path_factory.mktemp("captions")
    write(root / "hugo.toml", 'baseURL = "https://old.test/"\n')
    write(root / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(root / "content" / "posts" / "cap" / "index.md", CAPTIONS)
    picture(root / "content" / "posts" / "cap" / "a.png")
    result = build(BuildOptions(root))
    return (root / "build" / "cap" / "index.html").read_text(encoding="utf-8"), result


def figcaptions(page: str) -> list[str]:
    """Each caption's text, a formula as `[TeX]` (its annotation)."""
    found = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    return [
        re.sub(
            r"<math.*?<annotation encoding=\"application/x-tex\"[^>]*>(.*?)</annotation>.*?</math>",
            r"[\1]",
            text,
            flags=re.S,
        )
        for text in found
    ]


def test_a_formula_in_a_shortcode_caption_is_typeset(captions: tuple[str, BuildResult]) -> None:
    page, _ = captions
    shown = figcaptions(page)
    assert shown[0] == "The loss [L(\\theta)] falls"
    assert "{{&lt;" not in page and "{{<" not in page  # one inside a paragraph, `$` and all
    assert "math{font-family" in page  # the page's only formulas are captions: styled


def test_tex_a_caption_shows_as_text_is_reported_at_the_shortcode(
    captions: tuple[str, BuildResult],
) -> None:
    _, result = captions
    found = [
        (f.line, f.message.split(":")[0], f.message.split("`")[1])
        for f in result.findings
        if f.rule == "math"
    ]
    assert (10, "TeX shown as text", "$ L(\\theta) $") in found
    assert (10, "TeX shown as text", "\\frac") in found


def test_a_figure_shortcode_inside_a_sentence_says_its_caption_is_not_shown(
    captions: tuple[str, BuildResult],
) -> None:
    page, result = captions
    assert 'alt="Three"' in page
    assert [
        (f.line, f.message.split("`: ")[1]) for f in result.findings if "Three" in f.message
    ] == [
        (12, "its caption is not shown inside a paragraph; put the shortcode on a line of its own")
    ]


@pytest.mark.parametrize(
    ("dialect", "call"),
    [
        ("hugo", '{{< figure src="a.png" caption="Loss $L$ and `$x$`" >}}'),
        ("zola", '{{ figure(src="a.png", caption="Loss $L$ and `$x$`") }}'),
    ],
)
def test_a_dollar_in_a_shortcode_inside_a_sentence_does_not_cut_it_in_two(
    dialect: str, call: str
) -> None:
    out = translate(f"See {call} and $y$, `{call}`.\n", Path("p.md"), {}.get, dialect=dialect)
    image = '![Loss $L$ and `$x$`](a.png "Loss $L$ and `$x$`")'
    assert out.text == f"See {image} and $y$, `{call}`.\n"  # in a code span: as written


def test_a_formula_in_a_raw_figcaption_is_typeset(captions: tuple[str, BuildResult]) -> None:
    page, result = captions
    raw = figcaptions(page)[2]
    assert raw == "Raw [\\gamma_1] costs $5 and $10,\n<code>$kept$</code>, [a &lt; b]"
    assert "Elsewhere $\\delta$ stays." in page  # only a caption's text is read
    assert [f.line for f in result.findings if "$\\delta$" in f.message] == [17]
    assert not [f for f in result.findings if "gamma" in f.message or "kept" in f.message]


# --- \KaTeX, \displaylines, mhchem's \ce and \pu ----------------------------------------------


def rendered(text: str) -> tuple[str, list[str]]:
    env = PageEnv(Path("post.md"), Ids())
    html = markdown.render(markdown.parse(text, env), env)
    return html, [f.message for f in env.findings]


def test_katex_displaylines_and_mhchem_are_typeset() -> None:
    html, messages = rendered(
        "The $\\KaTeX$ logo, water $\\ce{H2O}$, $\\pu{123 kJ/mol}$ and\n\n"
        "$$\\displaylines{a = b \\\\ c = d}$$\n\nbut not $\\cee{x}$.\n"
    )
    assert messages == ["formula `\\cee{x}` cannot be rendered: Unsupported function name: \\cee"]
    maths = re.findall(r"<math.*?</math>", html, re.S)
    assert len(maths) == 4
    logo, water, unit, lines = (visible_text(m) for m in maths)
    assert logo.replace(" ", "") == "KATEX"
    assert water.replace(" ", "") == "H_2O"
    assert unit.replace(" ", "") == "123kJ/mol"
    assert len(re.findall(r"<mtr>.*?</mtr>", maths[3], re.S)) == 2  # one row a line
    assert "a = b" in lines and "c = d" in lines


def test_mhchem_is_loaded_only_for_a_formula_that_uses_it() -> None:
    script = (
        "from mlguide.site.render.markdown import mathml\n"
        "assert mathml.convert('x^2', False).mathml\n"
        "assert mathml._with_mhchem.cache_info().currsize == 0\n"
        "assert mathml.convert('\\\\ce{H2O}', False).mathml\n"
        "assert mathml._with_mhchem.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


# --- a missing picture's hint follows its folder ---------------------------------------------


def test_a_missing_pictures_hint_follows_its_folder_between_builds(tmp_path: Path) -> None:
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(
        tmp_path / "content" / "post.md",
        "---\ntitle: Chart\ndate: 2020-01-01\ndescription: A chart.\n---\n\n![A chart](img/chart.png)\n",
    )
    folder = tmp_path / "content" / "img"
    picture(folder / "unrelated.png")

    def hint() -> list[str]:
        result = build(BuildOptions(tmp_path))
        return [f.message for f in result.findings if f.rule == "missing-image"]

    assert hint() == ["image `img/chart.png` not found"]
    (folder / "unrelated.png").rename(folder / "Chart.png")  # a file added to the listing
    assert hint() == ["image `img/chart.png` not found; did you mean `img/Chart.png`?"]
    (folder / "Chart.png").rename(folder / "graph.png")  # and taken away again
    assert hint() == ["image `img/chart.png` not found"]


def test_listing_jemoji_in_config_makes_the_next_build_a_real_one(tmp_path: Path) -> None:
    """The old generator's config is an input of the build, as mlguide.yml is."""
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(tmp_path / "_config.yml", "title: Old\n")
    write(tmp_path / "content" / "2020-01-01-shipped.md", POST)

    def page() -> str:
        build(BuildOptions(tmp_path))
        return (tmp_path / "build" / "shipped" / "index.html").read_text(encoding="utf-8")

    assert "Done :tada:" in page()
    write(tmp_path / "_config.yml", "title: Old\nplugins: [jemoji]\n")
    assert "Done 🎉" in page()


def test_serve_takes_an_edit_of_the_old_config_for_a_config_change(tmp_path: Path) -> None:
    from mlguide.paths import project_paths
    from mlguide.serve.changes import ChangeKind, classify

    paths = project_paths(tmp_path)
    config = write(tmp_path / "_config.yml", "plugins: [jemoji]\n")
    assert config in paths.watched()
    assert classify(paths, config) is ChangeKind.CONFIG


def test_an_edit_to_hugos_config_folder_makes_the_next_build_a_real_one(tmp_path: Path) -> None:
    """Hugo's `config/_default/` is read as the old config (its permalinks give the old
    URLs), so it is an input of the build and of serve, as `hugo.toml` is."""
    from mlguide.paths import project_paths
    from mlguide.serve.changes import ChangeKind, classify

    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    permalinks = write(tmp_path / "config" / "_default" / "permalinks.toml", 'post = "/a/:slug/"\n')
    write(
        tmp_path / "content" / "post" / "prep" / "index.md",
        "---\ntitle: Prep\ndate: 2024-07-18\nsummary: How.\n---\n\nBody.\n",
    )
    build(BuildOptions(tmp_path))
    assert (tmp_path / "build" / "a" / "prep" / "index.html").is_file()  # the old URL
    write(permalinks, 'post = "/b/:slug/"\n')
    again = build(BuildOptions(tmp_path))
    assert not again.unchanged
    assert (tmp_path / "build" / "b" / "prep" / "index.html").is_file()
    assert classify(project_paths(tmp_path), permalinks) is ChangeKind.CONFIG
