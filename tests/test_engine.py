"""The scene engine: easing, timelines, palette, and every scene's layout rules."""

import numpy as np
import pytest

from mlguide.engine.animate import draw_at
from mlguide.engine.easing import EASINGS
from mlguide.engine.palette import Remapper, build_palette
from mlguide.engine.raster import color_of, text_box
from mlguide.engine.shapes import Rect, Text
from mlguide.engine.timeline import Scene, Tween, frame_times, loop_seam, state_at
from mlguide.errors import MlguideError
from mlguide.paths import project_paths
from mlguide.scenes.discover import discover
from mlguide.scenes.load import build_scene, load_asset
from mlguide.tokens import DARK, LIGHT, Palette, contrast_ratio, rgb

from .conftest import REPO
from .test_scenes_starter import STARTER

# The guide's scenes, and the starter scene new blogs get: every check applies to both.
ASSETS = [load_asset(s) for s in (*discover(project_paths(REPO).scenes), *discover(STARTER))]
SCENES = {a.name: build_scene(a) for a in ASSETS}


def one_rect_scene(*tweens: Tween, duration: int = 1000) -> Scene:
    return Scene("t", 100, 100, duration, (Rect(id="r", x=0, y=0, w=10, h=10),), tweens)


@pytest.mark.parametrize("name", sorted(EASINGS))
def test_easings_start_at_0_and_end_at_1(name: str) -> None:
    ease = EASINGS[name]
    assert ease(0.0) == pytest.approx(0.0, abs=1e-9)
    assert ease(1.0) == pytest.approx(1.0, abs=1e-9)


def test_tween_interpolates_from_the_value_at_its_start() -> None:
    scene = one_rect_scene(
        Tween("r", "x", 100, 300, 50.0, "linear"), Tween("r", "x", 500, 600, 0.0, "linear")
    )
    xs = [state_at(scene, t)[0].x for t in (0, 100, 200, 300, 450, 550, 700)]
    assert xs == [0.0, 0.0, 25.0, 50.0, 50.0, 25.0, 0.0]


def test_colour_tweens_blend_and_discrete_values_switch() -> None:
    switch = Tween("r", "radius", 50, 50, 4)
    scene = one_rect_scene(Tween("r", "fill", 0, 100, "bg", "linear"), switch)
    mid = state_at(scene, 50)[0]
    assert mid.fill == tuple(
        round((a + b) / 2) for a, b in zip(rgb("surface"), rgb("bg"), strict=True)
    )
    assert mid.radius == 4 and state_at(scene, 49)[0].radius == 0


@pytest.mark.parametrize(
    ("tween", "message"),
    [
        (Tween("nope", "x", 0, 10, 1.0), "a change targets unknown shape 'nope'"),
        (Tween("r", "colour", 0, 10, 1.0), "Rect 'r' has no property 'colour'"),
        (Tween("r", "x", 10, 0, 1.0), "a change of r.x ends before it starts"),
        (Tween("r", "x", 0, 10, 1.0, "bouncy"), "unknown easing 'bouncy'"),
    ],
)
def test_scene_rejects_bad_tweens(tween: Tween, message: str) -> None:
    with pytest.raises(MlguideError) as info:
        one_rect_scene(tween)
    assert str(info.value) == message


def test_overlapping_changes_of_one_property_are_rejected() -> None:
    with pytest.raises(MlguideError, match="r.x changes again at 100 ms while an earlier"):
        one_rect_scene(Tween("r", "x", 0, 200, 1.0), Tween("r", "x", 100, 300, 2.0))


def test_css_easings_follow_the_browser_curves() -> None:
    # Values of the CSS keyword curves at p = 0.5 (cubic-bezier, as browsers compute them).
    assert EASINGS["ease"](0.5) == pytest.approx(0.8024, abs=1e-4)
    assert EASINGS["ease-in"](0.5) == pytest.approx(0.3153, abs=1e-4)
    assert EASINGS["ease-out"](0.5) == pytest.approx(0.6847, abs=1e-4)
    assert EASINGS["ease-in-out"](0.5) == pytest.approx(0.5, abs=1e-9)
    assert EASINGS["ease-in-out"](0.2) == pytest.approx(1 - EASINGS["ease-in-out"](0.8))


def test_loop_seam_names_the_property_that_does_not_come_back() -> None:
    closed = one_rect_scene(Tween("r", "x", 100, 200, 50.0), Tween("r", "x", 500, 600, 0.0))
    assert loop_seam(closed) is None
    stays = one_rect_scene(Tween("r", "x", 100, 200, 50.0))
    assert loop_seam(stays) == "r.x is 50.0 at the last frame (930 ms) but 0 at the first"
    # Two tokens with the same colour in both palettes are the same pixels; an RGB value is
    # not the token it equals in light: the dark variant would jump.
    assert loop_seam(one_rect_scene(Tween("r", "fill", 100, 200, "code_bg"))) is None
    assert loop_seam(one_rect_scene(Tween("r", "fill", 100, 200, rgb("surface")))) is not None


