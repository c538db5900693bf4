"""Where the old generator published each post: its permalink rules, read from its config
file in the project (`_config.yml`, `hugo.toml`, `pelicanconf.py`, `mkdocs.yml`) and
reproduced, so the old URL can lead to the post's new page and no inbound link breaks.

Written by hand: each rule is a few placeholders (Jekyll's `:year/:title`, Hugo's `:slug`,
Pelican's `{date:%Y}/{slug}`, the MkDocs blog's `{date}/{slug}`) and each generator's slug
function is a line or two; none of them exists as a Python library. The config files are
read as data, never run: `pelicanconf.py` is parsed for its literal assignments.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import read_file
from mlguide.site.content.meta import PostMeta
from mlguide.site.content.readers.common import FILE_DATE
from mlguide.site.content.readers.hugo import never_rendered
from mlguide.site.permalinks import read_site_path

# Hugo's configuration directory (the settings of every environment) and its file types.
HUGO_CONFIG_DIR = PurePosixPath("config/_default")
HUGO_CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
# Jekyll's named permalink styles.
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PELICAN_FIELD = re.compile(r"\{(\w+)(?::([^}]*))?\}")
_MKDOCS_DATE = (("yyyy", "%Y"), ("yy", "%y"), ("MMMM", "%B"), ("MMM", "%b"), ("MM", "%m"),
                ("dd", "%d"))  # fmt: skip


@dataclass(frozen=True)
class OldSite:
    """The old generator's URL rules, as its config file states them. `plugins`: the
    Jekyll plugins the blog ran (`_config.yml`'s `plugins:`/`gems:`, and the Gemfile's
    `jekyll_plugins` group, which Jekyll loads unlisted); None when no config file was read,
    so what the old blog ran cannot be known."""

    generator: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    plugins: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PostFacts:
    """What a URL rule may use of a post."""

    rel: PurePosixPath  # the file, relative to content/
    values: Mapping[str, Any]  # its front matter, as written
    title: str
    date: dt.datetime
    categories: tuple[str, ...]
    page: bool = False  # a page (About, CV), not a dated post


def load(generator: str, config: Path | None) -> OldSite:
    if config is None or not config.is_file():
        return OldSite(generator)
    try:
        state = config.stat()
    except OSError:
        return OldSite(generator)
    site = _load(generator, config, state.st_mtime_ns, state.st_size)
    if generator == "hugo" and config.parent.parts[-2:] == HUGO_CONFIG_DIR.parts:
        return OldSite(generator, _hugo_config_dir(config.parent))
    if generator != "jekyll" or site.plugins is None:
        return site
    # The Gemfile is read each time, outside the cache keyed by the config file's state.
    return OldSite(generator, site.settings, (*site.plugins, *_gemfile_plugins(config.parent)))


def _hugo_config_dir(folder: Path) -> dict[str, Any]:
    """Hugo's `config/_default/` as one config: the root file's keys (`hugo.toml`,
    `config.yaml`), and each other file as the key it is named after (`permalinks.toml` is
    `[permalinks]`, its entries over the root file's). A file for one language or
    environment (`menus.en.toml`) changes no URL rule: not read."""
    settings: dict[str, Any] = {}
    keyed: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in HUGO_CONFIG_SUFFIXES or "." in path.stem or not path.is_file():
            continue
        try:
            state = path.stat()
        except OSError:
            continue
        data = _load("hugo", path, state.st_mtime_ns, state.st_size).settings
        if path.stem in ("hugo", "config"):
            settings.update(data)
        else:
            keyed[path.stem] = data
    for key, data in keyed.items():
        given = settings.get(key)
        settings[key] = {**given, **data} if isinstance(given, Mapping) else data
    return settings


@functools.lru_cache(maxsize=16)
def _load(generator: str, config: Path, _mtime: int, _size: int) -> OldSite:
    try:
        text = read_file(config, limits.CONFIG_BYTES).decode("utf-8", errors="replace")
        if config.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif config.suffix == ".py":
            data = _python_literals(text)
        else:
            data = yaml.load(text, Loader=_Lenient)
    except (ValueError, SyntaxError, yaml.YAMLError, MlguideError):
        return OldSite(generator)
    settings = data if isinstance(data, dict) else {}
    plugins = _listed_plugins(settings) if generator == "jekyll" else None
    return OldSite(generator, settings, plugins)


class _Lenient(yaml.SafeLoader):
    """YAML as the safe loader reads it, with the tags MkDocs configs use (`!!python/name:`,
    `!ENV`) read as nothing rather than refused."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)

# `group :jekyll_plugins do … end`, and one gem put there by its own line.
_GEM_GROUP = re.compile(
    r"^\s*group\b[^\n]*:jekyll_plugins\b[^\n]*\bdo\b(.*?)^\s*end\b", re.M | re.S
)
_GEM = re.compile(r"^\s*gem\s+[\"']([\w.-]+)[\"']([^\n]*)", re.M)


def _listed_plugins(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The plugins `_config.yml` lists (`gems:` before Jekyll 3.5)."""
    names: list[str] = []
    for key in ("plugins", "gems"):
        listed = settings.get(key)
        if isinstance(listed, list):
            names += [name.strip() for name in listed if isinstance(name, str)]
    return tuple(names)


def _gemfile_plugins(folder: Path) -> tuple[str, ...]:
    """The gems of the Gemfile's `jekyll_plugins` group, which Jekyll requires unlisted."""
    gemfile = folder / "Gemfile"
    if not gemfile.is_file():
        return ()
    try:
        text = read_file(gemfile, limits.CONFIG_BYTES).decode("utf-8", errors="replace")
    except MlguideError:
        return ()
    text = re.sub(r"#[^\n]*", "", text)
    names = [m.group(1) for group in _GEM_GROUP.findall(text) for m in _GEM.finditer(group)]
    names += [m.group(1) for m in _GEM.finditer(text) if "jekyll_plugins" in m.group(2)]
    return tuple(names)


def _python_literals(text: str) -> dict[str, Any]:
    """`NAME = 'literal'` lines of a Pelican settings file: read, not run."""
    out: dict[str, Any] = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                try:
                    out[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return out


def old_url(site: OldSite, post: PostFacts) -> str | None:
    """The post's URL path on the old site (`/2017/06/21/slug.html`, `/post/x/`), or None
    when its generator would not have published it."""
    try:
        rule = _RULES.get(site.generator)
        url = rule(site.settings, post) if rule is not None else None
    except (KeyError, ValueError, TypeError):
        return None
    if url is None:
        return None
    url = re.sub(r"/{2,}", "/", "/" + url.lstrip("/"))
    return url


# --- Jekyll --------------------------------------------------------------------------------


def _jekyll(settings: Mapping[str, Any], post: PostFacts) -> str | None:
    given = post.values.get("permalink")
    style = str(given or settings.get("permalink") or "date")
    pattern = _JEKYLL_STYLES.get(style, style)
    if post.page and not given:
        # A page is published at its path, not by the posts' dated rule (which gave it
        # /1970/01/01/); with `pretty` or a rule ending in a slash, as a folder.
        path = _page_path(post)
        if not path:
            return None  # the old home page: this site's home is at the same address
        return f"/{path}/" if style == "pretty" or pattern.endswith("/") else f"/{path}.html"
    stem = post.rel.stem
    match = FILE_DATE.match(stem)
    title = str(post.values.get("slug") or (match.group(4) if match else stem))
    date = post.date
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "i_month": str(date.month),
        "i_day": str(date.day),
        "short_year": f"{date.year % 100:02d}",
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "title": title,
        "slug": _jekyll_slug(title),
        "categories": "/".join(c.lower().replace(" ", "-") for c in post.categories),
        "output_ext": ".html",
        "name": stem,
        "path": _page_path(post) if post.page else str(post.rel.with_suffix("")),
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)


def _page_path(post: PostFacts) -> str:
    """The page's path on the old site: content/pages/ is mlguide's folder for what Jekyll
    kept at the site's root; an `index` page is its folder."""
    parts = post.rel.with_suffix("").parts
    if len(parts) > 1 and parts[0] == "pages":
        parts = parts[1:]
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts)


def _jekyll_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- Hugo ----------------------------------------------------------------------------------


def urlize(text: str) -> str:
    """Hugo's `urlize`: lower-case, spaces to dashes, other punctuation gone (so ` - `
    leaves `---`)."""
    out = []
    for char in text.strip().lower():
        if char.isalnum() or char in "-_.~":
            out.append(char)
        elif char.isspace():
            out.append("-")
    return "".join(out)


def _hugo_pattern(settings: Mapping[str, Any], section: str) -> str | None:
    """The `[permalinks]` pattern of a section (`posts = "/:year/:slug/"`), if any."""
    permalinks = settings.get("permalinks") or settings.get("Permalinks") or {}
    pattern = permalinks.get(section) if isinstance(permalinks, Mapping) else None
    if isinstance(pattern, Mapping):  # Hugo 0.120: `[permalinks.page]`
        pattern = pattern.get(section)
    return pattern if isinstance(pattern, str) else None


def _hugo_section(rel: PurePosixPath) -> str:
    bundle = rel.stem in ("index", "_index")
    return rel.parts[0] if len(rel.parts) > 1 + bundle else ""


def hugo_title_slug(site: OldSite, post: PostFacts) -> str | None:
    """The slug a Hugo post without `slug:` had in its old address, when that address came
    from the title: Hugo's `:slug` and `:title` in a `[permalinks]` pattern are the title,
    urlized (its docs: `:slug` is the front matter's slug, else the title). Without such a
    pattern Hugo used the file name, as mlguide does; None then."""
    if site.generator != "hugo" or post.page or post.values.get("slug"):
        return None
    pattern = _hugo_pattern(site.settings, _hugo_section(post.rel))
    if pattern is None or not re.search(r":(?:slug|title)\b", pattern):
        return None
    return urlize(post.title) or None


def _hugo(settings: Mapping[str, Any], post: PostFacts) -> str | None:
    if post.values.get("draft") is True or never_rendered(post.values):
        return None  # Hugo published nothing there
    if isinstance(url := post.values.get("url"), str) and url.strip():
        return url.strip()
    parts = post.rel.parts
    bundle = post.rel.stem in ("index", "_index")
    name = parts[-2] if bundle else post.rel.stem
    section = _hugo_section(post.rel)
    slug = str(post.values.get("slug") or "")
    pattern = _hugo_pattern(settings, section)
    if pattern is None:
        folders = "/".join(parts[: -2 if bundle else -1])
        return f"/{folders}/{(slug or name)}/".lower()
    date = post.date
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "monthname": date.strftime("%B").lower(),
        "slug": slug or urlize(post.title),
        "title": urlize(post.title),
        "filename": name,
        "contentbasename": name,
        "section": section,
        "sections": "/".join(parts[: -2 if bundle else -1]),
        "slugorfilename": slug or name,
        "slugorcontentbasename": slug or name,
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern).lower()


