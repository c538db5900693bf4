"""Nothing changed, nothing done: what the last build was made from, and the check that
lets a build with the very same inputs and an intact output finish at once.

The inputs are everything a build can read: the config (and another generator's config
files a blog brought over keeps at the root: `paths.OLD_CONFIG_NAMES`), every file under content/,
templates/, assets/ (scenes, their pictures, the cards) and static/, mlguide's own code and
default templates, the installed libraries (the names of their `.dist-info` folders carry
their versions), the Python version, the environment variables that shape pages, and the
options. Files are compared by digest, from the store's memo by file state, so the check
stats files and hashes only those whose state moved (a `touch` does not rebuild). Files a
page read from elsewhere (a picture beside the project) are recorded by their state as the
page saw them.

The digest of the inputs is taken *before* the build reads them: a file saved while the
build runs makes the next build a real one, never a stale no-op. The cards, which the build
draws itself, are hashed again once drawn; the record is kept only if nothing else changed
meanwhile. The output must also be
exactly what the last build wrote (every file's size, time and inode, and no file more),
so a damaged or hand-edited build/ is built again. This module is read before anything heavy
is imported: a build that does nothing starts nothing.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mlguide.errors import Finding
from mlguide.paths import ProjectPaths
from mlguide.store.files import Digests, FileState, file_state, state_of
from mlguide.store.store import Store

PACKAGE = Path(__file__).resolve().parents[2]  # src/mlguide, with its default templates
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "TZ")  # dates of posts without one, and their rendering
_FORMAT = "last-build-1"


@dataclass(frozen=True)
class LastBuild:
    """What the previous build into one folder was made from, and what it reported."""

    inputs: str
    output: str  # digest of the record of the files it wrote (`output_digest`)
    elsewhere: dict[str, FileState]  # files outside the project folders, by state as read
    pages: int
    files: int
    findings: tuple[Finding, ...]
    # When the first post held back by its date goes live (seconds since the epoch): from
    # then on the same inputs make another site, so the record no longer stands for it.
    until: float | None = None


@dataclass(frozen=True)
class Inputs:
    """The digest of a build's inputs, in two parts: what the author made, and the cards
    (`assets/generated/`), which the build itself draws when they are missing or stale."""

    authored: str
    generated: str

    @property
    def whole(self) -> str:
        return hashlib.sha256(f"{self.authored}\n{self.generated}".encode()).hexdigest()


def input_digest(paths: ProjectPaths, options: Mapping[str, object], digests: Digests) -> Inputs:
    """Every input of a build as it is now (see the module's docstring)."""
    package = PACKAGE
    h = hashlib.sha256(f"{_FORMAT}\n{sys.version}\n".encode())
    for name in sorted(options):
        h.update(f"option {name}={options[name]!r}\n".encode())
    for name in ENVIRONMENT:
        h.update(f"env {name}={os.environ.get(name)!r}\n".encode())
    for name in _installed():
        h.update(f"library {name}\n".encode())
    generated = hashlib.sha256()
    roots = [
        paths.config,
        paths.content,
        paths.templates,
        paths.assets,
        paths.static,
        *paths.old_configs(),
    ]
    made = os.path.join(paths.generated, "")
    for label, root in [*(("project", r) for r in roots), ("mlguide", package)]:
        base = os.path.join(paths.root if label == "project" else package, "")
        for path, st in _files(str(root)):
            line = _bytes(f"{label} {path.removeprefix(base)} {_sha256(digests, path, st)}\n")
            (generated if path.startswith(made) else h).update(line)
    return Inputs(h.hexdigest(), generated.hexdigest())


def _installed() -> list[str]:
    """The installed distributions, as their metadata folders are named (`Jinja2-3.1.4.
    dist-info`): any upgrade renames one. Listing a folder is cheap; `importlib.metadata`
    reads every distribution's files."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                names.update(e.name for e in found if e.name.endswith((".dist-info", ".pth")))
        except OSError:
            continue
    return sorted(names)


def _files(root: str) -> Iterator[tuple[str, os.stat_result | None]]:
    """Every file under `root` (or `root` itself) with its `stat`, in a stable order;
    compiled bytecode is left out (it follows the sources). Plain strings and `scandir`:
    pathlib's objects cost more than the system calls here."""
    try:
        st = os.stat(root)
    except OSError:
        if os.path.lexists(root):  # a link that loops or leads nowhere is not an absent file
            yield root, None
        return
    if not stat.S_ISDIR(st.st_mode):
        yield root, st
        return
    try:
        with os.scandir(root) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        yield root, None  # a folder that cannot be read: the build will say why
        return
    for entry in entries:
        if entry.name == "__pycache__" or entry.name.endswith(".pyc"):
            continue
        try:
            is_dir = entry.is_dir()  # follows links, as the build's readers do
        except OSError:  # a link that loops: the build will say so at its name
            is_dir = False
        if is_dir:
            yield from _files(entry.path)
        else:
            try:
                yield entry.path, entry.stat()
            except OSError:
                yield entry.path, None


def _sha256(digests: Digests, path: str, st: os.stat_result | None) -> str | None:
    """The digest from the memo when the file's state is the one remembered."""
    if st is not None and stat.S_ISREG(st.st_mode):
        known = digests.known.get(path)
        if known is not None and known[0] == state_of(st):
            return known[1]
    return digests.sha256(Path(path))


def _record_name(out: Path) -> str:
    return f"last-build-{hashlib.sha256(_bytes(str(out.absolute()))).hexdigest()[:16]}.json"


def read_last_build(store: Store, out: Path) -> LastBuild | None:
    """The record of the last build into `out`; a missing, damaged or forged one is None."""
    data = store.load_record(_record_name(out))
    if not isinstance(data, dict):
        return None
    try:
        elsewhere = {
            str(k): (None if v is None else (int(v[0]), int(v[1]), int(v[2]), int(v[3])))
            for k, v in data["elsewhere"].items()
        }
        findings = tuple(
            Finding(
                str(f["rule"]),
                str(f["message"]),
                None if f["path"] is None else Path(f["path"]),
                None if f["line"] is None else int(f["line"]),
                bool(f["notice"]),
                news=bool(f.get("news", False)),
            )
            for f in data["findings"]
        )
        until = data.get("until")
        return LastBuild(
            str(data["inputs"]),
            str(data["output"]),
            elsewhere,
            int(data["pages"]),
            int(data["files"]),
            findings,
            None if until is None else float(until),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def write_last_build(store: Store, out: Path, last: LastBuild) -> None:
    store.save_record(
        _record_name(out),
        {
            "inputs": last.inputs,
            "output": last.output,
            "elsewhere": last.elsewhere,
            "pages": last.pages,
            "files": last.files,
            "findings": [
                {
                    "rule": f.rule,
                    "message": f.message,
                    "path": None if f.path is None else str(f.path),
                    "line": f.line,
                    "notice": f.notice,
                    "news": f.news,
                }
                for f in last.findings
            ],
            "until": last.until,
        },
    )


def output_digest(records: Mapping[str, tuple[str, int, int, int]]) -> str:
    """Ties the record to the output it describes: a later build that swapped in other files
    and stopped before recording itself leaves a record that no longer matches."""
    text = "".join(f"{p}\0{r!r}\n" for p, r in sorted(records.items()))
    return hashlib.sha256(_bytes(text)).hexdigest()


def _bytes(text: str) -> bytes:
    """Text that may hold a file name as the system gave it: a name that is not UTF-8
    arrives with its stray bytes as lone surrogates, which only `surrogateescape` (the
    file system's error handler) turns back into the bytes on disk. UTF-8 whatever the
    locale, so the digest of the same files is the same in every shell."""
    return text.encode("utf-8", "surrogateescape")


def elsewhere_states(seen: Mapping[Path, FileState], paths: ProjectPaths) -> dict[str, FileState]:
    """The files pages read (with their state as read) outside what `input_digest` covers."""
    inside = tuple(
        os.path.join(p, "") for p in (paths.content, paths.templates, paths.assets, paths.static)
    )
    return {
        str(p): state
        for p, state in sorted(seen.items())
        # A folder itself (content/, whose listing a did-you-mean hint read) is inside too.
        if not os.path.join(p, "").startswith(inside) and p != paths.config
    }


def is_current(
    last: LastBuild | None,
    inputs: Inputs,
    output: Mapping[str, tuple[str, int, int, int]] | None,
    out: Path,
) -> bool:
    """The last build was made from exactly these inputs and its output is untouched."""
    if last is None or output is None or last.inputs != inputs.whole:
        return False
    if last.until is not None and clock() >= last.until:
        return False  # a post held back by its date is due now
    if last.output != output_digest(output):
        return False
    if any(file_state(Path(p)) != state for p, state in last.elsewhere.items()):
        return False
    return _output_intact(out, output)


def clock() -> float:
    """The build's clock as `site.content.index.site_clock` reads it (`SOURCE_DATE_EPOCH`,
    else now), without importing the content code this module runs before."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return float(epoch) if epoch.isdigit() else time.time()


def _output_intact(out: Path, records: Mapping[str, tuple[str, int, int, int]]) -> bool:
    """Every file the last build wrote is still the one written, and there is no other."""
    found = _intact_under(str(out), "", records)
    return found == len(records)


def _intact_under(
    folder: str, prefix: str, records: Mapping[str, tuple[str, int, int, int]]
) -> int:
    """How many recorded files are under `folder`, all unchanged; -1 at the first that is
    not (changed, unknown, or not a regular file)."""
    count = 0
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return -1
    for entry in entries:
        name = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            inner = _intact_under(entry.path, name + "/", records)
            if inner < 0:
                return -1
            count += inner
            continue
        record = records.get(name)
        if record is None:
            return -1
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            return -1
        if not stat.S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns, st.st_ino) != record[1:]:
            return -1
        count += 1
    return count
