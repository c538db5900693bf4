import errno
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.errors import MlguideError
from mlguide.site import outputs
from mlguide.site.render import links
from mlguide.site.write import staging

from .conftest import REPO, copy_repo_project, fail_writing, tree_digest, write


def test_builds_with_built_in_templates_and_no_config(project: Path) -> None:
    result = build(BuildOptions(project, project / "build"))
    assert result.pages == 1
    assert [f.rule for f in result.findings] == ["config"]  # "run mlguide init"
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert "<title>A small post · mlguide</title>" in page
    for name in (
        "index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "archive/index.html",
    ):
        assert (project / "build" / name).is_file()


def test_failed_build_leaves_previous_build_untouched(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build"
    build(BuildOptions(project, out))
    before = tree_digest(out)
    fail_writing(monkeypatch, "archive/index.html", errno.ENOSPC)  # midway through the new tree
    with pytest.raises(MlguideError, match="cannot write: the disk is full"):
        build(BuildOptions(project, out, cache=False))  # no page linked from the old build
    monkeypatch.undo()
    assert tree_digest(out) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".build")] == []


def test_broken_input_never_replaces_a_good_build(project: Path) -> None:
    out = project / "build"
    build(BuildOptions(project, out))
    before = tree_digest(out)
    write(project / "content" / "broken.md", "---\ntitle: [\n---\n")
    with pytest.raises(MlguideError):
        build(BuildOptions(project, out))
    assert tree_digest(out) == before


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path / "p")
    build(BuildOptions(site, tmp_path / "a"))
    build(BuildOptions(site, tmp_path / "b", jobs=2))
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def write_many_posts(content: Path, count: int = 60) -> None:
    """More posts than the parallel threshold, so the build uses worker processes."""
    for i in range(count):
        write(
            content / f"post-{i:03d}.md",
            f"---\ntitle: Post {i}\ndescription: About {i}.\n"
            f"date: 2026-01-{1 + i % 28:02d}\n---\n\n## Part\n\nText {i}.\n",
        )


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    write_many_posts(tmp_path / "content")
    build(BuildOptions(tmp_path, tmp_path / "serial", jobs=1))
    build(BuildOptions(tmp_path, tmp_path / "parallel", jobs=2))
    assert tree_digest(tmp_path / "serial") == tree_digest(tmp_path / "parallel")


def test_error_in_a_late_worker_page_keeps_the_previous_build(tmp_path: Path) -> None:
    """Pages stream to disk while later ones render; a late failure must still publish nothing."""
    content = tmp_path / "content"
    write_many_posts(content)
    out = tmp_path / "build"
    build(BuildOptions(tmp_path, out, jobs=2))
    before = tree_digest(out)
    write(content / "post-055.md", "---\ntitle: Post 55\ndescription: [\n---\n")
    with pytest.raises(MlguideError, match="post-055.md") as caught:
        build(BuildOptions(tmp_path, out, jobs=2))
    assert caught.value.line == 3
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def local_refs(page: Path, root: Path) -> list[tuple[str, Path]]:
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'\s(?:href|src|data-src)="([^"]+)"', html)
    refs += [
        u.split()[0]
        for s in re.findall(r'\s(?:data-)?srcset="([^"]+)"', html)
        for u in s.split(",")
    ]
    out = []
    for ref in refs:
        parts = urlsplit(ref)
        if parts.scheme or ref.startswith("#"):
            continue
        base = root if parts.path.startswith("/") else page.parent
        target = (base / parts.path.lstrip("/")) if parts.path else page
        out.append((ref, target / "index.html" if target.is_dir() else target))
    return out


@pytest.mark.parametrize("base_url", ["https://example.com/", "https://user.github.io/repo/"])
def test_every_local_href_and_src_resolves(tmp_path: Path, base_url: str) -> None:
    site = copy_repo_project(tmp_path / "p")
    out = tmp_path / "out"
    build(BuildOptions(site, out, base_url=base_url))
    pages = sorted(out.rglob("*.html"))
    assert {"index.html", "404.html", "archive/index.html", "tags/index.html"} <= {
        p.relative_to(out).as_posix() for p in pages
    }
    for page in pages:
        if page.name == "404.html":
            continue  # served at any depth: checked below against the base path
        for ref, target in local_refs(page, out):
            assert target.is_file(), f"{page.relative_to(out)}: {ref} does not resolve"
    post = (out / "ten-steps-to-build-a-machine-learning-model" / "index.html").read_text()
    assert f'<link rel="canonical" href="{base_url}ten-steps-to-build' in post
    not_found = (out / "404.html").read_text()
    assert f'href="{urlsplit(base_url).path}feed.xml"' in not_found


