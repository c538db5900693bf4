"""Jinja: the environment, the one context every page gets, and template errors with lines.

Every page kind renders through `render_page` with a `PageContext`, so a new kind of page
(tag, archive) cannot forget what `base.html.j2` needs. Colours reach templates only from the
design tokens.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import jinja2
import markupsafe

from mlguide import limits
from mlguide.errors import MlguideError, raise_all
from mlguide.fileio import read_file
from mlguide.site.config.loader import Config
from mlguide.site.config.yamlio import MONTHS
from mlguide.site.content.filenames import NOT_UTF8, NOT_UTF8_FOLDER, undecodable
from mlguide.site.permalinks import absolute
from mlguide.site.render import compiled
from mlguide.site.render.templatenames import near_name, template_names
from mlguide.tokens import css_variables

DEFAULT_TEMPLATES = Path(__file__).parents[2] / "defaults" / "templates"
SEARCH_STATIC = frozenset({"search.js"})  # published only with `search: true`
BUILT_IN_PREFIX = "mlguide/"  # names a built-in template, past the project's of that name


@dataclass(frozen=True)
class StaticFile:
    """A file the templates use (a font): published under a content-hashed name."""

    name: str  # as templates ask for it: "fonts/inter-latin-400.woff2"
    source: Path
    out_path: str  # "assets/inter-latin-400.1a2b3c4d5e.woff2"


def static_files(templates: Path, search: bool = True) -> tuple[StaticFile, ...]:
    """The defaults' `static/` files, each replaced by the project's file of the same name.
    Without search, its script is left out: no page links it, so it would be a dead file."""
    found: dict[str, Path] = {}
    misnamed: dict[Path, MlguideError] = {}  # by the part not UTF-8: a folder's, once
    for folder in (DEFAULT_TEMPLATES / "static", templates / "static"):
        for path in _files_under(folder):
            if (part := undecodable(path, folder)) is not None:
                why = NOT_UTF8 if part == path else NOT_UTF8_FOLDER
                misnamed.setdefault(part, MlguideError(why, part))
            found[path.relative_to(folder).as_posix()] = path
    raise_all(list(misnamed.values()))
    if not search:
        found = {name: path for name, path in found.items() if name not in SEARCH_STATIC}
    out = []
    for name, path in sorted(found.items()):
        digest = hashlib.sha256(read_file(path, limits.PUBLISHED_FILE_BYTES)).hexdigest()[:10]
        out.append(StaticFile(name, path, f"assets/{path.stem}.{digest}{path.suffix.lower()}"))
    return tuple(out)


def _files_under(folder: Path) -> Iterator[Path]:
    """Regular files, hidden ones left out; an unreadable folder is an error (Path.rglob
    would skip it silently, and `is_dir` raises PermissionError)."""

    def fail(exc: OSError) -> NoReturn:
        raise MlguideError(f"cannot read the folder: {exc.strerror}", exc.filename or folder)

    try:
        if not folder.is_dir():
            return
    except OSError as exc:
        fail(exc)
    for parent, dirs, files in os.walk(folder, onerror=fail):
        dirs.sort()
        for name in sorted(files):
            path = Path(parent, name)
            if not name.startswith(".") and path.is_file():
                yield path


@dataclass(frozen=True)
class Link:
    title: str
    href: str


@dataclass(frozen=True)
class PageContext:
    """What `base.html.j2` needs of every page."""

    path: str  # the output file relative to the site root, e.g. `slug/index.html`
    kind: str  # post, home, tags, tag, archive, 404
    title: str  # the `<title>`
    description: str
    root: str  # the prefix that leads from this page to the site root
    canonical: str | None
    feeds: tuple[Link, ...] = ()  # alternate feeds (`<link rel=alternate>`)
    prev_url: str | None = None  # pagination: `<link rel=prev/next>`
    next_url: str | None = None
    noindex: bool = False


def page_context(
    config: Config, path: str, kind: str, title: str, description: str, **extra: Any
) -> PageContext:
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    root = extra.pop("root", "../" * folder.count("/"))
    canonical = extra.pop(
        "canonical", absolute(config.base_url, folder if path.endswith("index.html") else path)
    )
    feeds = (Link(f"{config.title} (Atom)", root + "feed.xml"), *extra.pop("feeds", ()))
    return PageContext(path, kind, title, description, root, canonical, feeds, **extra)


def template_ids(env: jinja2.Environment, names: tuple[str, ...]) -> frozenset[str]:
    """Ids the templates write themselves (`id="main"`): headings must not take them."""
    found: set[str] = set()
    for name in names:
        try:
            source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            continue
        found.update(re.findall(r'\bid="([^"{}]+)"', source))
    return frozenset(found)


class TemplateFolders(jinja2.BaseLoader):
    """The project's `templates/` over the built-in templates, file by file.

    Jinja's FileSystemLoader passes over anything that is not a regular file, so a template
    that is a folder, a FIFO or a broken or looping symlink silently became the built-in one;
    here it is an error naming the file (and a FIFO is never opened: that would hang).
    Undecodable text is reported at the line of its first bad byte.
    """

    def __init__(self, folders: tuple[Path, ...]):
        self.folders = folders

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        folders = self.folders
        if template.startswith(BUILT_IN_PREFIX):
            # `{% extends "mlguide/post.html.j2" %}`: the built-in template itself, so a project
            # template of the same name can change one block of it instead of copying it all.
            template, folders = template.removeprefix(BUILT_IN_PREFIX), self.folders[-1:]
        pieces = jinja2.loaders.split_template_path(template)
        for folder in folders:
            path = folder.joinpath(*pieces)
            mtime = _template_mtime(path)
            if mtime is not None:
                break
        else:
            raise jinja2.TemplateNotFound(template)
        filename = os.path.normpath(path)

        def uptodate() -> bool:
            try:
                return os.stat(filename).st_mtime == mtime
            except OSError:
                return False

        return _read_template(path), filename, uptodate


def _template_mtime(path: Path) -> float | None:
    """None if there is no such template here; an error if the name is taken by something
    that is not a readable file. A bad symlink is reported at its folder, with its name:
    showing a path resolves it, which a loop cannot be."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        if not _is_symlink(path):
            return None
        target = os.readlink(path)
        raise MlguideError(
            f"the template `{path.name}` is a broken symbolic link (to `{target}`)", path.parent
        ) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MlguideError(
                f"the template `{path.name}` is a symbolic link that loops", path.parent
            ) from exc
        raise MlguideError(f"cannot read the template: {exc.strerror or exc}", path) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise MlguideError(f"the template is {kind}: it must be a text file", path)
    return info.st_mtime


