"""Conventions of real blogs a hold-out test met (issue #22): a Pelican header between `---`
lines, Jekyll's `_config.yml` `defaults:`, an undated Zola page, a theme's `math: katex`
switch and `image:` picture, a category and a tag naming one topic, Chirpy's prompt quotes,
GitHub's emoji shortcodes. Each fixture is a few lines written for the convention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlguide.site.config.settings import read_math
from mlguide.site.content.foreign import translate
from mlguide.site.content.index import _tags
from mlguide.site.content.sources import Source, scan_post, scan_posts
from mlguide.site.render import markdown
from mlguide.site.render.markdown import Ids, PageEnv, first_paragraph

from .conftest import write


def read(path: Path, dialect: str | None = None) -> Source:
    return scan_post(path, first_paragraph, None, dialect)


def project(root: Path, config: tuple[str, str], posts: dict[str, str]) -> list[Source]:
    """A project with an old generator's config file and some posts, scanned as a build
    scans it."""
    write(root / config[0], config[1])
    paths = [write(root / "content" / name, text) for name, text in posts.items()]
    return scan_posts(paths, root / "content", first_paragraph)


# --- Pelican: the header between `---` lines -------------------------------------------------


def test_a_fenced_pelican_header_is_read_as_pelican_reads_it(tmp_path: Path) -> None:
    posts = project(
        tmp_path,
        ("pelicanconf.py", "ARTICLE_URL = '{slug}.html'\n"),
        {
            "a.md": "---\nTitle: Capital keys\nDate: 2024-05-01 07:00:00 +0200\n"
            "Slug: capital_keys\nTags: ai, rl\n---\n\nBody.\n",
            "b.md": "---\ntitle: Generative Models: Diffusion\ndate: 2024-02-04\n"
            "summary: One line\n    and its continuation.\n---\n\nBody.\n",
        },
    )
    a, b = (s.meta for s in posts)
    assert (a.title, a.slug, a.tags, a.old_url) == (
        "Capital keys",
        "capital_keys",
        ("ai", "rl"),
        "/capital_keys.html",
    )
    assert a.date == dt.datetime(2024, 5, 1, 7, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert a.lines["slug"] == 4  # the line in the file, for messages
    assert b.title == "Generative Models: Diffusion"  # a colon in a value is text
    assert b.description == "One line and its continuation."
    assert b.old_url == "/generative-models-diffusion.html"
    assert not [f for f in (*posts[0].findings, *posts[1].findings) if not f.notice]


def test_a_capitalised_fenced_header_is_pelicans_without_a_config_file(tmp_path: Path) -> None:
    meta = read(write(tmp_path / "p.md", "---\nTitle: T\nDate: 2020-01-02\n---\nBody.\n")).meta
    assert (meta.dialect, meta.title, meta.date.date()) == ("pelican", "T", dt.date(2020, 1, 2))


def test_a_yaml_block_in_a_pelican_project_is_still_yaml(tmp_path: Path) -> None:
    (source,) = project(
        tmp_path,
        ("pelicanconf.py", "AUTHOR = 'x'\n"),
        {"p.md": "---\ntitle: T\ndate: 2020-01-02\ntags:\n  - one\n  - two\n---\nBody.\n"},
    )
    assert source.meta.tags == ("one", "two")


# --- Jekyll: `_config.yml` defaults ----------------------------------------------------------

JEKYLL_CONFIG = """\
title: Old
permalink: /:categories/:year/:month/:day/:title:output_ext
defaults:
  - scope: {path: "", type: posts}
    values:
      layout: post
      math: true
      permalink: /posts/:title/
      author: Everyone
  - scope: {path: "_posts/notes"}
    values: {author: Note Taker, permalink: /notes/:title/}
  - scope: {path: "", type: pages}
    values: {layout: page, permalink: /:title/}
