"""A scene file to a `Scene`: import it apart from everything else, then call its layout and
timeline. Whatever goes wrong in the author's code comes back as one `MlguideError` at the
author's line (`gif-03.py:57: ...`), never as a traceback.

Scene files import their helpers (`_stages.py`) as plain modules. The folder is put on the
import path only while one scene loads, under a lock, and the project's modules are dropped
again afterwards: each load sees the files as they are now (the serve loop edits them), and
two projects in one process never see each other's helpers. Nothing is written beside the
scenes (no `__pycache__`).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, is_dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from mlguide import limits
from mlguide.engine.compose import Step, compile_timeline
from mlguide.engine.parts import name_shapes, shapes_of
from mlguide.engine.shapes import Shape
from mlguide.engine.timeline import Scene, loop_seam
from mlguide.errors import MlguideError
from mlguide.fileio import read_error
from mlguide.scene import Animation, Canvas, Figure, Still
from mlguide.scenes.deadline import OutOfTime, cpu_limit
from mlguide.scenes.discover import SceneFile
from mlguide.scenes.outputs import figure_line, figure_problem

_IMPORTING = threading.Lock()  # sys.path and sys.modules belong to the whole process


@dataclass(frozen=True)
class Asset:
    """A loaded scene file: its name, what it declares, and how to draw its first frame."""

    name: str
    path: Path
    figure: Figure
    layout: Callable[..., Any]  # `layout()` or `layout(canvas)`
    timeline: Callable[[Any], Step] | None

    @property
    def files(self) -> tuple[str, ...]:
        return self.figure.files(self.name)

    @property
    def description(self) -> str:
        return self.figure.description

    @property
    def animated(self) -> bool:
        return isinstance(self.figure, Animation)

    @property
    def has_narrow(self) -> bool:
        return self.figure.narrow is not None

    @property
    def on_page(self) -> bool:
        """Shown on pages (phones included), not only as a social image."""
        return not isinstance(self.figure, Still) or self.figure.on_page


def load_asset(scene: SceneFile) -> Asset:
    module = import_scene(scene.path, scene.name)
    figure = getattr(module, "FIGURE", None)
    if not isinstance(figure, Animation | Still):
        raise MlguideError("a scene sets FIGURE = Animation(...) or Still(...)", scene.path, 1)
    problem = figure_problem(figure)  # before a canvas of that size is ever made
    if problem is not None:
        raise MlguideError(f"FIGURE: {problem}", scene.path, figure_line(scene.path) or 1)
    layout = _function(module, "layout", scene.path)
    timeline = _function(module, "timeline", scene.path) if isinstance(figure, Animation) else None
    if figure.narrow is not None and not _takes_canvas(layout):
        raise MlguideError(
            "FIGURE has a narrow variant, so the layout takes the canvas: "
            "`def layout(canvas: Canvas)` (canvas.narrow says which)",
            scene.path,
            _line(layout),
        )
    return Asset(scene.name, scene.path, figure, layout, timeline)


def build_scene(asset: Asset, narrow: bool = False) -> Scene:
    """Call the layout and timeline, compile, and check the loop closes (animations).
    A problem with a shape is reported at `def layout`, one with a change where it was made.
    `narrow` builds the phone variant (the figure must declare one)."""
    size = asset.figure.narrow if narrow else asset.figure.size
    if size is None:
        raise MlguideError("this figure has no narrow variant", asset.path, 1)
    width, height = size
    canvas = Canvas(width, height, narrow)
    name = f"{asset.name}-narrow" if narrow else asset.name
    with author_code(asset.path, _line(asset.layout)):
        parts = asset.layout(canvas) if _takes_canvas(asset.layout) else asset.layout()
        if parts is None:
            raise _returned_nothing("layout", "return Parts(...)", asset.path, asset.layout)
        problem = _layout_problem(parts)
        if problem is not None:
            raise MlguideError(problem, asset.path, _return_line(asset.path, asset.layout))
        try:
            shapes, ids = name_shapes(parts)
        except ValueError as exc:
            raise MlguideError(str(exc)) from None
        if asset.timeline is None:
            return Scene(name, width, height, 0, shapes)
        assert isinstance(asset.figure, Animation)
    with author_code(asset.path, _line(asset.timeline)):
        story = asset.timeline(parts)
        if story is None:
            raise _returned_nothing("timeline", "return loop(...)", asset.path, asset.timeline)
        if not isinstance(story, Step):
            message = (
                f"timeline() must return a step, such as loop(...) or seq(...), not {_kind(story)}"
            )
            raise MlguideError(message, asset.path, _return_line(asset.path, asset.timeline))
        timeline = compile_timeline(story, ids)
        length, tweens = timeline.length, timeline.tweens
        scene = Scene(name, width, height, length, shapes, tweens, fps=asset.figure.fps)
    frames = round(length * scene.fps / 1000)  # as many as frame_times gives, not made
    if width * height * frames > limits.ANIMATION_PIXELS:
        message = (
            f"the animation is {width}x{height} pixels and {frames:,} frames, more than "
            f"{limits.ANIMATION_PIXELS // 1_000_000:,} million pixels to hold: make it "
            "smaller, shorter or slower (`fps`)"
        )
        raise MlguideError(message, asset.path, _line(asset.timeline))
    seam = loop_seam(scene)
    if seam is not None:
        message = f"the animation does not loop back to its first frame: {seam}"
        raise MlguideError(message, asset.path, _line(asset.timeline))
    return scene


def load_scene(scene: SceneFile) -> Scene:
    return build_scene(load_asset(scene))


# --- importing apart ------------------------------------------------------------------------


def import_scene(path: Path, name: str, kind: str = "scene") -> ModuleType:
    """Import the file at `path` apart. `kind` is what the file is to its author ("scene",
    "house rule"): this loader is shared, and an error must name what was loaded."""
    folder = path.parent.resolve()
    module_name = f"mlguide_scene:{name}"
    with _IMPORTING:
        _refuse_shadowed_helpers(folder)
        before = set(sys.modules)
        keep_flag = sys.dont_write_bytecode
        sys.dont_write_bytecode = True
        sys.path.insert(0, str(folder))
        importlib.invalidate_caches()
        try:
            with author_code(path, kind=kind):
                spec = importlib.util.spec_from_file_location(module_name, path)
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                sys.modules[module_name] = module  # dataclasses look their module up here
                spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(folder))
            sys.path_importer_cache.pop(str(folder), None)
            sys.dont_write_bytecode = keep_flag
            for added in set(sys.modules) - before:
                if added == module_name or _inside(sys.modules[added], folder):
                    del sys.modules[added]
    return module


def _refuse_shadowed_helpers(folder: Path) -> None:
    """A helper named like a module Python already loaded (`_random.py`) would import the
    other one, silently; say so instead."""
    for path in sorted(folder.glob("*.py")):
        taken = sys.modules.get(path.stem)
        if taken is not None and not _inside(taken, folder):
            raise MlguideError(
                f"this helper has the name of Python's module `{path.stem}`; rename it", path
            )


def _inside(module: ModuleType, folder: Path) -> bool:
    file = getattr(module, "__file__", None)
    return file is not None and Path(file).resolve().is_relative_to(folder)


# --- errors at the author's line ------------------------------------------------------------


@contextlib.contextmanager
def author_code(path: Path, line: int | None = None, kind: str = "scene") -> Iterator[None]:
    """Run the author's code (the import, `layout`, `timeline`): errors at the author's line
    (`author_errors`), and a time limit (scenes/deadline.py)."""
    with author_errors(path, line, kind), cpu_limit():
        yield


@contextlib.contextmanager
def author_errors(path: Path, line: int | None = None, kind: str = "scene") -> Iterator[None]:
    """Turn an exception raised by the author's code into `path:line: message`, the line
    being the innermost one in the scene's folder (the scene or one of its helpers). An
    MlguideError that does not know its place gets `path` and `line`, and so does any other
    exception raised where no line of the scene's folder is running (the engine drawing a
    value it should have refused): one scene's failure, reported with the others. `kind`
    names the file in the messages that speak of it ("the house rule calls sys.exit")."""
    try:
        yield
    except MlguideError as exc:
        if exc.path is None:
            # A shape's bad value is raised inside the author's call: send the author to the
            # line that made the shape when the traceback passes through the scene's folder.
            author = author_frame(exc, path)
            if author is not None and exc.line is None:
                raise MlguideError(exc.message, *author) from None
            raise MlguideError(exc.message, path, exc.line or line) from None
        raise
    except Exception as exc:  # noqa: BLE001 - any failure in a scene is the author's to fix
        raise _located(exc, path, line) from None
    except OutOfTime as exc:
        where = author_frame(exc, path) or (str(path), line)
        why = "a loop that never ends?" if exc.clock == "CPU time" else "a wait that never ends?"
        raise MlguideError(
            f"the {kind} did not finish in {exc.seconds:g} s of {exc.clock} ({why}); "
            f"a {kind}'s code is stopped at this limit",
            *where,
        ) from None
    except SystemExit as exc:
        # `sys.exit()` in a scene would end render-assets at once, with status 0 and nothing
        # drawn (in a worker: a worker gone, and a traceback). It is the scene's failure.
        error = _located(exc, path, line)
        raise MlguideError(
            f"the {kind} calls sys.exit({exc.code!r}): a {kind} must not end the program",
            error.path,
            error.line,
        ) from None


def _located(exc: BaseException, path: Path, line: int | None = None) -> MlguideError:
    if isinstance(exc, SyntaxError) and exc.filename:
        return MlguideError(f"syntax error: {exc.msg}", exc.filename, exc.lineno)
    if isinstance(exc, OSError) and _is_source(exc.filename, path):
        # Python could not read the scene or a helper (no permission): name that file, as
        # every other unreadable file is named, not `PermissionError: [Errno 13] ...`.
        return read_error(exc, Path(exc.filename))
    where = author_frame(exc, path) or (str(path), line)
    return MlguideError(f"{type(exc).__name__}: {exc}", where[0], where[1])


def _is_source(filename: object, path: Path) -> bool:
    """`filename` is a Python file of the scene's folder (the scene or a helper)."""
    if not isinstance(filename, str):
        return False
    source = Path(filename)
    return source.suffix == ".py" and source.resolve().parent == path.parent.resolve()


