"""Split a post into its metadata block and its Markdown body.

Three styles are read, so posts brought from other generators build as they are: YAML between
`---` lines (Jekyll, Hugo, MkDocs, mlguide), TOML between `+++` lines (Hugo, Zola), and
Pelican's unfenced `Key: value` header. The body keeps its line numbers: the header's lines
are blanked, not removed, so every Markdown line number is the line in the file.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.site.config.yamlio import Doc, load_yaml_mapping

# Pelican's metadata keys: a first line `Title: …` starts a header, `Note: …` does not.
PELICAN_KEYS = frozenset(
    [
        "title",
        "date",
        "modified",
        "tags",
        "category",
        "slug",
        "author",
        "authors",
        "summary",
        "status",
        "lang",
        "save_as",
        "url",
        "template",
        "translation",
        "subtitle",
    ]
)
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*?)\s*$")
_TOML_KEY = re.compile(r'^\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))\s*[=.]')  # `a = `, `a.b = `
_TOML_TABLE = re.compile(r"^\s*\[+\s*([A-Za-z0-9_.-]+)")
_TOML_ERROR_LINE = re.compile(r"\(at line (\d+)(?:, column (\d+))?")


@dataclass(frozen=True)
class Split:
    doc: Doc
    body: str  # the whole file with the header's lines blanked
    style: str  # "yaml", "toml", "pelican" or "none"


def split_front_matter(text: str, path: Path) -> Split:
    lines = text.split("\n")
    first = lines[0].rstrip()
    if first == "---":
        end = _closing(lines, ("---", "..."))
        if end is None:
            raise MlguideError(
                "front matter is not closed: did you forget the second `---` line?", path, 1
            )
        doc = load_yaml_mapping("\n".join(lines[1:end]), path, first_line=2)
        return Split(_escapes_explained(doc, lines), _blank(lines, end + 1), "yaml")
    if first == "+++":
        end = _closing(lines, ("+++",))
        if end is None:
            raise MlguideError(
                "TOML front matter is not closed: did you forget the second `+++` line?", path, 1
            )
        doc = load_toml_mapping("\n".join(lines[1:end]), path, first_line=2)
        return Split(doc, _blank(lines, end + 1), "toml")
    match = _PELICAN_LINE.match(first)
    if match and match.group(1).lower() in PELICAN_KEYS:
        return _pelican(lines, path)
    return Split(Doc({}, {}, path, 1), text, "none")


# What YAML's double-quoted escapes make that no text should hold (`\b`, `\a`, `\f`, `\v`,
# `\e`, `\0`): the control characters a value is refused for.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_TEX_ESCAPE = re.compile(r"\\[A-Za-z]{2,}")


def _escapes_explained(doc: Doc, lines: list[str]) -> Doc:
    """`title: "The $\\beta$-VAE"`: in double quotes YAML reads `\\b` as an escape (U+0008),
    and the value is refused for holding a control character. Said so, with the single
    quotes that keep a backslash as written, instead of naming a character the author never
    typed."""
    explained: dict[str, MlguideError] = {}
    for key, value in doc.data.items():
        if not isinstance(value, str) or not (bad := _ESCAPED_CONTROL.search(value)):
            continue
        line = doc.lines.get(key)
        written = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
        quoted = written.partition(":")[2].strip()
        if not (quoted.startswith('"') and quoted.endswith('"') and "\\" in quoted):
            continue
        word = _TEX_ESCAPE.search(quoted)
        what = f"`{word.group(0)}` starts with" if word else "it holds"
        single = "'" + quoted[1:-1].replace("'", "''") + "'"
        explained[key] = MlguideError(
            f"`{key}` contains the control character U+{ord(bad.group()):04X}: in double quotes "
            f"a backslash starts an escape, and {what} one; write the value in single quotes, "
            f"which keep backslashes as written: `{key}: {single}`",
            doc.path,
            line,
        )
    if not explained:
        return doc
    return dataclasses.replace(
        doc,
        data={k: v for k, v in doc.data.items() if k not in explained},
        errors=(*doc.errors, *explained.values()),
        invalid=doc.invalid | set(explained),
    )


def _closing(lines: list[str], markers: tuple[str, ...]) -> int | None:
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in markers), None)


def _blank(lines: list[str], count: int) -> str:
    return "\n" * count + "\n".join(lines[count:])


def load_toml_mapping(text: str, path: Path, first_line: int) -> Doc:
    """TOML has no aliases, but its parser recurses once per level of nesting: arrays and
    inline tables deeper than `limits.NESTING` are refused before it runs (Python's stack
    ends near 1,000 levels, in a RecursionError)."""
    _check_toml_nesting(text, path, first_line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_ERROR_LINE.search(str(exc))
        if at:
            line = first_line + int(at.group(1)) - 1
        else:  # "at end of document": send the author to the last line with content
            content = [i for i, text_line in enumerate(text.split("\n")) if text_line.strip()]
            line = first_line + (content[-1] if content else 0)
        message = str(exc).split(" (at line")[0]
        if at and at.group(2) and message.startswith("Illegal character"):
            # tomllib shows the character as Python writes it (`'\\x01'`): name it instead.
            character = text.split("\n")[int(at.group(1)) - 1][int(at.group(2)) - 1 :][:1]
            if character:
                message = f"the control character U+{ord(character):04X} is not allowed"
        raise MlguideError(f"invalid TOML: {message}", path, line) from exc
    lines = _toml_lines(text, first_line)
    for key, value in data.items():  # dotted keys (`a.b.c = 1`) nest without brackets
        if _depth(value) > limits.NESTING:
            raise MlguideError(
                f"`{key}` is nested more than {limits.NESTING} levels deep: flatten it",
                path,
                lines.get(key, first_line),
            )
    return Doc(data, lines, path, first_line)


def _depth(value: Any) -> int:
    """Levels of lists and tables, counted without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > limits.NESTING:
            break
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _check_toml_nesting(text: str, path: Path, first_line: int) -> None:
    """The deepest `[` / `{` nesting of values, strings and comments left out. A table header
    (`[a.b]`, `[[a]]`) opens and closes on its line, so it never counts as deep."""
    depth = 0
    quote = ""  # the open string's delimiter: `"`, `'`, `"""` or `'''`
    line = first_line
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        if quote:
            if c == "\\" and quote[0] == '"':
                i += 2
                continue
            if text.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            continue
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "[{":
            depth += 1
            if depth > limits.NESTING:
                raise MlguideError(
                    f"invalid TOML: nested more than {limits.NESTING} levels deep: flatten it",
                    path,
                    line,
                )
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1


def _toml_lines(text: str, first_line: int) -> dict[str, int]:
    """tomllib keeps no positions: top-level keys and tables are found by their own lines."""
    lines: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(text.split("\n"), first_line):
        if table := _TOML_TABLE.match(line):
            lines.setdefault(table.group(1).split(".")[0], number)
            in_table = True
        elif (key := _TOML_KEY.match(line)) and not in_table:
            lines.setdefault(key.group(1) or key.group(2), number)
    return lines


def _pelican(lines: list[str], path: Path) -> Split:
    """`Key: value` lines up to the first blank line; keys are case-insensitive."""
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    end = 0
    for end, line in enumerate(lines):
        if not line.strip():
            break
        match = _PELICAN_LINE.match(line)
        if match is None:
            raise MlguideError(
                "expected a `Key: value` line in the header (end it with a blank line)",
                path,
                end + 1,
            )
        key = match.group(1).lower()
        if key in where:
            raise MlguideError(
                f"`{key}` is given twice, on lines {where[key]} and {end + 1}", path, end + 1
            )
        data[key], where[key] = match.group(2), end + 1
    else:
        end = len(lines)
    return Split(Doc(data, where, path, 1), _blank(lines, end), "pelican")
