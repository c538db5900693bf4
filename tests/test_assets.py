"""The committed visuals and `mlguide render-assets`: formats, budgets, determinism, caching."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from mlguide.cards.store import card_files
from mlguide.cli import main
from mlguide.commands import render_assets as ra
from mlguide.engine.animate import encode_animation, render_frames
from mlguide.errors import MlguideError
from mlguide.paths import ProjectPaths, project_paths
from mlguide.scenes.discover import discover
from mlguide.scenes.draw import draw_files
from mlguide.scenes.inputs import ImportGraph
from mlguide.scenes.load import Asset, build_scene, load_asset
from mlguide.store import code
from mlguide.store.files import Digests
from mlguide.store.made import is_current, read_manifest

from .conftest import REPO

PROJECT = project_paths(REPO)
ASSETS_DIR = PROJECT.assets
ASSETS = {a.name: a for a in (load_asset(s) for s in discover(PROJECT.scenes))}
GIFS = [a for a in ASSETS.values() if a.animated]


def scene_project(root: Path) -> ProjectPaths:
    """A project holding a copy of the guide's scene files (and nothing else) to break."""
    shutil.copytree(PROJECT.scenes, root / "assets" / "scenes")
    return project_paths(root)


@pytest.mark.parametrize(("name", "size"), [("poster", (1200, 600)), ("poster-og", (1200, 630))])
def test_posters_are_real_pngs_of_the_right_size(name: str, size: tuple[int, int]) -> None:
    data = (ASSETS_DIR / ASSETS[name].files[0]).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(ASSETS_DIR / ASSETS[name].files[0]) as img:
        assert img.format == "PNG" and img.size == size


@pytest.mark.parametrize("asset", GIFS, ids=lambda a: a.name)
def test_gif_is_animated_looping_and_within_budget(asset: Asset) -> None:
    gif, webp, still, dark_webp, dark_still = (ASSETS_DIR / f for f in asset.files[:5])
    frames = iio.imread(gif, index=None)  # imageio reads the whole stack
    width, height = asset.figure.size
    assert frames.shape[0] >= 20 and frames.shape[1:3] == (height, width)
    with Image.open(gif) as img:
        assert img.info["loop"] == 0
        durations = []
        for i in range(img.n_frames):
            img.seek(i)
            durations.append(img.info["duration"])
    assert all(d >= 20 and d % 10 == 0 for d in durations)
    assert gif.stat().st_size <= 250 * 1024
    assert webp.stat().st_size <= 0.75 * gif.stat().st_size
    with Image.open(webp) as img:
        assert img.format == "WEBP" and img.n_frames > 1
    with Image.open(gif) as a, Image.open(still) as b:
        assert (np.asarray(a.convert("RGB")) == np.asarray(b.convert("RGB"))).all()
    # The dark variant: the same animation in the dark palette, with its own still.
    assert dark_webp.stat().st_size <= 0.75 * gif.stat().st_size
    with Image.open(dark_webp) as a, Image.open(dark_still) as b, Image.open(webp) as c:
        assert a.n_frames == c.n_frames and a.info["loop"] == 0
        first = np.asarray(a.convert("RGB"))
        assert (first == np.asarray(b.convert("RGB"))).all()
        assert first.mean() < np.asarray(c.convert("RGB")).mean()  # darker than the light one


@pytest.mark.parametrize("asset", GIFS, ids=lambda a: a.name)
def test_the_phone_layout_is_an_animation_with_its_still_and_dark_twin(asset: Asset) -> None:
    assert asset.figure.narrow is not None
    webp, still, dark_webp, dark_still = (ASSETS_DIR / f for f in asset.files[5:])
    with Image.open(webp) as a, Image.open(still) as b, Image.open(dark_webp) as c:
        assert a.format == "WEBP" and a.n_frames > 1 and a.info["loop"] == 0
        assert a.size == b.size == c.size == asset.figure.narrow
        assert (np.asarray(a.convert("RGB")) == np.asarray(b.convert("RGB"))).all()
        assert a.n_frames == c.n_frames
    with Image.open(dark_still) as a, Image.open(still) as b:
        assert np.asarray(a.convert("RGB")).mean() < np.asarray(b.convert("RGB")).mean()
    assert webp.stat().st_size <= 200 * 1024


def test_seven_gifs_together_stay_under_1_5_mb() -> None:
    total = sum((ASSETS_DIR / a.files[0]).stat().st_size for a in GIFS)
    assert len(GIFS) == 7 and total < 1.5 * 1024 * 1024


