"""Figures that read on a phone: narrow (portrait) variants, the 12 CSS px check at render
time, and the finished picture held long enough to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlguide.engine.legibility import (
    MIN_CSS_PX,
    PHONE_COLUMN,
    WIDE_FROM,
    finished_ms,
    shown_width,
    small_texts,
)
from mlguide.engine.shapes import Text
from mlguide.engine.timeline import Scene, Tween
from mlguide.errors import Finding, MlguideError
from mlguide.paths import project_paths
from mlguide.scene import Animation, Still
from mlguide.scenes.discover import SceneFile, discover
from mlguide.scenes.draw import draw_files
from mlguide.scenes.load import build_scene, load_asset

from .conftest import REPO
from .test_scenes_project import marked_line, write_scene

NARROW = """
    from dataclasses import dataclass

    from mlguide.scene import Animation, Canvas, Step, Text, label, loop, to, tween

    FIGURE = Animation("A word", size=(320, 180), narrow=(240, 300))


    @dataclass(frozen=True)
    class Parts:
        word: Text


    def layout(canvas: Canvas) -> Parts:
        size = 18 if canvas.narrow else SIZE
        return Parts(label(canvas.width / 2, canvas.height / 2, "word", size))


    def timeline(p: Parts) -> Step:
        return loop(tween(p.word, 200, color="ink"), hold=2000, rewind=[to(p.word, color="muted")], linger=1500)
