"""The one error type users see, and warnings as data.

Every failure a user can cause is raised as `MlguideError`; the CLI prints it as a single
`path:line: message` line, so editors and CI annotators can jump straight to the spot. A run
that finds several problems raises them together (`ErrorGroup`), so an author fixes all of
them in one round instead of one per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class MlguideError(Exception):
    """A problem with the user's input or environment, never a bug in mlguide."""

    # What the same run found that does not stop it: printed first, so that one run shows
    # everything (a build that stopped at an error used to drop its warnings unsaid).
    warnings: tuple[Finding, ...] = ()

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)

    def __reduce__(self) -> tuple[type, tuple[object, ...], dict[str, tuple[Finding, ...]]]:
        # Keep path, line and warnings when the error crosses from a worker process.
        return (type(self), (self.message, self.path, self.line), {"warnings": self.warnings})

    @property
    def errors(self) -> tuple[MlguideError, ...]:
        """Every problem this error stands for (one, unless it is a group)."""
        return (self,)


class ChangedWhileBuilding(MlguideError):
    """A file saved again while the build was reading it (a post, a picture). `build` says
    "build again"; `serve` says nothing, since the save that caused it is a change its
    watcher has seen, and the rebuild that follows has the whole of it."""

    def __init__(self, path: Path | str | None = None, line: int | None = None):
        super().__init__("changed while the site was being built: build again", path, line)

    def __reduce__(self) -> tuple[type, tuple[object, ...], dict[str, tuple[Finding, ...]]]:
        return (type(self), (self.path, self.line), {"warnings": self.warnings})


class ErrorGroup(MlguideError):
    """Several problems found in one run; printed one per line, then their count."""

    def __init__(self, errors: Sequence[MlguideError], warnings: Sequence[Finding] = ()):
        self.warnings = tuple(warnings)
        # In file and line order, so an author can walk down each file once.
        # The same problem met by many pages (a broken template) is reported once.
        unique = {str(e): e for err in errors for e in err.errors}
        flat = sorted(unique.values(), key=lambda e: (str(e.path or ""), e.line or 0))
        self._errors = tuple(flat)
        count = len(self._errors)
        super().__init__(f"{count} error{'s' if count != 1 else ''}")

    @property
    def errors(self) -> tuple[MlguideError, ...]:
        return self._errors

    def __str__(self) -> str:
        return "\n".join([*(str(e) for e in self._errors), self.message])

    def __reduce__(self) -> tuple[type, tuple[tuple[MlguideError, ...]]]:  # type: ignore[override]
        return (type(self), (self._errors,))


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C (workers stopped, nothing half-written) but reported with
    its own exit status."""


class Interrupted(MlguideError):
    """Ctrl-C or SIGTERM stopped a command; the message says what is left on disk."""

    def __init__(self, message: str, path: Path | str | None = None, exit_code: int = 130):
        super().__init__(message, path)
        self.exit_code = exit_code

    def __reduce__(self) -> tuple[type, tuple[object, ...], dict[str, tuple[Finding, ...]]]:
        return (type(self), (self.message, self.path, self.exit_code), {})


def interrupt_exit_code(exc: KeyboardInterrupt) -> int:
    return 143 if isinstance(exc, Terminated) else 130


def raise_all(errors: Sequence[MlguideError], warnings: Sequence[Finding] = ()) -> None:
    """Nothing for no errors, the error itself for one, a group for several; with the
    run's `warnings`, to be said first."""
    if len(errors) == 1 and len(errors[0].errors) == 1:
        errors[0].warnings = tuple(warnings)
        raise errors[0]
    if errors:
        raise ErrorGroup(errors, warnings)


def collect(items: Iterable[T], work: Callable[[T], R]) -> tuple[list[R], list[MlguideError]]:
    """Run `work` on every item, keeping going past failures so all of them are reported."""
    results: list[R] = []
    errors: list[MlguideError] = []
    for item in items:
        try:
            results.append(work(item))
        except MlguideError as exc:
            errors.append(exc)
    return results, errors


@dataclass(frozen=True)
class Finding:
    """A warning about the content; `--strict` turns any of them into a failed build.

    A `notice` is advice shown under `--strict` and by `serve` (a description taken from the
    first paragraph, a script in a post): worth a look before publishing, never a failure.
    A notice that is `news` (a post held back until its date) is shown by every build.
    """

    rule: str
    message: str
    path: Path | None = None
    line: int | None = None
    notice: bool = False
    news: bool = False

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.labelled)

    @property
    def label(self) -> str:
        return "notice" if self.notice else "warning"

    @property
    def labelled(self) -> str:
        """The message and the rule's code, set apart so the code cannot pass for a value
        to fill in (`[base-url]` read like a placeholder)."""
        return f"{self.message} (rule: {self.rule})"

    def as_error(self) -> MlguideError:
        return MlguideError(self.labelled, self.path, self.line)


def format_location(path: Path | None, line: int | None, message: str) -> str:
    if path is None:
        return printable(message)
    where = display_path(path)
    return printable(f"{where}:{line}: {message}" if line else f"{where}: {message}")


def display_path(path: Path) -> str:
    """Relative to the working folder when possible: shorter, and clickable in terminals.
    A name that is not UTF-8 is shown with its stray bytes escaped (`bad\\xffname.md`), as
    they are on disk, instead of Python's stand-ins for them, which no terminal can print."""
    # The folder is resolved, not the file: a symlink is shown as itself, and one that loops
    # (resolve() raises RuntimeError on it) cannot turn an error message into a crash.
    try:
        shown = str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        shown = str(path)
    return printable(shown)


def printable(text: str) -> str:
    """`text` with the bytes of a name that is not UTF-8 escaped as they are on disk
    (`\\xff`); any other lone surrogate as Python writes it (`\\ud800`)."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode()
