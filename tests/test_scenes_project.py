"""Scenes belong to the project: discovery in assets/scenes/, errors at the author's line,
helpers imported apart, a cache key made of what a scene imports, the serve hook, sheets."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner
from PIL import Image

from mlguide.cli import main
from mlguide.commands import render_assets as ra
from mlguide.engine.sheet import key_times
from mlguide.engine.timeline import state_at
from mlguide.errors import MlguideError
from mlguide.paths import ProjectPaths, project_paths
from mlguide.scenes.discover import discover
from mlguide.scenes.inputs import ImportGraph, assets_affected_by
from mlguide.scenes.load import load_scene
from mlguide.store import code

from .test_assets import scene_project

STARTER = Path(__file__).resolve().parent.parent / "src/mlguide/starter/assets/scenes"

GOOD = """
    from dataclasses import dataclass

    from mlguide.scene import Animation, Rect, Step, box, loop, to, tween

    FIGURE = Animation("A box that lights up", size=(320, 180))


    @dataclass(frozen=True)
    class Parts:
        box: Rect


    def layout() -> Parts:
        return Parts(box(40, 40, 240, 100, fill="accent", stroke=None))


    def timeline(p: Parts) -> Step:
        story = tween(p.box, 300, "ease-out", fill="accent")
        return loop(story, hold=400, rewind=[to(p.box, fill="surface")], linger=300)
"""


def write_scene(project: Path, name: str, source: str) -> Path:
    path = project / "assets" / "scenes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(source).lstrip("\n"), encoding="utf-8")
    return path


def marked_line(path: Path) -> int:
    """The line a test marks with `# <- error here`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if "# <- error here" in text)


def test_scenes_are_the_files_not_starting_with_an_underscore(tmp_path: Path) -> None:
    for name in ("b-two.py", "a_one.py", "_helper.py", "notes.txt"):
        write_scene(tmp_path, name, "")
    assert [s.name for s in discover(tmp_path / "assets" / "scenes")] == ["a_one", "b-two"]


def test_a_project_without_scenes_has_no_scene_assets(tmp_path: Path) -> None:
    assert discover(project_paths(tmp_path).scenes) == ()
    assert ra.render_assets(project_paths(tmp_path)) == []
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "render-assets"])
    assert result.exit_code == 0 and result.output == ""


def test_a_scene_name_must_work_on_the_command_line(tmp_path: Path) -> None:
    path = write_scene(tmp_path, "My Figure.py", GOOD)
    with pytest.raises(MlguideError) as info:
        discover(path.parent)
    assert info.value.path == path and "use lowercase letters, digits" in info.value.message


