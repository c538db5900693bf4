"""Settings declared once, as data: each key's kind, default, doc string and example.

A settings dataclass (the site config, a post's front matter) declares its fields with
`setting(...)`. From that one declaration come validation with file and line, "did you mean"
hints, README's reference tables and `mlguide init`'s commented config, so they cannot drift.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import textwrap
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import SplitResult, urlsplit

from mlguide.errors import Finding, MlguideError
from mlguide.site.config.typos import one_slip_away
from mlguide.site.config.yamlio import Doc

# U+0000-U+001F except tab and newline: invalid in XML (feeds, sitemaps) and invisible on a page.
# Control characters and the two non-characters XML refuses: a feed must always parse.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
SAFE_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Kind:
    """How a value is read: `read` returns the clean value or raises ValueError("must be ...")."""

    name: str  # shown in the reference table
    read: Callable[[Any], Any]


class EntryProblems(ValueError):
    """Bad entries of a mapping value (`social:` links), each to be reported at its own line.

    `problems` pairs each entry's key with its message, which follows the setting's name."""

    def __init__(self, problems: list[tuple[Hashable, str]]):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    default: Any
    doc: str
    example: str = ""  # a YAML value for `mlguide init`'s commented config
    shown: str = ""  # the default as the reference shows it, when its value does not read well


def setting(
    default: Any, kind: Kind, doc: str, example: str = "", shown: str = "", key: str = ""
) -> Any:
    """A dataclass field that is also a documented, validated setting. `key`: its name in the
    file when that cannot be the field's (`import` is a Python keyword)."""
    return field(default=default, metadata={"setting": (kind, doc, example, shown, key)})


def settings_of(cls: type) -> tuple[Setting, ...]:
    out = []
    for f in fields(cls):
        if "setting" in f.metadata:
            kind, doc, example, shown, key = f.metadata["setting"]
            out.append(Setting(key or f.name, kind, f.default, doc, example, shown))
    return tuple(out)


def field_names(cls: type) -> dict[str, str]:
    """Each setting's key in the file -> the dataclass field that holds it."""
    return {
        f.metadata["setting"][4] or f.name: f.name for f in fields(cls) if "setting" in f.metadata
    }


# --- kinds ---------------------------------------------------------------------------------


def text_value(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"must be text, not {describe(value)}")
    text = str(value)
    if bad := _CONTROL.search(text):
        kind = "control character" if ord(bad.group()) < 0x80 else "non-character"
        raise ValueError(f"contains the {kind} U+{ord(bad.group()):04X}")
    return text


def read_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {describe(value)}")
    return value


def read_positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        shown = str(value) if number else describe(value)
        raise ValueError(f"must be a whole number of 1 or more, not {shown}")
    return value


def read_link(value: Any) -> str:
    """A URL readers may follow: http(s), mailto or relative. Never `javascript:` and kin."""
    if value is None:
        raise ValueError("needs a URL")
    url = text_value(value).strip()
    parts = _split_url(url)
    scheme = parts.scheme.lower()
    if scheme and scheme not in SAFE_SCHEMES:
        raise ValueError(f"must be an http(s), mailto or relative URL, not a `{scheme}:` URL")
    if any(c.isspace() for c in url):
        raise ValueError("must not contain spaces (write them as %20)")
    if parts.netloc or scheme in ("http", "https"):
        _check_host(parts)
    return url


def read_links(value: Any) -> tuple[tuple[str, str], ...]:
    """Every bad entry is reported, each at its own line, not only the first."""
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a mapping of `name: URL` lines, not {describe(value)}")
    links: list[tuple[str, str]] = []
    problems: list[tuple[Hashable, str]] = []
    for name, url in value.items():
        try:
            label = text_value(name)
        except ValueError as exc:
            problems.append((name, f"link names {exc}"))
            continue
        try:
            links.append((label, read_link(url)))
        except ValueError as exc:
            problems.append((name, f"link `{label}` {exc}"))
    if problems:
        raise EntryProblems(problems)
    return tuple(sorted(links))


