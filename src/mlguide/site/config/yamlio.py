"""YAML loading that remembers where each key was, so errors can name the line.

Values are constructed one key at a time: a value YAML accepts but Python cannot hold
(`2026-02-30`, hour 25, offset +25:00) becomes an error on that key's line instead of a
traceback, and a key given twice is an error naming both lines.

The parsed tree is measured before anything is built from it: an alias (`*name`) repeats a
whole subtree, so nine short lines can stand for hundreds of millions of values, which every
later step (the page's cache key, templates) would walk. More than `limits.YAML_VALUES`
values once aliases are expanded, more than `limits.NESTING` levels, or an alias inside
itself is an error at the key's line, found without expanding anything.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import read_file
from mlguide.site.config.yamlhints import explain, runaway_quote

# libyaml's parser when the wheel has it (it usually does): several times faster per file.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP = yaml.SafeLoader.timestamp_regexp
# Where yaml says which snippet failed: the snippet has no name, and the line is ours to give.
_YAML_WHERE = re.compile(r'\s*in "<[^"]*>",[^\n]*(?:\n {4}.*\n {4}\^)?')
# Old Mac (`\r`) and Windows (`\r\n`) line ends: one line each, as editors show them.
_LINE_END = re.compile(r"\r\n?")
_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True)
class Doc:
    """A parsed mapping plus the 1-based line of each top-level key (YAML, TOML or headers)."""

    data: dict[str, Any]
    lines: dict[str, int]
    path: Path
    first_line: int
    errors: tuple[MlguideError, ...] = ()  # values that could not be read, one per key
    invalid: frozenset[str] = frozenset()  # their keys: present, but not in `data`
    # The line of each entry of a mapping value (`social:` links), so each bad one is named.
    entry_lines: dict[str, dict[Hashable, int]] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)

    def line_of_entry(self, key: str, entry: Hashable) -> int:
        return self.entry_lines.get(key, {}).get(entry, self.line_of(key))


def load_yaml_mapping(text: str, path: Path, first_line: int = 1) -> Doc:
    """Parse `text` (which starts at `first_line` of `path`) into a mapping.

    yaml's own errors carry a mark; we shift it so the reported line is the line in the file,
    not in the snippet (front matter starts on line 2).
    """
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here already
    except yaml.YAMLError as exc:
        raise _as_error(exc, text, path, first_line) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return Doc({}, {}, path, first_line)
        if not isinstance(node, yaml.MappingNode):
            raise MlguideError(
                "expected a mapping of `key: value` lines", path, first_line + node.start_mark.line
            )
        _check_size(node, path, first_line)
        runaway = runaway_quote(node, text)
        if runaway is not None:
            line = first_line + runaway.line
            raise MlguideError(f"invalid YAML: {runaway.message}", path, line)
        return _construct(loader, node, path, first_line)
    except yaml.YAMLError as exc:
        raise _as_error(exc, text, path, first_line) from exc
    except RecursionError as exc:  # the pure-Python parser, on a tree deeper than its stack
        raise MlguideError(
            f"nested more than {limits.NESTING} levels deep: flatten it", path, first_line
        ) from exc
    finally:
        loader.dispose()


def load_yaml_value(text: str, path: Path) -> Any:
    """Any YAML document (a list too: a `data/` file), within the same bounds as a mapping:
    a file anyone can send in a pull request must not expand to millions of values."""
    try:
        loader = _Loader(text)
    except yaml.YAMLError as exc:
        raise _as_error(exc, text, path, 1) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size, depth = _measure(node, {}, {}, path, 1)
        if depth > limits.NESTING:
            raise MlguideError(f"nested more than {limits.NESTING} levels deep: flatten it", path)
        if size > limits.YAML_VALUES:
            raise MlguideError(
                f"stands for more than {limits.YAML_VALUES:,} values once its aliases "
                "(`*name`) are expanded: write the values out instead",
                path,
            )
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _as_error(exc, text, path, 1) from exc
    except RecursionError as exc:
        raise MlguideError(
            f"nested more than {limits.NESTING} levels deep: flatten it", path
        ) from exc
    finally:
        loader.dispose()


def _check_size(root: yaml.MappingNode, path: Path, first_line: int) -> None:
    """Refuse a tree that is too deep, holds an alias inside itself, or stands for too many
    values once its aliases are expanded. Each node is measured once (a shared subtree's
    size is remembered), so the check costs the size of the text, not of the expansion."""
    sizes: dict[int, int] = {}  # id(node) -> values it stands for, aliases expanded
    depths: dict[int, int] = {}  # id(node) -> levels below it
    for key_node, value_node in root.value:
        line = first_line + key_node.start_mark.line
        name = _shown(key_node)
        size, depth = _measure(value_node, sizes, depths, path, line)
        if depth > limits.NESTING:
            raise MlguideError(
                f"{name} is nested more than {limits.NESTING} levels deep: flatten it", path, line
            )
        if size > limits.YAML_VALUES:
            raise MlguideError(
                f"{name} stands for more than {limits.YAML_VALUES:,} values once its aliases "
                "(`*name`) are expanded: write the values out instead",
                path,
                line,
            )


def _measure(
    top: yaml.Node, sizes: dict[int, int], depths: dict[int, int], path: Path, line: int
) -> tuple[int, int]:
    """(values, levels) of `top`, depth first without recursion (a deep tree must not
    exhaust Python's stack either). Stops as soon as a bound is passed."""
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(top, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if not done:
            if key in on_path:
                raise MlguideError(
                    "an alias (`*name`) inside the value it names: it never ends", path, line
                )
            if len(on_path) >= limits.NESTING:
                return 0, len(on_path) + 1
            on_path.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        on_path.discard(key)
        sizes[key] = 1 + sum(sizes[id(c)] for c in children)
        depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
        if sizes[key] > limits.YAML_VALUES:
            return sizes[key], depths[key]
    return sizes[id(top)], depths[id(top)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _as_error(exc: yaml.YAMLError, text: str, path: Path, first_line: int) -> MlguideError:
    """One line at the author's line: yaml's own messages span lines and count from the
    snippet, not the file."""
    if isinstance(exc, yaml.MarkedYAMLError):
        hint = explain(exc, text)
        if hint is not None:
            line = first_line + _on_content(text, hint.line)
            return MlguideError(f"invalid YAML: {hint.message}", path, line)
        mark = _author_mark(exc)
        line = first_line + _on_content(text, mark.line) if mark else first_line
        return MlguideError(f"invalid YAML: {_problem(exc)}", path, line)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        # A character YAML refuses (a control character pasted in): say which, and where.
        # Its position counts bytes under libyaml and characters otherwise: find it instead.
        at = max(text.find(chr(exc.character)), 0)
        return MlguideError(
            f"invalid YAML: {_refused(exc.character)}", path, first_line + text.count("\n", 0, at)
        )
    return MlguideError(f"invalid YAML: {one_line(str(exc))}", path, first_line)


def _construct(loader: Any, node: yaml.MappingNode, path: Path, first_line: int) -> Doc:
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    entry_lines: dict[str, dict[Hashable, int]] = {}
    errors: list[MlguideError] = []
    invalid: set[str] = set()
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG):
            errors.append(MlguideError(f"keys must be names, not {_shown(key_node)}", path, line))
            continue
        key = key_node.value
        if key in lines:
            errors.append(
                MlguideError(
                    f"`{key}` is given twice, on lines {lines[key]} and {line}", path, line
                )
            )
            continue
        lines[key] = line
        try:
            data[key] = loader.construct_object(value_node, deep=True)
        except (ValueError, OverflowError):
            text = value_node.value if isinstance(value_node, yaml.ScalarNode) else "value"
            reason = impossible_date(text) if isinstance(text, str) else None
            why = f": {reason}" if reason else ""
            errors.append(MlguideError(f"`{key}`: `{text}` is not a valid value{why}", path, line))
            invalid.add(key)
            continue
        if isinstance(value_node, yaml.MappingNode):
            entry_lines[key] = _entry_lines(loader, key, value_node, path, first_line, errors)
        elif isinstance(value_node, yaml.SequenceNode):  # a list's items, by position
            entry_lines[key] = {
                i: first_line + item.start_mark.line for i, item in enumerate(value_node.value)
            }
    return Doc(data, lines, path, first_line, tuple(errors), frozenset(invalid), entry_lines)


def _entry_lines(
    loader: Any,
    key: str,
    node: yaml.MappingNode,
    path: Path,
    first_line: int,
    errors: list[MlguideError],
) -> dict[Hashable, int]:
    """The line of each entry of a mapping value; an entry given twice is an error, as a key
    given twice is (yaml would silently keep the last one)."""
    out: dict[Hashable, int] = {}
    for entry_node, _ in node.value:
        line = first_line + entry_node.start_mark.line
        entry = loader.construct_object(entry_node, deep=True)  # built already, with the value
        if not isinstance(entry, Hashable):
            continue
        if entry in out:
            errors.append(
                MlguideError(
                    f"`{key}`: `{entry_node.value}` is given twice, on lines {out[entry]} and "
                    f"{line}",
                    path,
                    line,
                )
            )
            continue
        out[entry] = line
    return out


def _shown(node: yaml.Node) -> str:
    """A node as the author wrote it, for messages."""
    if isinstance(node, yaml.ScalarNode):
        return f"`{node.value}`" if node.value else "empty"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


# English month names for dates in messages and pages; never the locale's, so output is the
# same on every machine.
MONTHS = (
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
)


def impossible_date(text: str) -> str | None:
    """Why a date YAML recognised cannot exist, in words (Python's own say `timedelta`)."""
    m = _TIMESTAMP.match(text)
    if m is None:
        return None
    year, month, day = int(m["year"]), int(m["month"]), int(m["day"])
    if not 1 <= year <= 9999:
        return "the year must be between 1 and 9999"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"{MONTHS[month - 1]} {year} has no day {day}"
    for name, value, top in (("hour", m["hour"], 23), ("minute", m["minute"], 59)):
        if value is not None and int(value) > top:
            return f"the {name} must be between 0 and {top}"
    if m["second"] is not None and int(m["second"]) > 59:
        return "the second must be between 0 and 59"
    if m["tz_hour"] is not None:
        offset = int(m["tz_hour"]) * 60 + int(m["tz_minute"] or 0)
        if offset >= 24 * 60:
            shown = f"{m['tz_sign']}{int(m['tz_hour']):02d}:{int(m['tz_minute'] or 0):02d}"
            return f"the offset {shown} is not between -23:59 and +23:59"
    return None


def _problem(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "the text is not valid YAML"
    tag = re.fullmatch(r"could not determine a constructor for the tag '(.*)'", problem)
    if tag:
        return f"the tag `{tag[1]}` is not supported (quote the value if it is text)"
    return one_line(problem)


def _refused(character: int) -> str:
    kind = "control character" if unicodedata.category(chr(character)) == "Cc" else "character"
    return f"the {kind} U+{character:04X} is not allowed: delete it (most editors hide it)"


def one_line(message: str) -> str:
    """yaml's messages span lines and name `"<unicode string>"`: one plain line instead."""
    return " ".join(_YAML_WHERE.sub("", message).split())


def _author_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """The line to send the author to. For an unclosed quote or bracket that is where it was
    opened (YAML only notices at the next line, or at the end); otherwise where it failed."""
    context = exc.context or ""
    opened = context.startswith(("while scanning a quoted", "while parsing a flow"))
    if opened and exc.context_mark is not None:
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _on_content(text: str, line: int) -> int:
    """YAML that ends too early fails past its last line, which in front matter is the closing
    `---`: send the author to the last line with content instead."""
    lines = text.splitlines()  # as yaml counts: U+2028 and kin end a line too
    if line < len(lines):
        return line
    return max((i for i, content in enumerate(lines) if content.strip()), default=0)


def read_text(path: Path, limit: int) -> str:
    r"""UTF-8 text with `\n` line ends (`\r\n` and a lone `\r` become `\n`, as editors count
    lines); a leading BOM is dropped. Undecodable bytes and NUL name the line they are on.
    Only a regular file of at most `limit` bytes is read (`fileio.read_file`)."""
    data = read_file(path, limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(_BYTE_LINE_END.findall(data, 0, exc.start)) + 1
        raise MlguideError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", path, line
        ) from exc
    text = _LINE_END.sub("\n", text.removeprefix("\ufeff"))
    if (nul := text.find("\0")) >= 0:
        raise MlguideError(
            "NUL byte (U+0000) in the text: is this a binary file?",
            path,
            text.count("\n", 0, nul) + 1,
        )
    return text