def test_the_committed_manifest_records_the_committed_files() -> None:
    manifest = read_manifest(ASSETS_DIR)
    assert sorted(manifest) == sorted(ASSETS)
    graph = ImportGraph(ASSETS_DIR / "scenes")
    for name, asset in ASSETS.items():
        key = graph.digest(ASSETS_DIR / "scenes" / f"{name}.py")
        assert is_current(manifest[name], key, ASSETS_DIR, REPO, Digests()), name
        assert sorted(manifest[name].outputs) == sorted(asset.files)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ASSETS))  # one at a time: spread over the test workers
def test_committed_pictures_are_what_this_machine_draws(name: str) -> None:
    """The committed bytes, drawn again here (CI's fonts, Pillow, numpy): a still picture's
    every file; an animation's wide light pass (its GIF, WebP and still) and its narrow dark
    one. The two other passes run the same code with the other layout or palette; drawing
    them too doubled this test's time (86 CPU seconds). The manifest test above ties every
    file to its inputs, and `render-assets --force` is tested on the poster."""
    asset = ASSETS[name]
    light, dark = ra.theme_palettes(PROJECT)
    if not asset.animated:
        drawn = {f.name: f.data for f in draw_files(asset, palettes=(light, dark))}
        assert sorted(drawn) == sorted(asset.files)
    else:
        gif, webp, still, dark_webp, dark_still, *narrow = asset.files
        wide = encode_animation(render_frames(build_scene(asset, False), None, light))
        drawn = {{"gif": gif, "webp": webp, "still": still}[k]: data for k, data in wide}
        names = (narrow[2], narrow[3]) if narrow else (dark_webp, dark_still)
        scene = build_scene(asset, bool(narrow))
        other = encode_animation(render_frames(scene, None, dark), with_gif=False)
        drawn |= {{"webp": names[0], "still": names[1]}[k]: data for k, data in other}
        assert len(drawn) == 5
    for file, data in drawn.items():
        assert data == (ASSETS_DIR / file).read_bytes(), file


def test_force_renders_again_and_writes_what_is_committed(tmp_path: Path) -> None:
    paths = scene_project(tmp_path)
    results = ra.render_assets(paths, ["poster"], force=True, jobs=1)
    assert [(r.name, r.rendered) for r in results] == [("poster", True)]
    assert [r.rendered for r in ra.render_assets(paths, ["poster"], force=True)] == [True]
    for file in ASSETS["poster"].files:
        assert (paths.assets / file).read_bytes() == (ASSETS_DIR / file).read_bytes(), file
    fresh, committed = read_manifest(paths.assets), read_manifest(ASSETS_DIR)
    assert fresh["poster"].outputs == committed["poster"].outputs