"""


def scene_file(tmp_path: Path, source: str, name: str = "word.py") -> SceneFile:
    path = write_scene(tmp_path, name, source)
    return SceneFile(path.stem, path)


def text_scene(*texts: Text, width: int = 960, tweens: tuple[Tween, ...] = ()) -> Scene:
    named = tuple(Text(**{**t.__dict__, "id": f"t{i}"}) for i, t in enumerate(texts))
    return Scene("s", width, 540, 1000 if tweens else 0, named, tweens)


def test_a_label_shown_too_small_is_found_with_its_size_on_screen() -> None:
    scene = text_scene(Text(text="tiny", size=17), Text(text="big", size=40))
    (small,) = small_texts(scene, PHONE_COLUMN)
    assert small.shape == "t0" and small.text == "tiny"
    assert small.css_px == round(17 * PHONE_COLUMN / 960, 1) < MIN_CSS_PX
    assert small_texts(scene, 960) == []  # the same label shown at full size reads


def test_a_label_shrunk_to_fit_counts_at_the_size_it_is_drawn() -> None:
    squeezed = Text(text="a label far too long for its box", size=20, max_width=120)
    assert small_texts(text_scene(squeezed, width=480), PHONE_COLUMN)
    assert not small_texts(text_scene(Text(text="fits", size=20), width=480), PHONE_COLUMN)


def test_a_text_the_timeline_swaps_in_is_checked_too() -> None:
    box = Text(text="ok", size=18, max_width=60)
    swap = Tween("t0", "text", 200, 200, "a much longer caption")
    assert not small_texts(text_scene(box, width=480), PHONE_COLUMN)
    (found,) = small_texts(text_scene(box, width=480, tweens=(swap,)), PHONE_COLUMN)
    assert found.text == "a much longer caption"


def test_each_variant_is_checked_where_it_is_shown_narrowest() -> None:
    assert shown_width(narrow_variant=True, has_narrow=True) == PHONE_COLUMN
    assert shown_width(narrow_variant=False, has_narrow=True) == WIDE_FROM
    assert shown_width(narrow_variant=False, has_narrow=False) == PHONE_COLUMN


def test_the_css_the_check_assumes_is_the_css_pages_have() -> None:
    """328 = 360 - 2 x 16 px gutters; 704 = the wide track; 48rem = where phones stop."""
    css = (REPO / "templates" / "style.css").read_text(encoding="utf-8")
    assert "--gutter:clamp(1rem,4vw,1.5rem)" in css and "--wide:44rem" in css
    figure = (REPO / "templates" / "figure.html.j2").read_text(encoding="utf-8")
    assert '{% set narrow = "(max-width: 47.99rem)" %}' in figure
    assert PHONE_COLUMN == 360 - 2 * 16 and WIDE_FROM == 44 * 16


def test_files_of_figures_with_a_narrow_variant() -> None:
    anim = Animation("x", file="fig", narrow=(480, 600)).files("x")
    assert anim[5:] == (
        "fig-narrow.webp",
        "fig-narrow-still.png",
        "fig-narrow-dark.webp",
        "fig-narrow-dark-still.png",
    )
    assert Animation("x", file="fig").files("x")[-1] == "fig-dark-still.png"
    still = Still("x", file="poster.png", dark=True, narrow=(480, 260)).files("x")
    assert still == ("poster.png", "poster-dark.png", "poster-narrow.png", "poster-narrow-dark.png")


def test_the_narrow_layout_draws_on_its_own_canvas(tmp_path: Path) -> None:
    asset = load_asset(scene_file(tmp_path, NARROW.replace("SIZE", "40")))
    wide, narrow = build_scene(asset), build_scene(asset, narrow=True)
    assert (wide.width, wide.height, narrow.width, narrow.height) == (320, 180, 240, 300)
    assert narrow.name == "word-narrow"
    word = {s.id: s for s in narrow.shapes}["word"]
    assert isinstance(word, Text) and (word.x, word.size) == (120, 18)


def test_a_narrow_figure_whose_layout_ignores_the_canvas_is_refused_at_its_line(
    tmp_path: Path,
) -> None:
    source = NARROW.replace(
        "def layout(canvas: Canvas) -> Parts:", "def layout() -> Parts:  # <- error here"
    )
    source = source.replace("SIZE", "40").replace("18 if canvas.narrow else 40", "40")
    source = source.replace("canvas.width / 2, canvas.height / 2", "160, 90")
    path = write_scene(tmp_path, "word.py", source)
    with pytest.raises(MlguideError, match="layout takes the canvas") as raised:
        load_asset(SceneFile("word", path))
    assert raised.value.path == path and raised.value.line == marked_line(path)


def test_rendering_warns_about_small_labels_naming_the_scene_and_the_label(
    tmp_path: Path,
) -> None:
    warned: list[Finding] = []
    asset = load_asset(scene_file(tmp_path, NARROW.replace("SIZE", "5")))  # 11 px at 704
    names = [f.name for f in draw_files(asset, warn=warned.append)]
    assert sorted(names) == sorted(asset.files) and len(names) == 9
    (finding,) = warned
    assert finding.rule == "figure-text" and finding.path == asset.path
    assert "word (layout)" in finding.message and "“word” (word)" in finding.message
    assert "shown 704 px wide" in finding.message  # the wide one, where it is narrowest


def test_rendering_is_quiet_when_every_label_reads(tmp_path: Path) -> None:
    warned: list[Finding] = []
    asset = load_asset(scene_file(tmp_path, NARROW.replace("SIZE", "40")))
    list(draw_files(asset, warn=warned.append))
    assert warned == []


def test_a_loop_that_shows_its_finished_picture_briefly_is_warned_about(tmp_path: Path) -> None:
    brief = (
        NARROW.replace("SIZE", "40")
        .replace("hold=2000", "hold=600")
        .replace("linger=1500", "linger=400")
    )
    asset = load_asset(scene_file(tmp_path, brief))
    assert finished_ms(build_scene(asset)) == 600 - 140 + 400  # the rewind fade is motion
    warned: list[Finding] = []
    list(draw_files(asset, warn=warned.append))
    assert [f.rule for f in warned] == ["figure-hold"] and "0.86 s" in warned[0].message


@pytest.mark.parametrize(
    "scene", [s for s in discover(project_paths(REPO).scenes)], ids=lambda s: s.name
)
def test_every_figure_of_the_guide_reads_on_a_phone_and_holds_its_finish(scene: SceneFile) -> None:
    from mlguide.scenes.draw import finished_time, legibility

    asset = load_asset(scene)
    found: list[Finding] = []
    for narrow in (False, True) if asset.has_narrow else (False,):
        built = build_scene(asset, narrow)
        found += legibility(asset, built, narrow)
        if asset.animated and not narrow:
            found += finished_time(asset, built)
    assert found == []
    assert asset.has_narrow or not asset.on_page  # every picture a page shows has a phone layout
