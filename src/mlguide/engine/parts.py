"""Named parts: a layout is any tree of dataclasses, tuples and shapes, and a shape's id is
its path in that tree (`rows[2].key`, `stamp.bg`). Scenes then say `p.stamp.bg` instead of
spelling ids, and ids are unique by construction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from typing import Any

from mlguide.engine.shapes import Shape


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Shape]]:
    """Every shape under `node` with its path, in declaration order (which is drawing order
    within a layer). Numbers, strings and other values in the tree are layout data: skipped."""
    if isinstance(node, Shape):
        yield path, node
    elif is_dataclass(node) and not isinstance(node, type):
        for f in fields(node):
            yield from walk(getattr(node, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from walk(item, f"{path}[{i}]")
    elif isinstance(node, Mapping):
        for key, item in node.items():
            yield from walk(item, f"{path}.{key}" if path else str(key))


def shapes_of(node: Any) -> tuple[Shape, ...]:
    return tuple(shape for _, shape in walk(node))


def name_shapes(layout: Any) -> tuple[tuple[Shape, ...], dict[int, str]]:
    """The layout's shapes, each with its path as id, and a map from the shape objects the
    layout returned (by identity) to those ids, which the timeline compiler resolves through.
    Raises ValueError if one shape object sits at two places in the tree."""
    shapes: list[Shape] = []
    ids: dict[int, str] = {}
    for path, shape in walk(layout):
        if id(shape) in ids:
            raise ValueError(f"one shape is in the layout twice: {ids[id(shape)]} and {path}")
        ids[id(shape)] = path or "shape"
        shapes.append(replace(shape, id=ids[id(shape)]))
    return tuple(shapes), ids
