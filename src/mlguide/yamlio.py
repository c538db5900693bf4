"""YAML loading that remembers where each key was, so errors can name the line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import MlguideError

# libyaml's parser when the wheel has it (it usually does): several times faster per file.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed mapping plus the 1-based line of each top-level key."""

    data: dict[str, Any]
    lines: dict[str, int]
    path: Path
    first_line: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def load_yaml_mapping(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """Parse `text` (which starts at `first_line` of `path`) into a mapping.

    yaml's own errors carry a mark; we shift it so the reported line is the line in the file,
    not in the snippet (front matter starts on line 2).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc({}, {}, path, first_line)
        if not isinstance(node, yaml.MappingNode):
            raise MlguideError(
                "expected a mapping of `key: value` lines", path, first_line + node.start_mark.line
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = _author_mark(exc)
        line = first_line + _on_content(text, mark.line) if mark else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise MlguideError(f"invalid YAML: {problem}", path, line) from exc
    except yaml.YAMLError as exc:
        raise MlguideError(f"invalid YAML: {exc}", path, first_line) from exc
    finally:
        loader.dispose()
    lines = {
        str(key.value): first_line + key.start_mark.line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    if not isinstance(data, dict):
        raise MlguideError("expected a mapping of `key: value` lines", path, first_line)
    return YamlDoc({str(k): v for k, v in data.items()}, lines, path, first_line)


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
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise MlguideError("file not found", path) from exc
    except UnicodeDecodeError as exc:
        raise MlguideError(f"not UTF-8 text (byte {exc.start})", path) from exc
    except OSError as exc:
        raise MlguideError(f"cannot read: {exc.strerror}", path) from exc
