"""Special files are refused by their type, for every file mlguide reads: a FIFO would block
the build forever, a device such as `/dev/zero` never ends, a link to itself is no file.
Each is one line naming it; nothing is opened (a FIFO is never waited on)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .harness import POST, Project, fails_cleanly, write

SPECIAL = ["fifo", "dev-zero", "self-link"]


def make_special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to(path.name)


SAYS = {"fifo": "is a pipe (FIFO)", "dev-zero": "is a device", "self-link": "a link that loops"}


@pytest.mark.parametrize("kind", SPECIAL)
def test_the_config_as_a_special_file(project: Project, kind: str) -> None:
    make_special(project.root / "mlguide.yml", kind)
    kept = project.freeze()
    fails_cleanly(project.run("build", timeout=30), "mlguide.yml", SAYS[kind])
    kept.unchanged()


@pytest.mark.parametrize("kind", SPECIAL)
def test_the_authors_file_as_a_special_file(project: Project, kind: str) -> None:
    make_special(project.root / "content" / ".authors.yml", kind)
    kept = project.freeze()
    fails_cleanly(project.run("build", timeout=30), "content/.authors.yml", SAYS[kind])
    kept.unchanged()


@pytest.mark.parametrize("kind", SPECIAL)
def test_an_image_as_a_special_file_is_an_error_where_it_is_used(
    project: Project, kind: str
) -> None:
    # A FIFO or a device was taken for a missing picture: a warning, and a page without it.
    make_special(project.root / "content" / "pipe.png", kind)
    write(project.root / "content" / "uses.md", POST + "\n![a picture](pipe.png)\n")
    kept = project.freeze()
    fails_cleanly(project.run("build", timeout=30), "content/uses.md:10", SAYS[kind])
    kept.unchanged()


def test_a_linked_file_as_a_fifo_is_an_error_where_it_is_linked(project: Project) -> None:
    make_special(project.root / "content" / "data.csv", "fifo")
    write(project.root / "content" / "uses.md", POST + "\n[the data](data.csv)\n")
    kept = project.freeze()
    fails_cleanly(project.run("build", timeout=30), "content/uses.md:10", "is a pipe (FIFO)")
    kept.unchanged()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_the_asset_manifest_as_a_special_file(bare: Project, kind: str) -> None:
    from .test_scenes import write_scene

    write_scene(bare.root, "box.py")
    manifest = bare.root / "assets" / ".manifest.json"
    if kind == "folder":
        manifest.mkdir()
    else:
        make_special(manifest, kind)
    kept = bare.freeze()
    fails_cleanly(
        bare.run("render-assets", "box", timeout=30), "assets/.manifest.json", "must be a file"
    )
    kept.unchanged()


@pytest.mark.parametrize("kind", ["fifo", "folder", "self-link"])
@pytest.mark.parametrize("name", ["x.py", "_helper.py"])
def test_a_scene_or_helper_that_is_no_file(bare: Project, kind: str, name: str) -> None:
    from .test_scenes import write_scene

    write_scene(bare.root, "box.py")
    path = bare.root / "assets" / "scenes" / name
    if kind == "folder":
        path.mkdir()
    else:
        make_special(path, kind)
    kept = bare.freeze()
    says = {**SAYS, "folder": "is a folder"}[kind]
    fails_cleanly(bare.run("render-assets", "box", timeout=30), f"assets/scenes/{name}", says)
    kept.unchanged()
