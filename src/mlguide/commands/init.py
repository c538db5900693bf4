"""`mlguide init`: a new blog that builds, checks and publishes from its first minute.

All or nothing: every target is checked first (a file where a folder must go, a starter file
that exists without `--force`, a folder where a file must go), everything is written into a
temporary folder inside the project, and only then moved into place, one rename per file.
If a move fails, the files moved so far are taken back (and the ones `--force` replaced are
restored), so a failed `init` leaves the folder as it found it and running it again works.
`--git` makes a repository whose branch is `main`, created in the same temporary folder and
moved in last. Authoring may read the clock (the first post's date is today); builds never do.

A file already where init writes one is never lost (`existing` decides, per file, before
anything is written): lists such as `.gitignore` get init's lines added; any other file is
replaced only with `--force`, and then kept as `NAME.bak` unless mlguide shipped it.

Run in a folder that holds a blog brought from another generator (its config file copied in,
as docs/migrating.md says), `init` starts `mlguide.yml` from that config's title, author and
address where no option gave them, and writes no welcome post among the old posts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from mlguide import __version__
from mlguide.commands import existing
from mlguide.commands.starter import (
    CLOUDFLARE_BUILD,
    DISTRIBUTION,
    HOSTS,
    Blog,
    domain_problem,
    site_url,
    starter_files,
)
from mlguide.errors import MlguideError, raise_all
from mlguide.fileio import FILE_MODE
from mlguide.paths import project_paths
from mlguide.site.config.loader import is_placeholder
from mlguide.site.config.settings import BASE_URL, TEXT, Kind
from mlguide.site.content.readers.oldblog import OldBlog, old_blog

__all__ = [
    "DEFAULT_TITLE",
    "HOSTS",
    "Blog",
    "Started",
    "Steps",
    "brought_blog",
    "init",
    "next_steps",
]

BRANCH = "main"
DEFAULT_TITLE = "My blog"  # `--title`'s default: a name nobody chose, so an old one wins


@dataclass(frozen=True)
class Started:
    written: tuple[Path, ...]  # files written whole (new, or replaced), relative to the project
    said: tuple[str, ...]  # the files added to, and the old files kept: one line each


def init(root: Path, blog: Blog, force: bool, today: dt.date, git: bool = False) -> Started:
    """Write the starter project, keeping what is there (see `existing`)."""
    _check_options(blog)
    root = root.absolute()
    if _is_not_a_folder(root):
        raise MlguideError("is a file, not a folder: nothing was written", root)
    old = old_blog(root) if root.is_dir() else None
    files = starter_files(root, brought_blog(blog, old), today)
    if old is not None:  # posts are on their way: a welcome post dated today is not one
        files.pop(project_paths(root).content / "welcome.md", None)
    todo = existing.plan(root, files, force)
    _check_targets(root, files, todo)
    with_git = git and not (root / ".git").exists()
    if with_git and shutil.which("git") is None:
        raise MlguideError("--git needs git, which is not installed: nothing was written")
    _write_all(root, todo.files, with_git)
    written = [p.relative_to(root) for p in todo.files if p not in todo.described]
    return Started(tuple([*written, Path(".git")] if with_git else written), todo.said)


def brought_blog(blog: Blog, old: OldBlog | None) -> Blog:
    """`blog` with what the old config says in place of what no option gave: the title
    when `--title` was left at its default, the author, and the address (unless it is a
    placeholder, or `--domain` gives one). A value mlguide.yml would refuse is left out."""
    if old is None:
        return blog
    title = old.title if blog.title == DEFAULT_TITLE and _valid(TEXT, old.title) else blog.title
    author = old.author if not blog.author and _valid(TEXT, old.author) else blog.author
    base_url = blog.base_url
    if base_url is None and blog.domain is None and _valid(BASE_URL, old.url):
        url = BASE_URL.read(old.url)
        base_url = None if is_placeholder(url) else url
    return dataclasses.replace(blog, title=title, author=author, base_url=base_url)


def _valid(kind: Kind, value: str) -> bool:
    try:
        kind.read(value)
    except ValueError:
        return False
    return bool(value)


def _check_options(blog: Blog) -> None:
    """Each bad option is named on its own, all of them at once."""
    options = [("--title", TEXT, blog.title), ("--author", TEXT, blog.author)]
    if blog.base_url:
        options.insert(0, ("--base-url", BASE_URL, blog.base_url))
    errors = []
    for option, kind, value in options:
        try:
            kind.read(value)
        except ValueError as exc:
            errors.append(MlguideError(f"{option} {exc}"))
    if blog.host not in HOSTS:
        errors.append(MlguideError(f"--host must be one of {', '.join(HOSTS)}, not {blog.host}"))
    if blog.domain is not None and (problem := domain_problem(blog.domain, blog.base_url)):
        errors.append(MlguideError(problem))
    raise_all(errors)


def _check_targets(root: Path, files: dict[Path, bytes], todo: existing.Plan) -> None:
    """Everything that would stop the writing, found before any of it: all of it reported."""
    errors: list[MlguideError] = list(todo.refused)
    blocked: set[Path] = set()
    for path in files:
        for folder in reversed(path.relative_to(root).parents[:-1]):
            where = root / folder
            if where not in blocked and _is_not_a_folder(where):
                blocked.add(where)
                need = path.relative_to(root).as_posix()
                errors.append(
                    MlguideError(f"is a file where init needs a folder (for {need})", where)
                )
        if path.is_dir():
            errors.append(MlguideError("is a folder where init writes a file", path))
    if todo.overwrites:
        errors.append(MlguideError(_overwrite_message(root, todo.overwrites), root))
    if errors:  # said once, on the line printed last (errors print in path order)
        errors.sort(key=lambda e: str(e.path or ""))
        last = errors[-1]
        errors[-1] = MlguideError(f"{last.message}: nothing was written", last.path, last.line)
    raise_all(errors)


def _overwrite_message(root: Path, overwrites: tuple[tuple[Path, Path | None], ...]) -> str:
    """`would overwrite a, b (pass --force to …)`, saying where the old bytes would go."""
    names = ", ".join(sorted(p.relative_to(root).as_posix() for p, _ in overwrites))
    kept = sorted(b.relative_to(root).as_posix() for _, b in overwrites if b is not None)
    it = "them" if len(overwrites) > 1 else "it"
    one = "ones are" if len(kept) > 1 else "one is"
    backup = f"; the old {one} kept as {_and(kept)}" if kept else ""
    return f"would overwrite {names} (pass --force to replace {it}{backup})"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _is_not_a_folder(path: Path) -> bool:
    return (path.exists() or path.is_symlink()) and not path.is_dir()


def _write_all(root: Path, files: dict[Path, bytes], git: bool) -> None:
    made_root = not root.exists()
    undo: list[Callable[[], None]] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".mlguide-init-", dir=root))
    except OSError as exc:
        raise MlguideError(f"cannot write here: {exc.strerror}: nothing was written", root) from exc
    try:
        staged = {
            path: _stage(staging / "new", path.relative_to(root), data)
            for path, data in files.items()
        }
        if git:
            staged[root / ".git"] = _git_repository(staging / "repository")
        for path, source in staged.items():
            _move_in(path, source, staging / "old" / path.relative_to(root), undo)
    except BaseException as exc:  # Ctrl-C included: nothing may be left half-written
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        if isinstance(exc, OSError):
            where = Path(exc.filename) if exc.filename else root
            raise MlguideError(f"cannot write: {exc.strerror}: nothing was written", where) from exc
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if made_root and not any(root.iterdir()):
            root.rmdir()


def _stage(folder: Path, rel: Path, data: bytes) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.chmod(path, FILE_MODE)
    return path


def _move_in(path: Path, source: Path, backup: Path, undo: list[Callable[[], None]]) -> None:
    """One rename into place, and how to take it back."""
    missing = [p for p in reversed(path.parents) if not p.exists()]
    for folder in missing:
        folder.mkdir()
        undo.append(folder.rmdir)
    if path.exists() or path.is_symlink():  # --force: kept aside until everything is in
        backup.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, backup)
        undo.append(lambda: os.replace(backup, path))
    os.replace(source, path)
    undo.append(lambda: _remove(path))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _git_repository(folder: Path) -> Path:
    """A new repository on `main`, whatever git's own default is: the publishing workflow
    and the hosts build the default branch, and README's commands say `main`."""
    folder.mkdir()
    for args in (["init", "-q"], ["symbolic-ref", "HEAD", f"refs/heads/{BRANCH}"]):
        result = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            message = (result.stderr.strip().splitlines() or ["failed"])[-1]
            raise MlguideError(f"git {args[0]}: {message}: nothing was written")
    return folder / ".git"


