"""The theme: one set of tokens from `theme:`, contrast kept AA whatever the colour, and the
CSS, cards, scenes and icons drawn from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from mlguide.cards.draw import card_png
from mlguide.cards.favicon import initials
from mlguide.cards.sizes import HERO
from mlguide.cards.text import CardText
from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError
from mlguide.site.config.loader import load_config
from mlguide.tokens import (
    AA_TEXT,
    DARK,
    LIGHT,
    Theme,
    css_variables,
    hex_to_rgb,
    make_tokens,
    themed_key,
    worst_contrast,
)

from .conftest import write

# From pale to saturated to near-black: whatever an author picks.
COLOURS = ["#ffcc00", "#ff0000", "#00ff00", "#0f766e", "#7c3aed", "#ffffff", "#000000", "#888"]


@pytest.mark.parametrize("colour", COLOURS)
def test_any_accent_keeps_aa_in_light_and_dark(colour: str) -> None:
    tokens = make_tokens(Theme(accent=colour))
    assert worst_contrast(tokens.light.accent, tokens.light) >= AA_TEXT
    assert worst_contrast(tokens.dark.accent, tokens.dark) >= AA_TEXT


def test_a_pale_accent_is_darkened_with_a_message_and_keeps_its_hue() -> None:
    tokens = make_tokens(Theme(accent="#ffcc00"))
    assert tokens.light.accent != "#ffcc00"
    r, g, b = hex_to_rgb(tokens.light.accent)
    assert r > g > b  # still a yellow-orange, only darker
    (note,) = tokens.adjusted
    assert "theme `accent` #ffcc00 is 1.3:1 on the light page" in note
    assert f"{tokens.light.accent} (4.5:1) is used instead" in note


def test_a_readable_accent_is_kept_as_given() -> None:
    tokens = make_tokens(Theme(accent="#0f766e", accent_dark="#5eead4"))
    assert (tokens.light.accent, tokens.dark.accent, tokens.adjusted) == ("#0f766e", "#5eead4", ())


def test_the_default_theme_is_the_default_palettes() -> None:
    tokens = make_tokens()
    assert (tokens.light, tokens.dark) == (LIGHT, DARK)
    assert make_tokens(Theme(accent=LIGHT.accent)).dark == DARK


def test_a_fixed_scheme_gets_one_palette_and_no_media_query() -> None:
    css = css_variables(make_tokens(Theme(accent="#0f766e", scheme="dark")))
    assert "color-scheme:dark;" in css and "@media" not in css
    assert f"--bg:{DARK.bg};" in css


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            'theme: {accent: "teal"}\n',
            "`theme` `accent` `teal` is not a colour: write it as #rrggbb",
        ),
        ("theme: {font: comic}\n", "`theme` `font` must be inter, system, serif, not `comic`"),
        ("theme: {scheme: sepia}\n", "`theme` `scheme` must be auto, light, dark"),
        ("theme: {colour: red}\n", "`theme` has an unknown key `colour`"),
        ("theme: {logo: logo.pdf}\n", "`theme` `logo` must be a picture"),
    ],
)
def test_bad_theme_settings_are_errors_at_their_line(
    tmp_path: Path, yaml: str, message: str
) -> None:
    config = write(tmp_path / "mlguide.yml", "title: T\n" + yaml)
    with pytest.raises(MlguideError, match=message.replace("(", r"\(")) as caught:
        load_config(config)
    assert caught.value.line == 2


def test_cards_are_drawn_in_the_theme() -> None:
    """Each palette of the theme draws its own card; the colour field is the palette's colour
    for the post's first tag (a topic's posts share it: issue 25's card identity)."""
    import io

    from mlguide.cards.layout import field_colour

    tokens = make_tokens(Theme(accent="#7c3aed"))
    text = CardText("Site", "A title", "A description", "1 May 2026", ("ml",))
    fields = []
    for palette in (tokens.light, tokens.dark):
        image = Image.open(io.BytesIO(card_png(text, HERO, palette))).convert("RGB")
        fields.append(image.getpixel((4, HERO[1] // 2)))
        assert fields[-1] == hex_to_rgb(getattr(palette, field_colour(text)))
    assert fields[0] != fields[1]


def test_a_theme_notice_names_the_config(project: Path) -> None:
    write(
        project / "mlguide.yml",
        'title: T\nbase_url: https://t.github.io/\ntheme:\n  accent: "#ffff00"\n',
    )
    result = build(BuildOptions(project, strict=False))
    assert not any(f.rule == "theme" for f in result.findings)  # a notice: --strict shows it
    result = build(BuildOptions(project, project / "strict", strict=True, force=True))
    (notice,) = [f for f in result.findings if f.rule == "theme"]
    assert notice.notice and notice.path == project / "mlguide.yml"
    assert "choose a darker colour" in notice.message


@pytest.mark.parametrize(
    ("title", "letters"),
    [("Gradient Notes", "GN"), ("mlguide", "M"), ("机器学习", "J"), ("A B C", "AB"), ("!!", "·")],
)
def test_icon_initials(title: str, letters: str) -> None:
    assert initials(title) == letters


def test_a_projects_own_favicon_replaces_the_drawn_one(project: Path) -> None:
    Image.new("RGB", (300, 200), (200, 30, 60)).save(project / "icon.png")
    write(project / "mlguide.yml", "title: T\ntheme:\n  favicon: icon.png\n  logo: icon.png\n")
    build(BuildOptions(project))
    out = project / "build"
    with Image.open(out / "apple-touch-icon.png") as touch:
        assert touch.size == (180, 180) and touch.getpixel((90, 90)) == (200, 30, 60)
    assert not (out / "favicon.svg").exists()
    page = (out / "index.html").read_text()
    assert '<img class="site-logo" src="assets/icon.' in page and 'width="300"' in page


def test_a_missing_logo_is_an_error(project: Path) -> None:
    write(project / "mlguide.yml", "title: T\ntheme:\n  logo: gone.svg\n")
    with pytest.raises(MlguideError, match="`theme` `logo`: no file gone.svg"):
        build(BuildOptions(project))


def test_scenes_are_drawn_in_the_theme_and_redrawn_when_it_changes(tmp_path: Path) -> None:
    """The starter scene (which fills its pills with `accent`) in a recoloured theme; its
    manifest key changes with the colours, and stays as it was for the default ones."""
    import datetime as dt
    import io

    from mlguide.commands.init import Blog, init
    from mlguide.commands.render_assets import theme_palettes
    from mlguide.engine.animate import render_still
    from mlguide.paths import project_paths
    from mlguide.scenes.discover import discover
    from mlguide.scenes.load import load_scene

    init(tmp_path, Blog("T", "", None), False, dt.date(2026, 1, 1))
    paths = project_paths(tmp_path)
    assert theme_palettes(paths) == (LIGHT, DARK) and themed_key("d", (LIGHT, DARK)) == "d"
    config = tmp_path / "mlguide.yml"
    config.write_text(config.read_text() + 'theme:\n  accent: "#7c3aed"\n')
    light, dark = theme_palettes(paths)
    assert light.accent == "#7c3aed" and themed_key("d", (light, dark)) != "d"
    (scene_file,) = discover(paths.scenes)
    scene = load_scene(scene_file)
    for palette in (light, dark):
        still = Image.open(io.BytesIO(render_still(scene, palette))).convert("RGB")
        colours = {c for _, c in still.getcolors(1 << 16) or []}
        assert hex_to_rgb(palette.accent) in colours
        assert hex_to_rgb(LIGHT.accent) not in colours


@pytest.mark.slow
def test_build_says_when_scenes_were_drawn_in_other_colours(tmp_path: Path) -> None:
    import datetime as dt

    from mlguide.commands.init import Blog, init
    from mlguide.commands.render_assets import render_assets
    from mlguide.paths import project_paths

    init(tmp_path, Blog("T", "", "https://t.github.io/"), False, dt.date(2026, 1, 1))
    paths = project_paths(tmp_path)
    render_assets(paths, jobs=1)
    assert not [f for f in build(BuildOptions(tmp_path)).findings if f.rule == "scenes"]
    config = tmp_path / "mlguide.yml"
    config.write_text(config.read_text() + 'theme:\n  accent: "#7c3aed"\n')
    (finding,) = [f for f in build(BuildOptions(tmp_path)).findings if f.rule == "scenes"]
    assert "its pictures were drawn in other theme colours" in finding.message
    assert not finding.notice  # a warning: --strict fails until they are drawn again
    (result,) = render_assets(paths, jobs=1)
    assert result.rendered
    assert not [f for f in build(BuildOptions(tmp_path)).findings if f.rule == "scenes"]
