"""Pictures at the right size (issue 24): which variants, their bytes (upright, sRGB, no
metadata, never upscaled), the image store, and the media players."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image, ImageCms, features

from mlguide.images import inspect_image
from mlguide.site.render import imagestore, pictures, variants
from mlguide.site.render.media import embed_of, kind_of
from mlguide.site.render.variants import Variant
from mlguide.store.files import FileState


def jpeg(path: Path, size: tuple[int, int], orientation: int = 1, **extra: object) -> Path:
    img = Image.new("RGB", size, (200, 40, 40))
    img.paste((40, 40, 200), (0, 0, size[0] // 2, size[1] // 4))  # a blue top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Secret Camera"
    exif[0x8825] = {2: (1.0, 2.0, 3.0)}  # GPS latitude
    img.save(path, quality=90, exif=exif.tobytes(), **extra)  # type: ignore[arg-type]
    return path


def test_widths_stop_at_twice_the_column_and_never_upscale() -> None:
    assert variants.widths_for(3000) == (360, 540, 704, 1080, 1408)
    assert variants.widths_for(1200) == (360, 540, 704, 1080, 1200)
    assert variants.widths_for(300) == (300,)


def test_formats_by_source() -> None:
    photo = variants.plan(3000, 2000, "JPEG", avif=True)
    assert [g[0].format for g in photo] == ["AVIF", "WEBP", "JPEG"]
    assert photo[0][-1] == Variant(1408, 939, "AVIF", quality=variants.AVIF_QUALITY)
    drawing = variants.plan(1200, 600, "PNG", avif=True)
    assert [(g[0].format, g[0].lossless) for g in drawing] == [("WEBP", True), ("PNG", True)]
    assert [g[0].format for g in variants.plan(800, 600, "JPEG", avif=False)] == ["WEBP", "JPEG"]


def test_exif_orientation_is_applied_and_metadata_left_behind(tmp_path: Path) -> None:
    # Orientation 6: the camera was turned; the upright picture is 60 wide, 100 high.
    data = jpeg(tmp_path / "turned.jpg", (100, 60), orientation=6).read_bytes()
    with io.BytesIO(data) as fh:
        assert variants.upright_size(fh) == (60, 100)
    formats = ["WEBP", "JPEG"] + (["AVIF"] if features.check("avif") else [])
    for fmt in formats:
        out = variants.encode(data, Variant(60, 100, fmt, quality=80))
        with Image.open(io.BytesIO(out)) as img:
            assert img.size == (60, 100), fmt
            assert not img.getexif(), fmt
            assert "icc_profile" not in img.info and "exif" not in img.info, fmt
            # The blue corner, top-left as shot, is top-right once turned upright.
            pixel = img.convert("RGB").getpixel((55, 5))
            assert isinstance(pixel, tuple)
            r, _, b = pixel[:3]
            assert b > r, fmt
        assert b"Secret Camera" not in out


def test_colours_are_turned_into_srgb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A picture with a colour profile is converted from it (Display P3 would look washed
    out once its profile is dropped); one without is left alone."""
    converted: list[bytes] = []
    original = ImageCms.profileToProfile

    def spy(
        img: Image.Image, source: ImageCms.ImageCmsProfile, *args: object, **kw: object
    ) -> object:
        converted.append(source.tobytes())
        return original(img, source, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ImageCms, "profileToProfile", spy)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = jpeg(tmp_path / "p.jpg", (40, 40), icc_profile=profile)
    out = variants.encode(path.read_bytes(), Variant(40, 40, "WEBP", quality=90))
    assert len(converted) == 1
    with Image.open(io.BytesIO(out)) as img:
        assert "icc_profile" not in img.info
    variants.encode(
        jpeg(tmp_path / "q.jpg", (40, 40)).read_bytes(), Variant(40, 40, "WEBP", quality=90)
    )
    assert len(converted) == 1


def test_a_palette_png_keeps_its_palette_and_transparency(tmp_path: Path) -> None:
    img = Image.new("P", (50, 20), 0)
    img.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    img.paste(1, (0, 0, 25, 20))
    img.save(tmp_path / "d.png", transparency=0)
    out = variants.encode((tmp_path / "d.png").read_bytes(), Variant(50, 20, "PNG", lossless=True))
    with Image.open(io.BytesIO(out)) as back:
        assert back.mode == "P" and "transparency" in back.info


def test_the_store_makes_once_and_refuses_a_symlink(tmp_path: Path) -> None:
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        return b"bytes"

    first = imagestore.stored(tmp_path, ("k", 1), ".webp", make)
    again = imagestore.stored(tmp_path, ("k", 1), ".webp", make)
    other = imagestore.stored(tmp_path, ("k", 2), ".webp", make)
    assert first == again != other and len(calls) == 2
    assert first is not None and first.read_bytes() == b"bytes"
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    first.unlink()
    os.symlink(secret, first)  # a restored cache that points elsewhere
    assert imagestore.stored(tmp_path, ("k", 1), ".webp", make) == first
    assert len(calls) == 3 and first.read_bytes() == b"bytes" and not first.is_symlink()


def test_two_processes_asking_at_once_make_the_picture_once(tmp_path: Path) -> None:
    """A cold build's workers start on the same posts: the second waits for the first's
    picture instead of encoding it again."""
    made = tmp_path / "made.log"

    def make() -> bytes:
        with made.open("a") as log:
            log.write(f"{os.getpid()}\n")
        time.sleep(0.5)  # long enough for the other process to ask meanwhile
        return b"bytes"

    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            found = imagestore.stored(tmp_path / "images", ("k", 1), ".webp", make)
            os._exit(0 if found is not None and found.read_bytes() == b"bytes" else 1)
        children.append(pid)
    statuses = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert statuses == [0, 0]
    assert len(made.read_text().splitlines()) == 1


