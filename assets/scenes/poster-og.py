"""The hero poster at 1200x630, the size LinkedIn and Facebook ask for in og:image."""

from __future__ import annotations

from _poster import WIDTH, Poster, poster

from mlguide.scene import Still

FIGURE = Still(
    "The poster at 1200x630 for og:image (LinkedIn, Facebook)",
    file="blog-poster-1200x630.png",
    size=(WIDTH, 630),
    on_page=False,  # only social networks show it
)


def layout() -> Poster:
    return poster(630)
