"""A Jupyter notebook (`.ipynb`) read as a post: its front matter and a Markdown body.

The front matter comes from, in order: a first cell that is a YAML block between `---` lines
(Quarto's way; a raw or a Markdown cell), the notebook's metadata under `mlguide`, `nikola`
or `quarto`, and its `title`/`authors` metadata (JupyterLab). With none, the title is the
first `# Heading` of the first Markdown cell, as for a Markdown post.

The body is Markdown, so Markdown cells go through exactly the pipeline a `.md` post does
(math, links, images, checks). A code cell becomes a fenced block in the kernel's language
(highlighted like any code) followed by a placeholder block naming the cell, which the page
renders from the notebook's outputs (`render/markdown/notebook.py`). Quarto's cell options
(`#| echo: false`, `#| label: fig-x`, `#| fig-cap: …`, `#| fig-alt: …`) and the cell tags
`remove-input`, `remove-output`, `remove-cell`, `hide-input`, `hide-output` and `hide` are
honoured. Each cell's first line in the body is kept, so a warning at a body line is reported
as the cell it comes from.

Read with nbformat (the Jupyter project's own reader, which also upgrades older notebook
versions), not by hand.
"""

from __future__ import annotations

import json
import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mlguide.errors import Finding, MlguideError
from mlguide.site.config.yamlio import Doc, load_yaml_mapping
from mlguide.site.content.frontmatter import Split
from mlguide.site.content.notebookshape import shape_problem

NOTEBOOK_SUFFIX = ".ipynb"
CELL_FENCE = "mlguide-notebook-cell"  # the placeholder's fence info: `mlguide-notebook-cell 3`
# A picture pasted into a Markdown cell is stored in the cell (`attachment:image.png`); the
# body names it with its cell, `attachment:3/image.png`, for the page to publish it.
ATTACHMENT = "attachment:"
_OPTION = re.compile(r"^#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_YAML_CELL = re.compile(r"^\s*---\s*\n(.*?)\n---\s*$", re.S)
_METADATA_KEYS = ("mlguide", "nikola", "quarto")


@dataclass(frozen=True)
class CellOptions:
    """What a code cell asks of the page (Quarto's `#|` options and Jupyter Book's tags)."""

    show_input: bool = True
    show_output: bool = True
    fold_input: bool = False  # shown folded, a click away
    fold_output: bool = False
    label: str = ""  # `fig-x`: its picture is a numbered figure
    caption: str = ""
    alt: str = ""


@dataclass(frozen=True)
class NotebookText:
    """A notebook as a post: what `read_meta` reads and the Markdown the page renders."""

    split: Split
    cell_lines: tuple[int, ...]  # the body line each cell starts at, in cell order
    code_cells: frozenset[int]  # 1-based numbers of the code cells
    language: str
    kernel: str


def read_notebook(text: str, path: Path) -> NotebookText:
    notebook = parse_notebook(text, path)
    cells = list(notebook.get("cells") or [])
    metadata = dict(notebook.get("metadata") or {})
    doc, skip_first = _front_matter(cells, metadata, path)
    language = notebook_language(metadata)
    lines: list[str] = []
    starts: list[int] = []
    for index, cell in enumerate(cells):
        starts.append(len(lines) + 1)
        if index == 0 and skip_first:
            continue
        lines += _cell_markdown(cell, index, language)
        lines.append("")
    body = "\n".join(lines)
    kernel = str((metadata.get("kernelspec") or {}).get("name") or "python3")
    code = frozenset(i + 1 for i, c in enumerate(cells) if c.get("cell_type") == "code")
    return NotebookText(Split(doc, body, "yaml"), tuple(starts), code, language, kernel)


def parse_notebook(text: str, path: Path) -> Any:
    """The notebook as nbformat reads it (version 4), or an error naming the file and what
    is wrong with it (nbformat does not check the type of each part: a cell that is a
    string failed in its code, or later in ours, as `'str' object has no attribute 'get'`)."""
    try:
        notebook = notebook_reads(text)
    except Exception as exc:
        raise _unreadable(text, path, exc) from exc
    problem = shape_problem(notebook)  # what nbformat upgraded (a version 3 notebook's cells)
    if problem is not None:
        raise MlguideError(f"a damaged notebook: {problem}", path)
    return notebook


def _unreadable(text: str, path: Path, exc: Exception) -> MlguideError:
    """Why nbformat could not read the notebook, said of the file rather than of nbformat's
    code: broken JSON at its line, or the part of the notebook that has the wrong shape."""
    try:
        raw = json.loads(text)
    except ValueError as bad:
        if isinstance(bad, json.JSONDecodeError):
            return MlguideError(
                f"not a Jupyter notebook: its JSON is broken at column {bad.colno}: {bad.msg}",
                path,
                bad.lineno,
            )
        raw = None
    problem = shape_problem(raw) if raw is not None else None
    if problem is not None:
        what = "a damaged notebook" if isinstance(raw, dict) else "not a Jupyter notebook"
        return MlguideError(f"{what}: {problem}", path)
    why = " ".join(str(exc).split())[:160] or type(exc).__name__
    return MlguideError(f"not a Jupyter notebook nbformat can read: {why}", path)


def notebook_reads(text: str) -> Any:
    """nbformat's reader, upgrading to version 4 (nbformat has no type hints). Its warnings
    (a cell without an `id`, which it adds) are about the file's age, not a problem to print
    in the middle of a build."""
    import nbformat  # here: most sites have no notebooks

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]