def _is_symlink(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


def _read_template(path: Path) -> str:
    try:
        data = read_file(path, limits.TEMPLATE_BYTES)
    except MlguideError as exc:
        reason = exc.message.removeprefix("cannot read: ")
        raise MlguideError(f"cannot read the template: {reason}", path) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise MlguideError(f"not UTF-8 text (byte 0x{byte:02x})", path, line) from exc


def make_environment(
    config: Config, templates: Path, static: tuple[StaticFile, ...] = ()
) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=TemplateFolders((templates, DEFAULT_TEMPLATES)),
        bytecode_cache=compiled.SHARED,
        **compiled.OPTIONS,  # type: ignore[arg-type]
    )
    by_name = {f.name: f.out_path for f in static}

    def static_url(name: str) -> str:
        # A template error, so that it is reported at the line of the template that asks.
        if name in by_name:
            return by_name[name]
        if name in SEARCH_STATIC and not config.search:
            raise jinja2.TemplateRuntimeError(
                f"`{name}` is published only with `search: true` (test `site.search` first)"
            )
        raise jinja2.TemplateRuntimeError(f"no file `{name}` in templates/static/")

    tokens = config.theme.tokens
    env.globals.update(
        static=static_url,
        site=config,
        token_css=markupsafe.Markup(css_variables(tokens)),  # CSS: quotes stay quotes
        light=tokens.light,
        dark=tokens.dark,
    )
    env.filters["iso_date"] = iso_date
    env.filters["iso_datetime"] = iso_datetime
    env.filters["human_date"] = human_date
    env.filters["day_month"] = day_month
    env.filters["jsonld"] = script_json
    env.filters["typeset"] = typeset
    return env