BROKEN = {
    "syntax": ("FIGURE = Animation('x'  # <- error here\n", "syntax error: '(' was never closed"),
    "exception": (
        GOOD.replace("return Parts(box(", "1 / 0  # <- error here\n        return Parts(box("),
        "ZeroDivisionError: division by zero",
    ),
    "property": (
        GOOD.replace('"ease-out", fill="accent")', 'colour="accent")  # <- error here'),
        "Rect has no property 'colour'; it has dashed, fill, h, layer, on, opacity, radius",
    ),
    "overlap": (
        GOOD.replace(
            "return loop(story,",
            "again = tween(p.box, 100, x=0.0)  # <- error here\n"
            "        story = par(tween(p.box, 300, x=1.0), at(100, again))\n"
            "        return loop(story,",
        ).replace("box, loop", "at, box, loop, par"),
        "box.x changes again at 500 ms while an earlier change runs until 700 ms",
    ),
    "no-loop": (
        GOOD.replace("-> Step:", "-> Step:  # <- error here").replace(
            '"ease-out", fill="accent"', '"ease-out", fill="danger"'
        ),
        "the animation does not loop back to its first frame: box.fill is 'danger' at the "
        "last frame (930 ms) but 'accent' at the first",
    ),
    "layout-colour": (  # the line that wrote the colour, not `def layout`
        GOOD.replace(
            'fill="accent", stroke=None))', 'fill="acent", stroke=None))  # <- error here'
        ),
        "Rect fill: unknown colour 'acent'; use a token such as 'ink' or 'accent', or '#rrggbb'",
    ),
    "number-as-text": (  # drawing code multiplied it, with a traceback
        GOOD.replace(
            'return Parts(box(40, 40, 240, 100, fill="accent", stroke=None))',
            'return Parts(box(40, 40, 240, 100, fill="accent", stroke=None))\n\n\n'
            "    def unused() -> Rect:\n"
            '        return Rect(x="10", y=10, w=100, h=50)  # <- error here',
        ).replace("return Parts(box(", "unused()\n        return Parts(box("),
        "Rect x: '10' is not a number; write x=10",
    ),
    "number-as-text-in-a-piece": (  # measured the text first: "str doesn't define __round__"
        GOOD.replace(
            'return Parts(box(40, 40, 240, 100, fill="accent", stroke=None))',
            'return Parts(box(40, "40", 240, 100, fill="accent", stroke=None))  # <- error here',
        ),
        "box y: '40' is not a number; write y=40",
    ),
    "layout-without-return": (
        GOOD.replace("def layout() -> Parts:", "def layout() -> Parts:  # <- error here").replace(
            "return Parts(box(", "Parts(box("
        ),
        "`layout` returned nothing: end it with `return Parts(...)`",
    ),
    "timeline-without-return": (
        GOOD.replace(
            "def timeline(p: Parts) -> Step:", "def timeline(p: Parts) -> Step:  # <- error here"
        ).replace("return loop(story,", "loop(story,"),
        "`timeline` returned nothing: end it with `return loop(...)`",
    ),
    "hex-colour-in-a-helper-call": (
        GOOD.replace(
            "def layout() -> Parts:",
            "def layout() -> Parts:\n        return lit()\n\n\n    def lit() -> Parts:",
        ).replace('fill="accent", stroke=None))', 'fill="#12345", stroke=None))  # <- error here'),
        "Rect fill: unknown colour '#12345'",
    ),
    "missing-helper": (
        "from _nothere import X  # <- error here\n",
        "ModuleNotFoundError: No module named '_nothere'",
    ),
    "no-figure": ("# <- error here\nfrom mlguide.scene import box\n", "a scene sets FIGURE"),
    "positional-shape": (
        GOOD.replace(
            'return Parts(box(40, 40, 240, 100, fill="accent", stroke=None))',
            "return Parts(Rect(40, 40, 240, 100))  # <- error here",
        ),
        "TypeError: Rect() takes keyword arguments only, e.g. Rect(x=..., y=..., w=..., h=...)",
    ),
    "pillow-anchor": (
        GOOD.replace(
            'fill="accent", stroke=None))',
            'fill="accent", stroke=None), label(160, 90, "hi", anchor="lm"))  # <- error here',
        )
        .replace("box: Rect", "box: Rect\n        note: Text")
        .replace("box, loop", "Text, box, label, loop"),
        "Text anchor: unknown anchor 'lm' (Pillow's code for 'left'); use one of 'center', 'left'",
    ),
}


