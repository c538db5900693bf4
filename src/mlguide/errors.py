"""The one error type users see, and warnings as data.

Every failure a user can cause is raised as `MlguideError`; the CLI prints it as a single
`path:line: message` line, so editors and CI annotators can jump straight to the spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class MlguideError(Exception):
    """A problem with the user's input or environment, never a bug in mlguide."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)

    def __reduce__(self) -> tuple[type, tuple[str, Path | None, int | None]]:
        # Keep path and line when the error crosses from a worker process.
        return (type(self), (self.message, self.path, self.line))


@dataclass(frozen=True)
class Finding:
    """A warning about the content; `--strict` turns any of them into a failed build."""

    rule: str
    message: str
    path: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        return format_location(self.path, self.line, f"{self.message} [{self.rule}]")


def format_location(path: Path | None, line: int | None, message: str) -> str:
    if path is None:
        return message
    where = display_path(path)
    return f"{where}:{line}: {message}" if line else f"{where}: {message}"


def display_path(path: Path) -> str:
    """Relative to the working folder when possible: shorter, and clickable in terminals."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
