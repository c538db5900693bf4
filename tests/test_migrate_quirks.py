"""Each generator's syntax reaches the page the way its author saw it, or is reported: one
small blog per generator, written for the quirks real blogs have (issue #22), built once."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from mlguide.commands.build import BuildOptions, BuildResult, build
from mlguide.commands.import_report import format_report, import_report
from mlguide.errors import MlguideError
from mlguide.paths import project_paths

from .conftest import write


def picture(path: Path, size: tuple[int, int] = (40, 20), colour: str = "red") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


JEKYLL_POST = """\
---
layout: post
title: Quirks of kramdown
date: 2020-01-01
---

{: class="table-of-content"}
* TOC
{:toc}

A paragraph with an id.
{: #kept-id}

![A chart](/assets/chart.png)
{: style="width: 50%;" class="center"}

![Floated](/assets/chart.png){: .right}
and [a new tab](https://example.org/){:target="_blank"}.

## Tools & tricks

Back to [the tricks](#tools--tricks) and to [the anchor](#old-anchor).

<a name="old-anchor"/>
The anchor above is an **old** one.

<br />
This line is *Markdown* after a raw line.

<p>Run <code>tool --flag "x"</code> to see it.</p>

<img src="/assets/chart.png" alt="Raw chart">

![Captioned](/assets/chart.png)
{: style="width: 80%;"}
*Fig. 2. The caption, kramdown style.*
{:.image-caption}

# A chapter heading

See [the chapter](#a-chapter-heading).
"""

HTML_POST = """\
---
layout: post
title: Lazy Fibonacci
---
<p>A post written in HTML, with Liquid code.</p>
{% highlight scheme %}
(define (fib n) n)
{% endhighlight %}
<p>The end.</p>
"""


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("jekyll")
    write(root / "_config.yml", "title: Old\npermalink: pretty\n")
    write(root / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(root / "content" / "2020-01-01-quirks.md", JEKYLL_POST)
    write(root / "content" / "2009-04-10-lazy-fib.html", HTML_POST)
    picture(root / "content" / "assets" / "chart.png", (400, 200))
    return root, build(BuildOptions(root))


def page(root: Path, slug: str) -> str:
    text = (root / "build" / slug / "index.html").read_text(encoding="utf-8")
    return text.split('<div class="prose">', 1)[1].split('<footer class="post-footer"', 1)[0]


def warnings(result: BuildResult, name: str) -> list[tuple[int | None, str]]:
    return [
        (f.line, f.message)
        for f in result.findings
        if f.path is not None and f.path.name == name and not f.notice
    ]


def test_kramdown_attribute_lists_are_applied_or_reported(jekyll: tuple[Path, BuildResult]) -> None:
    root, result = jekyll
    prose = page(root, "quirks")
    assert "TOC" not in prose and "{:" not in prose  # `{:toc}`: the page has its own contents
    assert '<p id="kept-id">A paragraph with an id.</p>' in prose
    assert re.search(r'<img src="[^"]+chart\.[0-9a-f]{10}\.png"[^>]*style="width: 50%;"', prose)
    assert re.search(r'class="right"', prose)  # kept on the picture ...
    found = warnings(result, "2020-01-01-quirks.md")
    assert any(line == 17 and "`.right`" in message for line, message in found)  # ... and said
    assert '<a href="https://example.org/" target="_blank">a new tab</a>' in prose


def test_old_heading_ids_and_named_anchors_keep_links_working(
    jekyll: tuple[Path, BuildResult],
) -> None:
    root, result = jekyll
    prose = page(root, "quirks")
    assert '<span id="tools--tricks"></span>' in prose and 'id="tools-tricks"' in prose
    assert '<a id="old-anchor"></a>' in prose  # `<a name>`: HTML has no such anchor now
    broken = [f for f in result.findings if f.rule == "broken-link"]
    assert broken == []


def test_markdown_after_a_raw_html_line_is_markdown(jekyll: tuple[Path, BuildResult]) -> None:
    prose = page(jekyll[0], "quirks")
    assert "<em>Markdown</em>" in prose and "<strong>old</strong>" in prose


def test_a_caption_paragraph_under_a_picture_is_its_caption(
    jekyll: tuple[Path, BuildResult],
) -> None:
    prose = page(jekyll[0], "quirks")
    assert "<figcaption>Fig. 2. The caption, kramdown style.</figcaption>" in prose
    assert 'style="width: 80%;"' in prose
    assert '<h1 id="a-chapter-heading">' in prose  # Jekyll gave every heading an id


def test_the_typographer_leaves_raw_code_alone(jekyll: tuple[Path, BuildResult]) -> None:
    prose = page(jekyll[0], "quirks")
    assert (
        "<code>tool --flag &quot;x&quot;</code>" in prose or '<code>tool --flag "x"</code>' in prose
    )


def test_a_root_absolute_raw_image_is_published(jekyll: tuple[Path, BuildResult]) -> None:
    root, result = jekyll
    prose = page(root, "quirks")
    # Its size is filled in from the file, as a Markdown image's is: nothing jumps on load.
    src = re.search(r'<img src="([^"]+)" alt="Raw chart" width="(\d+)" height="(\d+)">', prose)
    assert src and (root / "build" / "quirks" / src.group(1)).resolve().is_file()
    assert not [f for f in result.findings if f.rule == "missing-file"]


def test_a_jekyll_html_post_builds_with_its_code(jekyll: tuple[Path, BuildResult]) -> None:
    prose = page(jekyll[0], "lazy-fib")
    assert "<p>A post written in HTML, with Liquid code.</p>" in prose
    assert 'class="language-scheme"' in prose and "{% highlight" not in prose


HUGO_POST = """\
+++
title = "Shortcodes"
date = 2020-02-02
+++

Lists a WordPress export indented:

\t  * first item
\t  * second item

{{< figure id="fig-one" src="logo.png" alt="The logo" caption="> Figure 1: \\\\(x\\\\) and *more*" >}}

See [figure one](#fig-one).

<div id="fig-twice"></div>

{{< figure id="fig-twice" src="logo.png" alt="Twice" >}}

{{< notice warning "Careful" >}}
Inside the **box**.
{{< /notice >}}

{{< highlight python >}}
print("hi")
{{< /highlight >}}

{{< youtube dQw4w9WgXcQ >}}

![From static](/images/chart.png)

{{< img
  src="logo.png"
  alt="Again" >}}

{{< figure src="logo.png" alt="First" caption="The first" >}}
{{< figure src="https://example.org/x.png" alt="Second" caption="The second, elsewhere" >}}

<details>
<summary>More</summary>
## A heading in details

</details>
"""


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("hugo")
    write(root / "hugo.toml", 'baseURL = "https://old.test/"\n')
    write(root / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(root / "content" / "posts" / "one" / "index.md", HUGO_POST)
    write(
        root / "content" / "posts" / "two" / "index.md",
        '+++\ntitle = "Two"\ndate = 2020-03-03\n+++\n\n![Same logo](logo.png)\n',
    )
    for bundle in ("one", "two"):  # the same picture in two bundles
        picture(root / "content" / "posts" / bundle / "logo.png")
    picture(root / "static" / "images" / "chart.png")  # Hugo's static/, at the site root
    return root, build(BuildOptions(root))


def test_hugo_shortcodes_render(hugo: tuple[Path, BuildResult]) -> None:
    root, result = hugo
    prose = page(root, "one")
    assert '<figure class="visual" id="fig-one">' in prose
    assert prose.count('id="fig-twice"') == 1 and 'id="fig-twice-1"' in prose  # ids unique
    assert "<figcaption>Figure 1: <math" in prose  # the caption's formula, no `> `
    assert '<div class="admonition warning"' in prose and "<strong>box</strong>" in prose
    assert 'class="language-python"' in prose
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in prose
    assert "<iframe" not in prose  # the facade: nothing loads before a click
    assert prose.count("<img") == 6 and "{{" not in prose
    # found in static/, published with its size variants
    assert re.search(r'<img src="\.\./assets/chart[-.][^"]*\.png"[^>]* alt="From static"', prose)
    # pictures one per line are a figure each, and one elsewhere keeps its caption
    assert "<figcaption>The first</figcaption>" in prose
    assert "<figcaption>The second, elsewhere</figcaption>" in prose
    assert [m for _, m in warnings(result, "index.md")] == [
        "image `https://example.org/x.png` is not local: the site must work offline"
    ]


def test_an_indented_list_is_a_list_and_a_heading_in_details_a_heading(
    hugo: tuple[Path, BuildResult],
) -> None:
    prose = page(hugo[0], "one")
    assert "<li>first item</li>" in prose and "<pre" not in prose.split("figure")[0]
    assert re.search(r"<h2 id=\"a-heading-in-details\">", prose)


def test_identical_pictures_in_two_bundles_are_one_file(hugo: tuple[Path, BuildResult]) -> None:
    root, _ = hugo
    assert len(list((root / "build" / "assets").glob("logo*.png"))) == 1


ZOLA_POST = """\
+++
title = "Tera"
path = "2019/11/07/tera"
+++

{{ admonition(type="tip", text="A **tip** box.") }}

{% math() %}
x^{2} + y_{{q,k}}
{% end %}

![Day](day.png)
{% cap() %}The *day* picture.{% end %}

{{ dual_theme_image(light_src="day.png", dark_src="night.png", alt="Both") }}

```
{{/* image(src="x.png") */}}
```
"""


@pytest.fixture(scope="module")
def zola(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("zola")
    write(root / "config.toml", 'base_url = "https://old.test"\n')
    write(root / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(root / "content" / "blog" / "tera.md", ZOLA_POST)
    picture(root / "content" / "blog" / "day.png", colour="white")
    picture(root / "content" / "blog" / "night.png", colour="black")
    return root, build(BuildOptions(root))


def test_zola_shortcodes_render(zola: tuple[Path, BuildResult]) -> None:
    root, result = zola
    prose = page(root, "2019/11/07/tera")  # its `path`: the old URL, kept
    assert '<div class="admonition tip"' in prose
    assert 'display="block"' in prose and "{% math" not in prose
    assert re.search(r"<figcaption>The <em>day</em> picture\.</figcaption>", prose)
    assert '<source media="(prefers-color-scheme: dark)" srcset="' in prose
    assert html.escape('{{ image(src="x.png") }}', quote=False) in prose
    assert warnings(result, "tera.md") == []


MKDOCS_POST = """\
---
date: 2021-09-13
---

# Search: better, faster

[Read on :octicons-arrow-right-24:](#) and :tada: and :material-trash-can: here.

<figure markdown>

![Search](shot.png#gh-light-mode-only)
![Search](shot-dark.png#gh-dark-mode-only)

  <figcaption markdown>The new search, on the [roadmap]</figcaption>
</figure>

  [roadmap]: https://example.org/roadmap

```{ .sh .no-copy }
echo hi
```
"""


@pytest.fixture(scope="module")
def mkdocs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("mkdocs")
    write(root / "mkdocs.yml", "site_name: Old\n")
    write(root / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(root / "content" / "blog" / "posts" / "search.md", MKDOCS_POST)
    picture(root / "content" / "blog" / "posts" / "shot.png", colour="white")
    picture(root / "content" / "blog" / "posts" / "shot-dark.png", colour="black")
    return root, build(BuildOptions(root))


def test_mkdocs_icons_figures_and_twins(mkdocs: tuple[Path, BuildResult]) -> None:
    root, result = mkdocs
    prose = page(root, "search-better-faster")
    assert "Read on →" in prose and "🎉" in prose and ":material" not in prose
    assert prose.count("<img") == 1 and "prefers-color-scheme: dark" in prose
    assert (
        '<figcaption>The new search, on the <a href="https://example.org/roadmap">'
        "roadmap</a></figcaption>"
    ) in prose
    assert 'class="language-sh"' in prose
    found = warnings(result, "search.md")
    assert [line for line, message in found if "icon" in message] == [7]


PELICAN_POST = """\
Title: Liquid tags
Date: 2012-08-18 09:00

{% img /images/logo.png [The logo] %}

{% include_code demo.py lang:python Demo %}

{% notebook analysis.ipynb cells[1:] %}

{% notebook missing.ipynb %}
"""

NOTEBOOK = {
    "nbformat": 4,
    "metadata": {"language_info": {"name": "python"}},
    "cells": [
        {"cell_type": "markdown", "source": ["Skipped by the slice."]},
        {"cell_type": "markdown", "source": ["A **sampler** in two lines."]},
        {
            "cell_type": "code",
            "source": ["print(1 + 1)"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["2\n"]}],
        },
    ],
}


def test_pelican_liquid_tags(tmp_path: Path) -> None:
    write(tmp_path / "pelicanconf.py", "AUTHOR = 'x'\n")
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(tmp_path / "content" / "tags.md", PELICAN_POST)
    write(tmp_path / "content" / "downloads" / "code" / "demo.py", "print('demo')\n")
    write(tmp_path / "content" / "downloads" / "notebooks" / "analysis.ipynb", json.dumps(NOTEBOOK))
    picture(tmp_path / "content" / "images" / "logo.png")
    result = build(BuildOptions(tmp_path))
    prose = page(tmp_path, "liquid-tags")
    assert 'alt="The logo"' in prose and "<strong>Demo</strong>" in prose
    assert "print" in prose and 'class="language-python"' in prose
    assert "<strong>sampler</strong>" in prose and "Skipped by the slice" not in prose
    assert 'class="language-text"' in prose  # the cell's output
    found = warnings(result, "tags.md")
    assert [line for line, message in found] == [10]
    assert "cannot be shown: the notebook `missing.ipynb` is not in the project" in found[0][1]


def test_import_report_lists_what_became_of_each_construct(
    jekyll: tuple[Path, BuildResult],
) -> None:
    root, _ = jekyll
    run = subprocess.run(
        [sys.executable, "-m", "mlguide.cli", "-C", str(root), "import-report", "--strict"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    out = run.stdout
    # `permalink: pretty` in _config.yml: the old address is said beside the new one, and
    # a redirect page answers there
    redirected = "-> /quirks/ (old URL /2020/01/01/quirks/ redirects here)"
    assert f"2020-01-01-quirks.md (jekyll) {redirected}" in out
    assert re.search(r"dropped +line 17: \{: \.right\}", out)
    assert re.search(r"\d+ converted, 1 dropped, 0 shown as text, 0 cannot be shown", out)
    assert "lost in the import" in run.stderr


# --- small things real blogs carry ------------------------------------------------------------


def test_an_emoji_title_leaves_its_emoji_off_the_card_not_the_page() -> None:
    from mlguide.cards import CardText, UncoveredText, check_coverage
    from mlguide.cards.text import tidy

    text = CardText("Blog", "Hello world 👋 ❗ © ✓")
    assert tidy(text).title == "Hello world © ✓"
    check_coverage(text)  # no error: the fonts draw what is left
    with pytest.raises(UncoveredText):
        check_coverage(CardText("Blog", "机器学习"))  # letters are not decoration


def test_an_svg_whose_root_element_is_long_has_its_size(tmp_path: Path) -> None:
    from mlguide.images import svg_size

    content = "x" * 100_000  # draw.io writes the whole diagram into an attribute
    data = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="300px" content="{content}"'
        ' viewBox="0 0 300 100"></svg>'
    ).encode()
    assert svg_size(data, tmp_path / "d.svg") == (300, 100)


# --- the translation itself, line by line -----------------------------------------------------


def test_double_brackets_in_an_imported_post_are_the_authors_text() -> None:
    from mlguide.site.content.foreign import translate

    text = "A matrix [[1, 2], [3, 4]] and [[ see below ]] and [[Notes]].\n"
    out = translate(text, Path("p.md"), {}.get, dialect="jekyll")
    assert out.text == text and out.findings == ()
    mine = translate(text, Path("p.md"), {}.get, dialect="mlguide")
    assert [f.message.split(" `")[0] for f in mine.findings] == ["wikilink"]  # [[Notes]] only


def test_github_alerts_fence_options_and_emoji() -> None:
    from mlguide.site.content.foreign import translate

    text = (
        "> [!WARNING]\n> Mind the gap.\n\n"
        "```toml,hl_lines=5-6\nx = 1\n```\n\n"
        '```python { title = "mistake.py" }\nx = 2\n```\n\n'
        "Done :tada: at 1:30:45.\n"
    )
    out = translate(text, Path("p.md"), {}.get, dialect="mkdocs").text.split("\n")
    assert out[:2] == ["!!! warning", "    Mind the gap."]
    assert out[3] == "```toml,hl_lines=5-6" and out[7] == '```python title="mistake.py"'
    assert out[11] == "Done 🎉 at 1:30:45."


def test_every_construct_is_recorded_with_what_became_of_it() -> None:
    from mlguide.site.content.foreign import CONVERTED, DROPPED, SHOWN, translate

    text = "{% highlight sh %}\nls\n{% endhighlight %}\n\nA {% include x.html %} :octicons-x-16:\n"
    out = translate(text, Path("p.md"), {}.get, dialect="jekyll")
    assert [(c.line, c.action) for c in out.changes] == [(1, CONVERTED), (5, SHOWN)]
    mk = translate("Icon :octicons-x-16: here\n", Path("p.md"), {}.get, dialect="mkdocs")
    assert [(c.line, c.action) for c in mk.changes] == [(1, DROPPED)]
    assert [f.line for f in mk.findings] == [1]


# --- old URLs -------------------------------------------------------------------------------


def test_an_imported_posts_old_url_redirects_to_its_new_one(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: Old\npermalink: /:year/:month/:day/:title.html\n")
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(tmp_path / "content" / "2019-05-01-foo.md", "---\ntitle: Foo\n---\nThe text.\n")
    # A post's own `permalink:` was its old URL, and is its URL here: nothing redirects.
    write(
        tmp_path / "content" / "2019-06-01-kept.md",
        "---\ntitle: Kept\npermalink: /2019/06/kept.html\n---\nText.\n",
    )
    result = build(BuildOptions(tmp_path))
    assert [f for f in result.findings if f.rule != "base-url" and not f.notice] == []
    site = tmp_path / "build"
    redirect = (site / "2019" / "05" / "01" / "foo.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and "https://blog.test/foo/" in redirect
    assert (site / "foo" / "index.html").is_file()
    assert "/2019/05/01/foo.html /foo/ 301" in (site / "_redirects").read_text(encoding="utf-8")
    assert (site / "2019" / "06" / "kept.html").is_file()  # its own URL, the old one
    assert "kept" not in (site / "_redirects").read_text(encoding="utf-8")


def test_an_old_url_another_page_now_uses_is_a_warning_and_the_rest_publishes(
    tmp_path: Path,
) -> None:
    """The old blog's address of a post clashes with a page's new URL: the page keeps it, the
    post keeps its new URL, the redirect is skipped, and a warning names both files."""
    write(tmp_path / "_config.yml", "title: Old\npermalink: /:year/:month/:day/:title.html\n")
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(tmp_path / "content" / "2019-05-01-foo.md", "---\ntitle: Foo\n---\nThe text.\n")
    write(tmp_path / "content" / "2019-05-02-bar.md", "---\ntitle: Bar\n---\nOther text.\n")
    write(
        tmp_path / "content" / "pages" / "taken.md",
        "---\ntitle: Taken\nurl: /2019/05/01/foo.html\n---\nText of the page.\n",
    )
    result = build(BuildOptions(tmp_path))
    [clash] = [f for f in result.findings if f.rule == "old-url"]
    assert clash.path == tmp_path / "content" / "2019-05-01-foo.md" and clash.line == 2
    assert "`2019/05/01/foo.html`" in clash.message and "pages/taken.md" in clash.message
    assert "no redirect is made there; the post is at /foo/" in clash.message
    site = tmp_path / "build"
    assert "Text of the page." in (site / "2019" / "05" / "01" / "foo.html").read_text("utf-8")
    assert "The text." in (site / "foo" / "index.html").read_text(encoding="utf-8")
    assert (site / "2019" / "05" / "02" / "bar.html").is_file()  # the other redirects stay
    redirects = (site / "_redirects").read_text(encoding="utf-8")
    assert "/2019/05/02/bar.html /bar/ 301" in redirects
    assert not any(line.startswith("/2019/05/01/foo.html ") for line in redirects.splitlines())
    # One line naming both files; `--strict` fails on it.
    strict = subprocess.run(
        [sys.executable, "-m", "mlguide.cli", "-C", str(tmp_path), "build", "--strict"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    line = next(x for x in strict.stderr.splitlines() if "old-url" in x)
    assert "content/2019-05-01-foo.md:2: " in line and "pages/taken.md" in line
    # The import report does not claim a redirect that is not there.
    report = format_report(import_report(project_paths(tmp_path)))
    first = next(line for line in report.splitlines() if "2019-05-01-foo.md" in line)
    assert "redirects here" not in first and "1 not shown" in first
    assert "old URL not kept" in report


def test_two_imported_posts_with_one_old_url_both_publish(tmp_path: Path) -> None:
    """A permalink without the title (`/blog/:year/:month/:day/`) gave two posts of one day
    the same old address: the first keeps the redirect, the second is a warning."""
    write(tmp_path / "_config.yml", "title: Old\npermalink: /blog/:year/:month/:day/\n")
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(tmp_path / "content" / "2019-05-01-one.md", "---\ntitle: One\n---\nFirst.\n")
    write(tmp_path / "content" / "2019-05-01-two.md", "---\ntitle: Two\n---\nSecond.\n")
    result = build(BuildOptions(tmp_path))
    clashes = [f for f in result.findings if f.rule == "old-url"]
    assert len(clashes) == 1 and clashes[0].path is not None
    assert clashes[0].path.name == "2019-05-01-two.md"
    assert (
        "2019-05-01-one.md" in clashes[0].message and "already an old URL of" in clashes[0].message
    )
    site = tmp_path / "build"
    assert (site / "one" / "index.html").is_file() and (site / "two" / "index.html").is_file()
    assert "https://blog.test/one/" in (
        site / "blog" / "2019" / "05" / "01" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_clashing_alias_of_an_mlguide_post_is_still_an_error(tmp_path: Path) -> None:
    """Only the old blog's addresses give way: an alias the author wrote for mlguide that
    another post owns is a mistake to fix now."""
    write(tmp_path / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(tmp_path / "content" / "a.md", "---\ntitle: A\ndate: 2020-01-01\n---\nA.\n")
    write(
        tmp_path / "content" / "b.md",
        "---\ntitle: B\ndate: 2020-01-02\naliases: [/a/]\n---\nB.\n",
    )
    with pytest.raises(MlguideError, match="already used by"):
        build(BuildOptions(tmp_path))