def read_base_url(value: Any) -> str:
    """One canonical form: scheme and host lower-case, exactly one trailing slash."""
    text = text_value(value).strip()
    parts = _split_url(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http(s) URL such as https://example.com/blog/")
    _check_host(parts)
    if parts.query or parts.fragment:
        raise ValueError("must not contain a query or fragment")
    if re.search(r"[\s<>\"'`{}|\\^]", text):
        raise ValueError("contains characters that are not allowed in a URL")
    path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def _split_url(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError as exc:  # only a `[` host left open: `https://[::1/`
        raise ValueError("has a `[` in its host that is never closed") from exc


def _check_host(parts: SplitResult) -> None:
    """A host a browser can reach, without a password that every page would publish."""
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "must not contain a user name or password: they would be published on every page"
        )
    if not parts.hostname:
        raise ValueError("has no host name")
    _, colon, port = parts.netloc.rpartition("]")[2].rpartition(":")  # `]` ends an IPv6 host
    if colon and port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"has an invalid port `{port}`: a port is a number from 1 to 65535")


GENERATORS = ("jekyll", "hugo", "zola", "pelican", "mkdocs")


def read_generator(value: Any) -> str:
    name = text_value(value).strip().lower()
    if name not in (*GENERATORS, "mlguide"):
        raise ValueError(f"must be one of {', '.join(GENERATORS)} (or mlguide), not `{name}`")
    return name


def read_language(value: Any) -> str:
    text = text_value(value)
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", text):
        raise ValueError("must be a language tag such as `en` or `pt-BR`")
    return text


@dataclass(frozen=True)
class MathSettings:
    """`math:` in mlguide.yml or a post's front matter."""

    macros: tuple[tuple[str, str], ...] = ()  # (`\\name`, its TeX), sorted by name


_MACRO = re.compile(r"\\?[A-Za-z]+")


def read_math(value: Any) -> MathSettings:
    """`{macros: {R: "\\mathbb{R}", KL: "D_{\\mathrm{KL}}"}}`; `math: true` (a flag other
    generators used to turn MathJax on) means nothing more than the defaults."""
    if isinstance(value, bool) or value is None:
        return MathSettings()
    if not isinstance(value, Mapping):
        raise ValueError(
            f"must be a mapping such as {{macros: {{R: '\\mathbb{{R}}'}}}}, not {describe(value)}"
        )
    unknown = sorted(str(k) for k in value if k != "macros")
    if unknown:
        raise ValueError(f"has an unknown key `{unknown[0]}` (it knows `macros`)")
    macros = value.get("macros") or {}
    if not isinstance(macros, Mapping):
        raise ValueError(f"`macros` must be a mapping of name: TeX, not {describe(macros)}")
    out: dict[str, str] = {}
    for name, body in macros.items():
        key = text_value(name).strip()
        if not _MACRO.fullmatch(key):
            raise ValueError(f"macro name `{key}` must be letters, like `R` or `\\KL`")
        out[key if key.startswith("\\") else "\\" + key] = text_value(body)
    return MathSettings(tuple(sorted(out.items())))


CITATION_STYLES = ("author-year", "numbered")


def read_citation_style(value: Any) -> str:
    style = text_value(value).strip().lower().replace("_", "-")
    if style not in CITATION_STYLES:
        raise ValueError("must be author-year (Vaswani et al., 2017) or numbered ([1])")
    return style


def choice(*options: str) -> Kind:
    """One of a few words (`feed: full`), in any case."""

    def read(value: Any) -> str:
        word = text_value(value).strip().lower()
        if word not in options:
            listed = ", ".join(f"`{o}`" for o in options[:-1]) + f" or `{options[-1]}`"
            raise ValueError(f"must be {listed}, not `{value}`")
        return word

    return Kind("/".join(options), read)


TEXT = Kind("text", text_value)
BOOL = Kind("true/false", read_bool)
POSITIVE_INT = Kind("number", read_positive_int)
LINK = Kind("URL", read_link)
LINKS = Kind("mapping of name: URL", read_links)
BASE_URL = Kind("absolute URL", read_base_url)
LANGUAGE = Kind("language tag", read_language)
GENERATOR = Kind("generator name", read_generator)
MATH = Kind("mapping", read_math)
CITATION_STYLE = Kind("author-year/numbered", read_citation_style)


