"""Where in the author's files a piece of a scene was written, for `path:line:` errors.

The composition helpers record the first caller outside the mlguide package, so an overlapping
or malformed change is reported at the scene line that asked for it, not deep in the engine.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import FrameType

from mlguide.errors import MlguideError


@dataclass(frozen=True)
class Origin:
    path: str
    line: int


def is_mlguide_module(name: str) -> bool:
    return name == "mlguide" or name.startswith("mlguide.")


def caller_origin() -> Origin | None:
    """The innermost frame on the stack whose module is not part of mlguide."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if not is_mlguide_module(str(frame.f_globals.get("__name__", ""))):
            return Origin(frame.f_code.co_filename, frame.f_lineno)
        frame = frame.f_back
    return None


def scene_error(message: str, origin: Origin | None) -> MlguideError:
    if origin is None:
        return MlguideError(message)
    return MlguideError(message, origin.path, origin.line)
