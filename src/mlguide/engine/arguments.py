"""Keyword arguments a scene may misspell: one error at the author's line, with the likely name.

Python's own answer to `Text(x=1, y=1, txt="x")` is `TypeError: Text.__init__() got an
unexpected keyword argument 'txt'`, which says neither what was meant nor, through the
engine's frames, where; `tween` already answered the same typo with "did you mean 'text'?".
So every piece of the scene API checks the names it is given the same way: the shapes and
the dataclasses a scene makes (`KeywordsChecked`, and `Shape.__new__`), the functions that
make, place and compose them (`keywords_checked`).
"""

from __future__ import annotations

import difflib
import functools
import inspect
import typing
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import fields
from typing import Any, ParamSpec, Self, TypeVar

from mlguide.engine.origin import caller_origin, scene_error
from mlguide.errors import MlguideError

P = ParamSpec("P")
R = TypeVar("R")


def unknown_keyword(owner: str, given: Iterable[str], known: Collection[str]) -> MlguideError:
    """The error for the first of `given` that `owner` does not take, at the scene's line
    that called it (the first caller outside mlguide)."""
    name = next(n for n in given if n not in known)
    close = difflib.get_close_matches(name, known, n=1)
    takes = ", ".join(sorted(known)) or "no keyword arguments"
    hint = f"did you mean {close[0]!r}?" if close else f"it takes {takes}"
    return scene_error(f"{owner}() has no argument {name!r}; {hint}", caller_origin())


def keywords_checked(func: Callable[P, R]) -> Callable[P, R]:
    """`func` refusing a keyword it does not take with `unknown_keyword`. A function that
    takes `**kw` is returned as it is: it hands them to a shape, which checks them."""
    parameters = inspect.signature(func).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return func
    known = frozenset(p.name for p in parameters if p.kind is not inspect.Parameter.VAR_POSITIONAL)

    @functools.wraps(func)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        if not kwargs.keys() <= known:
            raise unknown_keyword(func.__name__, kwargs, known)
        return func(*args, **kwargs)

    return call


class KeywordsChecked:
    """A base for the scene API's dataclasses (`Box`, `Pill`, `Animation`, ...): making one
    with a keyword that is none of its fields is `unknown_keyword`'s error. `__new__` sees
    the arguments before the dataclass's `__init__` does."""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        if kwargs:
            known = init_fields(cls)
            if not kwargs.keys() <= known:
                raise unknown_keyword(cls.__name__, kwargs, known)
        return super().__new__(cls)


def init_fields(cls: type) -> frozenset[str]:
    """The names a dataclass's constructor takes (found once per class: shapes are made
    anew for every frame)."""
    return _init_fields(typing.cast(Hashable, cls))


@functools.cache
def _init_fields(cls: Any) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls) if f.init)