def describe(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return "a date"
    return {
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "empty",
        str: "text",
        bytes: "binary data",
        set: "a set",
    }.get(type(value), "a value of another kind")


# --- validation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """The clean values of the known keys, the unknown ones as given, and every problem.

    `bad` holds the problems of each key whose value could not be read, by key, so a reader
    can decide what a bad value means (an error, or another generator's value to keep) from
    the key itself, never from the wording of a message."""

    values: dict[str, Any]
    unknown: dict[str, Any]
    errors: tuple[MlguideError, ...]
    bad: dict[str, tuple[MlguideError, ...]] = field(default_factory=dict)


def check_settings(doc: Doc, table: tuple[Setting, ...]) -> Checked:
    """Read every known key; report every bad value (not only the first)."""
    known = {s.name: s for s in table}
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    errors: list[MlguideError] = list(doc.errors)
    bad: dict[str, tuple[MlguideError, ...]] = {}
    for key, raw in doc.data.items():
        entry = known.get(key)
        if entry is None:
            unknown[key] = raw
            continue
        try:
            values[key] = entry.kind.read(raw)
        except EntryProblems as exc:
            bad[key] = tuple(
                MlguideError(f"`{key}` {message}", doc.path, doc.line_of_entry(key, entry))
                for entry, message in exc.problems
            )
        except ValueError as exc:
            bad[key] = (MlguideError(f"`{key}` {exc}", doc.path, doc.line_of(key)),)
        errors += bad.get(key, ())
    for key in doc.invalid:  # a value YAML itself refused (`2026-02-30`) is bad too
        bad[key] = tuple(e for e in doc.errors if e.line == doc.line_of(key))
    return Checked(values, unknown, tuple(errors), bad)


def close_match(key: str, names: list[str]) -> str | None:
    """A known key the author probably meant: close enough to be a typo, not another word."""
    hint = difflib.get_close_matches(key.lower(), names, n=1, cutoff=0.8)
    if hint:
        return hint[0]
    return next((name for name in names if one_slip_away(key.lower(), name)), None)


def unknown_key_errors(
    doc: Doc, unknown: Mapping[str, Any], table: tuple[Setting, ...], what: str
) -> list[MlguideError]:
    names = [s.name for s in table]
    out = []
    for key in unknown:
        hint = close_match(key, names)
        extra = f" (did you mean `{hint}`?)" if hint else ""
        out.append(MlguideError(f"unknown {what} key `{key}`{extra}", doc.path, doc.line_of(key)))
    return out


def likely_typos(doc: Doc, unknown: Mapping[str, Any], names: list[str]) -> list[Finding]:
    out = []
    for key in unknown:
        hint = close_match(key, names)
        if hint and hint != key:
            out.append(
                Finding(
                    "front-matter-typo",
                    f"unknown key `{key}`: did you mean `{hint}`? (kept as a template param)",
                    doc.path,
                    doc.line_of(key),
                )
            )
    return out


# --- documentation -------------------------------------------------------------------------


def reference_table(table: tuple[Setting, ...]) -> str:
    """The Markdown table README shows (a test keeps README equal to it)."""
    rows = ["| key | kind | default | meaning |", "|---|---|---|---|"]
    for s in table:
        default = f"`{s.shown}`" if s.shown else _shown(s.default)
        rows.append(f"| `{s.name}` | {s.kind.name} | {default} | {s.doc} |")
    return "\n".join(rows) + "\n"


def _shown(default: Any) -> str:
    if default in (None, "", (), MathSettings()):
        return "–"
    if isinstance(default, bool):
        return "true" if default else "false"
    return f"`{default}`"


def commented_yaml(table: tuple[Setting, ...], values: Mapping[str, str]) -> str:
    """A config file with every key: the given ones set, the rest commented out with docs."""
    out = []
    for s in table:
        out += textwrap.wrap(s.doc, 88, initial_indent="# ", subsequent_indent="# ")
        if s.name in values:
            out.append(f"{s.name}: {values[s.name]}")
        else:
            example = s.example or _yaml_default(s.default)
            out.append(f"# {s.name}: {example}")
        out.append("")
    return "\n".join(out)


def _yaml_default(default: Any) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    if default in (None, "", ()):
        return ""
    return str(default)
