"""The project's `static/` folder: files published at the site root exactly as they are.

Hosts look for their own files there: `CNAME` (a custom domain on GitHub Pages), `_headers`
and `_redirects` (Netlify, Cloudflare Pages), `.nojekyll`, `favicon.ico`, `keybase.txt`,
`.well-known/...`. So these are never hashed, renamed or rewritten, hidden files included.
A file that would land where the build writes one of its own (`feed.xml`, a post's page,
`pagefind/`) is an error at the file, never a silent winner either way.

Everything is read as data: a file that is not a regular one (a FIFO, a device, a socket),
a link that leads outside the project or to a folder, or a name a URL cannot carry is an
error at its path, so a build cannot hang on a pipe or publish a file from elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NoReturn

from mlguide.errors import MlguideError, display_path, raise_all
from mlguide.site.content.filenames import NOT_UTF8, NOT_UTF8_FOLDER, undecodable
from mlguide.site.outputs import CopiedFile, is_site_path

_CHUNK = 1 << 20


def root_files(
    static: Path,
    project: Path,
    generated: Mapping[str, Path | None],
    reserved: Iterable[str] = (),
) -> list[CopiedFile]:
    """Every file under `static/`, at the same path under the site root, or every problem at
    once: unreadable files, and files where the build writes its own (`generated`, by the
    post each comes from, if one does; or inside a `reserved` folder such as `pagefind/`).
    No folder, no files: most blogs have none."""
    files: list[CopiedFile] = []
    errors: list[MlguideError] = []
    misnamed: dict[Path, MlguideError] = {}  # by the part not UTF-8: a folder's, once
    for path in _walk(static):
        part = undecodable(path, static)
        if part is not None:
            why = NOT_UTF8 if part == path else NOT_UTF8_FOLDER
            misnamed.setdefault(part, MlguideError(why, part))
            continue
        try:
            files.append(_root_file(path, static, project))
        except MlguideError as exc:
            errors.append(exc)
    raise_all(
        [*misnamed.values(), *errors, *_collisions(files, generated, static, reserved, project)]
    )
    return files


def _collisions(
    files: Iterable[CopiedFile],
    generated: Mapping[str, Path | None],
    static: Path,
    reserved: Iterable[str],
    project: Path,
) -> list[MlguideError]:
    """Which of two files should win is the author's call, so neither does. A file is also
    in the way where the build writes a folder (`static/welcome` and the post `welcome/`),
    and a folder where it writes a file (`static/feed.xml/x`)."""
    prefixes = tuple(f"{folder.rstrip('/')}/" for folder in reserved)
    folders: dict[str, str] = {}  # every folder the build writes into, by a file in it
    for path in sorted(generated):
        for folder in _parents(path):
            folders.setdefault(folder, path)
    errors = []
    for f in files:
        if f.path in generated:
            why = f"would replace the generated {f.path}{_from(generated[f.path], project)}"
        elif prefixes and f.path.startswith(prefixes):
            why = f"would replace {f.path.split('/')[0]}/, which the build writes"
        elif f.path in folders:
            inner = folders[f.path]
            page = _from(generated[inner], project)
            why = f"the build writes the folder {f.path}/ here ({inner}{page})"
        elif clash := next((p for p in _parents(f.path) if p in generated), None):
            page = _from(generated[clash], project)
            why = f"the build writes the file {clash}{page} where this folder is"
        else:
            continue
        errors.append(MlguideError(f"{why}: rename or remove this file", static / f.path))
    return errors


def _from(source: Path | None, project: Path) -> str:
    """The post a generated file is the page of, as the project names it."""
    if source is None:
        return ""
    try:
        return f", the page of {source.relative_to(project).as_posix()}"
    except ValueError:
        return f", the page of {display_path(source)}"


def _parents(path: str) -> Iterator[str]:
    parts = path.split("/")
    for n in range(1, len(parts)):
        yield "/".join(parts[:n])


def _walk(static: Path) -> Iterator[Path]:
    def fail(exc: OSError) -> NoReturn:
        raise MlguideError(f"cannot read the folder: {exc.strerror}", exc.filename or static)

    try:
        st = static.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        fail(exc)
    if not stat.S_ISDIR(st.st_mode):
        raise MlguideError("is not a folder: files to publish at the site root go in it", static)
    for parent, dirs, names in os.walk(static, onerror=fail):  # links to folders: not entered
        dirs.sort()
        for name in sorted(names + [d for d in dirs if Path(parent, d).is_symlink()]):
            yield Path(parent, name)


def _root_file(path: Path, static: Path, project: Path) -> CopiedFile:
    rel = path.relative_to(static).as_posix()
    if not is_site_path(rel) or any(ord(c) < 32 for c in rel):
        raise MlguideError("has a name a URL cannot carry: rename it", path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise MlguideError("is a broken or looping link", path) from None
        if not target.is_relative_to(project.resolve()):
            raise MlguideError(f"is a link to {target}, outside the project", path)
    try:
        st = path.stat()
    except OSError as exc:
        raise MlguideError(f"cannot read: {exc.strerror}", path) from exc
    if stat.S_ISDIR(st.st_mode):
        raise MlguideError("is a link to a folder: put the folder itself in static/", path)
    if not stat.S_ISREG(st.st_mode):
        raise MlguideError("is not a regular file (a pipe, a device or a socket)", path)
    digest, size = _digest(path)
    return CopiedFile(rel, path, digest, size)


def _digest(path: Path) -> tuple[str, int]:
    """Read in chunks: a root file may be large (a PDF, a video) and is never held whole."""
    h, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise MlguideError(f"cannot read: {exc.strerror}", path) from exc
    return h.hexdigest(), size
