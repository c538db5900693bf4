"""Digests of values: the same value gives the same digest in every process and on every
machine, whatever a set's order or an object's address, so keys made in worker processes
and in later builds agree. `repr` of a config is not that: a value's repr may hide fields
or change between versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import typing
from collections.abc import Hashable
from itertools import chain
from pathlib import Path, PurePath
from typing import Any

# Values whose repr is the same in every process, and holds all of them.
_ATOMS = frozenset(
    {str, int, float, bool, type(None), bytes, dt.date, dt.datetime, dt.time, type(Path())}
)


def digest_value(value: object, known: dict[int, str] | None = None) -> str:
    """`known` maps id() of objects already digested to their digest: a value holding them
    (a tag holding its posts) is hashed by reference, not again in full."""
    return hashlib.sha256(repr(stable(value, known or {})).encode()).hexdigest()


def stable(value: object, known: dict[int, str]) -> object:
    """`value` with every field of its dataclasses, as plain values whose repr is the same in
    every process (a set's order is not); objects already digested (`known`, by id) stand for
    themselves by their digest."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if id(value) in known:
        return ("digest", known[id(value)])
    if kind is tuple or kind is list:
        seq = typing.cast("tuple[object, ...]", value)
        if set(map(type, seq)) <= _ATOMS:  # tags, authors: as they are
            return value
        return (kind.__name__, *(stable(v, known) for v in seq))
    if kind is dict:
        items = typing.cast("dict[object, object]", value).items()
        if set(map(type, chain.from_iterable(items))) <= _ATOMS:  # `lines`, most `params`
            return value
        return ("dict", *((stable(k, known), stable(v, known)) for k, v in items))
    if kind is set or kind is frozenset:
        members = typing.cast("set[object]", value)
        return ("set", *sorted(repr(stable(v, known)) for v in members))
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value):
        fields = ((n, getattr(value, n)) for n in _field_names(typing.cast(Hashable, kind)))
        return (
            kind.__qualname__,
            *((n, v if type(v) in _ATOMS else stable(v, known)) for n, v in fields),
        )
    return value  # anything else as its repr: at worst an address, a value never reused


@functools.cache
def _field_names(kind: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))
