"""Shapes to pixels with Pillow: supersampled 2x and reduced, colours from the tokens."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageDraw

from mlguide.engine.anchors import pillow_anchor
from mlguide.engine.fonts import fitted_size, font
from mlguide.engine.shapes import Circle, Point, Polyline, Rect, Shape, Text
from mlguide.tokens import LIGHT, RGB, Palette, hex_to_rgb

SCALE = 2


def color_of(value: Any, palette: Palette = LIGHT) -> RGB:
    if isinstance(value, tuple):
        return (int(value[0]), int(value[1]), int(value[2]))
    if isinstance(value, str) and value.startswith("#"):
        return hex_to_rgb(value)
    return hex_to_rgb(getattr(palette, str(value)))


def is_color(value: Any) -> bool:
    return isinstance(value, tuple) or (
        isinstance(value, str) and (value.startswith("#") or hasattr(LIGHT, value))
    )


def mix(a: RGB, b: RGB, p: float) -> RGB:
    p = min(1.0, max(0.0, p))
    return (
        round(a[0] + (b[0] - a[0]) * p),
        round(a[1] + (b[1] - a[1]) * p),
        round(a[2] + (b[2] - a[2]) * p),
    )


def mix_values(a: Any, b: Any, p: float, palette: Palette = LIGHT) -> Any:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a + (b - a) * p
    if is_color(a) and is_color(b):
        return mix(color_of(a, palette), color_of(b, palette), p)
    return b if p >= 1 else a


def text_box(shape: Text) -> tuple[float, float, float, float]:
    """The drawn text's bounding box in canvas pixels (tests check it stays on the canvas)."""
    px = fitted_size(shape.text, shape.weight, shape.size * shape.scale, shape.max_width, SCALE)
    left, top, right, bottom = font(shape.weight, px).getbbox(
        shape.text, anchor=pillow_anchor(shape.anchor)
    )
    return (
        shape.x + left / SCALE,
        shape.y + top / SCALE,
        shape.x + right / SCALE,
        shape.y + bottom / SCALE,
    )


def draw_frame(
    shapes: Sequence[Shape], width: int, height: int, background: str, palette: Palette = LIGHT
) -> Image.Image:
    """One frame; token colours resolve in `palette` (light, or dark for the dark variants)."""
    image = Image.new("RGB", (width * SCALE, height * SCALE), color_of(background, palette))
    draw = ImageDraw.Draw(image)
    for shape in sorted(shapes, key=lambda s: s.layer):  # stable: declaration order within a layer
        if shape.opacity <= 0.004:
            continue
        under = color_of(shape.on, palette)

        def paint(c: Any, s: Shape = shape, u: RGB = under) -> RGB:
            return mix(u, color_of(c, palette), s.opacity)

        if isinstance(shape, Rect):
            _rect(draw, shape, paint)
        elif isinstance(shape, Circle):
            _circle(draw, shape, paint)
        elif isinstance(shape, Text):
            _text(draw, shape, paint)
        elif isinstance(shape, Polyline):
            _path(draw, shape, paint)
    return image.reduce(SCALE)


def _rect(draw: ImageDraw.ImageDraw, s: Rect, paint: Any) -> None:
    if s.w * SCALE < 1 or s.h * SCALE < 1:  # under a pixel (a bar growing from nothing)
        return
    box = (s.x * SCALE, s.y * SCALE, (s.x + s.w) * SCALE - 1, (s.y + s.h) * SCALE - 1)
    radius = min(s.radius, s.w / 2, s.h / 2) * SCALE
    fill = paint(s.fill) if s.fill else None
    outline = paint(s.stroke) if s.stroke and s.stroke_width else None
    width = round(s.stroke_width * SCALE)
    if s.dashed and outline:
        if fill:
            draw.rounded_rectangle(box, radius, fill=fill)
        _dashed_outline(draw, box, radius, outline, width)
        return
    draw.rounded_rectangle(box, radius, fill=fill, outline=outline, width=width)


