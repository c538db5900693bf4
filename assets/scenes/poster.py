"""The hero poster: title, subtitle and the six stages as a path."""

from __future__ import annotations

from _poster import WIDTH, Poster, poster

from mlguide.scene import Still

FIGURE = Still(
    "Hero poster: title, subtitle, the six stages as a path (1200x600 PNG)",
    file="blog-poster-1200x600.png",
    size=(WIDTH, 600),
    dark=True,
)


def layout() -> Poster:
    return poster(600)