# --- Zola ----------------------------------------------------------------------------------


def _zola(settings: Mapping[str, Any], post: PostFacts) -> str | None:
    if post.values.get("draft") is True:
        return None
    if isinstance(path := post.values.get("path"), str) and path.strip():
        return "/" + path.strip().strip("/") + "/"
    parts = list(post.rel.parts)
    name = parts.pop()
    stem, _, lang = name.rsplit(".", 1)[0].partition(".")  # `index.es.md`: Spanish
    if stem == "index":
        stem = parts.pop() if parts else stem
    match = FILE_DATE.match(stem)
    slug = str(post.values.get("slug") or _zola_slug(match.group(4) if match else stem))
    prefix = f"/{lang}" if lang else ""
    return f"{prefix}/{'/'.join(parts)}/{slug}/"


def _zola_slug(text: str) -> str:
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


# --- Pelican -------------------------------------------------------------------------------


def pelican_slug(text: str) -> str:
    """Pelican's `slugify`: accents dropped, `_` kept, runs of spaces and dashes one dash."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _pelican(settings: Mapping[str, Any], post: PostFacts) -> str | None:
    status = str(post.values.get("status", "")).strip().lower()
    if status == "draft":  # a hidden article was published, only listed nowhere
        return None
    if isinstance(url := post.values.get("url"), str) and url.strip():
        return url.strip()
    pattern = str(settings.get("ARTICLE_URL") or "{slug}.html")
    slug = str(post.values.get("slug") or pelican_slug(post.title))
    category = (
        post.categories[0] if post.categories else str(settings.get("DEFAULT_CATEGORY", "misc"))
    )
    author = str(post.values.get("author") or settings.get("AUTHOR") or "")
    values = {
        "slug": slug,
        "category": pelican_slug(category),
        "author": pelican_slug(author),
        "lang": str(post.values.get("lang") or settings.get("DEFAULT_LANG") or "en"),
    }

    def fill(m: re.Match[str]) -> str:
        name, spec = m.groups()
        if name == "date":
            return post.date.strftime(spec) if spec else post.date.isoformat()
        return values.get(name, m.group(0))

    return _PELICAN_FIELD.sub(fill, pattern)


# --- MkDocs blog ---------------------------------------------------------------------------


def _mkdocs(settings: Mapping[str, Any], post: PostFacts) -> str | None:
    if post.values.get("draft") is True:
        return None
    blog: Mapping[str, Any] = {}
    for plugin in settings.get("plugins") or ():
        if plugin == "blog":
            blog = {}
        elif isinstance(plugin, Mapping) and isinstance(plugin.get("blog"), Mapping):
            blog = plugin["blog"]
    blog_dir = str(blog.get("blog_dir", "blog")).strip("/")
    pattern = str(blog.get("post_url_format", "{date}/{slug}"))
    date_format = str(blog.get("post_url_date_format", "yyyy/MM/dd"))
    for babel, strf in _MKDOCS_DATE:
        date_format = date_format.replace(babel, strf)
    slug = str(post.values.get("slug") or _mkdocs_slug(post.title))
    values = {
        "date": post.date.strftime(date_format),
        "slug": slug,
        "file": post.rel.stem,
        "categories": "/".join(_mkdocs_slug(c) for c in post.categories),
    }
    path = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), pattern)
    return f"/{blog_dir}/{path.strip('/')}/"


def _mkdocs_slug(text: str) -> str:
    """Python-Markdown's `toc.slugify`, the blog plugin's default for post slugs."""
    return pelican_slug(text)


GENERATORS = ("jekyll", "hugo", "zola", "pelican", "mkdocs")
_RULES = {
    "jekyll": _jekyll,
    "hugo": _hugo,
    "zola": _zola,
    "pelican": _pelican,
    "mkdocs": _mkdocs,
}


def old_addresses(meta: PostMeta) -> tuple[str, ...]:
    """Where an imported post must keep answering: its address on the old generator, which
    gets a redirect page as an `aliases:` entry does (none when the post kept it). An
    address the old generator could publish but no static file can stand for (a `?query`)
    is left out: nothing could answer there."""
    if not meta.old_url:
        return ()
    try:
        read_site_path(meta.old_url)
    except ValueError:
        return ()
    return (meta.old_url,)
