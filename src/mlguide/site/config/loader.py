"""Site settings from `mlguide.yml`: typed, validated, with unknown keys rejected.

A typo in a config key silently doing nothing is the worst kind of bug for an author, so every
key is declared here once (`setting`), and anything else is an error naming the key and line.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mlguide import limits
from mlguide.errors import Finding, MlguideError, raise_all
from mlguide.fileio import file_kind
from mlguide.site.config.integrations import ANALYTICS_KIND, COMMENTS_KIND, Integration
from mlguide.site.config.menus import DEFAULT_FOOTER, DEFAULT_MENU, MENU, MenuEntry
from mlguide.site.config.settings import (
    BASE_URL,
    BOOL,
    CITATION_STYLE,
    GENERATOR,
    LANGUAGE,
    LINK,
    LINKS,
    MATH,
    POSITIVE_INT,
    TEXT,
    Kind,
    MathSettings,
    check_settings,
    choice,
    field_names,
    setting,
    settings_of,
    text_value,
    unknown_key_errors,
)
from mlguide.site.config.theme import THEME, ThemeSettings
from mlguide.site.config.yamlio import load_yaml_mapping, read_text
from mlguide.site.permalinks import DEFAULT_PATTERN, check_pattern


def read_rule_files(value: object) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("must be a list of Python files, such as [checks/house.py]")
    paths = tuple(Path(text_value(item).strip()) for item in items)
    if bad := next((p for p in paths if p.suffix != ".py"), None):
        raise ValueError(f"lists `{bad}`, which is not a Python file (.py)")
    return paths


RULE_FILES = Kind("list of Python files", read_rule_files)
PATTERN = Kind("permalink pattern", lambda value: check_pattern(text_value(value)))
# Where an unset site says it lives: fine for a preview, wrong for anything published.
PREVIEW_URL = "http://localhost:8000/"
# Names reserved for documentation and testing (RFC 2606, RFC 6761): never a real site.
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org", "localhost")
_PLACEHOLDER_TLDS = (".example", ".invalid", ".test", ".localhost")
INIT_PLACEHOLDER = "https://example.com/"  # what `mlguide init` writes until told the address


@dataclass(frozen=True)
class Config:
    title: str = setting(
        "mlguide", TEXT, "Site name: the header, feeds and `og:site_name`.", '"My blog"'
    )
    description: str = setting(
        "",
        TEXT,
        "The home page's meta description, 50–160 characters.",
        '"Notes on building machine learning systems that survive production."',
    )
    base_url: str = setting(
        PREVIEW_URL,
        BASE_URL,
        "Absolute URL the site is published at, with its subpath if any "
        "(`https://user.github.io/repo/`). Used for canonical URLs, feeds, the sitemap and "
        "social cards; links between pages stay relative. `--base-url` overrides it.",
        "https://example.com/",
    )
    author: str = setting("", TEXT, "Default author of posts that name none.", '"Your Name"')
    author_url: str = setting(
        "",
        LINK,
        "The author's page, for JSON-LD and feeds (default: the home page).",
        "https://example.com/about/",
    )
    language: str = setting("en", LANGUAGE, "Language of the site, for `<html lang>`.", "en")
    social: tuple[tuple[str, str], ...] = setting(
        (), LINKS, "Footer links, one `name: URL` per line.", "{GitHub: https://github.com/you}"
    )
    menu: tuple[MenuEntry, ...] = setting(
        DEFAULT_MENU,
        MENU,
        "The header's links, in order: `page: about`, `post: <slug>`, `tag: <name>`, "
        "`archive`, `tags`, `home`, `feed`, or `name: URL` (see docs/site.md).",
        "[{page: about}, archive, tags, {GitHub: https://github.com/you}]",
        "[archive, tags]",
    )
    footer: tuple[MenuEntry, ...] = setting(
        DEFAULT_FOOTER,
        MENU,
        "The footer's links, as `menu` (the `social` links follow them).",
        "[feed, {page: colophon}]",
        "[feed]",
    )
    theme: ThemeSettings = setting(
        ThemeSettings(),
        THEME,
        "The look: `accent` (and `accent_dark`) colours, `font` (inter, system, serif), "
        "`scheme` (auto, light, dark), `logo`, `favicon`; the cards and scenes follow the "
        "colours (see docs/theme.md).",
        '{accent: "#0f766e", font: inter}',
        "{font: inter, scheme: auto}",
    )
    comments: Integration | None = setting(
        None,
        COMMENTS_KIND,
        "Comments under each post: `giscus` or `utterances` with its ids; none when unset "
        "(see docs/site.md).",
        "{utterances: {repo: you/blog}}",
    )
    analytics: Integration | None = setting(
        None,
        ANALYTICS_KIND,
        "Visitor counts: `plausible: <domain>`, `goatcounter: <code>` or `ga4: G-…`; no script "
        "at all when unset.",
        "{plausible: blog.example.org}",
    )
    per_page: int = setting(10, POSITIVE_INT, "Posts per home page; older ones go to /page/2/ …")
    search: bool = setting(
        True, BOOL, "Full-text search (Pagefind); the search form falls back to the archive."
    )
    permalink: str = setting(
        DEFAULT_PATTERN,
        PATTERN,
        "Where posts live: a pattern of `:year`, `:month`, `:day`, `:slug`, `:title`, "
        "`:filename`, `:section` and `:category` (`/:year/:month/:day/:slug/`, "
        "`/:year/:slug.html`). A post's own `url:` wins; pages stay at `/<slug>/`.",
        "/:year/:slug/",
    )
    feed: str = setting(
        "summary",
        choice("summary", "full"),
        "What the feeds (Atom `feed.xml` and JSON `feed.json`, the site's and each tag's) "
        "carry of a post: its description, or its `full` text.",
        "full",
    )
    checks: tuple[Path, ...] = setting(
        (),
        RULE_FILES,
        "The project's own checklist rules: Python files (relative to mlguide.yml) that set "
        "`RULES` (see docs/checklist.md); `mlguide check` and `build --strict` run them too.",
        "[checks/house.py]",
    )
    share: bool = setting(
        False,
        BOOL,
        "Posts carry a `share_hook` (the LinkedIn post text) that `mlguide share` prints; a "
        "project rule (`checks:`) can hold them to it.",
    )
    import_from: str = setting(
        "",
        GENERATOR,
        "The generator the posts were written for (jekyll, hugo, zola, pelican, mkdocs): "
        "their syntax, dates and URLs are read its way. Default: told by the old config file "
        "(`_config.yml`, `hugo.toml`, `config.toml`, `pelicanconf.py`, `mkdocs.yml`) in the "
        "project, else post by post; `mlguide` turns the guessing off.",
        "jekyll",
        key="import",
    )
    math: MathSettings = setting(
        MathSettings(),
        MATH,
        "TeX macros every post's formulas may use, `{macros: {name: TeX}}` (`#1`… for "
        "arguments); a post's `math: {macros: …}` adds its own.",
        '{macros: {R: "\\\\mathbb{R}", KL: "D_{\\\\mathrm{KL}}"}}',
    )
    bibliography: str = setting(
        "",
        TEXT,
        "A BibTeX file (relative to the project) whose entries posts cite as `[@key]`; a "
        "post's own `bibliography:` is read too.",
        "refs.bib",
    )
    citation_style: str = setting(
        "author-year",
        CITATION_STYLE,
        "How citations show: `author-year` (Vaswani et al., 2017) or `numbered` ([1]).",
    )
    execute: bool = setting(
        False,
        BOOL,
        "Run notebooks (`.ipynb` posts) at build time instead of showing their saved outputs "
        "(needs `pip install 'mlguide-blog[notebooks]'`); results are cached.",
    )
    execute_timeout: int = setting(
        600, POSITIVE_INT, "Seconds a notebook cell may run when `execute` is on."
    )
    # Not settings: what the build needs to know about how the values were found.
    base_url_given: bool = False
    base_url_flag: bool = False  # it came from --base-url: messages blame the flag, not the file
    config_found: bool = False

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, e.g. `/repo/` for project pages."""
        return urlsplit(self.base_url).path or "/"

    @property
    def author_link(self) -> str:
        return self.author_url or self.base_url


