"""Files mlguide makes inside the project for the author to commit (a scene's GIF, WebP and
stills; a post's generated cards), and the manifest beside them that says what each group
was made from.

These are not a private cache: they are committed, so CI reuses them instead of drawing them
again. One format for every such folder (`.manifest.json`): for each entry (a scene, a post's
cards), the key of what it was made from, the digest of every file written, and the digest of
every file read while making it that the key could not name in advance (a data file a scene
opened). An entry is current while its key is the same, each of its files still has the bytes
recorded (a hand-edited file is made again), and each file it read is unchanged. Digests come
from the store's memo (`files.Digests`), so checking a current folder reads no file.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.fileio import write_file_atomically
from mlguide.store.files import Digests

MANIFEST = ".manifest.json"


@dataclass(frozen=True)
class Made:
    key: str
    outputs: dict[str, str]  # file name in the folder -> sha-256, in the order made
    reads: dict[str, str] = field(default_factory=dict)  # project-relative path -> sha-256

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"inputs": self.key, "outputs": self.outputs}
        if self.reads:
            data["reads"] = self.reads
        return data


def read_manifest(folder: Path) -> dict[str, Made]:
    """The recorded entries; a missing or damaged manifest only means everything is made
    again (and a manifest that is not a file is an error: see `check_manifest_path`)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # JSON nested past the stack: damaged too
        return {}
    if not isinstance(data, Mapping):
        return {}
    out = {}
    for name, entry in data.items():
        made = _entry(entry)
        if made is not None:
            out[str(name)] = made
    return out


def _entry(entry: object) -> Made | None:
    if not isinstance(entry, Mapping):
        return None
    key, outputs, reads = entry.get("inputs"), entry.get("outputs"), entry.get("reads", {})
    if not isinstance(key, str) or not _names(outputs) or not _names(reads, empty=True):
        return None
    return Made(key, dict(typing.cast("Mapping[str, str]", outputs)), dict(reads))


def _names(value: object, empty: bool = False) -> bool:
    return (
        isinstance(value, Mapping)
        and (empty or bool(value))
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


def is_current(made: Made | None, key: str, folder: Path, root: Path, digests: Digests) -> bool:
    """The entry was made from exactly `key`, its files are still the bytes written, and
    what it read is unchanged."""
    if made is None or made.key != key:
        return False
    if any(digests.sha256(folder / name) != sha for name, sha in made.outputs.items()):
        return False
    return all(digests.sha256(root / path) == sha for path, sha in made.reads.items())


def write_manifest(folder: Path, entries: Mapping[str, Made]) -> None:
    """Only when it changed: nothing in the folder is touched when everything is current
    (`serve` watches assets/, and a rewrite would look like an edit)."""
    data = {name: entries[name].as_json() for name in sorted(entries)}
    text = (json.dumps(data, indent=2) + "\n").encode()
    path = folder / MANIFEST
    try:
        if path.read_bytes() == text:
            return
    except OSError:
        if not entries:
            return  # nothing made and no manifest yet: create nothing
    write_file_atomically(path, text)


def check_manifest_path(folder: Path) -> None:
    """A manifest that is a folder (or anything but a file) cannot be replaced atomically:
    say so before anything is drawn."""
    path = folder / MANIFEST
    if path.exists() and not path.is_file():
        raise MlguideError("must be a file (mlguide keeps its record of drawn files here)", path)
