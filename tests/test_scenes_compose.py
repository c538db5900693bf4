"""The scene API: composition compiles to an explicit table; parts name their shapes; kit
pieces and motions; mistakes are reported at the scene line that made them."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from mlguide.engine.parts import name_shapes
from mlguide.engine.shapes import Shape
from mlguide.engine.timeline import Scene, loop_seam
from mlguide.errors import MlguideError
from mlguide.scene import (
    REWIND_MS,
    Circle,
    Rect,
    Text,
    at,
    beat,
    compile_timeline,
    conveyor,
    fade_in,
    hidden,
    label,
    loop,
    measure,
    orbit,
    par,
    pill,
    seq,
    snap,
    stagger,
    swap_text,
    to,
    tween,
    wait,
)

A = Rect(id="a", w=10, h=10)
B = Rect(id="b", w=10, h=10)
T = Text(id="t", text="one")


def rows(step: object) -> list[tuple[int, int, str, str, object]]:
    return compile_timeline(step).rows()  # type: ignore[arg-type]


def test_seq_par_stagger_and_at_compile_to_start_and_end_times() -> None:
    step = seq(
        tween(A, 100, x=1.0),
        par(tween(A, 200, y=2.0), at(50, tween(B, 100, x=3.0))),
        wait(30),
        stagger([tween(B, 100, y=float(i)) for i in range(3)], 40),
    )
    assert rows(step) == [
        (0, 100, "a", "x", 1.0),
        (100, 300, "a", "y", 2.0),
        (150, 250, "b", "x", 3.0),
        (330, 430, "b", "y", 0.0),
        (370, 470, "b", "y", 1.0),
        (410, 510, "b", "y", 2.0),
    ]
    assert compile_timeline(step).length == 510


def test_beats_keep_a_steady_rhythm_whatever_they_hold() -> None:
    step = seq(beat(500, tween(A, 100, x=1.0)), beat(500, tween(A, 700, x=2.0)), snap(A, x=0.0))
    assert rows(step) == [
        (0, 100, "a", "x", 1.0),
        (500, 1200, "a", "x", 2.0),
        (1200, 1200, "a", "x", 0.0),
    ]


def test_loop_rewinds_before_the_story_and_derives_the_duration() -> None:
    step = loop(
        fade_in(T, 200),
        hold=1000,
        rewind=[hidden(T), to(A, x=5.0)],
        snap=[to(T, text="zero")],
        linger=700,
    )
    assert rows(step) == [
        (1000 - REWIND_MS, 1000, "t", "opacity", 0.0),
        (1000 - REWIND_MS, 1000, "a", "x", 5.0),
        (1000, 1000, "t", "text", "zero"),
        (1000, 1200, "t", "opacity", 1.0),
    ]
    assert compile_timeline(step).length == 1000 + 200 + 700


def test_a_change_of_several_properties_and_shapes_is_one_row_each() -> None:
    assert rows(tween((A, B), 100, "ease-out", fill="bg", stroke="ink")) == [
        (0, 100, "a", "fill", "bg"),
        (0, 100, "a", "stroke", "ink"),
        (0, 100, "b", "fill", "bg"),
        (0, 100, "b", "stroke", "ink"),
    ]


def here() -> int:
    """The line that called this: where an error about that line must point."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: tween(T, 100, fill="bg"), "Text has no property 'fill'; it has anchor, color,"),
        (lambda: snap(T, txt="two"), "Text has no property 'txt'; did you mean 'text'?"),
        (lambda: tween(A, 100, "bouncy", x=1.0), "unknown easing 'bouncy'"),
        (lambda: tween(A, -5, x=1.0), "times are whole milliseconds >= 0, not -5"),
        (lambda: tween(A, 1.5, x=1.0), "times are whole milliseconds >= 0, not 1.5"),  # type: ignore[arg-type]
        (lambda: tween("a", 100, x=1.0), "nothing to change: str holds no shapes"),
        (lambda: tween(A, 100), "a change needs at least one property"),
    ],
    ids=["property", "typo", "easing", "negative", "fraction", "id-string", "no-property"],
)
def test_mistakes_are_reported_at_the_line_that_made_them(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(MlguideError) as info:
        make()
    assert info.value.path is not None and info.value.path.name == "test_scenes_compose.py"
    assert info.value.line == make.__code__.co_firstlineno  # the lambda's line
    assert info.value.message.startswith(message)


def test_overlapping_changes_point_at_the_second_one() -> None:
    first = tween(A, 300, x=1.0)
    second = tween(A, 100, x=2.0)
    line = here() - 1
    timeline = compile_timeline(par(first, at(100, second)))
    with pytest.raises(MlguideError) as info:
        Scene("s", 100, 100, timeline.length, (A,), timeline.tweens)
    assert info.value.line == line
    assert info.value.message == (
        "a.x changes again at 100 ms while an earlier change runs until 300 ms"
    )


@dataclass(frozen=True)
class Parts:
    title: Text
    boxes: tuple[Rect, ...]
    marker: Circle | None
    note: str  # layout data, not a shape


def test_a_layout_names_each_shape_by_its_path() -> None:
    parts = Parts(label(10, 10, "hi"), (Rect(w=1, h=1), Rect(w=2, h=2)), None, "data")
    shapes, ids = name_shapes(parts)
    assert [s.id for s in shapes] == ["title", "boxes[0]", "boxes[1]"]
    assert compile_timeline(fade_in(parts.boxes[1]), ids).rows() == [
        (0, 250, "boxes[1]", "opacity", 1.0)
    ]
    with pytest.raises(ValueError, match="one shape is in the layout twice: title and boxes"):
        name_shapes(Parts(parts.title, (parts.title,), None, ""))


def test_a_change_to_a_shape_outside_the_layout_is_an_error() -> None:
    _, ids = name_shapes(Parts(label(10, 10, "hi"), (), None, ""))
    with pytest.raises(MlguideError, match="a change targets a shape that is not in the layout"):
        compile_timeline(fade_in(A), ids)


def test_a_pill_has_named_parts_sized_to_its_text() -> None:
    p = pill(100, 50, "GO", fill="success", size=20, anchor="left")
    assert p.bg.x == 100 and p.width == pytest.approx(measure("GO", "bold", 20) + 28)
    assert p.right == pytest.approx(100 + p.width)
    assert p.text.on == "success" and p.text.x == pytest.approx(100 + p.width / 2)


def test_swap_text_fades_out_switches_and_fades_in() -> None:
    assert rows(swap_text(T, "two", 100)) == [
        (0, 100, "t", "opacity", 0.0),
        (100, 100, "t", "text", "two"),
        (100, 200, "t", "opacity", 1.0),
    ]


@pytest.mark.parametrize("motion", ["orbit", "conveyor"])
def test_motions_end_where_they_began(motion: str) -> None:
    dots = tuple(Circle(id=f"d{i}", x=10.0 + 30 * i, y=50, r=4) for i in range(3))
    step = (
        orbit(dots[0], 50, 50, 40, 1000)
        if motion == "orbit"
        else conveyor(dots, 10, 100, cycles=2, step=200, move=80)
    )
    start = (Circle(id="d0", x=50, y=10, r=4), *dots[1:]) if motion == "orbit" else dots
    timeline = compile_timeline(step)
    scene = Scene("m", 100, 100, timeline.length + 100, start, timeline.tweens)
    assert len(timeline.tweens) > 20 and loop_seam(scene) is None


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        (Rect, {"fill": "surfce"}, "Rect fill: unknown colour 'surfce'; use a token such as"),
        (Rect, {"stroke": "#12345"}, "Rect stroke: unknown colour '#12345'"),
        (Text, {"weight": "heavy"}, "Text weight: unknown weight 'heavy'; use one of regular"),
        (Text, {"anchor": "middle"}, "Text anchor: unknown anchor 'middle'; use one of 'center'"),
    ],
)
def test_values_the_drawing_would_trip_over_are_refused_when_the_shape_is_made(
    kind: type[Shape], values: dict[str, str], message: str
) -> None:
    """At construction, inside the author's call, so the scene loader can name that line."""
    with pytest.raises(MlguideError) as info:
        kind(id="s", **values)
    assert info.value.message.startswith(message)


def test_a_change_to_an_unknown_colour_points_at_its_line() -> None:
    change = tween(A, 100, fill="acent")
    line = here() - 1
    timeline = compile_timeline(change)
    with pytest.raises(MlguideError) as info:
        Scene("s", 100, 100, 100, (A,), timeline.tweens)
    assert info.value.line == line and info.value.message.startswith("unknown colour 'acent'")
