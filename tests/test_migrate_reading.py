"""A blog brought from another generator is read the way that generator meant it, and a
quirk in one post never stops the others: the dialect is told from the project or the post,
a value with a sensible reading is read (and the notice says how), and only a post that
cannot be read at all is an error. Each fixture here is a few lines written for the quirk."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from mlguide.errors import ErrorGroup, MlguideError
from mlguide.site.config.loader import load_config
from mlguide.site.content.readers.detect import post_dialect, project_dialect
from mlguide.site.content.sources import Source, find_sources, scan_post, scan_posts
from mlguide.site.render.markdown import first_paragraph

from .conftest import write


def read(path: Path, dialect: str | None = None) -> Source:
    return scan_post(path, first_paragraph, None, dialect)


def rules(source: Source) -> list[tuple[str, int | None, bool]]:
    return [(f.rule, f.line, f.notice) for f in source.findings if f.rule != "description"]


# --- which generator --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "dialect"),
    [
        ("_config.yml", "title: x\npermalink: pretty\n", "jekyll"),
        ("hugo.toml", 'baseURL = "https://x.org/"\n', "hugo"),
        ("config.toml", 'baseURL = "https://x.org/"\ntheme = "t"\n', "hugo"),
        ("config.toml", 'base_url = "https://x.org"\ncompile_sass = true\n', "zola"),
        ("pelicanconf.py", "AUTHOR = 'x'\n", "pelican"),
        ("mkdocs.yml", "site_name: x\nplugins: [blog]\n", "mkdocs"),
    ],
)
def test_the_old_config_file_names_the_generator(
    tmp_path: Path, name: str, text: str, dialect: str
) -> None:
    write(tmp_path / name, text)
    assert project_dialect(tmp_path) == dialect


def test_mlguide_yml_import_wins_and_is_checked(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: x\n")
    write(tmp_path / "mlguide.yml", "title: x\nimport: pelican\n")
    assert project_dialect(tmp_path) == "pelican"
    assert load_config(tmp_path / "mlguide.yml").import_from == "pelican"
    write(tmp_path / "mlguide.yml", "title: x\nimport: wordpress\n")
    with pytest.raises(MlguideError, match=r"mlguide.yml:2: `import` must be one of jekyll"):
        load_config(tmp_path / "mlguide.yml")


@pytest.mark.parametrize(
    ("name", "text", "dialect"),
    [
        ("2019-01-02-a.md", "---\nlayout: post\ntitle: A\n---\n", "jekyll"),
        ("a.md", "+++\ntitle = 'A'\n[taxonomies]\ntags = ['x']\n+++\n", "zola"),
        ("a.md", "+++\ntitle = 'A'\nlastmod = 2020-01-01\n+++\n", "hugo"),
        ("a.md", "Title: A\nDate: 2020-01-01\n\nText\n", "pelican"),
        ("a.md", "---\ndate:\n  created: 2020-01-01\n---\n# A\n", "mkdocs"),
        ("a.md", "---\ntitle: A\ndate: 2020-01-01\n---\n", "mlguide"),
    ],
)
def test_a_post_without_a_config_file_tells_its_generator(
    tmp_path: Path, name: str, text: str, dialect: str
) -> None:
    from mlguide.site.content.frontmatter import split_front_matter

    path = write(tmp_path / name, text)
    assert post_dialect(split_front_matter(text, path), path) == dialect


# --- a quirk never blocks the others ---------------------------------------------------------


def test_a_dotted_slug_is_kept_with_a_notice(tmp_path: Path) -> None:
    source = read(
        write(tmp_path / "p.md", "---\ntitle: T\ndate: 2020-01-01\nslug: tool-2.0\n---\n")
    )
    assert (source.meta.slug, source.meta.url_path) == ("tool-2.0", "tool-2.0/")
    assert ("slug", 4, True) in rules(source)


def test_a_slug_no_url_can_hold_is_still_an_error(tmp_path: Path) -> None:
    with pytest.raises(MlguideError, match=r"p.md:4: `slug` must be letters, digits and dashes"):
        read(write(tmp_path / "p.md", "---\ntitle: T\ndate: 2020-01-01\nslug: a b/c\n---\n"))


def test_another_generators_value_in_a_reserved_key_is_kept_as_a_param(tmp_path: Path) -> None:
    # A Jekyll theme's `extra` is text; to Zola (and mlguide) it is a table of values.
    text = '---\ntitle: T\ndate: 2020-01-01\nextra: "<br>more"\n---\nBody.\n'
    source = read(write(tmp_path / "p.md", text), "mlguide")
    assert source.meta.params["extra"] == "<br>more"
    assert ("front-matter", 4, False) in rules(source)
    # A Jekyll theme's `hero:` mapping is not mlguide's hero picture.
    text = "---\ntitle: T\ndate: 2020-01-01\nhero:\n  image: x.png\n---\nBody.\n"
    source = read(write(tmp_path / "q.md", text), "jekyll")
    assert source.meta.hero is None and source.meta.params["hero"] == {"image": "x.png"}
    assert ("front-matter", 4, False) in rules(source)


def test_a_zola_date_in_its_path_is_the_date(tmp_path: Path) -> None:
    text = '+++\ntitle = "T"\npath = "2019/11/07/the-post"\n+++\nBody.\n'
    source = read(write(tmp_path / "the-post.md", text), "zola")
    assert source.meta.date.date() == dt.date(2019, 11, 7)
    (notice,) = [f for f in source.findings if f.rule == "dates"]
    assert notice.notice and "taken from the `path` segments 2019/11/07" in notice.message


def test_a_hugo_date_in_its_url_comes_before_the_file_name(tmp_path: Path) -> None:
    text = "---\ntitle: T\nurl: /2011/06/19/x/\n---\nBody.\n"
    source = read(write(tmp_path / "2011-06-20-x.md", text), "hugo")
    assert source.meta.date.date() == dt.date(2011, 6, 19)


def test_a_date_from_the_file_name_is_a_notice_unless_it_is_the_convention(
    tmp_path: Path,
) -> None:
    text = "---\ntitle: T\n---\nBody.\n"
    hugo = read(write(tmp_path / "2014-1-2-x.md", text), "hugo")
    assert hugo.meta.date.date() == dt.date(2014, 1, 2)
    assert [f.message for f in hugo.findings if f.rule == "dates"] == [
        "no `date`: 2014-01-02 is taken from the file name"
    ]
    jekyll = read(write(tmp_path / "2014-01-02-y.md", text), "jekyll")  # where Jekyll keeps it
    assert jekyll.meta.date.date() == dt.date(2014, 1, 2)
    assert [f for f in jekyll.findings if f.rule == "dates"] == []


def test_a_date_from_git_is_the_files_first_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = write(tmp_path / "undated.md", "---\ntitle: T\n---\nBody.\n")
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2018-03-04T05:06:07+00:00",
        "GIT_COMMITTER_DATE": "2018-03-04T05:06:07+00:00",
        "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@x",
    }  # fmt: skip
    for args in (["init", "-q"], ["add", "undated.md"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    source = read(path, "hugo")
    assert source.meta.date == dt.datetime(2018, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
    assert any("first commit in git" in f.message for f in source.findings if f.rule == "dates")


def test_only_posts_that_cannot_be_read_are_errors_and_all_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    good = write(
        tmp_path / "content" / "good.md", "---\ntitle: G\ndate: 2020-01-01\nslug: v1.2\n---\n"
    )
    bad = write(tmp_path / "content" / "bad.md", "---\ntitle: [x]\ndate: 2020-01-01\n---\n")
    worse = write(tmp_path / "content" / "worse.md", "---\ndescription: no title, no date\n---\n")
    with pytest.raises(ErrorGroup) as info:
        scan_posts([good, bad, worse], tmp_path / "content", first_paragraph)
    named = sorted({e.path.name for e in info.value.errors if e.path})
    assert named == ["bad.md", "worse.md"]


# --- each generator's conventions -------------------------------------------------------------


def test_pelican_reads_status_not_a_draft_key_and_loose_dates(tmp_path: Path) -> None:
    text = "Title: T\nDate: 2014-1-2 9:00\ndraft: true\nTags: a, b\n\nBody.\n"
    source = read(write(tmp_path / "p.md", text))
    meta = source.meta
    assert meta.dialect == "pelican" and meta.draft is False  # Pelican published it
    assert meta.date == dt.datetime(2014, 1, 2, 9, 0, tzinfo=dt.UTC)
    assert meta.tags == ("a", "b") and meta.params["draft"] == "true"
    hidden = read(write(tmp_path / "q.md", "Title: T\nDate: 2014-01-02\nStatus: draft\n\nB\n"))
    assert hidden.meta.draft is True


def test_mkdocs_takes_the_title_from_the_heading_and_the_slug_from_the_title(
    tmp_path: Path,
) -> None:
    text = "---\ndate: 2023-12-21\nauthors: [me]\n---\n\n# Hello world 👋\n\nText.\n"
    meta = read(write(tmp_path / "posts" / "2023-12-21-hello.md", text), "mkdocs").meta
    assert (meta.title, meta.slug, meta.title_line) == ("Hello world 👋", "hello-world", 6)


def test_mkdocs_shows_the_front_matter_title_instead_of_a_different_heading(tmp_path: Path) -> None:
    text = "---\ntitle: Short\ndate: 2025-11-05\n---\n\n# A much longer heading\n\nText.\n"
    source = read(write(tmp_path / "p.md", text), "mkdocs")
    assert (source.meta.title, source.meta.title_line) == ("Short", 6)
    assert ("title", 6, True) in rules(source)


def test_a_title_repeated_as_the_first_heading_is_shown_once(tmp_path: Path) -> None:
    text = (
        "---\ntitle: 'Diffusion, explained'\ndate: 2021-07-11\n---\n\n# Diffusion, explained\n\nT\n"
    )
    meta = read(write(tmp_path / "2021-07-11-diffusion.md", text), "jekyll").meta
    assert (meta.title_line, meta.slug) == (6, "diffusion")  # hidden; the slug is the file's
    other = "---\ntitle: A\ndate: 2021-07-11\n---\n\n# Not the title\n\nT\n"
    assert read(write(tmp_path / "b.md", other), "jekyll").meta.title_line is None


def test_a_description_is_never_an_update_note_or_template_code(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\ndate: 2021-07-11\n---\n\n"
        '<span style="color: #286ee0;">[Updated on 2021-09-19: see the new post]</span>\n\n'
        "{% notebook x.ipynb %}\n\n"
        "Diffusion models learn to reverse a noising process.\n"
    )
    meta = read(write(tmp_path / "p.md", text), "jekyll").meta
    assert meta.description == "Diffusion models learn to reverse a noising process."
    text = (
        "---\ntitle: T\ndate: 2021-07-11\nexcerpt: 'See {{ site.baseurl }} for {% raw %}x'\n---\n"
    )
    assert read(write(tmp_path / "q.md", text), "jekyll").meta.description == "See for x"


def test_jekyll_html_posts_and_mkdocs_posts_folders_are_found(tmp_path: Path) -> None:
    write(tmp_path / "_config.yml", "title: x\n")
    write(tmp_path / "content" / "2009-04-10-lazy.html", "---\ntitle: L\n---\n<p>Hi</p>\n")
    write(tmp_path / "content" / "include.html", "<div>not a post</div>\n")
    found, _ = find_sources(tmp_path / "content")
    assert [p.name for p in found] == ["2009-04-10-lazy.html"]
    (tmp_path / "_config.yml").unlink()
    write(tmp_path / "mkdocs.yml", "site_name: x\n")
    write(tmp_path / "content" / "blog" / "index.md", "# Blog\n")
    write(tmp_path / "content" / "blog" / "posts" / "a.md", "---\ndate: 2020-01-01\n---\n# A\n")
    found, skipped = find_sources(tmp_path / "content")
    assert [p.name for p in found] == ["a.md"]
    assert any("blog/index.md" in f.message for f in skipped)


# --- where the old generator published each post ----------------------------------------------


@pytest.mark.parametrize(
    ("config", "post", "text", "url"),
    [
        (("_config.yml", "baseurl: /blog\n"), "2017-06-21-Deep-Nets.md",
         "---\ntitle: T\n---\n", "/2017/06/21/Deep-Nets.html"),
        (("_config.yml", "permalink: pretty\n"), "2014-07-02-x.md",
         "---\ntitle: T\ncategories: [ML]\n---\n", "/ml/2014/07/02/x/"),
        (("_config.yml", "permalink: /blog/:year/:month/:day/\n"), "2009-04-10-lazy.md",
         "---\ntitle: T\n---\n", "/blog/2009/04/10/"),
        (("hugo.toml", '[permalinks]\npost = "/post/:slug/"\n'), "post/x/index.md",
         '+++\ntitle = "Neural Spelling - A Model"\ndate = 2020-01-01\n+++\n',
         "/post/neural-spelling---a-model/"),
        (("hugo.toml", 'baseURL = "https://x.org/"\n'), "blog/file-name.md",
         "---\ntitle: T\ndate: 2020-01-01\nslug: short\n---\n", "/blog/short/"),
        (("hugo.toml", 'baseURL = "https://x.org/"\n'), "_posts/2011-06-20-x.md",
         "---\ntitle: T\ndate: 2011-06-20\nurl: /2011/06/19/x/\n---\n", "/2011/06/19/x/"),
        (("config.toml", 'base_url = "https://x.org"\n'), "ml/rope/index.es.md",
         '+++\ntitle = "T"\ndate = 2020-01-01\n+++\n', "/es/ml/rope/"),
        (("pelicanconf.py", "ARTICLE_URL = 'blog/{date:%Y}/{date:%m}/{date:%d}/{slug}/'\n"),
         "2014-1-2-x.md", "Title: Visualizing MCMC \nDate: 2014-1-2 09:00\n\nB\n",
         "/blog/2014/01/02/visualizing-mcmc/"),
        (("settings.py", "SITEURL = 'x'\nARTICLE_URL = 'blog/{slug}.html'\n"), "a.markdown",
         "title: T\ndate: 2017-02-14\nslug: ssh-keys\n\nB\n", "/blog/ssh-keys.html"),
        (("mkdocs.yml", "plugins:\n  - blog\nmarkdown_extensions:\n  - x: !!python/name:y.z\n"),
         "blog/posts/p.md", "---\ndate: 2024-04-14\n---\n# 6 months of LEGO 🚀\n",
         "/blog/2024/04/14/6-months-of-lego/"),
        (("mkdocs.yml", 'plugins:\n  - blog:\n      post_url_format: "{slug}"\n'),
         "blog/posts/p.md", "---\ndate: 2024-04-14\nslug: awq\n---\n# AWQ\n", "/blog/awq/"),
    ],
)  # fmt: skip
def test_the_old_url_follows_the_old_generators_rules(
    tmp_path: Path, config: tuple[str, str], post: str, text: str, url: str
) -> None:
    write(tmp_path / config[0], config[1])
    path = write(tmp_path / "content" / post, text)
    (source,) = scan_posts([path], tmp_path / "content", first_paragraph)
    assert source.meta.old_url == url


def test_a_draft_had_no_old_url(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "https://x.org/"\n')
    path = write(
        tmp_path / "content" / "d.md", "---\ntitle: T\ndate: 2020-01-01\ndraft: true\n---\n"
    )
    (source,) = scan_posts([path], tmp_path / "content", first_paragraph)
    assert source.meta.old_url is None