@dataclass(frozen=True)
class Steps:
    commands: tuple[str, ...]  # what to type, in order
    notes: tuple[str, ...]  # what to check or click before publishing, in order


def next_steps(root: Path, blog: Blog, git: bool) -> Steps:
    """What to run next, for the host the blog was made for; then, apart, what to check in
    what was written before it is pushed (values taken from an old config, an address that
    is a reserved example, a version pin CI may not be able to install) and what to do once
    at the host. Commands alone in their list, so that each line can be pasted."""
    old = old_blog(root)
    said = blog
    blog = brought_blog(blog, old)
    commands = []
    if root.resolve() != Path.cwd().resolve():
        commands.append(f"cd {root}")
    if old is not None:
        commands += ["mlguide build", "mlguide import-report"]
    else:
        commands += ['mlguide new "My first post"', "mlguide serve --drafts"]
    notes = _brought_note(said, blog, old)
    if not site_url(blog):
        notes.append("set base_url in mlguide.yml: the address the site is published at")
    notes += [*_example_note(blog), *_pin_note(root)]  # before anything is pushed
    if blog.host == "none":
        commands.append("mlguide build --strict   # then upload build/ to any static host")
        return Steps(tuple(commands), tuple(notes))
    if not git and not (root / ".git").exists():
        commands.append(f"git init -b {BRANCH}")
    commands.append('git add . && git commit -m "First post"')
    if blog.host == "github":
        notes.append(f"push to GitHub (branch {BRANCH}); Settings > Pages > Source: GitHub Actions")
    elif blog.host == "netlify":
        notes.append("push, then in Netlify: Add new site > Import an existing project")
    else:
        notes.append("push, then in Cloudflare: Workers & Pages > Create > Pages > Connect to Git")
        notes += [f"  {name}: {value}" for name, value in CLOUDFLARE_BUILD.items()]
    return Steps(tuple(commands), tuple(notes))