CONFIG_SETTINGS = settings_of(Config)
_FIELDS = field_names(Config)


def load_config(path: Path, base_url: str | None = None) -> Config:
    """Read `mlguide.yml` if present (a folder without one gets the defaults).

    Every problem in the file is reported together.
    """
    config = Config()
    if file_kind(path) != "missing":  # a broken or looping link is an error, not "no config"
        doc = load_yaml_mapping(read_text(path, limits.CONFIG_BYTES), path)
        checked = check_settings(doc, CONFIG_SETTINGS)
        errors = [
            *checked.errors,
            *unknown_key_errors(doc, checked.unknown, CONFIG_SETTINGS, "config"),
        ]
        raise_all(errors)
        values = dict(checked.values)
        for key in ("menu", "footer"):  # each entry knows its line, for what is found later
            if key in values:
                values[key] = tuple(
                    replace(e, line=doc.line_of_entry(key, i)) for i, e in enumerate(values[key])
                )
        values = {_FIELDS[key]: value for key, value in values.items()}
        config = replace(
            config, **values, base_url_given="base_url" in checked.values, config_found=True
        )
    if base_url is not None:
        try:
            url = BASE_URL.read(base_url)
            config = replace(config, base_url=url, base_url_given=True, base_url_flag=True)
        except ValueError as exc:
            raise MlguideError(f"--base-url {exc}") from exc
    return _with_absolute_links(config, path.parent.absolute())


