"""A project's own checklist rules: Python files named in `mlguide.yml` (`checks:`).

A blog with house rules (numbered figures under their steps, a share text on every post)
writes them as `Rule`s, from `mlguide.checklist`, in a file of its own:

    # checks/house.py
    from mlguide.checklist import PostPage, Rule

    def has_summary(page: PostPage) -> list[str]:
        return [] if page.meta.params.get("summary_box") else ["no `summary_box`"]

    RULES = [Rule("summary", "Every post has a summary box", has_summary)]

and names it: `checks: [checks/house.py]`. The file is imported apart from everything else
(as scenes are); whatever goes wrong in it, on import or while checking, is an error at its
line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from mlguide.errors import MlguideError
from mlguide.scenes.load import import_scene
from mlguide.site.check.checklist import PostPage, Rule

T = TypeVar("T")


def project_rules(files: Sequence[Path]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in files:
        if not path.is_file():
            raise MlguideError("no such rule file (named in mlguide.yml, `checks:`)", path)
        module = import_scene(path, f"checks:{path.stem}")
        found = getattr(module, "RULES", None)
        if not isinstance(found, list | tuple) or not all(isinstance(r, Rule) for r in found):
            raise MlguideError(
                "a rule file sets RULES = [Rule(name, title, check), ...] "
                "(from mlguide.checklist import Rule)",
                path,
                1,
            )
        rules += [_guarded(rule, path) for rule in found]
    names = [r.name for r in rules]
    if twice := sorted({n for n in names if names.count(n) > 1}):
        raise MlguideError(f"two rules are named `{twice[0]}`: rename one", files[0])
    return tuple(rules)


def _guarded(rule: Rule, path: Path) -> Rule:
    """The rule with its checks' failures reported at the line of the rule file."""
    return Rule(
        rule.name,
        rule.title,
        _wrap(rule.check, rule.name, path),
        _wrap(rule.applies, rule.name, path),
    )


def _wrap(call: Callable[[PostPage], T], name: str, path: Path) -> Callable[[PostPage], T]:
    def run(page: PostPage) -> T:
        try:
            return call(page)
        except MlguideError:
            raise
        except Exception as exc:  # noqa: BLE001 - the project's code: its author fixes it
            raise _located(exc, path, name, page) from None

    return run


def _located(exc: Exception, path: Path, name: str, page: PostPage) -> MlguideError:
    folder = path.parent.resolve()
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve().is_relative_to(folder):
            line = frame.lineno
    message = f"rule `{name}` failed on {page.path}: {type(exc).__name__}: {exc}"
    return MlguideError(message, path, line)