def _brought_note(said: Blog, blog: Blog, old: OldBlog | None) -> list[str]:
    taken = [
        name
        for name, mine, theirs in (
            ("title", said.title, blog.title),
            ("author", said.author, blog.author),
            ("base_url", said.base_url, blog.base_url),
        )
        if mine != theirs
    ]
    if old is None or not taken:
        return []
    them = "them" if len(taken) > 1 else "it"
    return [f"mlguide.yml takes {_and(taken)} from {old.config.name}: check {them} there"]


def _pin_note(root: Path) -> list[str]:
    """mlguide installed from a file on this machine (a wheel, a checkout) pins its version,
    which CI fetches from the package index: said, with the line to write if it is not
    published there (the git tag line requirements.txt's comment gives)."""
    source = installed_from()
    if not source.startswith("file:"):
        return []
    path = root / "requirements.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    pin = f"{DISTRIBUTION}=={__version__}"
    if pin not in lines:
        return []
    tag = next((ln[1:].strip() for ln in lines if ln.startswith("#") and " @ git+" in ln), "")
    name = urlsplit(source).path.rsplit("/", 1)[-1] or source
    instead = tag or f"{DISTRIBUTION} @ <a URL CI can fetch>"
    return [
        f"requirements.txt pins {pin}, which CI installs from a package index, but this "
        f"mlguide came from {name} on this machine: if no index has {__version__}, write "
        f"`{instead}` there instead"
    ]


def installed_from() -> str:
    """The URL pip installed mlguide from (`file:///…/x.whl`, a git URL), or "" when it came
    from a package index."""
    try:
        raw = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        url = json.loads(raw).get("url", "") if raw else ""
    except (metadata.PackageNotFoundError, ValueError, AttributeError):
        return ""
    return url if isinstance(url, str) else ""


def _example_note(blog: Blog) -> list[str]:
    url = site_url(blog)
    if not url or not is_placeholder(url):
        return []
    host = urlsplit(url).hostname or url
    return [
        f"base_url {url} is on {host}, a reserved example domain no site is published "
        "at: set the real address in mlguide.yml before publishing"
    ]