def test_rendering_twice_gives_identical_bytes() -> None:
    # The poster, drawn in a second: the animations' determinism across processes is what
    # the forced render above checks against the committed files.
    first = [(f.name, f.data) for f in draw_files(ASSETS["poster"])]
    assert len(first) == 4 and first == [(f.name, f.data) for f in draw_files(ASSETS["poster"])]


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package sources that the input hash reads, safe to edit."""
    copy = tmp_path / "pkg" / "mlguide"
    shutil.copytree(code.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code, "PACKAGE", copy)
    code.forget_fingerprints()
    yield copy
    code.forget_fingerprints()


def test_unchanged_inputs_skip_and_a_changed_token_re_renders(
    tmp_path: Path, package_copy: Path
) -> None:
    paths = scene_project(tmp_path / "proj")
    first = ra.render_assets(paths, ["poster"])
    assert [r.rendered for r in first] == [True]
    assert [r.rendered for r in ra.render_assets(paths, ["poster"])] == [False]
    tokens = package_copy / "tokens.py"
    tokens.write_text(tokens.read_text().replace('accent="#2546c7"', 'accent="#2546c8"'))
    code.forget_fingerprints()  # a new process: the code it loads is the code it keys
    assert [r.rendered for r in ra.render_assets(paths, ["poster"])] == [True]


def test_a_deleted_or_edited_output_is_redrawn(tmp_path: Path) -> None:
    paths = scene_project(tmp_path)
    ra.render_assets(paths, ["poster"])
    (paths.assets / "blog-poster-1200x600.png").write_bytes(b"edited")
    assert [r.rendered for r in ra.render_assets(paths, ["poster"])] == [True]
    assert (paths.assets / "blog-poster-1200x600.png").read_bytes()[:4] == b"\x89PNG"


def test_a_crash_while_writing_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = scene_project(tmp_path)
    ra.render_assets(paths, ["poster"])
    before = {p.name: p.read_bytes() for p in paths.assets.iterdir() if p.is_file()}
    assert len(before) >= 3  # the light and dark pictures and the manifest

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mlguide.fileio.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ra.render_assets(paths, ["poster"], force=True)
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in paths.assets.iterdir() if p.is_file()}
    assert after == before  # no temp files either


def test_unknown_asset_name_lists_the_valid_ones(tmp_path: Path) -> None:
    paths = scene_project(tmp_path)
    with pytest.raises(MlguideError) as info:
        ra.render_assets(paths, ["gif-99"])
    assert str(info.value) == (
        "unknown asset `gif-99`; valid names: gif-01, gif-02, gif-03, gif-04, gif-05, gif-06, "
        "gif-07, poster, poster-og, cards"
    )
    with pytest.raises(MlguideError, match=r"unknown asset `gif-1`; did you mean `gif-01`\?"):
        ra.render_assets(paths, ["gif-1"])


def test_cli_list_and_unknown_name(tmp_path: Path) -> None:
    listing = CliRunner().invoke(main, ["-C", str(REPO), "render-assets", "--list"])
    assert listing.exit_code == 0
    assert "gif-03     The data-prep funnel" in listing.output
    assert "ml-model-gif-03-data-prep.webp" in listing.output
    scene_project(tmp_path)
    bad = CliRunner().invoke(main, ["-C", str(tmp_path), "render-assets", "nope"])
    assert bad.exit_code == 1 and bad.output.startswith("error: unknown asset `nope`")
    assert [p.name for p in (tmp_path / "assets").iterdir()] == ["scenes"]


def test_cli_list_names_every_card_file_the_dark_hero_too(tmp_path: Path) -> None:
    """`--list` showed the hero and the social card but not the dark hero beside them."""
    (tmp_path / "content").mkdir()
    (tmp_path / "mlguide.yml").write_text("title: Cards\n")
    listing = CliRunner().invoke(main, ["-C", str(tmp_path), "render-assets", "--list", "cards"])
    assert listing.exit_code == 0, listing.output
    shown = listing.output.splitlines()[-1].strip()
    assert shown == "generated/cards/" + ", ".join(card_files("<slug>"))
    assert "<slug>-1200x600-dark.png" in shown


def test_cli_says_which_file_each_size_is_and_reports_unchanged_assets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each size names its file; a dark variant is shown beside its light twin, labelled."""
    scene_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["render-assets", "poster", "poster-og"]
    first = runner.invoke(main, args).stdout.splitlines()
    assert first[0].startswith("rendered poster: 1 frame in ")
    sizes = [line.split() for line in first if line.startswith("  ")]
    light, narrow, og = (
        ASSETS_DIR / ASSETS[n].files[i] for n, i in [("poster", 0), ("poster", 2), ("poster-og", 0)]
    )
    assert [row[0] for row in sizes] == [
        f"assets/{light.name}",
        f"assets/{narrow.name}",
        f"assets/{og.name}",
    ]
    drawn = tmp_path / "assets"
    assert sizes[0][1:] == [
        f"{(drawn / light.name).stat().st_size / 1024:.0f}",
        "KB",
        "(light),",
        f"{(drawn / light.name.replace('.png', '-dark.png')).stat().st_size / 1024:.0f}",
        "KB",
        "(dark)",
    ]
    assert sizes[2][1:] == [f"{(drawn / og.name).stat().st_size / 1024:.0f}", "KB"]
    second = runner.invoke(main, args)
    assert second.exit_code == 0
    assert "unchanged poster: 4 files, " in second.stdout
    assert "unchanged poster-og: 1 file, " in second.stdout


def test_a_still_with_dark_draws_the_same_layout_in_the_dark_palette() -> None:
    import io

    from mlguide.tokens import DARK, LIGHT, rgb

    light, dark, narrow, narrow_dark = draw_files(ASSETS["poster"])
    assert (light.name, dark.name) == ("blog-poster-1200x600.png", "blog-poster-1200x600-dark.png")
    assert (narrow.name, narrow_dark.name) == (
        "blog-poster-1200x600-narrow.png",
        "blog-poster-1200x600-narrow-dark.png",
    )

    pictures = [np.asarray(Image.open(io.BytesIO(f.data)).convert("RGB")) for f in (light, dark)]
    assert pictures[0].shape == pictures[1].shape == (600, 1200, 3)
    corner = [tuple(int(v) for v in p[599, 1199]) for p in pictures]
    assert corner == [rgb("bg", LIGHT), rgb("bg", DARK)]


def test_a_manifest_nested_past_the_stack_reads_as_nothing_drawn(tmp_path: Path) -> None:
    """Every reader of the record (serve's watcher too) gets "nothing recorded", never a
    RecursionError from the JSON reader."""
    from mlguide.store.made import MANIFEST, read_manifest

    (tmp_path / MANIFEST).write_text("[" * 100_000 + "]" * 100_000)
    assert read_manifest(tmp_path) == {}
