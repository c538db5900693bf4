"""The hero poster: title, subtitle and the six stages as a path; on phones, where the
post's title sits right above it, only the six stages, in two rows."""

from __future__ import annotations

from _poster import WIDTH, NarrowPoster, Poster, poster, poster_narrow

from mlguide.scene import NARROW_W, Canvas, Still

FIGURE = Still(
    "Hero poster: title, subtitle, the six stages as a path (1200x600 PNG)",
    file="blog-poster-1200x600.png",
    size=(WIDTH, 600),
    dark=True,
    narrow=(NARROW_W, 262),
)


def layout(canvas: Canvas) -> Poster | NarrowPoster:
    return poster_narrow(canvas.width, canvas.height) if canvas.narrow else poster(600)
