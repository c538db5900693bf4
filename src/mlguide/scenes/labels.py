"""Scene text the bundled fonts cannot draw, as warnings at the line that wrote it.

Pillow draws a character its font lacks as an empty box ("tofu") without a word. Post cards
refuse such text (`cards.text`); a scene is the author's own drawing, so it is a warning
instead, which `--strict`-minded authors see like any other, at the label's line.

Shapes do not remember where they were made, so the line is found in the source: the first
line of the scene file (or of one of its helpers) holding one of the missing characters.
That is where a label written as a literal is; a label computed from other text is reported
at `def layout`. A text a change sets (`swap_text`) is reported where the change was asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mlguide import limits
from mlguide.engine.coverage import missing_characters
from mlguide.engine.fonts import FILES
from mlguide.engine.shapes import Text
from mlguide.engine.timeline import Scene
from mlguide.errors import Finding, MlguideError
from mlguide.fileio import read_file

RULE = "scene-font"


def label_findings(scene: Scene, path: Path, layout_line: int | None) -> tuple[Finding, ...]:
    """One warning per label holding characters its font has no glyph for."""
    found: dict[tuple[str, int | None, str], Finding] = {}
    for text, weight, where in _texts(scene):
        missing = missing_characters(text, weight) if weight in FILES else ""
        if not missing:
            continue
        at = where or _line_holding(missing, path) or (str(path), layout_line)
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:8])
        message = (
            f"the label `{_short(text)}` has characters the bundled fonts cannot draw: {shown}; "
            "they are drawn as empty boxes: change the text"
        )
        found.setdefault((at[0], at[1], missing), Finding(RULE, message, Path(at[0]), at[1]))
    return tuple(found.values())


def _texts(scene: Scene) -> Iterator[tuple[str, str, tuple[str, int] | None]]:
    """(text, weight, where a change set it) of every label and every text a change sets."""
    weights: dict[str, str] = {}
    for shape in scene.shapes:
        if isinstance(shape, Text):
            weights[shape.id] = shape.weight
            yield shape.text, shape.weight, None
    for tween in scene.tweens:
        if tween.prop == "text" and isinstance(tween.value, str):
            where = (tween.origin.path, tween.origin.line) if tween.origin else None
            yield tween.value, weights.get(tween.target, "regular"), where


def _line_holding(chars: str, scene_path: Path) -> tuple[str, int] | None:
    """The first line, in the scene file and then its folder's helpers, holding any of
    `chars`."""
    helpers = sorted(scene_path.parent.glob("_*.py"))
    for path in (scene_path, *helpers):
        try:
            text = read_file(path, limits.SCENE_BYTES).decode("utf-8", "replace")
        except MlguideError:
            continue
        for number, line in enumerate(text.split("\n"), 1):
            if any(c in line for c in chars):
                return str(path), number
    return None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