def _dashed_outline(
    draw: ImageDraw.ImageDraw, box: tuple[float, ...], radius: float, color: RGB, width: int
) -> None:
    x0, y0, x1, y1 = box
    pts = [
        (x0 + radius, y0),
        (x1 - radius, y0),
        (x1, y0 + radius),
        (x1, y1 - radius),
        (x1 - radius, y1),
        (x0 + radius, y1),
        (x0, y1 - radius),
        (x0, y0 + radius),
    ]
    for a, b in zip(pts[0::2], pts[1::2], strict=True):
        _dashes(draw, [a, b], color, width, dash=10 * SCALE)


def _circle(draw: ImageDraw.ImageDraw, s: Circle, paint: Any) -> None:
    r = s.r * s.scale * SCALE
    if r <= 0:
        return
    cx, cy = s.x * SCALE, s.y * SCALE
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=paint(s.fill) if s.fill else None,
        outline=paint(s.stroke) if s.stroke else None,
        width=round(s.stroke_width * SCALE),
    )


def _text(draw: ImageDraw.ImageDraw, s: Text, paint: Any) -> None:
    if not s.text or s.scale <= 0.01:
        return
    px = fitted_size(s.text, s.weight, s.size * s.scale, s.max_width, SCALE)
    draw.text(
        (s.x * SCALE, s.y * SCALE),
        s.text,
        font=font(s.weight, px),
        fill=paint(s.color),
        anchor=pillow_anchor(s.anchor),
    )


def _path(draw: ImageDraw.ImageDraw, s: Polyline, paint: Any) -> None:
    points = [((s.x + px) * SCALE, (s.y + py) * SCALE) for px, py in s.points]
    if s.closed and s.fill:
        draw.polygon(points, fill=paint(s.fill))
        return
    if s.closed:
        points.append(points[0])
    drawn = partial_polyline(points, s.progress)
    if len(drawn) < 2:
        return
    color = paint(s.color)
    width = max(1, round(s.width * SCALE))
    if s.dashed:
        _dashes(draw, drawn, color, width, dash=9 * SCALE)
    else:
        draw.line(drawn, fill=color, width=width, joint="curve")
        r = width / 2 - 0.5
        for x, y in (drawn[0], drawn[-1]):  # round caps
            draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
    if s.arrow:
        _arrowhead(draw, drawn[-2], drawn[-1], color, width)


def partial_polyline(points: Sequence[Point], progress: float) -> list[Point]:
    if progress >= 1:
        return list(points)
    if progress <= 0 or len(points) < 2:
        return []
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    remaining = sum(lengths) * progress
    out = [points[0]]
    for (a, b), seg in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if remaining >= seg:
            out.append(b)
            remaining -= seg
            continue
        if seg > 0:
            f = remaining / seg
            out.append((a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f))
        break
    return out


def _dashes(
    draw: ImageDraw.ImageDraw, points: Sequence[Point], color: RGB, width: int, dash: float
) -> None:
    on = True
    carry = dash
    for a, b in zip(points, points[1:], strict=False):
        seg = math.dist(a, b)
        pos = 0.0
        while pos < seg:
            step = min(carry, seg - pos)
            if on:
                f0, f1 = pos / seg, (pos + step) / seg
                draw.line(
                    [
                        (a[0] + (b[0] - a[0]) * f0, a[1] + (b[1] - a[1]) * f0),
                        (a[0] + (b[0] - a[0]) * f1, a[1] + (b[1] - a[1]) * f1),
                    ],
                    fill=color,
                    width=width,
                )
            pos += step
            carry -= step
            if carry <= 0:
                on, carry = not on, dash * (1.0 if not on else 0.7)
        # keep dash phase across corners


def _arrowhead(draw: ImageDraw.ImageDraw, a: Point, b: Point, color: RGB, width: int) -> None:
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    size = max(9 * SCALE, width * 3.2)
    tip = (b[0] + math.cos(angle) * width * 0.6, b[1] + math.sin(angle) * width * 0.6)
    left = (tip[0] - size * math.cos(angle - 0.45), tip[1] - size * math.sin(angle - 0.45))
    right = (tip[0] - size * math.cos(angle + 0.45), tip[1] - size * math.sin(angle + 0.45))
    draw.polygon([tip, left, right], fill=color)
