"""Full-text search: Pagefind indexes the built pages, as one more step of the build.

It runs on the staging folder before the swap, so a failed index fails the build and leaves
the previous site alone. Its index is split into small fragments: a query loads a few KB.
Only Pagefind's search API is published (the page draws its own results, in the site's
design); its ready-made UI bundles are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.fileio import DIR_MODE, FILE_MODE
from mlguide.site.write.reuse import FileRecord

OUTPUT_DIR = "pagefind"
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


def index_site(folder: Path) -> int:
    """Index `folder` in place; returns the number of pages indexed."""
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(folder),
                "--output-subdir",
                OUTPUT_DIR,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MlguideError(f"search: Pagefind did not run ({exc})", folder) from exc
    if proc.returncode != 0:
        if "No module named pagefind" in proc.stderr:
            raise MlguideError(
                "search needs Pagefind: pip install 'pagefind[bin]', or set `search: false`",
                folder,
            )
        last = (proc.stderr.strip() or proc.stdout.strip() or "no output").splitlines()[-1]
        raise MlguideError(f"search: Pagefind failed: {last}", folder)
    out = folder / OUTPUT_DIR
    for name in _UNUSED:
        (out / name).unlink(missing_ok=True)
    for path in [out, *out.rglob("*")]:  # Pagefind follows the umask; the site must not
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)
    return _pages_indexed(proc.stdout)


def search_key(records: Mapping[str, FileRecord]) -> str:
    """What the index is made from: every page's bytes, and Pagefind's version. The same key
    means the same index, which a rebuild can then reuse instead of indexing again."""
    h = hashlib.sha256()
    try:
        h.update(version("pagefind").encode())
    except PackageNotFoundError:
        h.update(b"-")
    for path in sorted(p for p in records if p.endswith(".html")):
        h.update(f"{path}\0{records[path][0]}\n".encode())
    return h.hexdigest()


def remove_index(folder: Path) -> None:
    shutil.rmtree(folder / OUTPUT_DIR, ignore_errors=True)


def _pages_indexed(report: str) -> int:
    for line in report.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages":
            return int(words[1])
    return 0
