"""A project's `static/` folder is published at the site root exactly as it is: what hosts
look for there (CNAME, _headers, _redirects, .nojekyll, favicon.ico, .well-known/...). Never
hashed, never rewritten; a file where the build writes its own is an error at its path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, build
from mlguide.commands.serve import IncrementalSite, classify, preview_paths
from mlguide.errors import MlguideError
from mlguide.paths import project_paths

from .conftest import write

ROOT_FILES = {
    "CNAME": b"blog.ada.dev\n",
    ".nojekyll": b"",
    "_redirects": b"/old/ /welcome/ 301\n",
    "favicon.ico": bytes(range(256)),
    ".well-known/security.txt": b"Contact: mailto:ada@ada.dev\n",
    # An HTML file stays byte for byte what it is: no typography, no reload script, no hashing.
    "google1234.html": b'<p>google-site-verification: google1234.html "quotes" -- stay</p>\n',
    "docs/paper.pdf": b"%PDF-1.4 not really\n",
}


@pytest.fixture
def blog(project: Path) -> Path:
    write(project / "mlguide.yml", "title: Notes\nbase_url: https://blog.ada.dev/\n")
    for name, data in ROOT_FILES.items():
        path = project / "static" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return project


def built(root: Path, **kw: Any) -> Path:
    build(BuildOptions(root=root, **kw))
    return root / "build"


def test_root_files_are_published_as_they_are(blog: Path) -> None:
    site = built(blog, strict=True)
    for name, data in ROOT_FILES.items():
        assert (site / name).read_bytes() == data, name
        assert (site / name).stat().st_mode & 0o777 == 0o644
    hashed = {p.name for p in (site / "assets").iterdir()}
    assert not any(n.startswith(("CNAME", "favicon", "paper")) for n in hashed)
    sitemap = (site / "sitemap.xml").read_text()
    assert "google1234" not in sitemap and "paper.pdf" not in sitemap  # not pages of the blog


def test_a_page_link_to_a_root_file_is_checked_against_it(blog: Path) -> None:
    """The site's link check knows the root files: a link to one is not broken, and a link
    to one that is not there still is."""
    post = blog / "content" / "small-post.md"
    post.write_text(
        post.read_text() + '\n<a href="../docs/paper.pdf">The paper</a>, [again](/docs/paper.pdf)\n'
    )
    result = CliRunner().invoke(main, ["-C", str(blog), "build", "--strict"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["-C", str(blog), "check"]).exit_code == 0
    (blog / "static" / "docs" / "paper.pdf").unlink()
    result = CliRunner().invoke(main, ["-C", str(blog), "build", "--strict"])
    assert result.exit_code == 1 and "../docs/paper.pdf` points to a missing file" in result.output
    assert "`/docs/paper.pdf` points to a missing file" in result.output


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("feed.xml", "the generated feed.xml"),
        (
            "small-post/index.html",
            "the generated small-post/index.html, the page of content/small-post.md",
        ),
        ("robots.txt", "the generated robots.txt"),
        (".mlguide-build.json", "the generated .mlguide-build.json"),
        ("pagefind/pagefind.js", "pagefind/, which the build writes"),
    ],
)
def test_a_root_file_where_the_build_writes_one_is_an_error_at_its_path(
    blog: Path, name: str, what: str
) -> None:
    previous = built(blog)
    before = {p: p.read_bytes() for p in previous.rglob("*") if p.is_file()}
    write(blog / "static" / name, "mine\n")
    result = CliRunner().invoke(main, ["-C", str(blog), "build"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"error: {blog / 'static' / name}: would replace {what}: rename or remove this file"
    )
    assert {p: p.read_bytes() for p in previous.rglob("*") if p.is_file()} == before


def test_without_search_pagefind_is_free(blog: Path) -> None:
    write(blog / "mlguide.yml", "title: Notes\nbase_url: https://blog.ada.dev/\nsearch: false\n")
    write(blog / "static" / "pagefind" / "mine.txt", "mine\n")
    assert (built(blog) / "pagefind" / "mine.txt").read_text() == "mine\n"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_special_files_and_links_out_of_the_project_are_refused_all_at_once(
    blog: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    static = blog / "static"
    os.mkfifo(static / "pipe")
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("secret\n")
    (static / "secret.txt").symlink_to(outside)
    (static / "loop").symlink_to(static / "loop")
    (static / "folder-link").symlink_to(blog / "content", target_is_directory=True)
    inside = static / "post-copy.md"
    inside.symlink_to(blog / "content" / "small-post.md")  # inside the project: fine
    with pytest.raises(MlguideError) as info:
        built(blog)
    messages = sorted(str(e) for e in info.value.errors)
    assert messages == sorted(
        [
            f"{static / 'folder-link'}: is a link to a folder: put the folder itself in static/",
            f"{static / 'loop'}: is a broken or looping link",
            f"{static / 'pipe'}: is not a regular file (a pipe, a device or a socket)",
            f"{static / 'secret.txt'}: is a link to {outside.resolve()}, outside the project",
        ]
    )
    for name in ("pipe", "secret.txt", "loop", "folder-link"):
        (static / name).unlink()
    site = built(blog)
    assert (site / "post-copy.md").read_bytes() == (blog / "content" / "small-post.md").read_bytes()


def test_static_as_a_file_is_an_error(project: Path) -> None:
    write(project / "static", "not a folder\n")
    with pytest.raises(MlguideError, match="static: is not a folder"):
        built(project)


def test_a_project_without_static_builds_as_before(project: Path) -> None:
    site = built(project)
    assert not (site / "CNAME").exists()


def test_the_output_folder_cannot_be_static(blog: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(blog), "build", "-o", str(blog / "static")])
    assert result.exit_code == 1
    assert (blog / "static" / "CNAME").read_bytes() == ROOT_FILES["CNAME"]


def test_serve_watches_static_and_copies_a_change_without_rendering_pages(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = project_paths(blog)
    assert paths.static in paths.watched()
    cname = blog / "static" / "CNAME"
    assert classify(paths, cname) is not None

    site = IncrementalSite(preview_paths(blog))
    site.full_build()
    from mlguide.site import pipeline

    rendered: list[str] = []
    real = pipeline.render_or_error

    def counting(source: Any, site: Any) -> object:
        rendered.append(source.meta.source.name)
        return real(source, site)

    monkeypatch.setattr(pipeline, "render_or_error", counting)
    cname.write_text("notes.ada.dev\n")
    new = blog / "static" / "keybase.txt"
    new.write_text("proof\n")
    result = site.rebuild({cname, new})
    assert result is not None and set(result.written) == {"CNAME", "keybase.txt"}
    assert rendered == []
    assert (site.out_dir / "CNAME").read_text() == "notes.ada.dev\n"
    new.unlink()
    gone = site.rebuild({new})
    assert gone is not None and gone.removed == ("keybase.txt",)


def test_files_under_templates_static_are_still_hashed(blog: Path) -> None:
    """The other static folder, the templates' own: its files get hashed names in assets/."""
    write(blog / "templates" / "static" / "extra.css", "p { color: red }\n")
    site = built(blog)
    assert not (site / "extra.css").exists()
    assert any(p.name.startswith("extra.") for p in (site / "assets").iterdir())


def test_root_files_reach_the_site_through_the_command_line(blog: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mlguide", "build", "-C", str(blog)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (blog / "build" / "CNAME").read_bytes() == ROOT_FILES["CNAME"]