STILL = """
    from mlguide import scene

    FIGURE = scene.Still("A still", size=(300, 200))


    def layout(canvas: scene.Canvas) -> object:
        f = scene.frame_for(canvas)
        return {}  # <- error here
"""
# Each crashed the engine with a traceback that stopped every scene, or drew a blank picture.
BROKEN |= {
    "text-not-str": (STILL.format("scene.Text(x=1, y=1, text=5)"), "Text text: 5 is not a text"),
    "label-of-none": (
        STILL.format("scene.label(0, 0, None, f.body)"),
        "Text text: None is not a text (NoneType)",
    ),
    "text-size-huge": (
        STILL.format('scene.Text(x=1, y=1, text="hi", size=10**6)'),
        "Text size: 1e+06 px is out of range; a text's size is 1 to 2000 px",
    ),
    "text-size-zero": (
        STILL.format('scene.Text(x=1, y=1, text="hi", size=0)'),
        "Text size: 0 px is out of range",
    ),
    "text-larger-than-any-canvas": (
        STILL.format('scene.Text(x=1, y=1, text="x" * 100000, size=40)'),
        "Text: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' would be 2,200,000 x 40 px at size 40, more "
        "than 20 million pixels",
    ),
    "nan": (STILL.format('scene.Rect(x=float("nan"), w=1, h=5)'), "Rect x: nan is not a finite"),
    "far": (STILL.format("scene.Rect(w=1e308, h=5)"), "Rect w: 1e+308 is far outside any canvas"),
    "negative-height": (STILL.format("scene.Rect(w=1, h=-5)"), "Rect h: -5 is negative"),
    "negative-radius": (STILL.format("scene.Circle(r=-5)"), "Circle r: -5 is negative"),
    "opacity": (STILL.format("scene.Rect(opacity=5)"), "Rect opacity: 5 is outside 0..1"),
    "layout-returns-int": (
        STILL.format("42"),
        "layout() must return shapes, kit parts, or a dataclass, tuple or list of them, "
        "not int (42)",
    ),
    "layout-returns-str": (STILL.format('"hello"'), "layout() must return shapes, kit parts"),
    "layout-returns-object": (STILL.format("object()"), "layout() must return shapes, kit parts"),
    "layout-returns-list-of-values": (
        STILL.format('[1, "x", None]'),
        "layout() must return shapes, kit parts, or a dataclass, tuple or list of them; its "
        "item [0] is int (1)",
    ),
    "layout-returns-no-shapes": (STILL.format("()"), "layout() must return shapes"),
    "timeline-returns-int": (  # was reported at `def layout`
        GOOD.replace("return loop(story,", "return 42  # <- error here\n        loop(story,"),
        "timeline() must return a step, such as loop(...) or seq(...), not int (42)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_scene_is_one_line_at_its_place_and_the_others_still_render(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, message = BROKEN[case]
    write_scene(tmp_path, "good.py", GOOD)
    broken = write_scene(tmp_path, "broken.py", source)
    old = tmp_path / "assets" / "broken.gif"
    old.write_bytes(b"the last good render")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets", "-j", "2"])
    assert result.exit_code == 1
    assert "rendered good" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == 1
    where = f"error: assets/scenes/broken.py:{marked_line(broken)}: "
    assert errors[0].startswith(where + message), errors[0]
    assert old.read_bytes() == b"the last good render"
    assert sorted(json.loads((tmp_path / "assets" / ".manifest.json").read_text())) == ["good"]


def test_an_error_inside_a_helper_points_into_the_helper(tmp_path: Path) -> None:
    helper = write_scene(
        tmp_path, "_words.py", "WORDS = {}\nTITLE = WORDS['title']  # <- error here\n"
    )
    scene = write_scene(tmp_path, "uses.py", "from _words import TITLE\n" + dedent(GOOD))
    with pytest.raises(MlguideError) as info:
        load_scene(discover(scene.parent)[0])
    assert (info.value.path, info.value.line) == (helper, marked_line(helper))
    assert info.value.message == "KeyError: 'title'"


def test_helpers_are_imported_apart_for_each_project(tmp_path: Path) -> None:
    """Two projects with a helper of the same name each see their own; nothing is left in
    sys.modules or on sys.path, and nothing is written beside the scenes."""
    scene = GOOD.replace('fill="accent"', "fill=COLOUR")
    for project, colour in (("one", "accent"), ("two", "danger")):
        write_scene(tmp_path / project, "_colour.py", f"COLOUR = {colour!r}\n")
        write_scene(tmp_path / project, "fig.py", "from _colour import COLOUR\n" + dedent(scene))
    path_before = list(sys.path)
    fills = []
    for project in ("one", "two", "one"):
        (fig,) = discover(tmp_path / project / "assets" / "scenes")
        fills.append(load_scene(fig).shapes[0].fill)  # type: ignore[attr-defined]
    assert fills == ["accent", "danger", "accent"]
    assert "_colour" not in sys.modules and sys.path == path_before
    assert not list(tmp_path.rglob("__pycache__"))


def test_a_helper_named_like_a_loaded_python_module_is_refused(tmp_path: Path) -> None:
    write_scene(tmp_path, "_io.py", "X = 1\n")
    scene = write_scene(tmp_path, "fig.py", GOOD)
    with pytest.raises(MlguideError, match="this helper has the name of Python's module `_io`"):
        load_scene(discover(scene.parent)[0])


def test_the_cache_key_follows_what_a_scene_imports(tmp_path: Path) -> None:
    """A new helper counts the moment a scene imports it (even through another helper);
    a helper nobody imports does not."""
    scenes = tmp_path / "assets" / "scenes"
    scene = write_scene(tmp_path, "fig.py", "from _a import A\n" + dedent(GOOD))
    write_scene(tmp_path, "_a.py", "A = 1\n")

    def digest() -> str:
        return ImportGraph(scenes).digest(scene)

    first = digest()
    write_scene(tmp_path, "_unused.py", "U = 1\n")
    assert digest() == first
    write_scene(tmp_path, "_b.py", "B = 2\n")
    assert digest() == first
    write_scene(tmp_path, "_a.py", "from _b import B\nA = B\n")
    second = digest()
    assert second != first
    write_scene(tmp_path, "_b.py", "B = 3\n")
    assert digest() != second
    inputs = {p.name for p in ImportGraph(scenes).inputs(scene)}
    assert inputs == {"fig.py", "_a.py", "_b.py"}  # mlguide's code is the engine's fingerprint


def test_the_cache_key_follows_the_engine_code_and_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenes = tmp_path / "assets" / "scenes"
    scene = write_scene(tmp_path, "fig.py", dedent(GOOD))
    copy = tmp_path / "pkg" / "mlguide"
    shutil.copytree(code.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code, "PACKAGE", copy)
    code.forget_fingerprints()
    first = ImportGraph(scenes).digest(scene)
    for edited in ("engine/compose.py", "scene.py", "fonts/Inter-Bold.otf"):
        (copy / edited).write_bytes((copy / edited).read_bytes() + b"\n")
        code.forget_fingerprints()
        again = ImportGraph(scenes).digest(scene)
        assert again != first, edited
        first = again
    (copy / "commands" / "check.py").write_bytes(b"# not drawing code\n")
    code.forget_fingerprints()
    assert ImportGraph(scenes).digest(scene) == first
    code.forget_fingerprints()


@pytest.fixture
def guide(tmp_path: Path) -> ProjectPaths:
    return scene_project(tmp_path)


@pytest.mark.parametrize(
    ("changed", "affected"),
    [
        ("assets/scenes/_stages.py", ["gif-01", "poster", "poster-og"]),
        ("assets/scenes/_poster.py", ["poster", "poster-og"]),
        ("assets/scenes/gif-03.py", ["gif-03"]),
        ("content/post.md", []),
    ],
)
def test_assets_affected_by_a_saved_file(
    guide: ProjectPaths, changed: str, affected: list[str]
) -> None:
    assert assets_affected_by(guide, guide.root / changed) == affected


def test_a_file_outside_the_scenes_affects_no_asset(guide: ProjectPaths) -> None:
    assert assets_affected_by(guide, guide.root / "content" / "post.md") == []


def test_draw_now_writes_the_light_webp_and_still_first(guide: ProjectPaths) -> None:
    seen: list[list[str]] = []

    def preview(files: list[Path]) -> None:
        seen.append([f.name for f in files])
        assert all(f.is_file() for f in files)
        assert not (guide.assets / "ml-model-gif-06-evaluate.gif").exists()  # not yet

    result = ra.draw_now(guide, "gif-06", preview)
    stem = "ml-model-gif-06-evaluate"
    assert seen == [[f"{stem}.webp", f"{stem}-still.png"]]
    assert result.rendered and len(result.sizes) == 9  # wide and narrow, light and dark
    assert (guide.assets / f"{stem}-dark-still.png").is_file()
    assert (guide.assets / f"{stem}-narrow-dark-still.png").is_file()
    assert [r.rendered for r in ra.render_assets(guide, ["gif-06"])] == [False]  # manifest kept


def test_draw_now_of_a_broken_scene_writes_nothing(tmp_path: Path) -> None:
    write_scene(tmp_path, "fig.py", GOOD.replace('fill="accent")\n', 'fill="danger")\n'))
    with pytest.raises(MlguideError, match="does not loop back"):
        ra.draw_now(project_paths(tmp_path), "fig", lambda files: None)
    assert sorted(p.name for p in (tmp_path / "assets").iterdir()) == ["scenes"]


def test_sheet_shows_key_frames_at_rest_in_a_grid(
    guide: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(guide.root)
    result = CliRunner().invoke(main, ["render-assets", "gif-04", "--sheet"])
    sheet = guide.cache / "sheets" / "gif-04.png"
    assert result.exit_code == 0 and result.output == f"sheet gif-04     {sheet}\n"
    with Image.open(sheet) as img:
        assert img.format == "PNG" and img.size == (4 * 336 + 16, 3 * 224 + 16)
    assert sorted(p.name for p in guide.assets.iterdir()) == ["scenes"]  # nothing published
    scene = load_scene(discover(guide.scenes)[3])
    times = key_times(scene)
    assert len(times) == 12 and times[0] == 0 and times == sorted(times)
    pictures = [state_at(scene, t) for t in times]
    assert all(a != b for a, b in zip(pictures, pictures[1:], strict=False))


def test_a_sheet_of_constant_motion_still_spreads_over_the_loop(tmp_path: Path) -> None:
    """The starter moves without pause during its story: arrivals alone would show only
    the first frame and the end."""
    (hello,) = discover(STARTER)
    scene = load_scene(hello)
    times = key_times(scene)
    story = [t for t in times if 1500 < t < 3300]
    assert len(times) == 12 and len(story) >= 6


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failure_inside_the_engine_is_the_scenes_error_and_the_others_render(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the checks miss and the engine trips over is that scene's one-line error at
    its layout, in this process and in a worker (a traceback stopped every scene)."""
    from mlguide.scenes import draw

    write_scene(tmp_path, "good.py", GOOD)
    bad = write_scene(tmp_path, "bad.py", STILL.format("scene.Rect(w=10, h=10)"))

    def broken_engine(scene: object, palette: object) -> bytes:
        raise OSError("invalid pixel size")

    monkeypatch.setattr(draw, "render_still", broken_engine)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets", "-j", jobs])
    assert result.exit_code == 1
    assert "rendered good" in result.stdout
    layout_line = marked_line(bad) - 2
    assert result.stderr.splitlines()[-1] == (
        f"error: assets/scenes/bad.py:{layout_line}: OSError: invalid pixel size"
    )
    assert "Traceback" not in result.output
    with pytest.raises(MlguideError, match="OSError: invalid pixel size"):  # serve's path
        ra.draw_now(project_paths(tmp_path), "bad")


LOOPS = """
    from mlguide import scene

    FIGURE = scene.Still("A still", size=(300, 200))


    def layout() -> scene.Rect:
        while True: pass  # <- error here
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_scene_that_never_ends_is_stopped_at_its_line(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlguide.scenes import deadline

    monkeypatch.setattr(deadline, "SCENE_SECONDS", 0.5)
    write_scene(tmp_path, "good.py", GOOD)
    loop = write_scene(tmp_path, "loop.py", LOOPS)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets", "-j", jobs])
    assert result.exit_code == 1
    assert "rendered good" in result.stdout
    assert result.stderr.splitlines()[-1].startswith(
        f"error: assets/scenes/loop.py:{marked_line(loop)}: the scene did not finish in "
        "0.5 s of CPU time"
    )


def test_serve_stops_a_scene_that_never_ends_in_its_own_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve draws a saved scene in its watcher thread, where no signal handler runs."""
    import threading

    from mlguide.scenes import deadline

    monkeypatch.setattr(deadline, "SCENE_SECONDS", 0.5)
    write_scene(tmp_path, "loop.py", LOOPS)
    errors: list[MlguideError] = []

    def draw() -> None:
        try:
            ra.draw_now(project_paths(tmp_path), "loop")
        except MlguideError as exc:
            errors.append(exc)

    thread = threading.Thread(target=draw)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert [e.message.split(" (")[0] for e in errors] == [
        "the scene did not finish in 0.5 s of CPU time"
    ]


DAMAGED_MANIFESTS = {
    "merge-conflict": (
        '<<<<<<< HEAD\n{}\n=======\n{"a": 1}\n>>>>>>> theirs\n',
        1,
        "(a merge conflict?)",
    ),
    "truncated": ("{", 1, "not valid JSON: Expecting property name"),
    "a-list": ("[]", 1, "holds a list, not the scenes' entries"),
    # Deeper than Python's recursion limit: a RecursionError traceback from the JSON reader.
    "nested-too-deep": ("[" * 100_000 + "]" * 100_000, 1, "(nested too deep)"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED_MANIFESTS))
def test_a_damaged_manifest_is_named_with_how_to_mend_it(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was read as empty, and render-assets advised deleting the author's pictures."""
    from mlguide.scenes.freshness import stale_scene_findings
    from mlguide.store.files import Digests

    text, line, message = DAMAGED_MANIFESTS[case]
    write_scene(tmp_path, "good.py", GOOD)
    paths = project_paths(tmp_path)
    ra.render_assets(paths)
    gif = (tmp_path / "assets" / "good.gif").read_bytes()
    manifest = tmp_path / "assets" / ".manifest.json"
    manifest.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: assets/.manifest.json:{line}: ")
    assert message in result.stderr and "render-assets --force" in result.stderr
    assert "delete" not in result.stderr
    with pytest.raises(MlguideError, match="render-assets --force"):  # serve's redraw
        ra.draw_now(paths, "good")
    (finding,) = stale_scene_findings(paths, Digests())  # build: a warning, not silence
    assert (finding.path, finding.line, finding.notice) == (manifest, line, False)
    result = CliRunner().invoke(main, ["render-assets", "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(manifest.read_text())) == ["good"]
    assert (tmp_path / "assets" / "good.gif").read_bytes() == gif


def test_a_scene_named_like_the_post_cards_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`render-assets cards` drew only the post cards, and `--list` showed two `cards`."""
    write_scene(tmp_path, "cards.py", GOOD)
    monkeypatch.chdir(tmp_path)
    for command in (["render-assets"], ["render-assets", "--list"], ["render-assets", "cards"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == (
            "error: assets/scenes/cards.py: `cards` is the name of the post cards "
            "(`mlguide render-assets cards` draws them): give the scene another file name"
        )


@pytest.mark.parametrize(
    "loop",
    [
        "while True: pass",
        "while True:\n    try:\n        x = 1\n    except Exception:\n        pass",
    ],
    ids=["at-import", "swallowing-exceptions"],
)
def test_a_scene_file_that_never_ends_while_imported_is_stopped_too(
    loop: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At import (`--list` imports every scene), and even when it catches every Exception."""
    from mlguide.scenes import deadline

    monkeypatch.setattr(deadline, "SCENE_SECONDS", 0.5)
    scene = write_scene(tmp_path, "loop.py", f"x = 0\n{loop}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets", "--list"])
    assert result.exit_code == 1
    where, message = result.stderr.split(": ", 2)[1:]
    assert where.startswith("assets/scenes/loop.py:")
    assert 2 <= int(where.split(":")[1]) <= len(scene.read_text().splitlines())  # in the loop
    assert message.startswith("the scene did not finish in 0.5 s of CPU time")


def test_serve_rebuilding_pages_around_a_first_picture_is_not_the_scenes_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from mlguide.scenes import deadline

    monkeypatch.setattr(deadline, "SCENE_SECONDS", 0.5)
    write_scene(tmp_path, "still.py", STILL.format("scene.Rect(w=10, h=10)"))

    def rebuild(files: list[Path]) -> None:
        busy = time.thread_time() + 1.0
        while time.thread_time() < busy:
            pass

    result = ra.draw_now(project_paths(tmp_path), "still", rebuild)
    assert result.files == ("still.png",)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_scene_that_ends_its_worker_is_its_error_and_the_others_render(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash in C or `os._exit` ended the worker: a traceback, and nothing drawn. With
    `-j 1` the scene was drawn in mlguide's own process, which it ended silently."""
    write_scene(tmp_path, "good.py", GOOD)
    write_scene(tmp_path, "more.py", GOOD)
    write_scene(
        tmp_path,
        "bye.py",
        STILL.format("os._exit(3)").replace("    from", "    import os\n    from"),
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets", "-j", jobs])
    assert result.exit_code == 1
    assert "rendered good" in result.stdout and "rendered more" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "error: assets/scenes/bye.py: the process drawing this scene ended (exit 3) before it "
        "was done: a scene must not end the program (`os._exit`), or the engine crashed"
    )


SLEEPS = """
    import time

    from mlguide import scene

    FIGURE = scene.Still("A still", size=(300, 200))


    def layout() -> scene.Rect:
        {}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_scene_stuck_in_one_long_call_is_stopped_by_the_wall_clock(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`time.sleep(10**6)` uses no CPU time, and no exception lands inside one C call:
    render-assets waited for ever. The worker drawing it ends itself, and the scene is named;
    the others are drawn."""
    from mlguide.scenes import deadline

    monkeypatch.setattr(deadline, "WALL_SECONDS", 0.5)  # and so 0.5 s of grace
    write_scene(tmp_path, "good.py", GOOD)
    write_scene(tmp_path, "sleeps.py", SLEEPS.format("time.sleep(10**6)"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render-assets", "-j", jobs])
    assert result.exit_code == 1
    assert "rendered good" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "error: assets/scenes/sleeps.py: the scene did not finish in 0.5 s of wall-clock time: "
        "it is inside one call that does not return (`time.sleep`, `input()`, a network "
        "read?); a scene's code is stopped at this limit"
    )


def test_a_scene_that_waits_in_many_short_calls_is_stopped_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In `serve`'s own process too: the exception lands between two sleeps."""
    from mlguide.scenes import deadline

    monkeypatch.setattr(deadline, "WALL_SECONDS", 0.5)
    waits = write_scene(
        tmp_path, "waits.py", SLEEPS.format("while True: time.sleep(0.01)  # <- error here")
    )
    with pytest.raises(MlguideError) as caught:
        ra.draw_now(project_paths(tmp_path), "waits")
    assert (caught.value.line, caught.value.message) == (
        marked_line(waits),
        "the scene did not finish in 0.5 s of wall-clock time (a wait that never ends?); "
        "a scene's code is stopped at this limit",
    )


def test_where_a_threads_cpu_time_cannot_be_read_wall_time_limits_the_scene(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS and Windows have no `time.pthread_getcpuclockid`: it was an AttributeError."""
    import time

    from mlguide.scenes import deadline

    monkeypatch.delattr(time, "pthread_getcpuclockid")
    monkeypatch.setattr(deadline, "SCENE_SECONDS", 0.5)
    write_scene(tmp_path, "loop.py", LOOPS)
    with pytest.raises(MlguideError, match="did not finish in 0.5 s"):
        ra.draw_now(project_paths(tmp_path), "loop")
