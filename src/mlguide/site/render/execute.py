"""Notebooks run at build time (`execute: true`), their results kept in the store.

Run by nbclient (the Jupyter project's own executor, as Quarto and Jupyter Book use it) with
the notebook's kernel, from the notebook's folder, each cell limited to `execute_timeout`
seconds. The executed notebook is kept in the store under a key made of the notebook's bytes,
the kernel's name, the timeout and the versions of nbclient, the kernel package and Python: a
build runs a notebook again only when one of them changes. A cell that fails is reported at
`file: cell N` with its error, and the page shows the outputs up to it (the error included);
nbclient missing is one clear error that says how to install it.
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mlguide.errors import Finding, MlguideError
from mlguide.site.content.notebook import notebook_reads, notebook_writes
from mlguide.store.store import Codec, open_store

KIND = "notebook"
_TEXT = Codec(lambda value: str(value).encode(), lambda data: data.decode())


@dataclass(frozen=True)
class Executed:
    cells: list[Any]
    findings: list[Finding]


def execute_notebook(
    path: Path, text: str, kernel: str, timeout: int, cache: Path | None, root: Path
) -> Executed:
    try:
        import nbclient  # noqa: F401 - only checks that the extra is installed
    except ImportError as exc:
        raise MlguideError(
            "`execute: true` runs notebooks with nbclient: install it with "
            "`pip install 'mlguide-blog[notebooks]'` (or set `execute: false` to publish the saved "
            "outputs)",
            path,
        ) from exc
    key = _key(text, kernel, timeout)
    store = open_store(cache, root)
    result = store.load(KIND, key, _TEXT)
    if isinstance(result, str):
        return Executed(list(notebook_reads(result).cells), [])
    notebook = notebook_reads(text)
    findings = _run(notebook, path, kernel, timeout)
    if not findings:  # a failed run is tried again next build
        store.save(KIND, key, notebook_writes(notebook), _TEXT)
    return Executed(list(notebook.cells), findings)


def _key(text: str, kernel: str, timeout: int) -> str:
    parts = [
        hashlib.sha256(text.encode()).hexdigest(),
        kernel,
        str(timeout),
        platform.python_version(),
        *(_version(name) for name in ("nbclient", "ipykernel", "nbformat")),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _version(name: str) -> str:
    try:
        return f"{name}=={version(name)}"
    except PackageNotFoundError:
        return f"{name}==-"


def _run(notebook: Any, path: Path, kernel: str, timeout: int) -> list[Finding]:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=kernel,
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
    )
    try:
        client.execute()
    except CellTimeoutError:
        cell = _failed_cell(notebook)
        message = f"cell {cell}: still running after {timeout} s (`execute_timeout`)"
        return [Finding("notebook", message, path)]
    except CellExecutionError as exc:
        return [Finding("notebook", _failure(notebook, exc), path)]
    except DeadKernelError as exc:
        return [Finding("notebook", f"the kernel died: {_one_line(str(exc))}", path)]
    except Exception as exc:  # noqa: BLE001 - no such kernel, a kernel that does not start
        return [Finding("notebook", f"cannot run the notebook: {_one_line(str(exc))}", path)]
    return []


def _failed_cell(notebook: Any) -> int:
    """The first code cell that has no execution count after the run: where it stopped."""
    last = 0
    for i, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs") or []):
            return i + 1
        if cell.get("execution_count") is None and (cell.get("source") or "").strip():
            return i + 1
        last = i + 1
    return last


def _failure(notebook: Any, exc: Exception) -> str:
    ename = getattr(exc, "ename", "") or "Error"
    evalue = getattr(exc, "evalue", "") or ""
    return f"cell {_failed_cell(notebook)}: {ename}: {_one_line(str(evalue))} (at build time)"


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:159] + "…"
