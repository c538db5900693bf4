"""`render-assets` when a file it needs cannot be read, names that are no asset, and what it
says while drawing: one line naming the file, the other scenes still drawn, nothing of the
unreadable one destroyed or redrawn; `build` says the file cannot be read, not that it
changed; a scene is "done" only once its files are written."""

from __future__ import annotations

import _io
import builtins
import errno
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mlguide.cli import main
from mlguide.commands import render_assets as ra
from mlguide.errors import MlguideError
from mlguide.paths import ProjectPaths, project_paths
from mlguide.scenes.discover import discover, select
from mlguide.scenes.freshness import stale_scene_findings
from mlguide.store.files import Digests

from .test_scenes_project import GOOD, write_scene

DENIED = "cannot read: permission denied"


def deny_reading(monkeypatch: pytest.MonkeyPatch, *files: Path) -> None:
    """Opening any of `files` fails as it does for a mode-000 file: the tests may run as
    root, whom chmod does not stop. Every way mlguide and Python's import open a file."""
    refused = {f.resolve() for f in files}

    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def denied(file: Any, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(file, int) and Path(os.fsdecode(file)).resolve() in refused:
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(file))
            return real(file, *args, **kwargs)

        return denied

    for owner, name in ((builtins, "open"), (io, "open"), (os, "open"), (_io, "open_code")):
        monkeypatch.setattr(owner, name, wrap(getattr(owner, name)))


def two_scenes(root: Path) -> ProjectPaths:
    """`a` and `b` drawn once, then `b` edited."""
    write_scene(root, "a.py", GOOD)
    write_scene(root, "b.py", GOOD)
    paths = project_paths(root)
    ra.render_assets(paths, jobs=1)
    write_scene(root, "b.py", GOOD.replace('fill="accent")\n', 'fill="accent") \n'))
    return paths


def files_of(assets: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(assets.iterdir()) if p.is_file()}


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(main, ["render-assets", "-j", "1", *args])


def errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error")]


@pytest.mark.parametrize("force", [False, True])
def test_an_unreadable_scene_is_one_line_and_the_others_are_drawn(
    force: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was a PermissionError traceback (the cache key reads every scene) and nothing drawn."""
    paths = two_scenes(tmp_path)
    write_scene(tmp_path, "a.py", GOOD.replace("320, 180", "321, 180"))  # an edit, unreadable
    gif = (paths.assets / "a.gif").read_bytes()
    entry = json.loads((paths.assets / ".manifest.json").read_text())["a"]
    deny_reading(monkeypatch, paths.scenes / "a.py")
    result = run(tmp_path, monkeypatch, *(["--force"] if force else []))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert errors(result) == [f"error: assets/scenes/a.py: {DENIED}"]
    assert "rendered b" in result.stdout
    assert "  a: done" not in result.stderr.splitlines()
    assert (paths.assets / "a.gif").read_bytes() == gif
    assert json.loads((paths.assets / ".manifest.json").read_text())["a"] == entry


def test_an_unreadable_helper_is_named_by_the_scene_that_imports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    helper = write_scene(tmp_path, "_words.py", "TITLE = 'a box'\n")
    write_scene(tmp_path, "uses.py", "from _words import TITLE\n" + dedent(GOOD))
    deny_reading(monkeypatch, helper)
    (result,) = ra.render_assets(project_paths(tmp_path), jobs=1)
    assert result.error is not None
    assert (result.error.path, result.error.message) == (helper.resolve(), DENIED)


def test_listing_an_unreadable_scene_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--list` and `--sheet` import the scene: it was `PermissionError: [Errno 13] ...`."""
    paths = two_scenes(tmp_path)
    deny_reading(monkeypatch, paths.scenes / "a.py")
    for option in ("--list", "--sheet"):
        result = run(tmp_path, monkeypatch, option, "a")
        assert result.exit_code == 1
        assert errors(result) == [f"error: assets/scenes/a.py: {DENIED}"]


def test_build_says_an_unreadable_scene_cannot_be_read_not_that_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = two_scenes(tmp_path)
    deny_reading(monkeypatch, paths.scenes / "a.py")
    findings = stale_scene_findings(paths, Digests())
    by_path = {f.path: f for f in findings}
    unreadable = by_path[paths.scenes / "a.py"]
    assert (unreadable.message, unreadable.notice) == (DENIED, False)
    assert "changed since" in by_path[paths.scenes / "b.py"].message  # a real edit still is


def test_an_unreadable_manifest_stops_before_anything_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was read as empty: every scene drawn again, then each called the author's own
    file, "delete the file if a scene made it"; `--force` would have replaced the record."""
    paths = two_scenes(tmp_path)
    manifest = paths.assets / ".manifest.json"
    before = files_of(paths.assets)
    deny_reading(monkeypatch, manifest)
    for args in ([], ["--force"], ["b"]):
        result = run(tmp_path, monkeypatch, *args)
        assert result.exit_code == 1, result.output
        assert errors(result) == [f"error: assets/.manifest.json: {DENIED}"]
        assert "delete" not in result.output and "rendered" not in result.stdout
    with pytest.raises(MlguideError, match=DENIED):  # serve's redraw after a save
        ra.draw_now(paths, "b")
    (finding,) = stale_scene_findings(paths, Digests())  # build
    assert (finding.path, finding.message) == (manifest, DENIED)
    monkeypatch.undo()
    assert files_of(paths.assets) == before


def test_a_scene_whose_file_is_refused_is_never_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was drawn, then refused, and the log said `mine: done` before the error."""
    write_scene(tmp_path, "good.py", GOOD)
    write_scene(tmp_path, "mine.py", GOOD.replace("size=(320, 180)", 'size=(320, 180), file="x"'))
    (tmp_path / "assets" / "x.gif").write_bytes(b"the author's own")
    result = run(tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert "  good: done" in result.stderr.splitlines()
    assert "mine" not in result.stderr.replace("assets/scenes/mine.py", "")
    assert errors(result)[0].startswith("error: assets/scenes/mine.py:")


def test_every_unknown_name_is_named_in_one_line(tmp_path: Path) -> None:
    """Only the first was, so each run showed one more typo."""
    write_scene(tmp_path, "hello.py", GOOD)
    write_scene(tmp_path, "other.py", GOOD)
    scenes = discover(tmp_path / "assets" / "scenes")
    with pytest.raises(MlguideError) as info:
        select(scenes, ["hello", "nosuch", "othr", "nosuch", "helo"], also=["cards"])
    assert info.value.message == (
        "unknown assets `nosuch`, `othr` (did you mean `other`?), `helo` (did you mean "
        "`hello`?); valid names: hello, other, cards"
    )
    with pytest.raises(MlguideError) as info:  # one: as it was
        select(scenes, ["helo"], also=["cards"])
    assert info.value.message == (
        "unknown asset `helo`; did you mean `hello`? valid names: hello, other, cards"
    )
