"""YAML loading that remembers where each key was, so errors can name the line.

Values are constructed one key at a time: a value YAML accepts but Python cannot hold
(`2026-02-30`, hour 25, offset +25:00) becomes an error on that key's line instead of a
traceback, and a key given twice is an error naming both lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import MlguideError

# libyaml's parser when the wheel has it (it usually does): several times faster per file.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Doc:
    """A parsed mapping plus the 1-based line of each top-level key (YAML, TOML or headers)."""

    data: dict[str, Any]
    lines: dict[str, int]
    path: Path
    first_line: int
    errors: tuple[MlguideError, ...] = ()  # values that could not be read, one per key
    invalid: frozenset[str] = frozenset()  # their keys: present, but not in `data`

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def load_yaml_mapping(text: str, path: Path, first_line: int = 1) -> Doc:
    """Parse `text` (which starts at `first_line` of `path`) into a mapping.

    yaml's own errors carry a mark; we shift it so the reported line is the line in the file,
    not in the snippet (front matter starts on line 2).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Doc({}, {}, path, first_line)
        if not isinstance(node, yaml.MappingNode):
            raise MlguideError(
                "expected a mapping of `key: value` lines", path, first_line + node.start_mark.line
            )
        return _construct(loader, node, path, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = _author_mark(exc)
        line = first_line + _on_content(text, mark.line) if mark else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise MlguideError(f"invalid YAML: {problem}", path, line) from exc
    except yaml.YAMLError as exc:
        raise MlguideError(f"invalid YAML: {exc}", path, first_line) from exc
    finally:
        loader.dispose()


def _construct(loader: Any, node: yaml.MappingNode, path: Path, first_line: int) -> Doc:
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    errors: list[MlguideError] = []
    invalid: set[str] = set()
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            errors.append(MlguideError(f"keys must be names, not `{key!r}`", path, line))
            continue
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
        except (ValueError, OverflowError) as exc:
            text = value_node.value if isinstance(value_node, yaml.ScalarNode) else "value"
            errors.append(
                MlguideError(f"`{key}`: `{text}` is not a valid value ({exc})", path, line)
            )
            invalid.add(key)
    return Doc(data, lines, path, first_line, tuple(errors), frozenset(invalid))


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
    lines = text.splitlines()
    if line < len(lines):
        return line
    return max((i for i, content in enumerate(lines) if content.strip()), default=0)


def read_text(path: Path) -> str:
    """UTF-8 text (a leading BOM is dropped); undecodable bytes name the line they are on."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise MlguideError("file not found", path) from exc
    except IsADirectoryError as exc:
        raise MlguideError("is a folder, not a file", path) from exc
    except OSError as exc:
        raise MlguideError(f"cannot read: {exc.strerror}", path) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MlguideError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", path, line
        ) from exc
    return text.removeprefix("\ufeff")
