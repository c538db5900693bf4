"""The package's folders are the build's stages, and imports only go one way: a module may
import from its own layer or a lower one, never from a later stage (which would make a
stage depend on what it feeds)."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mlguide"

# Lower first. A module's layer is the longest prefix of its dotted name listed here.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("mlguide", "mlguide.errors", "mlguide.paths", "mlguide.tokens", "mlguide.signals"),
    ("mlguide.fileio", "mlguide.images", "mlguide.workers", "mlguide.store"),
    ("mlguide.engine",),
    ("mlguide.scene", "mlguide.scenes"),
    ("mlguide.cards",),
    # What a URL is and where pages live: plain values the config's settings read too.
    ("mlguide.site.urls", "mlguide.site.permalinks", "mlguide.site.outputs"),
    ("mlguide.site.config",),
    ("mlguide.site.content",),
    ("mlguide.site.render",),
    ("mlguide.site.write",),
    ("mlguide.site.check", "mlguide.site.pagecache", "mlguide.checklist"),
    ("mlguide.site.pipeline",),
    ("mlguide.serve",),
    ("mlguide.commands",),
    ("mlguide.progress", "mlguide.cli", "mlguide.entry", "mlguide.__main__"),
)


def layer_of(module: str) -> int:
    best, rank = "", -1
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > len(best):
                best, rank = name, i
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


@functools.cache
def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "starter" in rel.parts:
            continue  # the scene a new blog starts with: a user's file, not the package's
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out.append((".".join(parts), path))
    return out


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return {n for n in names if n == "mlguide" or n.startswith("mlguide.")}


def known(name: str) -> bool:
    """`mlguide.x.y` names a module (not a function imported from one)."""
    return name in {m for m, _ in modules()}


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_imports_go_one_way(module: str, path: Path) -> None:
    own = layer_of(module)
    wrong = sorted(name for name in imported(path) if known(name) and layer_of(name) > own)
    assert not wrong, f"{module} (layer {own}) imports a later stage: {wrong}"


def test_every_module_has_a_layer() -> None:
    for module, _ in modules():
        layer_of(module)
