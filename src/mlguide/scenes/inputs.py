"""What an asset depends on, found by reading imports: its scene file, every project module
it imports (`_stages.py`), every mlguide module on the way to its bytes, the fonts, and the
versions of the libraries that encode. Nothing is listed by hand, so a new helper module or
engine file is part of the cache key the moment something imports it.

Imports are read with `ast`, not by importing: checking the cache runs no scene code, and a
scene that no longer imports a helper stops depending on it.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from mlguide.engine import fonts
from mlguide.paths import ProjectPaths
from mlguide.scenes.discover import discover

PACKAGE = Path(__file__).resolve().parent.parent  # src/mlguide
# The module that turns a loaded scene into bytes: its imports are every asset's inputs.
RENDERER = "mlguide.scenes.draw"
FONTS = "mlguide.engine.fonts"
LIBRARIES = ("pillow", "numpy")


@dataclass
class ImportGraph:
    """Imports of each file read so far, for one project folder. Short-lived: make one per
    command, so edits between commands are always seen."""

    scenes_dir: Path
    _imports: dict[Path, frozenset[Path]] = field(default_factory=dict)
    _modules: dict[str, frozenset[Path]] = field(default_factory=dict)
    _hashes: dict[Path, bytes] = field(default_factory=dict)

    def inputs(self, scene_file: Path) -> list[Path]:
        """The scene file and everything it and the renderer import (transitively), sorted."""
        seen: set[Path] = set()
        todo = [scene_file.resolve(), *self._resolve(RENDERER)]
        while todo:
            path = todo.pop()
            if path not in seen:
                seen.add(path)
                todo.extend(self._imports_of(path))
        if self._resolve(FONTS) & seen:
            seen.update(_font_inputs())
        return sorted(seen)

    def digest(self, scene_file: Path) -> str:
        h = hashlib.sha256()
        for lib in LIBRARIES:
            h.update(f"{lib}=={version(lib)}\n".encode())
        for path in self.inputs(scene_file):
            h.update(f"{self._key(path)}\n".encode())
            if path not in self._hashes:  # the engine's files are shared by every scene
                self._hashes[path] = hashlib.sha256(path.read_bytes()).digest()
            h.update(self._hashes[path])
        return h.hexdigest()

    def _key(self, path: Path) -> str:
        """Stable across machines and checkouts: relative to the package or the project."""
        if path.is_relative_to(PACKAGE):
            return f"mlguide/{path.relative_to(PACKAGE).as_posix()}"
        return f"scenes/{path.relative_to(self.scenes_dir.resolve()).as_posix()}"

    def _imports_of(self, path: Path) -> frozenset[Path]:
        if path.suffix != ".py":
            return frozenset()
        if path not in self._imports:
            try:
                tree = ast.parse(path.read_bytes(), str(path))
            except (SyntaxError, ValueError):
                tree = ast.Module(body=[], type_ignores=[])  # loading will report it
            module, is_package = self._module_name(path)
            files: set[Path] = set()
            for name in _imported_names(tree, module, is_package):
                files |= self._resolve(name)
            self._imports[path] = frozenset(files)
        return self._imports[path]

    def _module_name(self, path: Path) -> tuple[str, bool]:
        base = PACKAGE.parent if path.is_relative_to(PACKAGE) else self.scenes_dir.resolve()
        parts = list(path.relative_to(base).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        return ".".join(parts[:-1] if is_package else parts), is_package

    def _resolve(self, name: str) -> frozenset[Path]:
        """The files Python runs to import `name`: the module and its parent packages. Names
        outside mlguide and the project (the standard library, Pillow) resolve to nothing."""
        if name not in self._modules:
            parts = name.split(".")
            base = PACKAGE.parent if parts[0] == "mlguide" else self.scenes_dir.resolve()
            found: set[Path] = set()
            for depth in range(1, len(parts) + 1):
                stem = base.joinpath(*parts[:depth])
                for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
                    if candidate.is_file():
                        found.add(candidate.resolve())
            self._modules[name] = frozenset(found)
        return self._modules[name]


def _font_inputs() -> set[Path]:
    """The font files drawing reads, under PACKAGE (which tests point at a copy to edit)."""
    installed = Path(fonts.__file__).resolve().parent.parent
    return {PACKAGE / f.resolve().relative_to(installed) for f in fonts.font_files()}


def _imported_names(tree: ast.Module, module: str, is_package: bool) -> Iterable[str]:
    """Absolute names of every module an import statement may load (anywhere in the file,
    including imports inside functions); `from a import b` yields both `a` and `a.b`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                if not package:
                    continue
                source = f"{package}.{source}" if source else package
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def assets_affected_by(paths: ProjectPaths, changed_file: Path) -> list[str]:
    """Names of the assets whose drawing reads `changed_file` (a scene, a helper, an engine
    module or a font), for `serve` to re-render after a save. A new scene file is its own
    asset; a file nothing imports affects none."""
    changed = changed_file.resolve()
    graph = ImportGraph(paths.scenes)
    return [s.name for s in discover(paths.scenes) if changed in graph.inputs(s.path)]
