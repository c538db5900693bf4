"""Site settings one at a time: menus, URLs claimed twice, integrations, data files, a
template block overridden, the schedule's clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError
from mlguide.site.config.loader import load_config
from mlguide.site.content.index import Schedule, site_clock

from .conftest import read_post, write


def post(title: str, extra: str = "", date: str = "2026-01-01") -> str:
    return (
        f"---\ntitle: {title}\ndescription: A description long enough for the checks here.\n"
        f"date: {date}\n{extra}---\n\nText.\n"
    )


def built(project: Path, path: str = "index.html") -> str:
    build(BuildOptions(project))
    return (project / "build" / path).read_text(encoding="utf-8")


# --- menus -----------------------------------------------------------------------------------


def test_the_default_menu_and_footer_are_as_before(project: Path) -> None:
    page = built(project, "archive/index.html")
    nav = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert '<a href="../archive/" aria-current="page">Archive</a>' in nav
    assert '<a href="../tags/">Tags</a>' in nav and nav.count("<a ") == 2
    assert '<a href="../feed.xml" rel="alternate">Atom feed</a>' in page


def test_menu_entries_of_every_kind(project: Path) -> None:
    write(project / "content" / "pages" / "cv.md", "---\ntitle: CV\n---\nMy work.\n")
    write(
        project / "mlguide.yml",
        """
        title: T
        menu:
          - home
          - page: cv
          - {post: small-post, name: Start here}
          - tags
          - Talks: /talks/
        footer: [feed, {page: cv, name: Résumé}]
        social: {GitHub: "https://github.com/me"}
        """,
    )
    page = built(project, "cv/index.html")
    nav = page.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert [a.split(">", 1)[1].split("<")[0] for a in nav.split("<a ")[1:]] == [
        "Home",
        "CV",
        "Start here",
        "Tags",
        "Talks",
    ]
    assert 'href="../cv/" aria-current="page"' in nav
    assert 'href="http://localhost:8000/talks/"' in nav  # relative to base_url, as `social`
    footer = page.split('class="footer-links"')[1].split("</p>")[0]
    assert "Résumé</a>" in footer and 'rel="me">GitHub</a>' in footer


def test_a_menu_entry_that_leads_nowhere_is_an_error_at_its_line(project: Path) -> None:
    write(project / "mlguide.yml", "title: T\nmenu:\n  - archive\n  - page: abut\n  - tag: nope\n")
    with pytest.raises(MlguideError) as caught:
        build(BuildOptions(project))
    errors = [str(e) for e in caught.value.errors]
    assert errors[0].endswith("mlguide.yml:4: `menu` entry 2: no page `abut` (there are none)")
    assert errors[1].endswith("mlguide.yml:5: `menu` entry 3: no tag `nope` (there are none)")


# --- URLs claimed twice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("aliases: [/small-post/]\n", "the old URL `small-post/` is already used by"),
        ("url: /small-post/\n", "the URL `small-post/` is already used by"),
        ("aliases: [/tags/x/]\n", "the old URL `tags/x/` belongs to the site's own `tags/` pages"),
        ("aliases: [/other/]\n", "the old URL `other/` is the post's own URL"),
        ("url: /404.html\n", "the URL `404.html` belongs to the site's own `404.html`"),
    ],
)
def test_one_url_for_two_files_is_an_error_naming_both(
    project: Path, extra: str, message: str
) -> None:
    write(project / "content" / "other.md", post("Other", extra))
    with pytest.raises(MlguideError) as caught:
        build(BuildOptions(project))
    error = caught.value
    assert message in str(error)
    assert error.path is not None and error.line is not None
    if error.path.name == "small-post.md":  # two URLs: the later file is told about the first
        assert (error.line, str(error).split("used by ")[1].split(":")[0][-8:]) == (1, "other.md")
    else:
        assert (error.path.name, error.line) == ("other.md", 5)


def test_two_old_urls_for_one_address_name_both_posts(project: Path) -> None:
    write(project / "content" / "a.md", post("A", "aliases: [/old/]\n"))
    write(project / "content" / "b.md", post("B", "redirect_from: /old/index.html\n"))
    with pytest.raises(
        MlguideError,
        match=r"b.md:5: the old URL `old/index.html` is already an "
        r"old URL of .*a.md",
    ):
        build(BuildOptions(project))


def test_a_post_may_keep_a_jekyll_file_url(project: Path) -> None:
    write(project / "content" / "other.md", post("Other", "url: /2019/01/02/other.html\n"))
    page = built(project, "2019/01/02/other.html")
    assert '<link rel="canonical" href="http://localhost:8000/2019/01/02/other.html">' in page
    assert '<a href="2019/01/02/other.html">Other</a>' in (project / "build/index.html").read_text()


# --- integrations ------------------------------------------------------------------------------


def test_no_comments_and_no_analytics_means_no_script(project: Path) -> None:
    page = built(project, "small-post/index.html")
    for host in ("giscus", "utteranc", "plausible", "goatcounter", "googletagmanager"):
        assert host not in page


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "analytics: {plausible: blog.example.org}",
            '<script defer data-domain="blog.example.org" src="https://plausible.io/js/script.js">',
        ),
        ("analytics: {goatcounter: mysite}", 'data-goatcounter="https://mysite.goatcounter.com'),
        ("analytics: {ga4: G-ABC1234}", "gtag/js?id=G-ABC1234"),
        (
            "comments: {giscus: {repo: me/blog, repo_id: R_1, category: C, category_id: DIC_1}}",
            'data-repo="me/blog" data-repo-id="R_1"',
        ),
        ("comments: {utterances: {repo: me/blog}}", 'repo="me/blog" issue-term="pathname"'),
    ],
)
def test_integrations_are_settings(project: Path, yaml: str, expected: str) -> None:
    write(project / "mlguide.yml", f"title: T\n{yaml}\n")
    page = built(project, "small-post/index.html")
    assert expected in page


def test_comments_are_under_posts_only(project: Path) -> None:
    write(project / "content" / "pages" / "cv.md", "---\ntitle: CV\n---\nMy work.\n")
    write(project / "mlguide.yml", "title: T\ncomments: {utterances: {repo: me/blog}}\n")
    assert "utteranc.es" not in built(project, "cv/index.html")


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("analytics: {ga4: UA-123}", "`analytics` ga4 `id` must look like `G-XXXXXXXXXX`"),
        ("analytics: {matomo: x}", "`analytics` has no provider `matomo`"),
        ("comments: {giscus: {repo: me/blog}}", "`comments` giscus needs `repo_id`"),
        ("comments: {utterances: {repo: blog}}", "`comments` utterances `repo` must look like"),
    ],
)
def test_bad_integration_settings_say_what_is_wrong(
    tmp_path: Path, yaml: str, message: str
) -> None:
    with pytest.raises(MlguideError, match=message):
        load_config(write(tmp_path / "mlguide.yml", f"title: T\n{yaml}\n"))


# --- data files and templates --------------------------------------------------------------------


def test_data_files_reach_templates(project: Path) -> None:
    write(project / "data" / "talks.yml", "- {title: Leakage, year: 2025}\n")
    write(project / "data" / "site.json", '{"motto": "Measure twice"}')
    write(project / "data" / "people.toml", 'lead = "Ada"\n')
    write(
        project / "templates" / "page.html.j2",
        """
        {% extends "mlguide/page.html.j2" %}
        {% block page_body %}{{ super() }}<ul>{% for t in data.talks %}<li>{{ t.title }}
        {{ t.year }}</li>{% endfor %}</ul><p>{{ data.site.motto }}, {{ data.people.lead }}</p>
        {% endblock %}
        """,
    )
    write(project / "content" / "pages" / "talks.md", "---\ntitle: Talks\n---\nSome talks.\n")
    page = built(project, "talks/index.html")
    assert "<li>Leakage\n2025</li>" in page and "<p>Measure twice, Ada</p>" in page
    assert "Some talks." in page  # the rest of the built-in template is still there


def test_a_broken_data_file_is_an_error_at_its_line(project: Path) -> None:
    write(project / "data" / "talks.yml", "- a\n- b: [\n")
    with pytest.raises(MlguideError, match=r"talks.yml:\d+: not valid YAML") as caught:
        build(BuildOptions(project))
    assert caught.value.line is not None


def test_two_data_files_with_one_name_are_an_error(project: Path) -> None:
    write(project / "data" / "talks.yml", "[]\n")
    write(project / "data" / "talks.json", "[]\n")
    with pytest.raises(MlguideError, match="`data.talks` is also talks.json: rename one"):
        build(BuildOptions(project))


def test_one_block_of_the_post_template_can_be_changed(project: Path) -> None:
    write(
        project / "templates" / "base.html.j2",
        '{% extends "mlguide/base.html.j2" %}\n'
        '{% block nav %}<nav aria-label="Site">Only mine</nav>{% endblock %}\n',
    )
    page = built(project, "small-post/index.html")
    assert '<nav aria-label="Site">Only mine</nav>' in page
    assert '<article class="post"' in page  # the post template, built in, is untouched


# --- the schedule's clock -----------------------------------------------------------------------


def test_the_clock_is_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert site_clock() == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((site_clock() - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def test_a_post_is_held_until_its_time_and_a_page_without_date_never(tmp_path: Path) -> None:
    soon = read_post(write(tmp_path / "p.md", post("P", date="2026-05-01T09:00:00+02:00"))).meta
    page = read_post(write(tmp_path / "a.md", "---\ntitle: A\nlayout: page\n---\n")).meta
    before = Schedule(dt.datetime(2026, 5, 1, 6, 59, tzinfo=dt.UTC))
    after = Schedule(dt.datetime(2026, 5, 1, 7, 0, tzinfo=dt.UTC))
    assert before.holds(soon) and not after.holds(soon)
    assert not Schedule(before.now, future=True).holds(soon)
    assert not before.holds(page)


def test_a_link_to_a_scheduled_post_says_when_it_goes_live(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write(project / "content" / "later.md", post("Later", date="2999-01-01"))
    write(
        project / "content" / "now.md",
        post("Now", date="2026-01-01").replace("Text.", "See [later](later.md)."),
    )
    result = build(BuildOptions(project))
    (finding,) = [f for f in result.findings if f.rule == "broken-link"]
    assert finding.message == "link `later.md` points to a post held back until 2999-01-01"


def test_serve_rebuilds_every_page_when_a_data_file_changes(tmp_path: Path) -> None:
    from mlguide.commands.serve import ChangeKind, classify
    from mlguide.paths import project_paths

    paths = project_paths(tmp_path)
    talks = write(paths.data / "talks.yml", "[]\n")
    assert classify(paths, talks) is ChangeKind.CONFIG
    assert paths.data in paths.watched() and paths.data in paths.sources()


def test_a_pages_card_shows_no_date_and_no_tags(tmp_path: Path) -> None:
    from mlguide.site.config.loader import Config
    from mlguide.site.pipeline import card_text

    page = read_post(write(tmp_path / "a.md", "---\ntitle: A\nlayout: page\ntags: [x]\n---\n")).meta
    text = card_text(Config(), page)
    assert (text.title, text.date, text.tags) == ("A", "", ())
    dated = read_post(write(tmp_path / "p.md", post("P", "tags: [x]\n"))).meta
    assert (card_text(Config(), dated).date, card_text(Config(), dated).tags) == (
        "1 January 2026",
        ("x",),
    )


def test_a_data_file_is_bounded_as_front_matter_is(tmp_path: Path) -> None:
    # Nine lines of aliases stand for hundreds of millions of values: refused at the file,
    # before a template walks them.
    from mlguide.site.content.data import load_data

    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    ]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bomb.yml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    with pytest.raises(MlguideError, match=r"bomb.yml.*more than 100,000 values"):
        load_data(tmp_path / "data")


def test_old_urls_from_elsewhere_become_redirects_unless_the_post_kept_its_address(
    tmp_path: Path,
) -> None:
    # The hook an importer uses: an old generator's address per post, redirected as an
    # `aliases:` entry is; one the post still answers at needs no redirect page.
    from mlguide.site.content.index import build_index, with_old_urls

    moved = read_post(write(tmp_path / "moved.md", post("Moved"))).meta
    kept = read_post(write(tmp_path / "kept.md", post("Kept"))).meta
    old = {"Moved": ["/2017/06/21/moved.html", "2017/06/21/moved.html"], "Kept": ["/kept/"]}
    index = build_index([moved, kept], tmp_path, drafts=False, old_urls=lambda m: old[m.title])
    assert [(r.old, r.meta.title) for r in index.redirects] == [("2017/06/21/moved.html", "Moved")]
    with pytest.raises(ValueError, match="full URL"):
        with_old_urls(moved, ["https://old.example.org/moved/"])


def test_pelicans_hidden_status_is_a_page_not_a_silent_loss(project: Path) -> None:
    # `status: hidden` dropped the post without a word, even under --strict: Pelican
    # publishes it and lists it nowhere, which is what a page is.
    write(project / "content" / "colophon.md", post("Colophon", "status: hidden\n"))
    home = built(project)
    assert (project / "build" / "colophon" / "index.html").is_file()
    assert "Colophon" not in home
    assert "colophon" not in (project / "build" / "feed.xml").read_text(encoding="utf-8")
    assert "colophon/" in (project / "build" / "sitemap.xml").read_text(encoding="utf-8")


def test_feeds_carry_the_summary_by_default_json_feed_too(project: Path) -> None:
    import json

    built(project)
    feed = json.loads((project / "build" / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    (item,) = feed["items"]
    assert "content_html" not in item  # the text stays on the site unless `feed: full`
    assert item["content_text"] == item["summary"] != ""
    tags = project / "build" / "tags"
    for tag_feed in tags.glob("*/feed.json"):
        assert "content_html" not in tag_feed.read_text(encoding="utf-8")