def author_frame(exc: BaseException, path: Path) -> tuple[str, int | None] | None:
    """The innermost frame of the traceback in the scene's folder (the scene or a helper)."""
    folder = path.parent.resolve()
    where: tuple[str, int | None] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve().is_relative_to(folder):
            where = (frame.filename, frame.lineno)
    return where


def _returned_nothing(
    name: str, example: str, path: Path, function: Callable[..., Any]
) -> MlguideError:
    """A forgotten `return` is reported at the function, not where the None was first used."""
    return MlguideError(
        f"`{name}` returned nothing: end it with `{example}`", path, _line(function)
    )


def _layout_problem(parts: Any) -> str | None:
    """A layout that returns something else than parts drew a blank picture, silently."""
    expected = "layout() must return shapes, kit parts, or a dataclass, tuple or list of them"
    if not _is_part(parts):
        return f"{expected}, not {_kind(parts)}"
    if isinstance(parts, list | tuple):
        for i, item in enumerate(parts):
            if not _is_part(item):
                return f"{expected}; its item [{i}] is {_kind(item)}"
    if not shapes_of(parts):
        return f"{expected}; it returned no shapes, so nothing would be drawn"
    return None


def _is_part(value: Any) -> bool:
    if isinstance(value, Shape | list | tuple | Mapping):
        return True
    return is_dataclass(value) and not isinstance(value, type)


