"""Jinja: the environment, the one context every page gets, and template errors with lines.

Every page kind renders through `render_page` with a `PageContext`, so a new kind of page
(tag, archive) cannot forget what `base.html.j2` needs. Colours reach templates only from the
design tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from .config import Config
from .errors import MlguideError
from .tokens import DARK, LIGHT, css_variables

DEFAULT_TEMPLATES = Path(__file__).parent / "defaults" / "templates"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class StaticFile:
    """A file the templates use (a font): published under a content-hashed name."""

    name: str  # as templates ask for it: "fonts/inter-latin-400.woff2"
    source: Path
    out_path: str  # "assets/inter-latin-400.1a2b3c4d5e.woff2"


def static_files(templates: Path) -> tuple[StaticFile, ...]:
    """The defaults' `static/` files, each replaced by the project's file of the same name."""
    found: dict[str, Path] = {}
    for folder in (DEFAULT_TEMPLATES / "static", templates / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[path.relative_to(folder).as_posix()] = path
    out = []
    for name, path in sorted(found.items()):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        except OSError as exc:
            raise MlguideError(f"cannot read: {exc.strerror}", path) from exc
        out.append(StaticFile(name, path, f"assets/{path.stem}.{digest}{path.suffix.lower()}"))
    return tuple(out)


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
        "canonical", config.base_url + (folder if path.endswith("index.html") else path)
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
        except OSError as exc:
            raise MlguideError(
                f"cannot read the template: {exc.strerror or exc}", exc.filename or Path(name)
            ) from exc
        found.update(re.findall(r'\bid="([^"{}]+)"', source))
    return frozenset(found)


def make_environment(
    config: Config, templates: Path, static: tuple[StaticFile, ...] = ()
) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders.append(jinja2.FileSystemLoader(DEFAULT_TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    by_name = {f.name: f.out_path for f in static}

    def static_url(name: str) -> str:
        if name not in by_name:
            raise MlguideError(f"no file `{name}` in templates/static/", templates / "static")
        return by_name[name]

    env.globals.update(
        static=static_url,
        site=config,
        token_css=css_variables(),
        light=LIGHT,
        dark=DARK,
        favicon=favicon_uri(),
    )
    env.filters["iso_date"] = iso_date
    env.filters["iso_datetime"] = iso_datetime
    env.filters["human_date"] = human_date
    env.filters["jsonld"] = script_json
    return env


def iso_date(value: dt.date) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.isoformat()


def iso_datetime(value: dt.datetime) -> str:
    """RFC 3339 for feeds and `<time>`: `2026-11-26T00:00:00Z`."""
    return value.isoformat().replace("+00:00", "Z")


def human_date(value: dt.date) -> str:
    # Not strftime: month names must not depend on the machine's locale.
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def script_json(data: Any) -> str:
    """JSON that can sit inside `<script>`: `<`, `>` and `&` are escaped, so no string can
    end the element or open a comment (`<!--<script>` kept a page blank in browsers)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def favicon_uri() -> str:
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
        f"<rect width='32' height='32' rx='7' fill='{LIGHT.accent}'/>"
        "<path d='M7 22V10l5 7 5-7v12M21 10v12h5' fill='none' "
        f"stroke='{LIGHT.accent_ink}' stroke-width='2.6' stroke-linecap='round' "
        "stroke-linejoin='round'/></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="/:='")


def get_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from exc
    except OSError as exc:  # unreadable, or a folder where a template should be
        raise MlguideError(
            f"cannot read the template: {exc.strerror or exc}", exc.filename or Path(name)
        ) from exc
    except UnicodeDecodeError as exc:
        raise MlguideError("the template is not UTF-8 text", Path("templates") / name) from exc


def render_page(env: jinja2.Environment, name: str, page: PageContext, **context: Any) -> str:
    return render_template(env, name, page=page, root=page.root, **context)


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    template = get_template(env, name)
    try:
        return template.render(**context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from exc
    except OSError as exc:  # an included template that cannot be read
        raise MlguideError(
            f"cannot read the template: {exc.strerror or exc}", exc.filename or Path(name)
        ) from exc


def _template_error(exc: jinja2.TemplateError, name: str) -> MlguideError:
    """Name the template file (and line) the author has to fix."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return MlguideError(f"template `{exc.name}` not found", Path("templates") / name)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return MlguideError(f"template error: {exc.message}", exc.filename or name, exc.lineno)
    return MlguideError(f"template error: {exc.message}", Path("templates") / name)