def _with_absolute_links(config: Config, config_folder: Path) -> Config:
    """`social` and `author_url` as absolute URLs: the footer is on pages at every depth, and
    JSON-LD and feeds need absolute ones. After `--base-url`, which they are relative to."""

    def entries(menu: tuple[MenuEntry, ...]) -> tuple[MenuEntry, ...]:
        return tuple(
            replace(e, ref=absolute(e.ref, config.base_url)) if e.kind == "url" else e for e in menu
        )

    return replace(
        config,
        checks=tuple(config_folder / p for p in config.checks),
        social=tuple((name, absolute(url, config.base_url)) for name, url in config.social),
        author_url=absolute(config.author_url, config.base_url) if config.author_url else "",
        menu=entries(config.menu),
        footer=entries(config.footer),
    )


def absolute(url: str, base_url: str) -> str:
    """A relative URL resolved against the site: `about/` and `/about/` (the site root, as in
    Markdown) both mean `<base_url>about/`; URLs with a scheme or a host are kept."""
    if urlsplit(url).scheme:
        return url
    if url.startswith("//"):
        return urljoin(base_url, url)  # another host, with the site's scheme
    return urljoin(base_url, url.removeprefix("/"))


def base_url_findings(config: Config, config_path: Path) -> list[Finding]:
    """A published site needs its real address: canonical URLs and cards point at it."""
    if not config.config_found:
        return [
            Finding(
                "config",
                f"no {config_path.name}: the site is called `{config.title}` and lives at "
                f"{config.base_url}; run `mlguide init` to write one",
                config_path,
            )
        ]
    if not config.base_url_given:
        return [
            Finding(
                "base-url",
                f"`base_url` is not set: canonical URLs and feeds point at {PREVIEW_URL}; "
                "set it, or pass --base-url",
                config_path,
            )
        ]
    if is_placeholder(config.base_url) and config.base_url_flag:
        return [
            Finding(
                "base-url",
                f"--base-url {config.base_url} is a placeholder address: pass the address the "
                "site is published at",
            )
        ]
    if is_placeholder(config.base_url):
        # init's own placeholder is "still" there; an address the user wrote is not one.
        what = (
            f"is still the placeholder {config.base_url}"
            if config.base_url == INIT_PLACEHOLDER
            else f"{config.base_url} is on a reserved example domain, never a real site"
        )
        return [
            Finding(
                "base-url",
                f"`base_url` {what}: set the address the site is published at, or pass --base-url",
                config_path,
                _line_of(config_path, "base_url"),
            )
        ]
    return []


def _line_of(path: Path, key: str) -> int | None:
    """The line `key` is on in the config, read again only when a warning names it: a line
    kept in `Config` would be part of every page's cache key, so moving it would render
    every page again."""
    try:
        return load_yaml_mapping(read_text(path, limits.CONFIG_BYTES), path).lines.get(key)
    except (MlguideError, OSError):
        return None


def is_placeholder(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(_PLACEHOLDER_TLDS) or any(
        host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS
    ):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