def _kind(value: Any) -> str:
    """`int (42)`; a type whose repr says nothing more (`<object at 0x...>`) by its name."""
    shown = repr(value)
    if shown.startswith("<"):
        return type(value).__name__
    return f"{type(value).__name__} ({shown if len(shown) <= 30 else shown[:29] + '…'})"


def _return_line(path: Path, function: Callable[..., Any] | None) -> int | None:
    """The line of the function's `return` when it has one (its own, not a nested
    function's), else of its `def`: where to look when it returned the wrong thing."""
    line = _line(function)
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return line
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and line in (
            node.lineno,
            *(d.lineno for d in node.decorator_list),
        ):
            returns = list(_own_returns(node))
            return returns[-1].lineno if len(returns) == 1 else line
    return line


def _own_returns(node: ast.AST) -> Iterator[ast.Return]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Return):
            yield child
        elif not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _own_returns(child)


def _function(module: ModuleType, name: str, path: Path) -> Callable[..., Any]:
    value = getattr(module, name, None)
    if not callable(value):
        raise MlguideError(f"a scene defines `def {name}(...)`", path, 1)
    return value  # type: ignore[no-any-return]


def _takes_canvas(layout: Callable[..., Any]) -> bool:
    """`def layout(canvas)` rather than `def layout()`."""
    try:
        parameters = inspect.signature(layout).parameters.values()
    except (TypeError, ValueError):
        return False
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return any(p.kind in kinds or p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters)


def _line(function: Callable[..., Any] | None) -> int | None:
    code = getattr(function, "__code__", None)
    return code.co_firstlineno if code is not None else None
