"""Scenes under hostile input: a figure writes only plain names inside assets/, never over a
source, another scene's file or outside the project; `sys.exit()` in a scene is that scene's
failure; sizes are bounded before a canvas is made; scenes are files of assets/scenes/; and a
label the fonts cannot draw is a warning at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Project, fails_cleanly, write

STILL = """\
from dataclasses import dataclass

from mlguide.scene import Rect, Still, box

FIGURE = Still("A box", {args})


@dataclass(frozen=True)
class Parts:
    box: Rect


def layout() -> Parts:
    return Parts(box(4, 4, 24, 12, fill="accent", stroke=None))
"""

MOVING = """\
from dataclasses import dataclass

from mlguide.scene import Animation, Rect, Step, box, loop, to, tween

FIGURE = Animation("A box that moves", {args})


@dataclass(frozen=True)
class Parts:
    box: Rect


def layout() -> Parts:
    return Parts(box(4, 4, 24, 12, fill="accent", stroke=None))


def timeline(p: Parts) -> Step:
    return loop(tween(p.box, {ms}, "linear", x=400.0), hold=400, rewind=[to(p.box, x=4.0)], linger=300)
"""


def write_scene(root: Path, name: str, args: str = "size=(32, 20)", source: str = STILL) -> Path:
    return write(root / "assets" / "scenes" / name, source.format(args=args, ms=600))


@pytest.mark.parametrize(
    "target",
    [
        "../content/fine.md",  # a post
        "../mlguide.yml",
        "scenes/box.py",  # the scene itself
        ".manifest.json",
        "{outside}/absolute.png",  # an absolute path outside the project
        "../../outside.png",
    ],
)
def test_a_figure_file_must_be_a_plain_name_in_assets(bare: Project, target: str) -> None:
    outside = bare.root.parent
    write(bare.root / "mlguide.yml", "title: Mine\n")
    name = target.replace("{outside}", str(outside))
    write_scene(bare.root, "box.py", f'size=(32, 20), file="{name}"')
    kept = bare.freeze()
    config = (bare.root / "mlguide.yml").read_bytes()
    fails_cleanly(bare.run("render-assets", "box"), "assets/scenes/box.py:5", "plain file name")
    kept.unchanged()
    assert (bare.root / "mlguide.yml").read_bytes() == config
    assert sorted(p.name for p in outside.iterdir()) == ["blog", "secret.txt"]


def test_a_still_is_a_png(bare: Project) -> None:
    write_scene(bare.root, "box.py", 'size=(32, 20), file="notes.md"')
    fails_cleanly(bare.run("render-assets", "box"), "assets/scenes/box.py:5", "ends in `.png`")


def test_two_scenes_never_write_one_file(bare: Project) -> None:
    write_scene(bare.root, "one.py", 'size=(32, 20), file="shared.png"')
    write_scene(bare.root, "two.py", 'size=(32, 20), file="shared.png"')
    kept = bare.freeze()
    run = bare.run("render-assets", "one", "two")
    fails_cleanly(run, "assets/scenes/one.py:5", "also written by the scene `two`")
    fails_cleanly(run, "assets/scenes/two.py:5", "also written by the scene `one`")
    kept.unchanged()


def test_a_scene_never_takes_a_file_another_scene_drew(bare: Project) -> None:
    write_scene(bare.root, "one.py", 'size=(32, 20), file="shared.png"')
    assert bare.run("render-assets", "one").code == 0
    write_scene(bare.root, "two.py", 'size=(32, 20), file="shared.png"')
    kept = bare.freeze()
    fails_cleanly(
        bare.run("render-assets", "two"),
        "assets/scenes/two.py:5",
        "also written by the scene `one`",
    )
    kept.unchanged()


def test_a_scene_never_overwrites_a_picture_no_scene_drew(bare: Project) -> None:
    write(bare.root / "assets" / "photo.png", b"my own photo")
    write_scene(bare.root, "box.py", 'size=(32, 20), file="photo.png"')
    kept = bare.freeze()
    fails_cleanly(bare.run("render-assets", "box"), "assets/scenes/box.py:5", "no scene drew it")
    kept.unchanged()


def test_a_scene_that_calls_sys_exit_fails_at_that_line(bare: Project) -> None:
    # render-assets stopped at once, exit 0, nothing drawn and nothing said.
    write_scene(bare.root, "good.py")
    write(bare.root / "assets" / "scenes" / "quits.py", "import sys\n\nsys.exit(0)\n")
    run = bare.run("render-assets", "good", "quits", "-j", "1")
    fails_cleanly(run, "assets/scenes/quits.py:3", "sys.exit(0)")
    assert (bare.root / "assets" / "good.png").is_file()


def test_scenes_that_call_sys_exit_in_workers_fail_at_their_lines(bare: Project) -> None:
    # With workers: "a worker process stopped unexpectedly" and a RuntimeError traceback.
    for name in ("a", "b", "c"):
        write(bare.root / "assets" / "scenes" / f"{name}.py", "import sys\n\nsys.exit(0)\n")
    write_scene(bare.root, "good.py")
    run = bare.run("render-assets", "a", "b", "c", "good", "-j", "2")
    for name in ("a", "b", "c"):
        fails_cleanly(run, f"assets/scenes/{name}.py:3", "sys.exit(0)")
    assert (bare.root / "assets" / "good.png").is_file()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("size=(0, 0)", "each side must be between 1 and"),
        ("size=(-5, 10)", "each side must be between 1 and"),
        ("size=('a', 'b')", "two whole numbers of pixels"),
        ("size=(100000, 100000)", "each side must be between 1 and"),
        ("size=(32.5, 20)", "two whole numbers of pixels"),
    ],
)
def test_a_figure_size_no_canvas_can_have(bare: Project, args: str, says: str) -> None:
    write_scene(bare.root, "box.py", args)
    kept = bare.freeze()
    fails_cleanly(bare.run("render-assets", "box"), "assets/scenes/box.py:5", says)
    kept.unchanged()


def test_an_animation_at_zero_frames_a_second(bare: Project) -> None:
    write_scene(bare.root, "moving.py", "size=(64, 32), fps=0", MOVING)
    fails_cleanly(bare.run("render-assets", "moving"), "assets/scenes/moving.py:5", "`fps`")


def test_an_animation_too_long_to_hold_in_memory(bare: Project) -> None:
    # Two hours of distinct frames: it grew until the memory ran out.
    source = MOVING.replace("{ms}", str(2 * 3600 * 1000))
    write(
        bare.root / "assets" / "scenes" / "moving.py", source.replace("{args}", "size=(960, 540)")
    )
    kept = bare.freeze()
    fails_cleanly(
        bare.run("render-assets", "moving"), "assets/scenes/moving.py:17", "million pixels"
    )  # def timeline
    kept.unchanged()


def test_a_scene_linked_from_outside_assets_scenes(bare: Project) -> None:
    shared = write_scene(bare.root.parent, "shared.py")
    link = bare.root / "assets" / "scenes" / "box.py"
    link.parent.mkdir(parents=True)
    link.symlink_to(shared)
    kept = bare.freeze()
    fails_cleanly(bare.run("render-assets", "box"), "assets/scenes/box.py", "outside")
    kept.unchanged()


def test_a_label_the_fonts_cannot_draw_is_a_warning_at_its_line(bare: Project) -> None:
    source = STILL.replace(
        'return Parts(box(4, 4, 24, 12, fill="accent", stroke=None))',
        'return Parts(box(4, 4, 24, 12, fill="accent", stroke=None))\n\n\n'
        "def caption() -> str:\n"
        '    return "ok"\n',
    )
    source = source.replace(
        "from mlguide.scene import Rect, Still, box",
        "from mlguide.scene import Rect, Still, Text, box, label",
    )
    source = source.replace("    box: Rect\n", "    box: Rect\n    words: Text\n")
    source = source.replace(
        'return Parts(box(4, 4, 24, 12, fill="accent", stroke=None))\n\n',
        'return Parts(\n        box(4, 4, 24, 12, fill="accent", stroke=None),\n'
        '        label(16, 10, "机器 🙂"),\n    )\n\n',
    )
    write(bare.root / "assets" / "scenes" / "box.py", source.format(args="size=(64, 20)"))
    run = bare.run("render-assets", "box")
    assert run.code == 0 and "Traceback" not in run.text, run.text
    line = next(i for i, text in enumerate(source.split("\n"), 1) if "机器" in text)
    assert any(
        w.startswith(f"warning: assets/scenes/box.py:{line}: the label `机器 🙂`")
        and "U+1F642" in w
        for w in run.warnings()
    ), run.err
