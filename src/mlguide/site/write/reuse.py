"""The previous build as written: a file with the same bytes is hard-linked from it instead of
written again, if it is still exactly the file that was written."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.fileio import write_file_atomically

# A file as written: (sha-256 of its bytes, size, mtime in ns, inode number).
FileRecord = tuple[str, int, int, int]


@dataclass(frozen=True)
class Previous:
    """The build being replaced, as it was written. A file with the same bytes is hard-linked
    from it instead of written again, if it is still exactly the file that was written (same
    size, time and inode): rebuilding over a previous build then writes only what changed."""

    root: Path
    files: dict[str, FileRecord]
    notes: dict[str, str] = field(default_factory=dict)  # e.g. the search index's key


def read_previous(manifest: Path, root: Path) -> Previous | None:
    """What the last build wrote into `root`, if it is known (a missing or damaged record
    only means every file is written again)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("root") != str(root.absolute()):
            return None
        files = {p: (str(r[0]), int(r[1]), int(r[2]), int(r[3])) for p, r in data["files"].items()}
        notes = {str(k): str(v) for k, v in data.get("notes", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return Previous(root.absolute(), files, notes)


def write_previous(
    manifest: Path, root: Path, records: dict[str, FileRecord], notes: dict[str, str]
) -> None:
    data = {"root": str(root.absolute()), "files": records, "notes": notes}
    # Without the record the next build writes every file again: slower, still right.
    with contextlib.suppress(MlguideError):
        write_file_atomically(
            manifest, json.dumps(data, separators=(",", ":")).encode(), durable=False
        )
