"""The committed visuals and `mlguide render-assets`: formats, budgets, determinism, caching."""

import shutil
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from mlguide.cli import main
from mlguide.commands import render_assets as ra
from mlguide.errors import MlguideError
from mlguide.scenes import ASSETS, BY_NAME

from .conftest import REPO

ASSETS_DIR = REPO / "assets"
GIFS = [a for a in ASSETS if a.animated]


@pytest.mark.parametrize(("name", "size"), [("poster", (1200, 600)), ("poster-og", (1200, 630))])
def test_posters_are_real_pngs_of_the_right_size(name: str, size: tuple[int, int]) -> None:
    data = (ASSETS_DIR / BY_NAME[name].files[0]).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(ASSETS_DIR / BY_NAME[name].files[0]) as img:
        assert img.format == "PNG" and img.size == size


@pytest.mark.parametrize("asset", GIFS, ids=lambda a: a.name)
def test_gif_is_animated_looping_and_within_budget(asset: ra.Asset) -> None:
    gif, webp, still, dark_webp, dark_still = (ASSETS_DIR / f for f in asset.files)
    frames = iio.imread(gif, index=None)  # imageio reads the whole stack
    assert frames.shape[0] >= 20 and frames.shape[1:3] == (540, 960)
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


def test_seven_gifs_together_stay_under_1_5_mb() -> None:
    total = sum((ASSETS_DIR / a.files[0]).stat().st_size for a in GIFS)
    assert len(GIFS) == 7 and total < 1.5 * 1024 * 1024


@pytest.mark.slow
def test_committed_assets_are_exactly_what_force_renders(tmp_path: Path) -> None:
    results = ra.render_assets(tmp_path, force=True, jobs=2)
    assert all(r.rendered for r in results)
    for asset in ASSETS:
        for name in asset.files:
            assert (tmp_path / name).read_bytes() == (ASSETS_DIR / name).read_bytes(), name


def test_rendering_twice_gives_identical_bytes() -> None:
    a, _ = ra.render_asset_files(BY_NAME["gif-06"])
    b, _ = ra.render_asset_files(BY_NAME["gif-06"])
    assert a == b


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package sources that the input hash reads, safe to edit."""
    copy = tmp_path / "pkg"
    shutil.copytree(ra.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(ra, "PACKAGE", copy)
    return copy


def test_unchanged_inputs_skip_and_a_changed_token_re_renders(
    tmp_path: Path, package_copy: Path
) -> None:
    out = tmp_path / "assets"
    first = ra.render_assets(out, ["poster"])
    assert [r.rendered for r in first] == [True]
    assert [r.rendered for r in ra.render_assets(out, ["poster"])] == [False]
    tokens = package_copy / "tokens.py"
    tokens.write_text(tokens.read_text().replace('accent="#2546c7"', 'accent="#2546c8"'))
    assert [r.rendered for r in ra.render_assets(out, ["poster"])] == [True]


def test_a_deleted_or_edited_output_is_redrawn(tmp_path: Path) -> None:
    out = tmp_path / "assets"
    ra.render_assets(out, ["poster"])
    (out / "blog-poster-1200x600.png").write_bytes(b"edited")
    assert [r.rendered for r in ra.render_assets(out, ["poster"])] == [True]
    assert (out / "blog-poster-1200x600.png").read_bytes()[:4] == b"\x89PNG"


def test_a_crash_while_writing_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "assets"
    ra.render_assets(out, ["gif-06"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mlguide.output.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ra.render_assets(out, ["gif-06"], force=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files either


def test_unknown_asset_name_lists_the_valid_ones() -> None:
    with pytest.raises(MlguideError) as info:
        ra.select(["gif-99"])
    assert str(info.value) == (
        "unknown asset `gif-99`; valid names: poster, poster-og, gif-01, "
        "gif-02, gif-03, gif-04, gif-05, gif-06, gif-07"
    )


def test_cli_list_and_unknown_name(tmp_path: Path) -> None:
    listing = CliRunner().invoke(main, ["render-assets", "--list"])
    assert listing.exit_code == 0
    assert "gif-03     The data-prep funnel" in listing.output
    assert "ml-model-gif-03-data-prep.webp" in listing.output
    bad = CliRunner().invoke(main, ["-C", str(tmp_path), "render-assets", "nope"])
    assert bad.exit_code == 1 and bad.output.startswith("error: unknown asset `nope`")
    assert not (tmp_path / "assets").exists()


def test_cli_reports_unchanged_assets(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["-C", str(tmp_path), "render-assets", "poster", "poster-og"]
    assert "rendered poster" in runner.invoke(main, args).output
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and "unchanged poster" in second.output
