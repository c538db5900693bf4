"""Dark mode shows dark pictures: the hero (a drawn poster or a generated card) comes with its
dark-palette variant, picked by the browser with `prefers-color-scheme`."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from mlguide.commands.build import BuildOptions, build

from .conftest import copy_repo_project, write

# On the lists: the hero file itself.
DARK_SOURCE = re.compile(
    r'<source srcset="([^"]+-dark\.[0-9a-f]+\.png)" media="\(prefers-color-scheme: dark\)"'
)
# On the post: the hero's variants (templates/picture.html.j2), the widest last in each srcset.
DARK_VARIANTS = re.compile(
    r'<source media="\(prefers-color-scheme: dark\)" type="image/png" srcset="[^"]*?'
    r'([^" ]+-dark-\d+w\.[0-9a-f]{10}\.png) \d+w"'
)


def dark_hero(page: str) -> list[str]:
    return DARK_SOURCE.findall(page) or DARK_VARIANTS.findall(page)


def test_the_guide_hero_has_its_dark_poster(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path)
    build(BuildOptions(project, project / "build"))
    page = next((project / "build").glob("ten-steps*/index.html")).read_text()
    [dark] = dark_hero(page)
    assert "blog-poster-1200x600-dark" in dark
    # preloaded, each where its <source> wins: phones get the narrow poster
    assert (
        'media="(prefers-color-scheme: dark) and (min-width: 48rem)" fetchpriority="high"' in page
    )
    assert "blog-poster-1200x600-narrow-dark." in page
    assert re.search(r'<img class="hero"[^>]*fetchpriority="high"', page)  # fetched first
    assert (project / "build" / "ten-steps-to-build-a-machine-learning-model" / dark).is_file()


def test_a_hero_without_a_dark_file_is_shown_alone(project: Path) -> None:
    Image.new("RGB", (1200, 600), "white").save(project / "content" / "pic.png")
    post = (project / "content" / "small-post.md").read_text()
    post = post.replace("date:", "hero: pic.png\nhero_alt: A white picture\ndate:", 1)
    write(project / "content" / "small-post.md", post)
    build(BuildOptions(project, project / "build"))
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert 'class="hero"' in page and not dark_hero(page)
    Image.new("RGB", (1200, 600), "black").save(project / "content" / "pic-dark.png")
    build(BuildOptions(project, project / "build"))  # the cache sees the new file
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert dark_hero(page)


def test_a_card_asked_for_comes_light_and_dark_on_the_post_and_never_on_lists(
    project: Path,
) -> None:
    post_file = project / "content" / "small-post.md"
    write(post_file, post_file.read_text().replace("date:", "hero: card\ndate:", 1))
    build(BuildOptions(project, project / "build"))
    post = (project / "build" / "small-post" / "index.html").read_text()
    home = (project / "build" / "index.html").read_text()
    [dark] = dark_hero(post)
    with Image.open(project / "build" / (dark.removeprefix("../"))) as img:
        corner = img.convert("RGB").getpixel((img.width - 1, img.height - 1))
    assert sum(corner) < 120  # a dark picture, for the dark page
    assert not dark_hero(home) and "<img" not in home  # lists are text first
