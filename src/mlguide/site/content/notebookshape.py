"""What is wrong with a notebook whose JSON does not have a notebook's shape, in words.

nbformat reads a notebook without checking the type of each part, so a `metadata` that is a
string or a cell that is a string met its code (or ours) as `'str' object has no attribute
'get'`: a message about Python, not about the file. The parts mlguide and nbformat read are
checked here first, each problem said as the part that is wrong and what it should be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# Parts of the notebook's `metadata` that are read as mappings (the kernel and language name
# the code blocks' language).
_METADATA_MAPPINGS = ("kernelspec", "language_info")


def shape_problem(notebook: Any) -> str | None:
    """The first part of a notebook (as JSON gives it) that has the wrong type, or None."""
    return next(_problems(notebook), None)


def _problems(notebook: Any) -> Iterator[str]:
    if not isinstance(notebook, dict):
        what = "a list" if isinstance(notebook, list) else _what(notebook)
        yield f"the file holds {what}, not a notebook (an object with `cells`)"
        return
    version = notebook.get("nbformat")
    if "nbformat" in notebook and (not isinstance(version, int) or isinstance(version, bool)):
        yield f"`nbformat` must be a number (4), not {_what(version)}"
        return
    yield from _mapping(notebook, "metadata", "`metadata`")
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        for key in _METADATA_MAPPINGS:
            yield from _mapping(metadata, key, f"`metadata.{key}`")
    if version is not None and version < 4:
        return  # worksheets: nbformat upgrades them, and the result is checked again
    cells = notebook.get("cells", [])
    if not isinstance(cells, list):
        yield f"`cells` must be a list of cells, not {_what(cells)}"
        return
    for number, cell in enumerate(cells, 1):
        yield from (f"cell {number}{problem}" for problem in _cell(cell))


def _cell(cell: Any) -> Iterator[str]:
    if not isinstance(cell, dict):
        yield f" is {_what(cell)}, not a cell (an object with `cell_type` and `source`)"
        return
    kind = cell.get("cell_type")
    if not isinstance(kind, str):
        yield f": `cell_type` must be `code`, `markdown` or `raw`, not {_what(kind)}"
    yield from (f": {p}" for p in _text(cell, "source", "`source`"))
    yield from (f": {p}" for p in _mapping(cell, "metadata", "`metadata`"))
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    if tags is not None and not _strings(tags):
        yield f": `metadata.tags` must be a list of names, not {_what(tags)}"
    yield from (f": {p}" for p in _mapping(cell, "attachments", "`attachments`"))
    outputs = cell.get("outputs", [])
    if not isinstance(outputs, list):
        yield f": `outputs` must be a list, not {_what(outputs)}"
        return
    for number, output in enumerate(outputs, 1):
        yield from (f", output {number}{problem}" for problem in _output(output))


def _output(output: Any) -> Iterator[str]:
    if not isinstance(output, dict):
        yield f" is {_what(output)}, not an output (an object with `output_type`)"
        return
    if not isinstance(output.get("output_type"), str):
        yield f": `output_type` must be a name, not {_what(output.get('output_type'))}"
    yield from (f": {p}" for p in _mapping(output, "data", "`data`"))
    yield from (f": {p}" for p in _mapping(output, "metadata", "`metadata`"))
    yield from (f": {p}" for p in _text(output, "text", "`text`"))
    trace = output.get("traceback")
    if trace is not None and not _strings(trace):
        yield f": `traceback` must be a list of lines, not {_what(trace)}"


def _mapping(parent: dict[str, Any], key: str, name: str) -> Iterator[str]:
    value = parent.get(key)
    if value is not None and not isinstance(value, dict):
        yield f"{name} must be a mapping (an object, `{{…}}`), not {_what(value)}"


def _text(parent: dict[str, Any], key: str, name: str) -> Iterator[str]:
    value = parent.get(key)
    if value is not None and not isinstance(value, str) and not _strings(value):
        yield f"{name} must be text or a list of lines, not {_what(value)}"


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _what(value: Any) -> str:
    """A JSON value's type, as the notebook's author would name it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f"the text {_quoted(value)}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        odd = next((item for item in value if not isinstance(item, str)), None)
        return "a list" if odd is None else f"a list holding {_what(odd)}"
    return "an object"


def _quoted(text: str) -> str:
    short = text if len(text) <= 30 else text[:29] + "…"
    return '"' + " ".join(short.split()) + '"'
