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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.scenes.load import import_scene
from mlguide.site.check.checklist import PostPage, Rule


def project_rules(files: Sequence[Path]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in files:
        if not path.is_file():
            raise MlguideError("no such rule file (named in mlguide.yml, `checks:`)", path)
        module = import_scene(path, f"checks:{path.stem}", kind="house rule file")
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
        _checked(rule.check, rule.name, path),
        _applied(rule.applies, rule.name, path),
    )


def _checked(
    call: Callable[[PostPage], list[str]], name: str, path: Path
) -> Callable[[PostPage], list[str]]:
    """The problems as a list of sentences, read here: a generator that raises halfway
    raises inside the guard, and a check that forgot `return []` (None), returned a number,
    or one sentence (a string would be a problem per character) is an error at its `def`."""

    def run(page: PostPage) -> list[str]:
        try:
            found = call(page)
            problems = None if isinstance(found, str | bytes) else _sentences(found)
        except MlguideError:
            raise
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - the project's code
            raise _located(exc, path, name, page) from None
        if problems is None:
            where, line = _defined(call, path)
            shown = repr(found) if len(repr(found)) <= 40 else f"a {type(found).__name__}"
            raise MlguideError(
                f"rule `{name}` returned {shown} for {page.path}: return a list of sentences "
                "(`[]` when all is well)",
                where,
                line,
            )
        return problems

    return run


def _sentences(found: object) -> list[str] | None:
    """`found` as a list of strings, or None if it is not an iterable of strings."""
    if not isinstance(found, Iterable):
        return None
    items = list(found)
    return [str(i) for i in items] if all(isinstance(i, str) for i in items) else None


def _applied(call: Callable[[PostPage], bool], name: str, path: Path) -> Callable[[PostPage], bool]:
    def run(page: PostPage) -> bool:
        try:
            return bool(call(page))
        except MlguideError:
            raise
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - the project's code
            raise _located(exc, path, name, page) from None

    return run


def _defined(call: Callable[..., object], path: Path) -> tuple[Path, int | None]:
    """Where the rule's function is written: its file (the rule file, or a helper beside
    it) and the line of its `def`; the rule file alone for a callable without code."""
    code = getattr(call, "__code__", None)
    if code is None:
        return path, None
    return _in_project(Path(code.co_filename), path), code.co_firstlineno


def _in_project(file: Path, path: Path) -> Path:
    """`file` when it is the rule file or beside it, else the rule file (mlguide's own code
    or a library is not where the author fixes anything)."""
    try:
        inside = file.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        return path
    return path if file.resolve() == path.resolve() else file


def _located(exc: Exception | SystemExit, path: Path, name: str, page: PostPage) -> MlguideError:
    """At the deepest line of the project's own code the exception passed through: the
    rule file's line that raised, or a helper's beside it. `sys.exit()` in a rule would end
    `check` at once, silently, with the status it names: it is the rule's failure too.
    (KeyboardInterrupt stays Ctrl-C: a rule's own cannot be told from the user's.)"""
    folder = path.parent.resolve()
    where, line = path, None
    for frame in traceback.extract_tb(exc.__traceback__):
        file = Path(frame.filename)
        if file.resolve().is_relative_to(folder):
            where, line = _in_project(file, path), frame.lineno
    message = f"rule `{name}` failed on {page.path}: {type(exc).__name__}: {exc}"
    if isinstance(exc, SystemExit):
        message = (
            f"rule `{name}` calls sys.exit({exc.code!r}) on {page.path}: "
            "a house rule must not end the program"
        )
    return MlguideError(message, where, line)