def test_the_store_says_when_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    assert imagestore.stored(blocker / "images", ("k",), ".png", lambda: b"x") is None


def test_a_picture_is_made_once_then_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    image = inspect_image(jpeg(tmp_path / "photo.jpg", (1200, 800)))
    made: list[Variant] = []
    render = variants.render

    def counted(source: Image.Image, variant: Variant) -> bytes:
        made.append(variant)
        return render(source, variant)

    monkeypatch.setattr(variants, "render", counted)
    seen: dict[Path, FileState] = {}
    first = pictures.picture_of(image, tmp_path / "store", seen)
    count = len(made)
    assert first is not None and count == sum(
        len(g) for g in variants.plan(1200, 800, "JPEG", variants.can_write_avif())
    )
    again = pictures.picture_of(image, tmp_path / "store", seen)
    assert again == first and len(made) == count  # nothing encoded the second time
    assert first.src.width == 1200 and first.src.format == "JPEG"
    assert all(f.out_path.startswith("assets/photo-") for f in first.files())
    assert {f.source for f in first.files()} <= set(seen)  # the page depends on them


def test_a_name_with_spaces_and_commas_stays_one_srcset_entry(tmp_path: Path) -> None:
    image = inspect_image(jpeg(tmp_path / "my photo, final.jpg", (500, 300)))
    picture = pictures.picture_of(image, tmp_path / "store", {})
    assert picture is not None
    entries = picture.fallback.srcset("../").split(", ")
    assert len(entries) == len(picture.fallback.files) == 2
    assert entries[0].startswith("../assets/my%20photo%2C%20final-360w.") and entries[0].endswith(
        " 360w"
    )


def test_a_damaged_stored_variant_is_made_again(tmp_path: Path) -> None:
    image = inspect_image(jpeg(tmp_path / "photo.jpg", (400, 300)))
    first = pictures.picture_of(image, tmp_path / "store", {})
    assert first is not None
    first.src.source.write_bytes(b"not a picture")
    pictures._published.cache_clear()
    again = pictures.picture_of(image, tmp_path / "store", {})
    assert again is not None and again.src.sha256 == first.src.sha256


def test_svg_and_animations_are_not_resized(tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    assert pictures.picture_of(inspect_image(tmp_path / "a.svg"), tmp_path, {}) is None
    frames = [Image.new("RGB", (10, 10), c) for c in ("red", "blue")]
    frames[0].save(tmp_path / "a.gif", save_all=True, append_images=frames[1:], loop=0)
    assert pictures.picture_of(inspect_image(tmp_path / "a.gif"), tmp_path, {}) is None


@pytest.mark.parametrize(
    ("url", "site", "ident", "start"),
    [
        ("https://www.youtube.com/watch?v=aircAruvnKk", "YouTube", "aircAruvnKk", 0),
        ("https://youtu.be/aircAruvnKk?t=90", "YouTube", "aircAruvnKk", 90),
        ("https://youtube.com/shorts/aircAruvnKk", "YouTube", "aircAruvnKk", 0),
        ("https://www.youtube-nocookie.com/embed/aircAruvnKk?start=5", "YouTube", "aircAruvnKk", 5),
        ("https://m.youtube.com/watch?v=aircAruvnKk&t=1m30s", "YouTube", "aircAruvnKk", 90),
        ("https://vimeo.com/76979871", "Vimeo", "76979871", 0),
        ("https://player.vimeo.com/video/76979871#t=10s", "Vimeo", "76979871", 10),
    ],
)
def test_video_sites_in_their_usual_forms(url: str, site: str, ident: str, start: int) -> None:
    embed = embed_of(url)
    assert embed is not None and (embed.site, embed.id, embed.start) == (site, ident, start)
    assert embed.player.startswith(
        ("https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/")
    )


def test_what_a_player_shows() -> None:
    assert [kind_of(u) for u in ("a.mp4", "b.WEBM", "c.mp3", "d.png", "https://youtu.be/aircAruvnKk")] == [
        "video", "video", "audio", None, "embed",
    ]  # fmt: skip
    assert embed_of("https://www.youtube.com/watch?v=short") is None
    assert embed_of("https://example.com/watch?v=aircAruvnKk") is None


def test_a_page_gets_what_a_post_gets(tmp_path: Path) -> None:
    """A page (content/pages/) is written by its own template: its hero is variants too, and
    its code blocks and callouts have their CSS and the copy button's script."""
    from mlguide.commands.build import BuildOptions, build

    (tmp_path / "assets").mkdir()
    jpeg(tmp_path / "assets" / "team.jpg", (1600, 900))
    page = tmp_path / "content" / "pages" / "about.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\ntitle: About\ndescription: Who writes here and why, in a few lines.\n"
        "hero: ../../assets/team.jpg\nhero_alt: The team\n---\n\n"
        '```python title="hello.py"\nprint("hi")\n```\n\n!!! tip\n    A tip.\n',
        encoding="utf-8",
    )
    (tmp_path / "mlguide.yml").write_text("theme:\n  scheme: light\n", encoding="utf-8")
    build(BuildOptions(root=tmp_path, out_dir=tmp_path / "build"))
    html = (tmp_path / "build" / "about" / "index.html").read_text(encoding="utf-8")
    # A theme fixed to light: the dark code and mark colours never apply.
    assert "@media(prefers-color-scheme:dark){" not in html.replace(" ", "")
    assert '<img class="hero"' in html and 'srcset="../assets/team-360w.' in html
    assert 'type="image/webp"' in html and 'fetchpriority="high"' in html
    assert ".copy{" in html and "button.className" in html  # code-block.css, copy.js
    assert ".admonition" in html.split("</style>")[0]  # callouts.css
