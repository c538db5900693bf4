"""Every publishing recipe, run from nothing but the built wheel, outside this repository.

A new user installs mlguide from the package index, starts a blog with `init --host H
--domain D --git`, writes a second post with `new`, and commits. Then the host's own recipe
runs on a clean clone of that commit, with a Python of its own, exactly as the files `init`
wrote say: for GitHub the publishing workflow's steps in order, parsed from its YAML; for
Netlify `netlify.toml`; for Cloudflare Pages the build settings `init` prints. A local folder
of wheels stands in for the index (`pip install --no-index --find-links DIST`), set through
pip's environment so each command runs as written. The site must come out with `CNAME` at
its root, and `mlguide check` must pass. Nothing here may use a file of the repository: the
blog is made and built in temporary folders, by the installed wheel alone.
"""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from .installing import CONSTRAINTS, DISTRIBUTION, FreshVenvs, clean_env, run

# One worker builds the wheel for these and the packaging tests (`--dist loadgroup`).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]

DOMAIN = "blog.ada.dev"
# What `actions/configure-pages` answers once the custom domain is set in the Pages settings.
PAGES_URL = f"https://{DOMAIN}"
GIT = ["git", "-c", "user.name=Ada", "-c", "user.email=ada@ada.dev", "-c", "commit.gpgsign=false"]


@pytest.fixture(scope="session")
def index(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package index, as a folder: the wheel and every wheel it depends on."""
    folder = tmp_path_factory.mktemp("index")
    pip = [sys.executable, "-m", "pip", "download", "-q", "--dest", folder]
    run([*pip, "-c", CONSTRAINTS, wheel], cwd=folder)
    assert (folder / wheel.name).is_file()
    return folder


def from_index(env: dict[str, str], index: Path) -> dict[str, str]:
    """pip, told to use the local folder instead of the index, whatever command runs it."""
    return env | {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(index), "PIP_CONSTRAINT": ""}


@pytest.fixture(scope="session")
def user(
    index: Path, tmp_path_factory: pytest.TempPathFactory, fresh_venv: FreshVenvs
) -> dict[str, str]:
    """A new user's machine: mlguide installed from the index by its name, nothing else."""
    home = tmp_path_factory.mktemp("home")
    env = from_index(clean_env(fresh_venv(home / "venv")), index)
    run(["python", "-m", "pip", "install", "-q", DISTRIBUTION], cwd=home, env=env)
    return env


def start_blog(home: Path, host: str, env: dict[str, str]) -> tuple[Path, str]:
    """What README tells a new user to do; returns the blog and what `init` printed."""
    said = run(
        [
            "mlguide",
            "init",
            "blog",
            "--title",
            "Notes",
            "--host",
            host,
            "--domain",
            DOMAIN,
            "--git",
        ],
        cwd=home,
        env=env,
    ).stdout
    blog = home / "blog"
    run(["mlguide", "new", "Why evaluation sets drift", "-C", "blog"], cwd=home, env=env)
    post = blog / "content" / "why-evaluation-sets-drift.md"
    text = post.read_text(encoding="utf-8")
    text = text.replace("draft: true\n", "").replace(
        '# description: ""',
        'description: "What changes under an evaluation set while the model stays the same, '
        'and how to notice."',
    )
    text = re.sub(
        r"Write the first paragraph here.*?\n\n", "An evaluation set ages.\n\n", text, flags=re.S
    )
    post.write_text(text + "The world moves on, and the set does not.\n", encoding="utf-8")
    run(["mlguide", "build", "--strict", "-C", "blog"], cwd=home, env=env)  # tried locally
    shutil.rmtree(blog / "build")
    run([*GIT, "add", "."], cwd=blog, env=env)
    run([*GIT, "commit", "-q", "-m", "First post"], cwd=blog, env=env)
    return blog, said


def checkout(blog: Path, where: Path, env: dict[str, str]) -> Path:
    """The host's checkout: a clone of the committed blog, on its branch `main`."""
    run(["git", "clone", "-q", "--branch", "main", blog, where], cwd=where.parent, env=env)
    return where


def ci_env(tmp: Path, index: Path, fresh_venv: FreshVenvs) -> dict[str, str]:
    """The host's build machine: a Python of its own, and pip reaching only the index."""
    return from_index(clean_env(fresh_venv(tmp / "ci-venv")), index)


def shell(script: str, cwd: Path, env: dict[str, str]) -> None:
    # How GitHub Actions runs `run:` on Linux; Netlify and Cloudflare run the command in bash.
    run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd, env)


def untracked(clone: Path, env: dict[str, str]) -> list[str]:
    return run(
        ["git", "status", "--porcelain", "--ignored"], cwd=clone, env=env
    ).stdout.splitlines()


