"""What hostile QA found in posts: code-running URLs in raw HTML, warnings at the wrong line
or by the thousand, foreign syntax shown without a word, linked files left unpublished, and
Jekyll's `{{ site.baseurl }}` leaving a site that lives under a subpath."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.errors import Finding, MlguideError
from mlguide.site import urls
from mlguide.site.content.foreign import translate
from mlguide.site.render import markdown
from mlguide.site.render.links import FINDINGS_PER_RULE, condense
from mlguide.site.render.markdown import Ids, PageEnv

from .conftest import tree_digest

DESC = "A description long enough to be a real meta description for these tests."
SUBPATH = "https://example.org/blog/"


def render(text: str) -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), Ids())
    return markdown.render(markdown.parse(text, env), env), env


def post(root: Path, name: str, body: str, title: str = "A post", date: str = "2026-01-02") -> Path:
    """A post whose body starts on line 7."""
    header = f'---\ntitle: "{title}"\ndescription: "{DESC}"\ndate: {date}\n---\n\n'
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return path


def where(findings: tuple[Finding, ...] | list[Finding], rule: str) -> list[int | None]:
    return [f.line for f in findings if f.rule == rule]


# --- 1. raw HTML: a URL that runs code is dropped, with a warning at its line --------------


@pytest.mark.parametrize(
    ("markup", "attribute"),
    [
        ('<a href="javascript:alert(1)">x</a>', "href"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "href"),
        ('<a href="jav&#x61;script:alert(1)">x</a>', "href"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "href"),  # browsers drop the tab
        ('<a href="&#1;javascript:alert(1)">x</a>', "href"),  # and leading control chars
        ("<a href=vbscript:msgbox(1)>x</a>", "href"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "href"),
        ('<form action="javascript:alert(1)"><input></form>', "action"),
        ('<button formaction="javascript:alert(1)">go</button>', "formaction"),
        ('<iframe src="javascript:alert(1)"></iframe>', "src"),
        ('<embed src="data:text/html;base64,PHNjcmlwdD4=">', "src"),
        ('<object data="javascript:alert(1)"></object>', "data"),
        ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "xlink:href"),
        ('<svg><animate attributeName="href" values="#a;javascript:alert(1)"/></svg>', "values"),
    ],
)
def test_a_code_running_url_in_raw_html_is_dropped_with_a_warning(
    markup: str, attribute: str
) -> None:
    html, env = render(f"Intro.\n\nSome text {markup} after.\n")
    assert "javascript" not in html.lower() and "vbscript" not in html.lower()
    assert "data:text" not in html
    assert f" {attribute}=" not in html  # only that attribute goes: the element stays
    [finding] = env.findings
    assert (finding.rule, finding.line, finding.notice) == ("unsafe-link", 3, False)
    assert f"`{attribute}` attribute was dropped" in finding.message


def test_raw_html_keeps_everything_else_as_written() -> None:
    safe = (
        '<a href="https://example.org/" title="JavaScript: the good parts">x</a> '
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"> '
        '<a href="../other/">o</a>\n'
    )
    html, env = render(safe)
    assert html == f"<p>{safe.strip()}</p>\n"
    assert env.findings == []


def test_each_unsafe_url_is_reported_at_its_own_line() -> None:
    html, env = render(
        "A paragraph\nover <a href='javascript:a()'>three</a>\nlines <a href='javascript:b()'>.</a>\n"
        "\n<div>\n<p>\n<a href='vbscript:c'>block</a></p></div>\n"
    )
    assert where(env.findings, "unsafe-link") == [2, 3, 7]
    assert "script:" not in html


def test_markup_html_parser_refuses_is_read_as_a_browser_reads_it() -> None:
    html, env = render("<div>\n<![if !IE]> <a href='javascript:x()'>x</a> <![foo[\n</div>\n")
    assert "javascript" not in html and "<![if !IE]>" in html
    assert where(env.findings, "unsafe-link") == [2]


def test_scripts_and_event_handlers_are_notices_not_failures() -> None:
    html, env = render(
        'Hi <img src="x.png" alt="" onerror="alert(1)">\n\n<script>go()</script>\n\n'
        "`<script>` and `<a onclick=x>` in code\n\n```html\n<script>no()</script>\n```\n"
    )
    assert 'onerror="alert(1)"' in html and "<script>go()</script>" in html  # the author's
    assert [(f.rule, f.line, f.notice) for f in env.findings] == [
        ("raw-script", 1, True),
        ("raw-script", 3, True),
    ]


def test_a_markdown_link_in_a_code_span_is_not_reported_as_dropped() -> None:
    _, env = render("Write `[x](javascript:void(0))` to see it dropped.\n")
    assert env.findings == []


@pytest.mark.parametrize(
    ("url", "picture", "scheme"),
    [
        ("javascript:x", False, "javascript"),
        ("\x01 JAVA\tSCRIPT:x", False, "javascript"),
        ("data:image/png;base64,AA", True, None),
        ("data:image/png;base64,AA", False, "data"),
        ("data:text/html,x", True, "data"),
        ("https://example.org/", False, None),
        ("javascript-notes.html", False, None),
    ],
)
def test_unsafe_scheme_reads_a_url_as_a_browser_does(
    url: str, picture: bool, scheme: str | None
) -> None:
    assert urls.unsafe_scheme(url, picture) == scheme


def test_strict_build_fails_on_a_javascript_link_in_raw_html(project: Path) -> None:
    out = project / "build"
    build(BuildOptions(project, out, base_url=SUBPATH))
    before = tree_digest(out)
    post(project, "raw.md", 'Click <a href="javascript:alert(1)">here</a>.\n')
    with pytest.raises(StrictBuildError) as caught:
        build(BuildOptions(project, out, base_url=SUBPATH, strict=True))
    assert any(
        e.path == project / "content" / "raw.md"
        and e.line == 7
        and "(rule: unsafe-link)" in e.message
        for e in caught.value.errors
    ), str(caught.value)
    assert tree_digest(out) == before
    result = build(BuildOptions(project, out, base_url=SUBPATH))
    assert "javascript:" not in (out / "raw" / "index.html").read_text()
    assert where(result.findings, "unsafe-link") == [7]


# --- 2. every link at its own line, each warning once, and not 80,000 of them ---------------


def test_the_same_broken_link_is_reported_at_each_line(project: Path) -> None:
    post(
        project,
        "second.md",
        "One [a](#nope).\n\nTwo [b](#nope) [again](#nope).\n\nThree\n[c](#nope).\n",
    )
    result = build(BuildOptions(project, project / "build", base_url=SUBPATH))
    broken = [(f.line, f.message) for f in result.findings if f.rule == "broken-link"]
    assert broken == [(line, "link `#nope` points to a missing anchor") for line in (7, 9, 12)]


def test_a_broken_link_is_quoted_with_the_letters_the_author_typed(project: Path) -> None:
    """Markdown percent-encodes a link's accents (`#caf%C3%A9`); the message quotes `#café`,
    and keeps an escape the author typed (`%20`)."""
    post(project, "second.md", "See [x](small-post.md#café-über) and [y](small-post.md#a%20b).\n")
    result = build(BuildOptions(project, project / "build", base_url=SUBPATH))
    broken = [f.message for f in result.findings if f.rule == "broken-link"]
    assert any(m.startswith("link `small-post.md#café-über` points to") for m in broken), broken
    assert any(m.startswith("link `small-post.md#a%20b` points to") for m in broken), broken


def test_a_post_full_of_broken_links_prints_a_count_after_the_first_ones(project: Path) -> None:
    total = FINDINGS_PER_RULE + 30
    post(project, "many.md", "".join(f"[x{i}](#nope-{i % 3})\n\n" for i in range(total)))
    result = build(BuildOptions(project, project / "build", base_url=SUBPATH))
    broken = [f for f in result.findings if f.rule == "broken-link"]
    assert len(broken) == FINDINGS_PER_RULE + 1
    assert [f.line for f in broken[:FINDINGS_PER_RULE]] == [7 + 2 * i for i in range(20)]
    last = broken[-1]
    assert last.message == "… and 30 more broken links in this post"
    assert last.line == 7 + 2 * FINDINGS_PER_RULE  # the first one left out


def test_condense_drops_repeats_and_counts_per_file_and_rule() -> None:
    a, b = Path("a.md"), Path("b.md")
    findings = [Finding("math", "m", a, 1)] * 3 + [
        *(Finding("broken-link", f"l{i}", a, i) for i in range(25)),
        *(Finding("broken-link", f"l{i}", b, i) for i in range(2)),
    ]
    out = condense(findings)
    assert out[0] == Finding("math", "m", a, 1) and where(out, "math") == [1]
    assert [f.message for f in out if f.path == b] == ["l0", "l1"]
    assert out[-1] == Finding("broken-link", "… and 5 more broken links in this post", a, 20)


# --- 3. foreign syntax is translated or warned about, never shown without a word ------------


def test_expressions_comments_and_wikilinks_are_translated_or_reported() -> None:
    text = (
        "Sum {{ 1 + 1 }} and {{ 'x' | upcase }}.\n"
        "Hidden {# a note #} and {{/* a Hugo note */}} and {{- /* trimmed */ -}} here.\n"
        "See [[other]], [[other#part|the part]] and [[nobody]].\n"
        "Code `{{ 1 + 1 }} [[other]] {# x #}` stays.\n"
        "```\n{{ 2 + 2 }} [[other]]\n```\n"
        "{# a note that goes on\n"
        "## Heading {#custom-id}\n"
    )
    out = translate(text, Path("p.md"), {"other": "../other/"}.get)
    lines = out.text.split("\n")
    assert len(lines) == len(text.split("\n"))
    assert lines[0] == text.split("\n")[0]  # shown as written
    assert lines[1] == "Hidden  and  and  here."  # comments are never shown, there or here
    assert lines[2] == "See [other](../other/), [the part](../other/#part) and [[nobody]]."
    assert lines[3:7] == text.split("\n")[3:7]
    found = [(f.line, f.message) for f in out.findings]
    assert [line for line, _ in found] == [1, 1, 3, 8]
    assert all(f.rule == "foreign-syntax" for f in out.findings)
    assert "`{{ 1 + 1 }}`" in found[0][1] and "`{{ 'x' | upcase }}`" in found[1][1]
    assert "wikilink `[[nobody]]`" in found[2][1]
    assert "`{# a note that goes on`" in found[3][1] and "does not end on its line" in found[3][1]
    assert lines[8] == "## Heading {#custom-id}"  # the renderer gives the heading that id


def test_tex_braces_are_not_template_expressions() -> None:
    out = translate("$x^{{2}}$ and $\\{1, 2\\}$ and {{1}}.\n", Path("p.md"), {}.get)
    assert out.findings == ()


# --- 4. a linked file of the project is published, under a content-hashed name -------------


def test_a_linked_file_is_published_once_under_a_hashed_name(project: Path) -> None:
    (project / "assets").mkdir()
    (project / "assets" / "doc.pdf").write_bytes(b"%PDF-1.4 first\n")
    post(project, "a.md", "[the pdf](../assets/doc.pdf)\n\n[page 2](/assets/doc.pdf#page=2)\n")
    post(project, "b.md", "[same](../assets/doc.pdf) and [gone](../assets/nope.pdf)\n", "B")
    (project / "content" / "my notes.txt").write_text("notes")
    post(project, "c.md", "[notes](<my notes.txt>)\n", "C")
    out = project / "build"
    result = build(BuildOptions(project, out, base_url=SUBPATH))
    digest = hashlib.sha256(b"%PDF-1.4 first\n").hexdigest()[:10]
    assert (out / "assets" / f"doc.{digest}.pdf").read_bytes() == b"%PDF-1.4 first\n"
    page = (out / "a" / "index.html").read_text()
    assert f'href="../assets/doc.{digest}.pdf"' in page
    assert f'href="../assets/doc.{digest}.pdf#page=2"' in page
    assert f'href="../assets/doc.{digest}.pdf"' in (out / "b" / "index.html").read_text()
    notes = re.search(
        r'href="\.\./(assets/my%20notes\.[0-9a-f]{10}\.txt)"',
        (out / "c" / "index.html").read_text(),
    )
    assert notes and (out / notes[1].replace("%20", " ")).read_text() == "notes"
    assert [(f.path, f.line) for f in result.findings if f.rule == "broken-link"] == [
        (project / "content" / "b.md", 7)
    ]


def test_a_cached_page_follows_the_file_it_links_to(project: Path) -> None:
    pdf = project / "content" / "doc.pdf"
    pdf.write_bytes(b"one")
    post(project, "a.md", "[doc](doc.pdf) and [later](later.csv)\n")
    out = project / "build"
    build(BuildOptions(project, out, base_url=SUBPATH))
    pdf.write_bytes(b"two, longer")  # a new size: the cache sees the change
    (project / "content" / "later.csv").write_text("a,b\n")
    result = build(BuildOptions(project, out, base_url=SUBPATH))
    assert where(result.findings, "broken-link") == []
    build(BuildOptions(project, project / "fresh", base_url=SUBPATH, cache=False))
    cached, fresh = tree_digest(out), tree_digest(project / "fresh")
    cached.pop(".mlguide-build.json", None), fresh.pop(".mlguide-build.json", None)
    assert cached == fresh
    assert any(re.fullmatch(r"assets/later\.[0-9a-f]{10}\.csv", p) for p in cached)


def test_a_linked_file_outside_the_project_is_refused_at_its_line(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("not for the site")
    link = Path(os.path.relpath(outside, project / "content")).as_posix()
    post(project, "a.md", f"Intro.\n\n[secret]({link})\n")
    with pytest.raises(MlguideError) as caught:
        build(BuildOptions(project, project / "build", base_url=SUBPATH))
    error = caught.value.errors[0]
    assert (error.path, error.line) == (project / "content" / "a.md", 9)
    assert "is outside the project" in error.message


# --- 5. `{{ site.baseurl }}/x` leads to the page x, under any subpath ------------------------


def test_jekyll_baseurl_links_stay_inside_a_site_under_a_subpath(project: Path) -> None:
    (project / "assets").mkdir()
    (project / "assets" / "notes.txt").write_text("notes")
    post(project, "2026-01-01-other.md", "## Part\n\nText.\n", "Other", "2026-01-01")
    post(
        project,
        "jekyll.md",
        "[other]({{ site.baseurl }}/other/#part) [tags]({{ site.baseurl }}/tags/)\n\n"
        "[old url]({{ site.baseurl }}/2026/01/01/other.html) "
        "[home]({{ site.baseurl }}) [archive]({{ 'archive/' | relative_url }})\n\n"
        "[notes]({{ site.baseurl }}/assets/notes.txt)\n\n"
        "[nowhere]({{ site.baseurl }}/about/)\n",
    )
    result = build(BuildOptions(project, project / "build", base_url=SUBPATH))
    page = (project / "build" / "jekyll" / "index.html").read_text()
    body = page[page.index("<main") :]
    for href in ("../other/#part", "../tags/", "../other/", "../", "../archive/", "../about/"):
        assert f'href="{href}"' in body, href
    assert re.search(r'href="\.\./assets/notes\.[0-9a-f]{10}\.txt"', body)
    assert 'href="/' not in body  # nothing leaves /blog/
    broken = [(f.line, f.message) for f in result.findings if f.rule == "broken-link"]
    assert broken == [(13, "link `../about/` points to a missing file")]
