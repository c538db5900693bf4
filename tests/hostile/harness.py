"""How every hostile case runs and what it must show.

Each case runs `mlguide` in a subprocess, so that a hang is a failed test (the timeout) and
never a hung suite, and so that memory is capped (a case that would eat the machine's memory
fails fast instead). What a case must show when it is refused:

- exit status 1 and no traceback;
- the problem on one `error: path[:line]: message` line naming the file (`fails_cleanly`);
- the previous build and the project's assets byte for byte as they were (`Project.unchanged`);
- nothing from outside the project in the build (`Project.unchanged` looks for the secret
  every project has beside it).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest

from ..conftest import tree_digest

TIMEOUT = 60  # seconds: every case answers in a few, on a busy machine
MEMORY = 3 * 1024**3  # bytes of address space: far more than a small site needs
SECRET = "not-for-publishing-7f3a9c"

POST = """\
---
title: A fine post
description: A description long enough to be a real description of a fine post.
date: 2026-01-02
tags: [ml]
---

Some text.
"""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("error: ")]

    def warnings(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.startswith("warning: ")]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def mlguide(
    root: Path, *args: str | bytes, timeout: float = TIMEOUT, env: dict[str, str] | None = None
) -> Run:
    """`mlguide -C root ARGS` in its own process; a hang fails the test."""
    command: list[str | bytes] = [sys.executable, "-m", "mlguide", "-C", str(root), *args]
    environment = {**os.environ, "LC_ALL": "C.UTF-8", **(env or {})}
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=timeout,
            preexec_fn=_cap_memory,
            env=environment,
            cwd=root,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"mlguide {' '.join(map(str, args))} hung: no answer in {timeout:.0f} s")
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    return Run(done.returncode, out, err)


def fails_cleanly(run: Run, where: str, says: str = "") -> str:
    """Exit 1, no traceback, and an `error:` line at `where` (`content/a.md:5`, or a path
    alone) holding `says`. Returns that line."""
    assert "Traceback" not in run.text, run.text
    assert run.code == 1, (run.code, run.text)
    pattern = re.compile(rf"^error: {re.escape(where)}(:\d+)?: \S")
    found = [line for line in run.errors() if pattern.match(line) and says in line]
    assert found, f"no error at {where} saying {says!r}:\n{run.err}"
    return found[0]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`, folders and special files included."""
    return tree_digest(folder, entries=True)


@dataclass(frozen=True)
class Project:
    """A small blog built once (the previous build), with a secret outside it."""

    root: Path
    build: dict[str, str]
    assets: dict[str, str]
    content: dict[str, str]

    def run(self, *args: str | bytes, timeout: float = TIMEOUT) -> Run:
        return mlguide(self.root, *args, timeout=timeout)

    def freeze(self) -> Project:
        """The same project, with what is on disk now as the state a refused run keeps
        (special files are recorded by kind, never opened)."""
        return Project(
            self.root,
            snapshot(self.root / "build"),
            snapshot(self.root / "assets"),
            snapshot(self.root / "content"),
        )

    def unchanged(self) -> None:
        """The previous build, the assets and the posts as they were; nothing from outside
        the project published."""
        assert snapshot(self.root / "build") == self.build
        # A build draws the cards of new posts into assets/generated/ (and notes them in
        # its manifest there): that is its work, but no picture that was there may change.
        assets = snapshot(self.root / "assets")
        kept = {k: v for k, v in self.assets.items() if not _generated_record(k)}
        assert {k: v for k, v in assets.items() if k in kept} == kept
        assert all(k.startswith("generated/") for k in assets.keys() - kept.keys())
        assert snapshot(self.root / "content") == self.content
        assert not [p for p in self.root.iterdir() if p.name.startswith(".build.")]
        for path in (self.root / "build").rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert SECRET.encode() not in path.read_bytes(), path


def _generated_record(path: str) -> bool:
    return path.startswith("generated/") and not path.endswith(".png")


def make_project(root: Path, built: bool = True) -> Project:
    """`root/content/fine.md`, built into `root/build` by an in-process build (fast); a
    secret beside the project that must never be published."""
    from mlguide.commands.build import BuildOptions, build

    write(root.parent / "secret.txt", SECRET)
    write(root / "content" / "fine.md", POST)
    if built:
        build(BuildOptions(root))
    return Project(root, {}, {}, {}).freeze()
