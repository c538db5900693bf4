"""Easing curves as named pure functions on [0, 1], so scenes can name them in data.

The CSS keywords (`ease`, `ease-in`, `ease-out`, `ease-in-out`, `linear`) are the cubic
Béziers browsers use, so a figure can be tuned beside the page it lives in. The older names
(`smooth`, `out_cubic`, ...) stay: the guide's scenes were tuned with them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Ease = Callable[[float], float]


def linear(p: float) -> float:
    return p


def smooth(p: float) -> float:
    """Smoothstep: gentle at both ends, the default for calm diagram motion."""
    return p * p * (3 - 2 * p)


def in_out_cubic(p: float) -> float:
    return 4 * p**3 if p < 0.5 else 1 - (-2 * p + 2) ** 3 / 2


def out_cubic(p: float) -> float:
    return 1 - (1 - p) ** 3


def out_back(p: float) -> float:
    """A small overshoot, for stamps and badges landing."""
    c1 = 1.70158
    c3 = c1 + 1
    return 1 + c3 * (p - 1) ** 3 + c1 * (p - 1) ** 2


def in_out_sine(p: float) -> float:
    return -(math.cos(math.pi * p) - 1) / 2


def cubic_bezier(x1: float, y1: float, x2: float, y2: float) -> Ease:
    """CSS `cubic-bezier(x1, y1, x2, y2)`: solve x(s) = p for s by bisection (x is monotonic
    for 0 <= x1, x2 <= 1), then return y(s). Forty halvings are exact to double precision."""

    def bezier(a: float, b: float, s: float) -> float:
        return 3 * a * s * (1 - s) ** 2 + 3 * b * s * s * (1 - s) + s**3

    def ease(p: float) -> float:
        if p <= 0 or p >= 1:
            return min(1.0, max(0.0, p))
        lo, hi = 0.0, 1.0
        for _ in range(40):
            mid = (lo + hi) / 2
            if bezier(x1, x2, mid) < p:
                lo = mid
            else:
                hi = mid
        return bezier(y1, y2, (lo + hi) / 2)

    return ease


EASINGS: dict[str, Ease] = {
    "linear": linear,
    "ease": cubic_bezier(0.25, 0.1, 0.25, 1.0),
    "ease-in": cubic_bezier(0.42, 0.0, 1.0, 1.0),
    "ease-out": cubic_bezier(0.0, 0.0, 0.58, 1.0),
    "ease-in-out": cubic_bezier(0.42, 0.0, 0.58, 1.0),
    "smooth": smooth,
    "in_out_cubic": in_out_cubic,
    "out_cubic": out_cubic,
    "out_back": out_back,
    "in_out_sine": in_out_sine,
}
