"""Easing curves as named pure functions on [0, 1], so scenes can name them in data."""

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


EASINGS: dict[str, Ease] = {
    "linear": linear,
    "smooth": smooth,
    "in_out_cubic": in_out_cubic,
    "out_cubic": out_cubic,
    "out_back": out_back,
    "in_out_sine": in_out_sine,
}