def test_frame_times_sit_on_the_centisecond_grid_at_15_fps() -> None:
    times = frame_times(one_rect_scene(duration=6000))
    assert len(times) == 90
    assert all(t % 10 == 0 for t in times)
    steps = {b - a for a, b in zip(times[:-1], times[1:], strict=True)}
    assert steps == {60, 70}
    assert times[-1] + 70 == pytest.approx(6000, abs=10)


def test_palette_keeps_flat_colours_exact_with_many_colours() -> None:
    rng = np.random.default_rng(1)
    frame = np.zeros((200, 200, 3), np.uint8)
    frame[:] = rgb("surface")
    frame[:50] = rgb("accent")
    frame[150:] = rng.integers(0, 256, (50, 200, 3), dtype=np.uint8)  # > 256 rare colours
    palette = build_palette([frame])
    assert len(palette) <= 256
    remapped = palette[Remapper(palette).indices(frame)]
    assert (remapped[:150] == frame[:150]).all()  # flat areas come back exactly


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("name", [a.name for a in ASSETS if a.animated])
def test_last_frame_flows_into_the_first(name: str, palette: Palette) -> None:
    scene = SCENES[name]
    last = frame_times(scene)[-1]
    assert (draw_at(scene, 0, palette) == draw_at(scene, last, palette)).all()


def test_the_dark_variant_is_drawn_in_the_dark_palette() -> None:
    scene = SCENES["gif-01"]
    light, dark = draw_at(scene, 0, LIGHT), draw_at(scene, 0, DARK)
    assert tuple(light[5, 5]) == rgb("bg", LIGHT) and tuple(dark[5, 5]) == rgb("bg", DARK)


def key_times(scene: Scene) -> list[int]:
    """The moments a viewer sees at rest: the start and the end of every change."""
    return sorted({0, *(t.end for t in scene.tweens if t.end < scene.duration)})


def visible_texts(scene: Scene, t: int, palette: Palette = LIGHT) -> list[Text]:
    """Texts fully shown and at rest at `t` (a colour change in flight is a transition)."""
    moving = {
        tw.target
        for tw in scene.tweens
        if tw.start < t < tw.end and tw.prop in ("color", "on", "opacity", "text")
    }
    return [
        s
        for s in state_at(scene, t, palette)
        if isinstance(s, Text) and s.opacity > 0.99 and s.text and s.id not in moving
    ]


@pytest.mark.parametrize("name", sorted(SCENES))
def test_no_text_leaves_the_canvas(name: str) -> None:
    scene = SCENES[name]
    for t in key_times(scene):
        for text in visible_texts(scene, t):
            left, top, right, bottom = text_box(text)
            assert left >= 8 and top >= 8, (t, text.id, left, top)
            assert right <= scene.width - 8 and bottom <= scene.height - 8, (t, text.id)


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("name", sorted(SCENES))
def test_text_meets_wcag_aa_contrast(name: str, palette: Palette) -> None:
    scene = SCENES[name]
    checked = 0
    for t in key_times(scene):
        for text in visible_texts(scene, t, palette):
            ratio = contrast_ratio(color_of(text.color, palette), color_of(text.on, palette))
            assert ratio >= 4.5, (
                f"{name} at {t} ms: {text.id} {text.color} on {text.on}: {ratio:.2f}"
            )
            checked += 1
    assert checked > 5


def test_site_token_pairs_meet_aa_in_light_and_dark() -> None:
    from mlguide.tokens import hex_to_rgb

    for palette in (LIGHT, DARK):
        for fg, bg in [
            ("ink", "bg"),
            ("muted", "bg"),
            ("accent", "bg"),
            ("muted", "surface"),
            ("accent", "surface"),
            ("accent_ink", "accent"),
            ("ink", "code_bg"),
        ]:
            ratio = contrast_ratio(
                hex_to_rgb(getattr(palette, fg)), hex_to_rgb(getattr(palette, bg))
            )
            assert ratio >= 4.5, (fg, bg, ratio)


def test_the_gif_writer_is_pixel_exact_frame_by_frame() -> None:
    import io

    from PIL import Image

    from mlguide.engine.animate import render_frames
    from mlguide.engine.encode import encode_gif, to_indexed

    frames = render_frames(SCENES["gif-06"])
    indexed, palette = to_indexed(frames.images)
    # A repeated frame (merged into one longer frame) and a one-pixel change.
    tiny = indexed[-1].copy()
    tiny[3, 3] = (tiny[3, 3] + 1) % len(palette)
    stack = np.concatenate([indexed, indexed[-1:], tiny[None]])
    durations = [*frames.durations, 100, 200]
    data = encode_gif(stack, palette, durations)
    expected = [stack[0]] + [
        b for a, b in zip(stack, stack[1:], strict=False) if not np.array_equal(a, b)
    ]
    with Image.open(io.BytesIO(data)) as gif:
        assert gif.n_frames == len(expected)
        assert gif.info["loop"] == 0
        for i, want in enumerate(expected):
            gif.seek(i)
            assert np.array_equal(np.asarray(gif.convert("RGB")), palette[want]), f"frame {i}"
        gif.seek(gif.n_frames - 2)
        assert gif.info["duration"] == frames.durations[-1] + 100  # merged hold
