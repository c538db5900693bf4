"""Leftovers of bringing a blog (issue #22): jemoji only where the old blog ran it, TeX in a
shortcode's caption, mhchem and the other macros the old blog's KaTeX/MathJax knew, and a
missing picture's hint that follows its folder. Each fixture is a few lines written for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlguide.site.content.foreign import translate
from mlguide.site.content.sources import Source, scan_posts
from mlguide.site.render.markdown import first_paragraph

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
        source.body, source.meta.source, {}.get, dialect="jekyll", plugins=source.meta.old_plugins
    )
    return out.text.strip(), [f.message for f in out.findings]


# --- jemoji only where the blog ran it -------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"_config.yml": "title: Old\nplugins:\n  - jekyll-feed\n  - jemoji\n"},
        {"_config.yml": "title: Old\ngems: [jemoji]\n"},  # before Jekyll 3.5
        {
            "_config.yml": "title: Old\n",
            "Gemfile": 'source "https://rubygems.org"\ngroup :jekyll_plugins do\n'
            '  gem "jekyll-feed"\n  gem "jemoji" # emoji\nend\n',
        },
    ],
    ids=["plugins", "gems", "gemfile-group"],
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
