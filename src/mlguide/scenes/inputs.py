"""What a scene's pictures are made from: its scene file, every project module it imports
(`_stages.py`), and the code fingerprint of the drawing engine (mlguide's engine, scene API,
fonts and the versions of the libraries that encode: `mlguide.store.code`).

Project imports are read with `ast`, not by importing: checking freshness runs no scene code,
and a scene that no longer imports a helper stops depending on it. Files a scene opens while
it runs (`scene.data(...)`) are recorded when it is drawn and checked with its manifest entry.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.fileio import read_error
from mlguide.paths import ProjectPaths
from mlguide.scenes.discover import discover
from mlguide.store.code import code_fingerprint
from mlguide.store.files import Digests
from mlguide.store.made import read_manifest


@dataclass
class ImportGraph:
    """Imports of each project file read so far. Short-lived: make one per command, so edits
    between commands are always seen."""

    scenes_dir: Path
    _imports: dict[Path, frozenset[Path]] = field(default_factory=dict)
    _modules: dict[str, frozenset[Path]] = field(default_factory=dict)
    _hashes: dict[Path, bytes] = field(default_factory=dict)

    def inputs(self, scene_file: Path) -> list[Path]:
        """The scene file and every project module it imports (transitively), sorted."""
        seen: set[Path] = set()
        todo = [scene_file.resolve()]
        while todo:
            path = todo.pop()
            if path not in seen:
                seen.add(path)
                todo.extend(self._imports_of(path))
        return sorted(seen)

    def digest(self, scene_file: Path) -> str:
        """The scene's cache key. A file it is made from that cannot be read (no permission)
        is an MlguideError naming that file: the scene's failure alone, not a traceback."""
        h = hashlib.sha256(code_fingerprint("engine").encode())
        for path in self.inputs(scene_file):
            h.update(f"\n{self._key(path)}\n".encode())
            if path not in self._hashes:  # helpers are shared by several scenes
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise read_error(exc, path) from None
                self._hashes[path] = hashlib.sha256(data).digest()
            h.update(self._hashes[path])
        return h.hexdigest()

    def _key(self, path: Path) -> str:
        """Stable across machines and checkouts: relative to the scenes folder."""
        return path.relative_to(self.scenes_dir.resolve()).as_posix()

    def _imports_of(self, path: Path) -> frozenset[Path]:
        if path not in self._imports:
            try:
                tree = ast.parse(path.read_bytes(), str(path))
            except (SyntaxError, ValueError, OSError):
                tree = ast.Module(body=[], type_ignores=[])  # loading will report it
            module, is_package = self._module_name(path)
            files: set[Path] = set()
            for name in _imported_names(tree, module, is_package):
                files |= self._resolve(name)
            self._imports[path] = frozenset(files)
        return self._imports[path]

    def _module_name(self, path: Path) -> tuple[str, bool]:
        parts = list(path.relative_to(self.scenes_dir.resolve()).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        return ".".join(parts[:-1] if is_package else parts), is_package

    def _resolve(self, name: str) -> frozenset[Path]:
        """The project files Python runs to import `name`: the module and its parent
        packages. Names outside the project (mlguide itself, the standard library, Pillow)
        resolve to nothing: mlguide's own code is in the engine's fingerprint."""
        if name not in self._modules:
            parts = name.split(".")
            base = self.scenes_dir.resolve()
            found: set[Path] = set()
            if parts[0] != "mlguide":
                for depth in range(1, len(parts) + 1):
                    stem = base.joinpath(*parts[:depth])
                    for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
                        if candidate.is_file():
                            found.add(candidate.resolve())
            self._modules[name] = frozenset(found)
        return self._modules[name]


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


def source_reads(paths: ProjectPaths, files: Iterable[Path], digests: Digests) -> dict[str, str]:
    """The scene's own files as its manifest entry records them (project-relative path ->
    digest): what tells an author's edit from a new version of mlguide."""
    root = paths.root.resolve()
    out = {}
    for path in files:
        sha = digests.sha256(path)
        if sha is not None and path.is_relative_to(root):
            out[path.relative_to(root).as_posix()] = sha
    return out


def assets_affected_by(paths: ProjectPaths, changed_file: Path) -> list[str]:
    """Names of the assets whose drawing reads `changed_file` (a scene, a helper, or a data
    file a scene asked for when it was last drawn), for `serve` to draw again after a save.
    A new scene file is its own asset; a file nothing imports or reads affects none."""
    changed = changed_file.resolve()
    by_data = set(assets_reading(paths, changed))
    if changed.suffix != ".py" or not changed.is_relative_to(paths.scenes.resolve()):
        return sorted(by_data)
    graph = ImportGraph(paths.scenes)
    return [
        s.name
        for s in discover(paths.scenes)
        if s.name in by_data or changed in graph.inputs(s.path)
    ]


def assets_reading(paths: ProjectPaths, changed_file: Path) -> list[str]:
    """Names of the assets whose manifest entry records `changed_file` among what it read."""
    root = paths.root.resolve()
    changed = changed_file.resolve()
    if not changed.is_relative_to(root):
        return []
    key = changed.relative_to(root).as_posix()
    return sorted(n for n, made in read_manifest(paths.assets).items() if key in made.reads)