def test_strict_turns_warnings_into_errors_and_writes_nothing(project: Path) -> None:
    write(project / "mlguide.yml", "title: Test\nbase_url: https://mlguide.dev/\n")
    write(
        project / "content" / "bad.md",
        """
        ---
        title: Bad
        description: Has problems.
        date: 2026-01-01
        ---

        ## Part

        #### Skipped a level

        ![](missing.png)

        [dead](#nowhere)
    """,
    )
    result = build(BuildOptions(project, project / "build"))
    rules = sorted(f.rule for f in result.findings)
    assert rules == ["broken-link", "heading-level", "image-alt", "missing-image"]
    lines = {f.rule: f.line for f in result.findings}
    assert lines["heading-level"] == 9 and lines["missing-image"] == 11
    assert lines["broken-link"] == 13
    (project / "build").rename(project / "old")
    with pytest.raises(StrictBuildError) as info:
        build(BuildOptions(project, project / "build", strict=True))
    located = {(e.message.rsplit("(rule: ", 1)[1].rstrip(")"), e.line) for e in info.value.errors}
    assert {
        ("heading-level", 9),
        ("missing-image", 11),
        ("broken-link", 13),
        ("image-alt", 11),
    } <= located
    messages = str(info.value)
    assert (  # at the front matter's line, where it is fixed, not in the built page
        "content/bad.md:3: meta description is 13 characters, not 50–160 (rule: description)"
        in messages
    )
    assert messages.count("has no alt text") == 1  # once, at its line: not again by the checklist
    assert not (project / "build").exists()


def test_drafts_are_left_out_unless_asked(project: Path) -> None:
    write(
        project / "content" / "wip.md",
        "---\ntitle: WIP\ndescription: Not yet.\ndate: 2026-05-01\ndraft: true\n---\nx\n",
    )
    build(BuildOptions(project, project / "build"))
    assert not (project / "build" / "wip").exists()
    assert "wip/" not in (project / "build" / "sitemap.xml").read_text()
    build(BuildOptions(project, project / "build", drafts=True))
    assert (project / "build" / "wip" / "index.html").is_file()


def test_duplicate_slug_is_an_error(project: Path) -> None:
    write(
        project / "content" / "other.md",
        "---\ntitle: Other\ndescription: d\ndate: 2026-01-01\nslug: small-post\n---\n",
    )
    with pytest.raises(
        MlguideError, match=r"small-post.md:1: the URL `small-post/` is already used by .*other.md"
    ):
        build(BuildOptions(project, project / "build"))


def test_missing_template_is_a_clean_error(project: Path) -> None:
    write(project / "templates" / "post.html.j2", '{% extends "nope.html.j2" %}')
    with pytest.raises(MlguideError, match="template `nope.html.j2` not found"):
        build(BuildOptions(project, project / "build"))


def test_template_syntax_error_names_file_and_line(project: Path) -> None:
    write(project / "templates" / "post.html.j2", "line one\n{% if %}\n")
    with pytest.raises(MlguideError) as info:
        build(BuildOptions(project, project / "build"))
    assert info.value.line == 2 and str(info.value.path).endswith("post.html.j2")


class TestCli:
    def test_error_is_one_line_and_exit_1(self, project: Path) -> None:
        write(project / "mlguide.yml", "titel: x\n")
        result = CliRunner().invoke(main, ["-C", str(project), "build"])
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"error: {project / 'mlguide.yml'}:1: unknown config key `titel` "
            "(did you mean `title`?)"
        ]

    def test_debug_shows_the_traceback(self, project: Path) -> None:
        write(project / "mlguide.yml", "titel: x\n")
        result = CliRunner().invoke(main, ["--debug", "-C", str(project), "build"])
        assert isinstance(result.exception, MlguideError)

    def test_build_prints_warnings_with_locations(self, project: Path) -> None:
        write(
            project / "content" / "img.md",
            "---\ntitle: I\ndescription: d\ndate: 2026-01-01\n---\n\n![x](gone.png)\n",
        )
        result = CliRunner().invoke(main, ["-C", str(project), "build"])
        assert result.exit_code == 0
        assert "img.md:7: image `gone.png` not found (rule: missing-image)" in result.output

    def test_version_and_help(self) -> None:
        assert "mlguide, version" in CliRunner().invoke(main, ["--version"]).output
        help_text = CliRunner().invoke(main, ["--help"]).output
        for command in ("build", "render-assets", "check", "serve", "share"):
            assert command in help_text

    def test_console_script_runs_without_traceback(self, tmp_path: Path) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "mlguide.cli", "-C", str(tmp_path), "build"],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip().endswith("or give the project's folder with `-C DIR`")


