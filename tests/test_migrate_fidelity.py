"""A blog brought from Hugo or Jekyll keeps what its posts asked for (user run 7): Hugo's fence
attributes and `highlight` options, Jekyll's `highlight … linenos` and `{% link _posts/… %}`,
the formula in a description made from the first paragraph, and the old address a Hugo
`[permalinks]` pattern made from the title. One small blog of each, built once."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, BuildResult, build
from mlguide.site.render.markdown import first_paragraph

from .conftest import write

HUGO_POST = """+++
title = "Shortcodes in a Hugo post"
date = 2021-07-01
+++

```go {linenos=true,hl_lines=[2,"4-5"],linenostart=199}
a
b
c
d
e
```

{{< highlight go "linenos=table,hl_lines=2" >}}
package main

func main() {}
{{< /highlight >}}

```go {hl_lines=[1],linenos=table}
x
```
"""

MOMENTUM = """---
layout: post
title: Momentum
---

Momentum keeps a velocity $$v_t = \\beta v_{t-1} + g_t$$ of past gradients.
"""

ADAM = """---
layout: post
title: Adam
description: Adam keeps a running average of squared gradients and divides by it.
---

Adam builds on [momentum]({% link _posts/2019-04-01-momentum.md %}).

{% highlight python linenos %}
a = 1
b = 2
{% endhighlight %}
"""


def built(root: Path) -> BuildResult:
    return build(BuildOptions(root))


def prose(root: Path, url: str) -> str:
    text = (root / "build" / url / "index.html").read_text(encoding="utf-8")
    return text.split('<div class="prose">', 1)[1].split('<footer class="post-footer"', 1)[0]


def blocks(page: str) -> list[str]:
    return re.findall(r"<pre\b.*?</pre>", page, re.S)


def said(result: BuildResult, rule: str) -> list[str]:
    return [f.message for f in result.findings if f.rule == rule]


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("hugo")
    write(
        root / "hugo.toml",
        'baseURL = "https://old.test/"\ntitle = "Old"\n\n'
        '[permalinks]\n  posts = "/:year/:month/:slug/"\n',
    )
    write(
        root / "mlguide.yml",
        "title: Blog\nbase_url: https://blog.test/\npermalink: /:year/:month/:slug/\n",
    )
    write(root / "content" / "posts" / "first-shortcodes.md", HUGO_POST)
    write(
        root / "content" / "posts" / "named.md",
        '+++\ntitle = "A post with its own slug"\ndate = 2021-08-02\nslug = "kept"\n+++\n\nText.\n',
    )
    return root, built(root)


def test_hugo_fence_attributes_are_split_on_commas_in_a_hugo_project(
    hugo: tuple[Path, BuildResult],
) -> None:
    root, result = hugo
    fence, _, bare = blocks(prose(root, "2021/07/shortcodes-in-a-hugo-post"))
    assert "numbered" in fence and "counter-reset:line 198" in fence
    assert fence.count('<mark class="line hll">') == 3  # lines 2, 4 and 5
    assert "numbered" in bare and bare.count('<mark class="line hll">') == 1  # no language
    assert said(result, "code-option") == []


def test_hugo_highlight_shortcode_keeps_its_line_numbers_and_highlighted_lines(
    hugo: tuple[Path, BuildResult],
) -> None:
    root, _ = hugo
    shortcode = blocks(prose(root, "2021/07/shortcodes-in-a-hugo-post"))[1]
    assert 'class="hl lines numbered"' in shortcode
    assert shortcode.count('<mark class="line hll">') == 1


def test_a_hugo_slug_from_the_title_keeps_the_old_address_as_the_real_one(
    hugo: tuple[Path, BuildResult],
) -> None:
    """Hugo's `:slug` is the front matter's slug, else the title urlized: the post's URL is
    its old one, with no redirect to a new address made from the file name."""
    root, _ = hugo
    assert (root / "build" / "2021/07/shortcodes-in-a-hugo-post/index.html").is_file()
    assert not (root / "build" / "2021/07/first-shortcodes").exists()
    assert (root / "build" / "2021/08/kept/index.html").is_file()  # its own slug wins
    redirects = root / "build" / "_redirects"
    assert "shortcodes-in-a-hugo-post" not in (
        redirects.read_text(encoding="utf-8") if redirects.exists() else ""
    )


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("jekyll")
    write(root / "_config.yml", "title: Old\npermalink: pretty\n")
    write(root / "mlguide.yml", "title: Blog\nbase_url: https://blog.test/\n")
    write(root / "content" / "2019-04-01-momentum.md", MOMENTUM)
    write(root / "content" / "2019-05-20-adam.md", ADAM)
    return root, built(root)


def test_jekyll_highlight_linenos_numbers_the_lines(jekyll: tuple[Path, BuildResult]) -> None:
    root, _ = jekyll
    (code,) = blocks(prose(root, "adam"))
    assert 'class="hl lines numbered"' in code


def test_jekyll_link_to_a_post_source_is_the_posts_url(jekyll: tuple[Path, BuildResult]) -> None:
    root, result = jekyll
    assert '<a href="../momentum/">momentum</a>' in prose(root, "adam")
    assert said(result, "broken-link") == []


def test_a_description_from_the_first_paragraph_keeps_kramdowns_inline_formula(
    jekyll: tuple[Path, BuildResult],
) -> None:
    root, _ = jekyll
    home = html.unescape((root / "build" / "index.html").read_text(encoding="utf-8"))
    page = html.unescape((root / "build" / "momentum" / "index.html").read_text("utf-8"))
    words = r"Momentum keeps a velocity v_t = \beta v_{t-1} + g_t of past gradients."
    assert words in home
    assert f'<meta name="description" content="{words}">' in page


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("The loss $L = -\\sum_i y_i$ falls.\n", "The loss L = -\\sum_i y_i falls."),
        ("Adam divides by $$\\sqrt{v_t}$$.\n", "Adam divides by \\sqrt{v_t}."),
        ("A rate \\(\\eta\\) is chosen.\n", "A rate \\eta is chosen."),
    ],
)
def test_every_way_of_writing_an_inline_formula_leaves_its_tex_in_the_description(
    text: str, description: str
) -> None:
    assert first_paragraph(text) == description