"""


def test_jekyll_defaults_apply_by_scope_and_the_post_wins(tmp_path: Path) -> None:
    posts = project(
        tmp_path,
        ("_config.yml", JEKYLL_CONFIG),
        {
            "2024-04-23-HopfieldNetworks.md": "---\ntitle: H\ncategories: [ML]\n---\nB.\n",
            "notes/2024-01-01-a-note.md": "---\ntitle: N\n---\nB.\n",
            "2024-01-02-mine.md": "---\ntitle: M\nauthor: Me\n---\nB.\n",
            "pages/about.md": "---\ntitle: About\n---\nB.\n",
        },
    )
    hopfield, note, mine, about = (s.meta for s in posts)
    # A default permalink is the old site's rule: the old URL it gave redirects here.
    assert hopfield.old_url == "/posts/HopfieldNetworks/" and hopfield.url is None
    assert hopfield.authors == ("Everyone",) and hopfield.params["math"] is True
    assert note.old_url == "/notes/a-note/" and note.authors == ("Note Taker",)  # longer path
    assert mine.authors == ("Me",)  # the post's own front matter wins
    assert about.old_url == "/about/" and about.is_page
    assert not [f for s in posts for f in s.findings if not f.notice]


# --- Zola: a page without a date ------------------------------------------------------------


def test_an_undated_zola_page_is_a_page_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (source,) = project(
        tmp_path,
        ("config.toml", 'base_url = "https://x.org"\n'),
        {"projects/prayer.md": '+++\ntitle = "Prayer"\nweight = 1\n+++\nText.\n'},
    )
    assert source.meta.is_page and not source.meta.dated
    (notice,) = [f for f in source.findings if f.rule == "dates"]
    assert notice.notice and "published as a page" in notice.message


# --- Jekyll: a page keeps its path ---------------------------------------------------------


@pytest.mark.parametrize(
    ("permalink", "about", "index"),
    [("", "/about.html", None), ("permalink: pretty\n", "/about/", None)],
)
def test_an_undated_jekyll_page_keeps_its_path_not_a_1970_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permalink: str, about: str, index: None
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sources = project(
        tmp_path,
        ("_config.yml", f"title: Blog\n{permalink}"),
        {
            "pages/about.md": "---\nlayout: page\ntitle: About\n---\nMe.\n",
            "pages/index.md": "---\nlayout: home\ntitle: Home\n---\nHi.\n",
            "pages/cv.md": "---\ntitle: CV\npermalink: /cv/\n---\nWork.\n",
            "2020-01-02-a-post.md": "---\ntitle: A post\n---\nText.\n",
        },
    )
    urls = {s.meta.source.name: s.meta.old_url for s in sources}
    assert urls["about.md"] == about and urls["index.md"] == index
    assert urls["cv.md"] in (None, "/cv/")  # its own permalink is its URL, kept as it is
    assert urls["2020-01-02-a-post.md"] == (
        "/2020/01/02/a-post.html" if not permalink else "/2020/01/02/a-post/"
    )


# --- a theme's switches and pictures --------------------------------------------------------


@pytest.mark.parametrize(("value", "flag"), [("katex", True), ("mathjax", True), ("false", False)])
def test_a_themes_math_switch_is_a_flag(tmp_path: Path, value: str, flag: bool) -> None:
    text = f"---\ntitle: T\ndate: 2020-01-01\nmath: {value}\nlastmod: 2020-01-02\n---\nB.\n"
    meta = read(write(tmp_path / "p.md", text), "hugo").meta
    assert meta.params["math"] is flag
    read_math(meta.params["math"])  # what the page reads it with: no error


def test_a_jekyll_image_is_the_hero_and_its_alt(tmp_path: Path) -> None:
    mapping = "image:\n  path: /assets/img/p.webp\n  alt: A preview\n"
    meta = read(
        write(tmp_path / "2020-01-01-a.md", f"---\ntitle: T\n{mapping}---\nB.\n"), "jekyll"
    ).meta
    assert (meta.hero, meta.hero_alt, meta.og_image) == ("/assets/img/p.webp", "A preview", None)
    assert meta.line_of("hero") == 3  # a missing picture is reported at `image:`
    text = "---\ntitle: T\nmedia_subpath: /assets/img/post/\nimage: top.png\n---\nB.\n"
    meta = read(write(tmp_path / "2020-01-01-b.md", text), "jekyll").meta
    assert meta.hero == "/assets/img/post/top.png"  # Chirpy's prefix for relative paths
    text = "---\ntitle: T\nhero: mine.png\nimage: theirs.png\n---\nB.\n"
    assert read(write(tmp_path / "2020-01-01-c.md", text), "jekyll").meta.hero == "mine.png"


def test_a_hidden_hugo_cover_is_only_the_social_image(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndate: 2020-01-01\ncover:\n  image: c.png\n  hidden: true\n---\nB.\n"
    meta = read(write(tmp_path / "p.md", text), "hugo").meta
    assert (meta.hero, meta.og_image) == (None, "c.png")


# --- tags -----------------------------------------------------------------------------------


def test_a_category_and_a_tag_of_one_topic_are_one_tag(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\ncategories: [Machine Learning, C++]\n"
        "tags: [machine-learning, machine_learning, C, café, cafe]\n---\nB.\n"
    )
    meta = read(write(tmp_path / "2020-01-01-p.md", text), "jekyll").meta
    assert meta.topics == ("Machine Learning", "C++", "C", "café", "cafe")
    tags = {t.name: t.slug for t in _tags((meta,))}
    assert tags["Machine Learning"] == "machine-learning" and len(tags) == 5


# --- Chirpy's prompts, attribute lists in quotes, emoji -------------------------------------


def render(text: str) -> str:
    env = PageEnv(Path("post.md"), Ids())
    return markdown.render(markdown.parse(text, env), env)


def test_chirpy_prompts_become_callouts_and_keep_their_lines() -> None:
    text = (
        "Intro.\n\n> A tip, **bold**.\n{: .prompt-tip }\n\n"
        "Para.\n> Danger close.\n> Second line.\n{: .prompt-danger }\n\n"
        "> Inside.\n> {: .prompt-info }\n"
    )
    out = translate(text, Path("p.md"), {}.get, dialect="jekyll")
    lines = out.text.split("\n")
    assert len(lines) == len(text.split("\n"))
    assert lines[1:4] == ["!!! tip", "    A tip, **bold**.", ""]  # the blank line above
    # No blank line above: the text moves down one line, into the attribute line's place.
    assert lines[5:9] == ["Para.", "!!! danger", "    Danger close.", "    Second line."]
    assert lines[9:12] == ["!!! info", "    Inside.", ""]
    assert not out.findings
    html = render(out.text)
    for kind in ("tip", "danger", "info"):
        assert f'<div class="admonition {kind}" role="note">' in html
    assert "prompt-" not in html and "{:" not in html


def test_an_attribute_list_inside_a_quote_goes_on_the_block_above_it() -> None:
    out = translate("> Quoted.\n> {: #kept .center }\n", Path("p.md"), {}.get, dialect="jekyll")
    assert out.text.split("\n")[1] == ">"
    assert [(a.line, a.attrs) for a in out.attributes] == [
        (2, (("id", "kept"), ("class", "center")))
    ]


def test_jemoji_shortcodes_are_emoji_and_unknown_ones_are_reported() -> None:
    text = "Done :heavy_check_mark: not :x: :feet: at 1:30:45 :nosuchemoji: :octicons-x-16:\n"
    out = translate(text, Path("p.md"), {}.get, dialect="jekyll", plugins=("jemoji",))
    assert out.text == "Done ✔️ not ❌ 🐾 at 1:30:45 :nosuchemoji: :octicons-x-16:\n"
    assert [f.message for f in out.findings] == [
        "emoji shortcode `:nosuchemoji:` is not one mlguide knows and is shown as text"
    ]
