"""The output folder is replaced whole, so it must never hold the author's work."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mlguide.errors import MlguideError, display_path
from mlguide.fileio import file_kind
from mlguide.paths import BUILD_MARKER

# Folders inside the cache that may hold a site: `serve`'s preview.
PREVIEWS = (("serve",),)


def check_output_folder(
    dest: Path, protected: Iterable[Path], force: bool = False, cache: Path | None = None
) -> None:
    """Refuse an output folder whose replacement would destroy the author's work.

    The build replaces the whole folder, so it must not be, contain or sit inside a source
    folder; a non-empty folder that mlguide did not write needs `--force`. Folders that hold
    the project, the home folder or the working folder are refused even with `--force`. The
    cache's own folders are refused too: the next build empties the trash and prunes pages.
    """
    dest = dest.absolute()
    _check_parents_are_folders(dest)
    real = dest.resolve()
    if cache is not None:
        inside = real.is_relative_to(cache.absolute().resolve())
        if inside and real.relative_to(cache.absolute().resolve()).parts[:1] not in PREVIEWS:
            raise MlguideError(
                f"refusing to write the site inside mlguide's cache `{display_path(cache)}`, "
                "which mlguide empties on its own; choose another folder with -o",
                dest,
            )
    sources = [(source, _real(source)) for source in protected]
    for source, src in sources:
        if real == src or src.is_relative_to(real):
            raise MlguideError(
                f"refusing to write the site here: it would replace `{display_path(source)}`, "
                "which holds your sources; choose another folder with -o",
                dest,
            )
    for source, src in sources:
        if real.is_relative_to(src):
            raise MlguideError(
                f"refusing to write the site inside `{display_path(source)}`, which holds your "
                "sources; choose another folder with -o",
                dest,
            )
    for keep in (Path.cwd(), Path.home(), Path(real.anchor)):
        if keep.resolve().is_relative_to(real):
            raise MlguideError(
                f"refusing to write the site here: it would replace `{keep}`; "
                "choose another folder with -o",
                dest,
            )
    if dest.exists() and not dest.is_dir():
        kind = file_kind(dest) or "a file"  # `-o /dev/null`: a device
        raise MlguideError(f"the output path is {kind}, not a folder: choose another with -o", dest)
    if (dest / ".git").exists():
        raise MlguideError(
            "refusing to replace the output folder: it holds a git repository (.git), which "
            "the build would delete, even with --force; choose another folder with -o",
            dest,
        )
    if force or not dest.is_dir() or (dest / BUILD_MARKER).is_file():
        return
    if any(dest.iterdir()):
        raise MlguideError(
            f"the output folder is not empty and was not written by mlguide (no {BUILD_MARKER}): "
            "choose an empty folder, or pass --force to replace it",
            dest,
        )


def _check_parents_are_folders(dest: Path) -> None:
    for parent in dest.parents:
        if parent.exists():
            if not parent.is_dir():
                raise MlguideError(
                    f"`{parent}` is a file, so the output folder cannot be created under it", dest
                )
            return


def _real(path: Path) -> Path:
    """The path with its links followed; a link that loops (`mlguide.yml` pointing at
    itself) stands for itself: resolve() raises on it, and it is no less a source."""
    try:
        return path.absolute().resolve()
    except (OSError, RuntimeError):
        return path.absolute().parent.resolve() / path.name


def check_nothing_read_is_replaced(dest: Path, read: Iterable[Path]) -> None:
    """The folder the build is about to replace holds no file the build read: a paper a
    post links to, a house rule. `--force` lets mlguide replace a folder it did not write;
    which files in it are the author's is known only once the pages are rendered, so this
    runs before the swap, and a refusal leaves the previous folder as it was."""
    real = dest.absolute().resolve()
    folders: dict[Path, Path] = {}  # pages read many files of few folders: resolve each once
    for path in read:
        if path.parent not in folders:
            folders[path.parent] = _real(path.parent)
    inside = sorted(p for p in read if (folders[p.parent] / p.name).is_relative_to(real))
    if inside:
        raise MlguideError(
            f"refusing to replace the output folder: it holds `{display_path(inside[0])}`"
            + (f" and {len(inside) - 1} more file(s)" if len(inside) > 1 else "")
            + ", which this build reads; choose another folder with -o",
            dest,
        )
