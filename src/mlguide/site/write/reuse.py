"""The previous build as written, kept as a record in the store: a file with the same bytes
is hard-linked from it instead of written again, if it is still exactly the file that was
written (same size, time and inode; not the change time, which linking itself moves)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.store.store import Store

# A file as written: (sha-256 of its bytes, size, mtime in ns, inode number).
FileRecord = tuple[str, int, int, int]


@dataclass(frozen=True)
class Previous:
    """The build being replaced, as it was written: rebuilding over a previous build then
    writes only what changed."""

    root: Path
    files: dict[str, FileRecord]
    notes: dict[str, str] = field(default_factory=dict)  # e.g. the search index's key


def _record_name(root: Path) -> str:
    return f"output-{hashlib.sha256(os.fsencode(root.absolute())).hexdigest()[:16]}.json"


def read_previous(store: Store, root: Path) -> Previous | None:
    """What the last build wrote into `root`, if it is known (a missing, damaged or forged
    record only means every file is written again)."""
    data = store.load_record(_record_name(root))
    if not isinstance(data, dict):
        return None
    try:
        if data.get("root") != str(root.absolute()):
            return None
        files = {p: (str(r[0]), int(r[1]), int(r[2]), int(r[3])) for p, r in data["files"].items()}
        notes = {str(k): str(v) for k, v in data.get("notes", {}).items()}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return Previous(root.absolute(), files, notes)


def write_previous(
    store: Store, root: Path, records: dict[str, FileRecord], notes: dict[str, str]
) -> None:
    data = {"root": str(root.absolute()), "files": records, "notes": notes}
    store.save_record(_record_name(root), data)
