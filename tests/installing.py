"""Installing mlguide the way a user does: fresh venvs with nothing but pip, outside the
repository, and the commands run in them. Shared by the packaging, publishing-recipe and
workflow tests; the built wheel itself is the `dist`/`wheel` fixtures of conftest.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONSTRAINTS = REPO / "constraints.txt"
DISTRIBUTION = "mlguide-blog"  # the name on the package index; `mlguide` there is another project
STEM = DISTRIBUTION.replace("-", "_")  # as file names spell it (mlguide_blog-0.1.0-...)


def run(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test with its output (pip's error is the story)."""
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(str(a) for a in args)}` exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


def clean_env(venv: Path) -> dict[str, str]:
    """The environment of a shell where `venv` is the only Python on PATH.

    The test runner's own venv is dropped from PATH (and PYTHONPATH, VIRTUAL_ENV with it), so
    `python`, `pip` and `mlguide` can only be the fresh venv's: an editable install or the
    source tree cannot stand in for the package.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    runner_bin = Path(sys.executable).parent
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and Path(p) != runner_bin]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["VIRTUAL_ENV"] = str(venv)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # Byte-compiling every installed module (numpy's, Pillow's...) is half of an install's
    # time and none of what these tests check; Python compiles what it imports anyway.
    env["PIP_NO_COMPILE"] = "1"
    return env


def _site_packages(venv: Path) -> Path:
    (found,) = (venv / "lib").glob("python3.*/site-packages")
    return found


class FreshVenvs:
    """New venvs from the interpreter running the tests (its base Python), each holding what
    `python -m venv` puts there: pip (and setuptools, on 3.11) from ensurepip.

    ensurepip takes about 5 CPU seconds a venv (it installs pip's bundled wheel with pip),
    and the wheel's tests make six. So ensurepip runs once, into a seed venv, and each fresh
    venv is `venv --without-pip` plus a copy of the seed's packages and pip's scripts, their
    first line pointed at the new venv's Python: the same files ensurepip would write.
    """

    def __init__(self, seed: Path) -> None:
        self._seed = seed

    def _seeded(self) -> Path:
        if not (self._seed / "bin" / "pip").exists():
            env = os.environ | {"PIP_NO_COMPILE": "1"}  # ensurepip installs pip with pip
            run([sys.executable, "-m", "venv", self._seed], cwd=self._seed.parent, env=env)
        return self._seed

    def __call__(self, path: Path) -> Path:
        seed = self._seeded()
        run([sys.executable, "-m", "venv", "--without-pip", path], cwd=path.parent)
        shutil.copytree(_site_packages(seed), _site_packages(path), dirs_exist_ok=True)
        for script in (seed / "bin").glob("pip*"):
            first, rest = script.read_text(encoding="utf-8").split("\n", 1)
            assert first.startswith(f"#!{seed}/bin/python"), first
            copy = path / "bin" / script.name
            copy.write_text(first.replace(str(seed), str(path), 1) + "\n" + rest, encoding="utf-8")
            copy.chmod(0o755)
        return path