def typeset(title: str) -> markupsafe.Markup:
    """A post's title where a list shows it, its formulas typeset as in the post's `<h1>`
    (`The $\\beta$-VAE`): the TeX itself meant nothing to a reader of the home page. A title
    without a formula is escaped as any text is."""
    if "$" not in title and "\\(" not in title:
        return markupsafe.escape(title)
    from mlguide.site.render.markdown import title_html  # only for a title with a formula

    return markupsafe.Markup(title_html(title))


def iso_date(value: dt.date) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.isoformat()


def iso_datetime(value: dt.datetime) -> str:
    """RFC 3339 for feeds and `<time>`: `2026-11-26T00:00:00Z`."""
    return value.isoformat().replace("+00:00", "Z")


def human_date(value: dt.date) -> str:
    # Not strftime: month names must not depend on the machine's locale.
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def day_month(value: dt.date) -> str:
    """`26 Nov`: a list grouped by year (the archive) says the year once, above."""
    return f"{value.day} {MONTHS[value.month - 1][:3]}"


def script_json(data: Any) -> str:
    """JSON that can sit inside `<script>`: `<`, `>` and `&` are escaped, so no string can
    end the element or open a comment (`<!--<script>` kept a page blank in browsers)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def get_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except MlguideError:
        raise
    except Exception as exc:  # whatever a template does is the author's to fix
        raise _template_error(exc, env, name) from exc


def render_page(env: jinja2.Environment, name: str, page: PageContext, **context: Any) -> str:
    return render_template(env, name, page=page, root=page.root, **context)


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    template = get_template(env, name)
    try:
        return template.render(**context)
    except MlguideError:
        raise
    except Exception as exc:  # 1/0, '%s' % (), a filter given a wrong value
        raise _template_error(exc, env, name) from exc


def _template_error(exc: Exception, env: jinja2.Environment, name: str) -> MlguideError:
    """Any exception from loading or rendering a template, as one error at the template file
    and line the author has to fix. Jinja rewrites tracebacks so that a template's frames
    carry its file and line: the innermost of them is where it went wrong."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return MlguideError(f"template error: {exc.message}", exc.filename or name, exc.lineno)
    path, line = _template_frame(exc, env) or (_template_path(env, name), None)
    if isinstance(exc, jinja2.TemplateNotFound):
        return MlguideError(
            f"template `{exc.name}` not found{_did_you_mean(env, exc.name)}", path, line
        )
    if isinstance(exc, RecursionError):
        message = (
            "template recursion (a template extends or includes itself, or a macro calls "
            "itself without end)"
        )
    elif isinstance(exc, jinja2.TemplateError):
        message = f"template error: {exc.message}"
    else:
        message = f"template error: {type(exc).__name__}" + (f": {exc}" if str(exc) else "")
    return MlguideError(message, path, line)


def _did_you_mean(env: jinja2.Environment, name: object) -> str:
    folders = getattr(env.loader, "folders", ())
    close = near_name(str(name), {n for folder in folders for n in template_names(folder)})
    return f"; did you mean `{close}`?" if close else ""


def _template_frame(exc: BaseException, env: jinja2.Environment) -> tuple[Path, int] | None:
    folders = getattr(env.loader, "folders", ())
    prefixes = tuple(os.path.join(os.path.normpath(f), "") for f in folders)
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if prefixes and filename.startswith(prefixes):
            found = (Path(filename), line)
    return found


def _template_path(env: jinja2.Environment, name: str) -> Path:
    """Where the author would put the template: in the project's folder."""
    folders = getattr(env.loader, "folders", ())
    return Path(folders[0] if folders else "templates", name)
