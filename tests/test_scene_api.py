"""The scene API a figure's author writes against: keyword-only shapes, named anchors, layout
helpers that place parts relative to each other, the old `Path` name, and data files that
draw the figure again when they change."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from mlguide import scene
from mlguide.commands import render_assets as ra
from mlguide.engine.raster import text_box
from mlguide.errors import MlguideError
from mlguide.paths import project_paths
from mlguide.scenes.freshness import stale_scene_findings
from mlguide.scenes.inputs import assets_affected_by
from mlguide.store.files import Digests

from .test_scenes_project import marked_line, write_scene

# --- keyword-only shapes --------------------------------------------------------------------


@pytest.mark.parametrize("shape", [scene.Rect, scene.Circle, scene.Text, scene.Polyline])
def test_a_shape_refuses_positional_arguments(shape: type) -> None:
    with pytest.raises(TypeError, match=rf"^{shape.__name__}\(\) takes keyword arguments only"):
        shape(10, 20, 30, 40)


def test_keyword_shapes_keep_working_with_replace_and_pickle() -> None:
    import dataclasses
    import pickle

    r = scene.Rect(x=1, y=2, w=3, h=4)
    assert dataclasses.replace(r, x=5).x == 5
    assert pickle.loads(pickle.dumps(r)) == r


# A misspelt keyword to every kind of piece: shapes, kit pieces, the dataclasses a scene
# makes, placing and composing. Each was Python's raw TypeError, except `tween`'s.
TYPOS: dict[str, tuple[Callable[[], object], str]] = {
    "shape": (
        lambda: scene.Text(x=1, y=1, txt="x"),
        "Text() has no argument 'txt'; did you mean 'text'?",
    ),
    "piece": (
        lambda: scene.pill(x=1, y=1, txt="x", fill="accent"),
        "pill() has no argument 'txt'; did you mean 'text'?",
    ),
    "piece-with-kw": (
        lambda: scene.label(1, 1, "x", colour="ink"),
        "Text() has no argument 'colour'; did you mean 'color'?",
    ),
    "box": (
        lambda: scene.Box(x=1, y=2, w=3, hh=4),
        "Box() has no argument 'hh'; did you mean 'h'?",
    ),
    "figure": (
        lambda: scene.Animation("d", fsp=15),
        "Animation() has no argument 'fsp'; did you mean 'fps'?",
    ),
    "still": (
        lambda: scene.Still("d", on_pages=False),
        "Still() has no argument 'on_pages'; did you mean 'on_page'?",
    ),
    "canvas": (
        lambda: scene.Canvas(width=9, height=9, narow=True),
        "Canvas() has no argument 'narow'; did you mean 'narrow'?",
    ),
    "place": (
        lambda: scene.next_to(scene.Box(0, 0, 1, 1), scene.Box(0, 0, 1, 1), sid="left"),
        "next_to() has no argument 'sid'; did you mean 'side'?",
    ),
    "compose": (
        lambda: scene.loop(scene.wait(10), hold=200, linger=1, rewnd=()),
        "loop() has no argument 'rewnd'; did you mean 'rewind'?",
    ),
    "nothing-close": (
        lambda: scene.hidden(opacity=0),
        "hidden() has no argument 'opacity'; it takes no keyword arguments",
    ),
}


@pytest.mark.parametrize("case", TYPOS)
def test_a_misspelt_keyword_is_named_with_the_likely_one_at_the_line(case: str) -> None:
    make, message = TYPOS[case]
    with pytest.raises(MlguideError) as info:
        make()
    assert info.value.message == message
    assert (info.value.path, info.value.line) == (Path(__file__), make.__code__.co_firstlineno)


def test_a_misspelt_keyword_in_a_scene_is_reported_at_its_line(tmp_path: Path) -> None:
    source = """
        from mlguide import scene

        FIGURE = scene.Still("A word", size=(200, 100))


        def layout() -> scene.Text:
            return scene.Text(x=1, y=1, txt="x")  # <- error here
    """
    path = write_scene(tmp_path, "typo.py", source)
    (result,) = ra.render_assets(project_paths(tmp_path), jobs=1)
    assert result.error is not None
    assert (result.error.path, result.error.line) == (path, marked_line(path))
    assert result.error.message == "Text() has no argument 'txt'; did you mean 'text'?"


# --- named anchors --------------------------------------------------------------------------


def test_named_anchors_put_that_point_of_the_text_at_x_y() -> None:
    def box(anchor: str, text: str = "Anchor") -> tuple[float, float, float, float]:
        return text_box(scene.Text(x=200, y=100, text=text, size=40, anchor=anchor))

    left, top, right, bottom = box("top-left")
    assert left == pytest.approx(200, abs=4) and 100 < top < 100 + 40 * 0.3
    # "top" is the font's ascender line, not each text's own top: labels in a row line up
    assert box("top-left", "ace")[3] == pytest.approx(bottom, abs=0.5)
    left, top, right, bottom = box("center")
    assert (left + right) / 2 == pytest.approx(200, abs=1)
    assert (top + bottom) / 2 == pytest.approx(100, abs=3)
    left, _, right, _ = box("right")
    assert right == pytest.approx(200, abs=4) and left < 200
    _, top, _, bottom = box("baseline-left")
    assert bottom == pytest.approx(100, abs=1) and top < 100  # "Anchor" has no descender


def test_a_pill_is_placed_by_its_named_edge() -> None:
    left = scene.pill(100, 50, "GO", fill="success", anchor="left")
    right = scene.pill(100, 50, "GO", fill="success", anchor="right")
    assert left.bg.x == 100 and right.right == pytest.approx(100)
    with pytest.raises(ValueError, match="unknown anchor 'l'; use one of 'left', 'center'"):
        scene.pill(100, 50, "GO", fill="success", anchor="l")


# --- layout helpers -------------------------------------------------------------------------


def rect(w: float = 100, h: float = 40) -> scene.Rect:
    return scene.Rect(w=w, h=h)


def test_next_to_puts_a_part_beside_another_with_a_gap_and_an_alignment() -> None:
    a = scene.Rect(x=100, y=100, w=100, h=60)
    b = scene.next_to(rect(50, 20), a, "right", gap=10)
    assert (b.x, b.y) == (210, 120)  # centred on a's height
    b = scene.next_to(rect(50, 20), a, "below", gap=8, align="left")
    assert (b.x, b.y) == (100, 168)
    b = scene.next_to(rect(50, 20), a, "above", gap=8, align="right")
    assert (b.x, b.y) == (150, 72)
    b = scene.next_to(rect(50, 20), a, "left", gap=5, align="bottom")
    assert (b.x, b.y) == (45, 140)
    with pytest.raises(ValueError, match="unknown side 'up'"):
        scene.next_to(rect(), a, "up")


def test_arrange_makes_a_row_with_equal_gaps_from_the_first_part() -> None:
    first = scene.Rect(x=20, y=30, w=40, h=40)
    row = scene.arrange([first, rect(60, 20), rect(10, 40)], "right", gap=12)
    assert [(r.x, r.y) for r in row] == [(20, 30), (72, 40), (144, 30)]
    column = scene.arrange([first, rect(60, 20)], "below", gap=6, align="left")
    assert [(r.x, r.y) for r in column] == [(20, 30), (20, 76)]


def test_grid_aligns_cells_by_column_width_and_row_height() -> None:
    cells = scene.grid(
        [rect(40, 20), rect(80, 20), rect(40, 50), rect(20, 20)],
        columns=2,
        gap=(10, 5),
        at=(0, 0),
        align="top-left",
    )
    assert [(c.x, c.y) for c in cells] == [(0, 0), (50, 0), (0, 25), (50, 25)]
    centred = scene.grid([rect(40, 20), rect(80, 20)], columns=2, gap=10, at=(0, 0))
    assert (centred[0].x, centred[1].x) == (0, 50)  # each cell is its column's widest part


def test_align_to_a_box_moves_a_whole_part_by_its_bounds() -> None:
    pill = scene.pill(0, 0, "Ship", fill="accent")
    card = scene.Box(100, 100, 300, 200)
    placed = scene.align_to(pill, card, "top-left", inset=16)
    assert (placed.bg.x, placed.bg.y) == pytest.approx((116, 116))
    assert placed.text.x - placed.bg.x == pytest.approx(pill.text.x - pill.bg.x)  # moved whole
    corner = scene.align_to(pill, card, "bottom-right")
    assert (corner.right, corner.bg.y + corner.bg.h) == pytest.approx((400, 300))
    f = scene.frame_for(scene.Canvas(960, 540))
    centred = scene.move_to(rect(), f.content.center)
    assert (centred.x, centred.y) == (430, 250)


def test_bounds_cover_every_shape_of_a_part() -> None:
    parts = (scene.Circle(x=10, y=10, r=5), scene.arrow([(0, 40), (100, 50)]))
    assert scene.bounds(parts) == scene.Box(0, 5, 100, 45)
    with pytest.raises(ValueError, match="no shapes"):
        scene.bounds(())


# --- Path, renamed ----------------------------------------------------------------------------


def test_path_is_polyline_under_a_name_that_does_not_shadow_pathlib() -> None:
    assert "Path" not in scene.__all__ and "Polyline" in scene.__all__
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        from mlguide.scene import Path as Old
    assert Old is scene.Polyline
    assert [w.category for w in seen] == [DeprecationWarning]
    assert "Polyline" in str(seen[0].message)


# --- data files -----------------------------------------------------------------------------

DATA_SCENE = """
    import json
    from dataclasses import dataclass

    from mlguide import scene

    FIGURE = scene.Still("Bars from a data file", size=(200, 100))
    SCORES = json.loads(scene.data("data/scores.json").read_text())


    @dataclass(frozen=True)
    class Parts:
        bars: tuple[scene.Rect, ...]


    def layout() -> Parts:
        bars = [scene.Rect(w=20, h=80 * v, fill="accent") for v in SCORES]
        return Parts(scene.arrange(bars, "right", gap=10, align="bottom"))
