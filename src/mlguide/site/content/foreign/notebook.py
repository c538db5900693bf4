"""A Jupyter notebook as Markdown, for Pelican's `{% notebook x.ipynb [cells[a:b]] %}`: its
Markdown cells as they are, its code cells as fenced code in the kernel's language, their
outputs as text blocks, tables (HTML) and pictures (inline PNG, JPEG or SVG data URLs).

Read with the standard library's json: the notebook format is plain JSON (nbformat 4), and
only the parts a page shows are needed. Written by hand, so a blog needs no Jupyter stack.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

_SLICE = re.compile(r"cells\[\s*(-?\d*)\s*:\s*(-?\d*)\s*\]")
_STYLE = re.compile(r"<style\b.*?</style>", re.S | re.I)
_PICTURES = ("image/png", "image/jpeg", "image/svg+xml")


def cells_slice(args: str) -> slice:
    """`cells[2:]` in the tag's arguments; all cells without one."""
    m = _SLICE.search(args)
    if m is None:
        return slice(None)
    start, stop = (int(v) if v.strip() else None for v in m.groups())
    return slice(start, stop)


def to_markdown(text: str, cells: slice = slice(None)) -> tuple[str, int]:
    """The notebook's Markdown and the number of cells read. Raises ValueError for a file
    that is not a notebook."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no `cells`)")
    language = _language(data.get("metadata") or {})
    chosen = data["cells"][cells]
    parts = [_cell(cell, language) for cell in chosen if isinstance(cell, dict)]
    return "\n\n".join(p for p in parts if p.strip()), len(chosen)


def _language(metadata: dict[str, Any]) -> str:
    info = metadata.get("language_info") or {}
    kernel = metadata.get("kernelspec") or {}
    name = info.get("name") or kernel.get("language") or "python"
    return str(name).lower()


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return str(value or "")


def _cell(cell: dict[str, Any], language: str) -> str:
    kind = cell.get("cell_type")
    source = _text(cell.get("source")).rstrip()
    if kind == "markdown":
        return source
    if kind != "code" or not source:
        return ""
    out = [_fence(source, language)]
    out += [o for o in _outputs(cell.get("outputs") or ()) if o]
    return "\n\n".join(out)


def _fence(code: str, language: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}{language}\n{code}\n{fence}"


def _outputs(outputs: Iterable[Any]) -> Sequence[str]:
    out = []
    for output in outputs:
        if not isinstance(output, dict):
            continue
        kind = output.get("output_type")
        if kind == "stream":
            out.append(_fence(_text(output.get("text")).rstrip(), "text"))
        elif kind == "error":
            out.append(_fence("\n".join(_text(output.get("traceback")).splitlines()[-3:]), "text"))
        elif kind in ("execute_result", "display_data"):
            out.append(_rich(output.get("data") or {}))
    return out


def _rich(data: dict[str, Any]) -> str:
    for mime in _PICTURES:
        if mime in data:
            payload = "".join(_text(data[mime]).split())
            if mime == "image/svg+xml":
                payload = base64.b64encode(_text(data[mime]).encode()).decode()
            return f"![Output of the cell above](data:{mime};base64,{payload})"
    if "text/html" in data:
        table = _STYLE.sub("", _text(data["text/html"])).strip()
        return "\n".join(line for line in table.splitlines() if line.strip())
    if "text/plain" in data:
        return _fence(_text(data["text/plain"]).rstrip(), "text")
    return ""
