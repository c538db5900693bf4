"""Template names the author may have mistyped.

A project's `templates/` overrides the built-in templates file by file, by name. A file
whose name matches none of them and that no template of the project includes, extends or
imports is never used: `psot.html.j2` (or `post.html`, without `.j2`) is silently ignored and
the built-in page is built instead. That is a warning naming the file and the name meant.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mlguide.errors import Finding
from mlguide.site.config.typos import slips

STATIC = "static"  # templates/static/ holds files published as they are, not templates


def template_names(folder: Path) -> list[str]:
    """Every file under `folder` as Jinja names it (`partials/nav.html.j2`), static/ aside."""
    names = []
    for top, dirs, files in os.walk(folder, onerror=lambda _: None):
        here = Path(top)
        if here == folder:
            dirs[:] = [d for d in dirs if d != STATIC]
        names += [(here / f).relative_to(folder).as_posix() for f in files]
    return sorted(names)


def unused_templates(project: Path, built_in: Path) -> list[Finding]:
    """A warning for each template of the project that nothing would ever load."""
    if not project.is_dir():
        return []
    own = template_names(project)
    known = set(template_names(built_in))
    candidates = [n for n in own if n not in known and (n.endswith(".j2") or f"{n}.j2" in known)]
    if not candidates:
        return []
    texts = {name: _text(project / name) for name in own}
    return [
        Finding("template-name", _message(name, known), project / name)
        for name in candidates
        if not _named_elsewhere(name, texts.items())
    ]


def _message(name: str, known: set[str]) -> str:
    if f"{name}.j2" in known:
        return f"no page uses this template: name it `{name}.j2` to replace the built-in one"
    close = near_name(name, known)
    if close:
        return f"no page uses this template: did you mean `{close}`?"
    return (
        "no page uses this template and no template includes it: a template replaces the "
        "built-in one of the same name (see docs/writing.md)"
    )


def near_name(name: str, names: Iterable[str]) -> str | None:
    """The name `name` is a typo of: in the same folder, its first part (before the first
    dot) one slip away (two for a long one): a letter left out, added, changed or two
    swapped. Closeness ratios alone match `other` with `footer`."""
    folder, _, file = name.rpartition("/")
    stem, _, rest = file.partition(".")
    best = None
    for known in sorted(names):
        k_folder, _, k_file = known.rpartition("/")
        k_stem, _, k_rest = k_file.partition(".")
        if k_folder != folder or known == name:
            continue
        allowed = 1 if len(k_stem) <= 6 else 2
        edits = slips(stem, k_stem) + (0 if rest == k_rest else 1)
        if edits <= allowed and (best is None or edits < best[0]):
            best = (edits, known)
    return best[1] if best else None


def _named_elsewhere(name: str, texts: Iterable[tuple[str, str]]) -> bool:
    """Another template names it in quotes (`{% include "partials/x.html.j2" %}`)."""
    quoted = (f'"{name}"', f"'{name}'")
    return any(other != name and any(q in text for q in quoted) for other, text in texts)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