"""


def test_editing_a_data_file_draws_the_scene_again(tmp_path: Path) -> None:
    paths = project_paths(tmp_path)
    write_scene(tmp_path, "bars.py", DATA_SCENE)
    data = paths.scenes / "data" / "scores.json"
    data.parent.mkdir()
    data.write_text("[0.5, 1.0]")
    assert [r.rendered for r in ra.render_assets(paths, jobs=1)] == [True]
    manifest = json.loads((paths.assets / ".manifest.json").read_text())
    assert "assets/scenes/data/scores.json" in manifest["bars"]["reads"]
    first = (paths.assets / "bars.png").read_bytes()
    assert [r.rendered for r in ra.render_assets(paths, jobs=1)] == [False]

    data.write_text("[1.0, 0.25]")
    assert assets_affected_by(paths, data) == ["bars"]  # serve draws it on save
    stale = stale_scene_findings(paths, Digests())
    assert [f.message for f in stale] == [
        "changed since its pictures were drawn: run `mlguide render-assets bars`"
    ]
    assert [r.rendered for r in ra.render_assets(paths, jobs=1)] == [True]
    assert (paths.assets / "bars.png").read_bytes() != first


def test_a_missing_data_file_is_an_error_at_the_line_that_asks(tmp_path: Path) -> None:
    path = write_scene(
        tmp_path,
        "bars.py",
        DATA_SCENE.replace(
            'scene.data("data/scores.json").read_text())',
            'scene.data("data/scores.json").read_text())  # <- error here',
        ),
    )
    (result,) = ra.render_assets(project_paths(tmp_path), jobs=1)
    assert isinstance(result.error, MlguideError)
    assert (result.error.path, result.error.line) == (path, marked_line(path))
    assert result.error.message.startswith("no data file 'data/scores.json'")


def test_data_outside_a_drawing_is_just_the_path(tmp_path: Path) -> None:
    assert scene.data(__file__) == Path(__file__).resolve()