def notebook_writes(notebook: Any) -> str:
    import nbformat

    return str(nbformat.writes(notebook))  # type: ignore[no-untyped-call]


def notebook_language(metadata: dict[str, Any]) -> str:
    info = metadata.get("language_info") or {}
    kernel = metadata.get("kernelspec") or {}
    return str(info.get("name") or kernel.get("language") or "python").lower()


def _source(cell: Any) -> str:
    source = cell.get("source") or ""
    return "".join(source) if isinstance(source, list) else str(source)


def _front_matter(cells: list[Any], metadata: dict[str, Any], path: Path) -> tuple[Doc, bool]:
    data: dict[str, Any] = {}
    for key in ("title", "authors"):
        if key in metadata:
            value = metadata[key]
            if key == "authors" and isinstance(value, list):
                value = [a.get("name", "") if isinstance(a, dict) else str(a) for a in value]
            data["author" if key == "authors" else key] = value
    for key in _METADATA_KEYS:
        if isinstance(metadata.get(key), dict):
            data.update(metadata[key])
    first = _source(cells[0]) if cells else ""
    if (
        cells
        and cells[0].get("cell_type") in ("raw", "markdown")
        and (m := _YAML_CELL.match(first))
    ):
        doc = load_yaml_mapping(m.group(1), path, first_line=2)
        return replace(doc, data={**data, **doc.data}), True
    return Doc(data, {}, path, 1), False


def cell_options(cell: Any) -> tuple[CellOptions, str]:
    """The cell's options and its code without the `#|` option lines."""
    code_lines = _source(cell).split("\n")
    options: dict[str, str] = {}
    while code_lines and (m := _OPTION.match(code_lines[0])):
        options[m.group(1).lower()] = m.group(2).strip().strip("\"'")
        code_lines.pop(0)
    tags = {str(t) for t in (cell.get("metadata") or {}).get("tags") or []}
    off = ("false", "no", "0")
    return (
        CellOptions(
            show_input=not (
                {"remove-input", "remove_input", "remove-cell", "remove_cell"} & tags
                or options.get("echo", "").lower() in off
                or options.get("include", "").lower() in off
            ),
            show_output=not (
                {"remove-output", "remove_output", "remove-cell", "remove_cell"} & tags
                or options.get("output", "").lower() in off
                or options.get("include", "").lower() in off
            ),
            fold_input=bool({"hide-input", "hide_input", "hide-cell", "hide"} & tags)
            or options.get("code-fold", "").lower() in ("true", "show"),
            fold_output=bool({"hide-output", "hide_output", "hide-cell", "hide"} & tags),
            label=options.get("label", ""),
            caption=options.get("fig-cap", ""),
            alt=options.get("fig-alt", ""),
        ),
        "\n".join(code_lines).strip("\n"),
    )


def _cell_markdown(cell: Any, index: int, language: str) -> list[str]:
    kind = cell.get("cell_type")
    if kind == "markdown":
        text = _source(cell)
        if cell.get("attachments"):  # pasted pictures: `attachment:x.png` names this cell's
            text = re.sub(r"\battachment:(?=[^\s)\"'])", f"{ATTACHMENT}{index}/", text)
        return text.split("\n")
    if kind != "code":
        return []  # raw cells are for other output formats (nbconvert's LaTeX, …)
    options, code = cell_options(cell)
    out: list[str] = []
    if options.show_input and code.strip():
        fence = "```"
        while fence in code:
            fence += "`"
        block = [f"{fence}{language}", *code.split("\n"), fence]
        if options.fold_input:
            block = [
                '<details class="nb-fold">',
                "<summary>Code</summary>",
                "",
                *block,
                "",
                "</details>",
            ]
        out += block
    if options.show_output:  # even with no saved outputs: `execute: true` may make some
        out += ["", f"```{CELL_FENCE} {index}", "```"]
    return out


def cell_of(line: int | None, cell_lines: tuple[int, ...]) -> tuple[int, int] | None:
    """The 1-based cell and the line within it for a body line."""
    if line is None or not cell_lines:
        return None
    index = bisect_right(cell_lines, line) - 1
    if index < 0:
        return None
    return index + 1, line - cell_lines[index] + 1


def locate(findings: list[Finding], path: Path, read: NotebookText) -> list[Finding]:
    """A notebook's warnings say which cell they are in (a body line means nothing in a
    notebook): `post.ipynb: cell 4, line 2: …` in a Markdown cell, `cell 5: …` for a code
    cell's outputs."""
    out = []
    for f in findings:
        where = cell_of(f.line, read.cell_lines) if f.path == path else None
        if where is None:
            out.append(f)
            continue
        cell, line = where
        place = f"cell {cell}" if cell in read.code_cells else f"cell {cell}, line {line}"
        message = f"{place}: {f.message}"
        out.append(Finding(f.rule, message, f.path, None, f.notice))
    return out