def test_write_tree_refuses_duplicate_paths(tmp_path: Path) -> None:
    files = [outputs.OutputFile("a.html", b"1"), outputs.OutputFile("a.html", b"2")]
    with pytest.raises(MlguideError, match="same output file"):
        staging.write_tree_atomically(tmp_path / "out", files)
    assert not (tmp_path / "out").exists()


def test_link_extraction_ignores_look_alike_attributes() -> None:
    page = (
        b'<a href="a/">A</a>\n<a\n  href="#top" data-href="nope/" id="top">'
        b'<span aria-id="x" data-id="y"></span><div\tid="z"></div><p>href="text"</p>'
        b'<a href="https://example.com/">ext</a>'
    )
    found = links.page_links(page)
    assert found.hrefs == ("a/", "#top")
    assert found.ids == frozenset({"top", "z"})


def test_a_link_shown_in_a_code_block_is_text_not_a_link() -> None:
    # Highlighted code leaves quotes as they are: `<a href="x">` in a code block is text.
    page = (
        b'<pre><code><span class="x">&lt;a href="</span><span class="cp">{{</span> url'
        b' <span class="x">"&gt;</span></code></pre>\n'
        b'<pre class="hl"><code>&lt;a href="indented.html" id="no"&gt;x&lt;/a&gt;</code></pre>'
        b'<p><img alt="a > b" src="pic.png"> <a title="t" href="real/">real</a></p>'
    )
    found = links.page_links(page)
    assert found.hrefs == ("real/",) and found.refs == ("pic.png",)
    assert found.ids == frozenset()


def test_a_code_block_holding_links_builds_without_a_broken_link(project: Path) -> None:
    write(
        project / "content" / "code.md",
        "---\ntitle: Code\ndescription: A post whose code blocks show anchors.\n"
        'date: 2026-01-05\n---\n\n```jinja\n<a href="{{ term.permalink }}">{{ term.name }}</a>\n'
        '```\n\n    <a href="indented.html">x</a>\n\n[A real broken one](nowhere.md)\n',
    )
    result = build(BuildOptions(project, project / "build"))
    broken = [f.message for f in result.findings if f.rule == "broken-link"]
    assert len(broken) == 1 and "nowhere" in broken[0]


def test_a_broken_link_in_raw_html_is_reported_at_its_line(project: Path) -> None:
    """A raw `<a href>` (a block of HTML, or a tag inside a paragraph) was warned about at
    no line, where a Markdown link names its own."""
    write(
        project / "content" / "raw.md",
        "---\ntitle: Raw\ndescription: A post whose raw HTML links nowhere.\n"
        'date: 2026-01-05\n---\n\nFirst.\n\n<div class="x">\n  <p>See <a href="/nowhere/">'
        'this</a>.</p>\n  <a href="../missing/#x">two</a>\n</div>\n\nInline <a '
        'href="nope.html">three</a>, and [md](gone.md).\n',
    )
    result = build(BuildOptions(project, project / "build"))
    broken = sorted(
        (f.path.name if f.path else "", f.line or 0, f.message.split("`")[1])
        for f in result.findings
        if f.rule == "broken-link"
    )
    assert broken == [
        ("raw.md", 10, "/nowhere/"),
        ("raw.md", 11, "../missing/#x"),
        ("raw.md", 14, "gone.md"),
        ("raw.md", 14, "nope.html"),
    ]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('<img src="pic.png" alt="a">', 'alt="a" width="40" height="20"'),
        ('<img width="100" src="pic.png" alt="a">', 'alt="a" height="50"'),
        ('<img height="10" src="pic.png">', 'src="{src}" width="20"'),
        ('<img src="pic.png" width="50%">', 'src="{src}" width="50%">'),
        ('<img src="pic.png" width="4" height="4">', 'width="4" height="4">'),
    ],
)
def test_a_raw_img_gets_its_pictures_size_unless_it_gives_one(
    project: Path, tag: str, expected: str
) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "#2546c7").save(project / "content" / "pic.png")
    write(
        project / "content" / "raw.md",
        "---\ntitle: Raw\ndescription: A post with a raw picture tag in it.\n"
        f"date: 2026-01-05\n---\n\n{tag}\n",
    )
    build(BuildOptions(project, project / "build"))
    html_text = (project / "build" / "raw" / "index.html").read_text(encoding="utf-8")
    src = re.search(r'<img [^>]*src="([^"]+)"', html_text)
    assert src and expected.format(src=src.group(1)) in html_text