def assert_published(site: Path, clone: Path, env: dict[str, str]) -> None:
    assert (site / "CNAME").read_text() == f"{DOMAIN}\n"
    assert (site / "welcome" / "index.html").is_file()
    assert (site / "why-evaluation-sets-drift" / "index.html").is_file()
    assert (
        f"<loc>{PAGES_URL}/why-evaluation-sets-drift/</loc>" in (site / "sitemap.xml").read_text()
    )
    # The build wrote the site and its cache, and nothing else into the clone.
    assert untracked(clone, env) == ["!! .mlguide-cache/", "!! build/"]


def expand(text: str) -> str:
    """`${{ expr }}` as GitHub would fill it in; an expression this test does not know fails."""
    # A first run, in a repository without the cache's secret.
    known = {"steps.pages.outputs.base_url": PAGES_URL, "secrets.MLGUIDE_CACHE_SECRET": ""}

    def value(match: re.Match[str]) -> str:
        expr = match.group(1).strip()
        if expr not in known:
            pytest.fail(f"the workflow uses ${{{{ {expr} }}}}: teach this test its value")
        return known[expr]

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def test_github_pages_workflow_publishes_a_new_blog(
    user: dict[str, str], index: Path, tmp_path: Path, fresh_venv: FreshVenvs
) -> None:
    blog, _ = start_blog(tmp_path, "github", user)
    clone = checkout(blog, tmp_path / "checkout", user)
    env = ci_env(tmp_path, index, fresh_venv)
    flow = yaml.safe_load((clone / ".github" / "workflows" / "publish.yml").read_text())
    job = flow["jobs"]["build"]
    steps: list[dict[str, Any]] = job["steps"]
    env |= {k: expand(str(v)) for k, v in job.get("env", {}).items()}
    ran, uploaded = [], None
    for step in steps:
        uses = step.get("uses", "")
        if uses.startswith("actions/upload-pages-artifact@"):
            uploaded = clone / step["with"]["path"]
            assert (uploaded / "index.html").is_file()
        elif uses.startswith("actions/cache@"):
            # Restored only with the secret, which this repository does not have.
            assert (
                step["if"] == "env.MLGUIDE_CACHE_SECRET != ''" and env["MLGUIDE_CACHE_SECRET"] == ""
            )
        elif uses:
            # Stood in for: the clone is the checkout, the fresh venv first on PATH is
            # setup-python (its pip cache only saves downloads), PAGES_URL is configure-pages.
            assert uses.startswith(
                ("actions/checkout@", "actions/setup-python@", "actions/configure-pages@")
            ), f"no stand-in for {uses}"
        else:
            assert set(step) <= {"name", "id", "run", "env"}, set(step)
            step_env = env | {k: expand(str(v)) for k, v in step.get("env", {}).items()}
            shell(expand(step["run"]), clone, step_env)
            ran.append(step["run"])
    assert ran == [
        "python -m pip install -r requirements.txt",
        'mlguide build --strict --base-url "$BASE_URL/"',
        "mlguide check",
    ]
    assert uploaded == clone / "build"
    assert_published(uploaded, clone, env)


def test_netlify_settings_publish_a_new_blog(
    user: dict[str, str], index: Path, tmp_path: Path, fresh_venv: FreshVenvs
) -> None:
    blog, _ = start_blog(tmp_path, "netlify", user)
    clone = checkout(blog, tmp_path / "checkout", user)
    env = ci_env(tmp_path, index, fresh_venv)
    settings = tomllib.loads((clone / "netlify.toml").read_text())["build"]
    assert settings["environment"]["PYTHON_VERSION"] == "3.11"
    # Netlify installs requirements.txt on its own, then runs the command with URL set to
    # the site's main address.
    shell("python -m pip install -r requirements.txt", clone, env)
    shell(settings["command"], clone, env | {"URL": PAGES_URL})
    site = clone / settings["publish"]
    assert (site / "_headers").read_text() == (clone / "static" / "_headers").read_text()
    assert (
        "/assets/*\n  Cache-Control: public, max-age=31536000, immutable"
        in (site / "_headers").read_text()
    )
    assert_published(site, clone, env)


def test_cloudflare_settings_publish_a_new_blog(
    user: dict[str, str], index: Path, tmp_path: Path, fresh_venv: FreshVenvs
) -> None:
    blog, said = start_blog(tmp_path, "cloudflare", user)
    # Cloudflare keeps the build settings in its dashboard: init prints them, to copy.
    printed = dict(
        line.strip().split(": ", 1)
        for line in said.splitlines()
        if line.strip().startswith(("Build command: ", "Build output directory: "))
    )
    clone = checkout(blog, tmp_path / "checkout", user)
    assert (clone / ".python-version").read_text() == "3.11\n"
    env = ci_env(tmp_path, index, fresh_venv)
    shell(printed["Build command"], clone, env)
    site = clone / printed["Build output directory"]
    assert (site / "_headers").is_file()
    assert_published(site, clone, env)
