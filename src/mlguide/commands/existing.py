"""What `mlguide init` does with a file already where it writes one: never lose the writer's.

`init` runs in folders that hold a blog already (one brought from another generator, or one
it started before), so some of its files are there, written by someone. Each kind is treated
as what it is:

- the same bytes as init's: left alone;
- `.gitignore`, `requirements.txt`, `static/_headers`: lists init adds its lines to, keeping
  every line that is there (the rules of `.gitignore` it lacks; mlguide's requirement when no
  line asks for mlguide; the long caching of `assets/` when no rule names it). No `--force`
  is needed, as nothing is lost;
- `static/CNAME` naming another domain: refused, `--force` or not (a file of `static/` is
  published, and which domain is right is the writer's call);
- any other file (`mlguide.yml`, the example scene, a host's settings): refused without
  `--force`; with it, replaced, and the old bytes kept as `NAME.bak` unless they are a
  version of the file that mlguide itself shipped (`starter.SHIPPED`), which holds nothing
  of the writer's.

Everything is decided here, before anything is written: the plan is plain data.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mlguide.commands.starter import SHIPPED, is_starter_headers
from mlguide.errors import MlguideError

__all__ = ["Plan", "plan"]

# Files init adds its lines to, by path in the project: never replaced, never refused.
_LISTS = (".gitignore", "requirements.txt", "static/_headers")
_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9._-]+)")


@dataclass(frozen=True)
class Plan:
    files: dict[Path, bytes]  # what to write, by path: new files, lists added to, backups
    said: tuple[str, ...]  # what became of a file that was there, one line each
    described: frozenset[Path]  # files of `files` that a line of `said` is about
    # Files only --force replaces, refused without it; with the name the old one would keep
    # (None: a version mlguide shipped, nothing to keep).
    overwrites: tuple[tuple[Path, Path | None], ...]
    refused: tuple[MlguideError, ...]  # files init never replaces, --force or not


def plan(root: Path, files: dict[Path, bytes], force: bool) -> Plan:
    """`files` (what init would write) against what is there. A path that is a folder, or
    under a file, is not looked at: init's own checks refuse those."""
    out: dict[Path, bytes] = {}
    said: list[str] = []
    described: set[Path] = set()
    overwrites: list[tuple[Path, Path | None]] = []
    refused: list[MlguideError] = []
    for path, new in files.items():
        rel = path.relative_to(root).as_posix()
        if not (path.exists() or path.is_symlink()) or path.is_dir():
            out[path] = new
            continue
        if path.is_symlink() and not path.exists():
            # Its bytes are nowhere, but where it points is the writer's: replaced, that
            # would be lost with no backup to show for it.
            target = os.readlink(path)
            refused.append(
                MlguideError(
                    f"is a link to nothing ({target}): init replaces no link; remove it, or "
                    "point it at a file",
                    path,
                )
            )
            continue
        elif not path.is_file():  # a pipe would hang the reading; a device is no one's text
            refused.append(MlguideError("is not a regular file: init replaces no such file", path))
            continue
        else:
            try:
                old = path.read_bytes()
            except OSError as exc:  # what it holds is unknown, so it cannot be kept
                refused.append(
                    MlguideError(f"cannot be read ({exc.strerror}): left as it is", path)
                )
                continue
        if old == new:
            continue
        if old is not None and rel in _LISTS:
            if force and rel == "static/_headers" and is_starter_headers(old):
                out[path] = new  # init's own, for another base path
                continue
            merged, line = _add_lines(rel, old, new)
            if merged is not None and path.is_symlink():
                # Written, the link would become a file of its own; written through, the file
                # it shares with other projects would change. Neither is init's call.
                added = merged[len(old) :].decode(errors="replace").splitlines()
                lines = ", ".join(f"`{a}`" for a in added if a.strip() and not a.startswith("#"))
                said.append(
                    f"left {rel} as it is (a link to {os.readlink(path)}): add these lines to "
                    f"it, one per line: {lines}"
                )
            elif merged is not None:
                out[path] = merged
                described.add(path)
                said.append(line)
            elif line:
                said.append(line)
        elif old is not None and rel == "static/CNAME":
            if old.strip().lower() != new.strip():
                refused.append(_cname_refused(path, old, new))
        else:
            ours = old is None or _digest(old) in SHIPPED.get(rel, ())
            backup = None if ours else _free_name(path, out)
            if not force:
                overwrites.append((path, backup))
                continue
            out[path] = new
            if backup is not None and old is not None:
                out[backup] = old
                described.add(backup)
                said.append(f"kept the old {rel} as {backup.relative_to(root).as_posix()}")
    return Plan(out, tuple(said), frozenset(described), tuple(overwrites), tuple(refused))


def _add_lines(rel: str, old: bytes, new: bytes) -> tuple[bytes | None, str]:
    """The list `old` with what init needs from `new` added at its end (None: nothing to
    add), and what was done, to say."""
    if rel == ".gitignore":
        have = {_ignore_rule(line) for line in old.splitlines()}
        missing = [
            line.strip()
            for line in new.splitlines()
            if line.strip() and not line.startswith(b"#") and _ignore_rule(line) not in have
        ]
        if not missing:
            return None, ""
        names = ", ".join(m.decode() for m in missing)
        added = b"# mlguide's output and caches (added by mlguide init)\n" + b"\n".join(missing)
        return _append(old, added), f"added {names} to .gitignore (its own lines are kept)"
    if rel == "requirements.txt":
        spec = _rules(new)[-1]
        asked = [line for line in _rules(old) if _requires_mlguide(line)]
        if asked:
            if spec in asked:
                return None, ""
            theirs = asked[0].decode(errors="replace")
            return None, (
                f"kept requirements.txt, which asks for `{theirs}`: this mlguide's line is "
                f"`{spec.decode()}`"
            )
        added = b"# mlguide, which builds the site in CI (added by mlguide init)\n" + spec
        return _append(old, added), (
            f"added {spec.decode()} to requirements.txt (its own lines are kept)"
        )
    # static/_headers: one rule (a path, then its header), for the hashed files under assets/
    rule = _rules(new)[0]
    if rule in [line.strip() for line in old.splitlines()]:
        return None, ""
    return _append(old, new.rstrip(b"\n")), (
        f"added the caching of {rule.decode()} to static/_headers (its own rules are kept)"
    )


def _append(old: bytes, added: bytes) -> bytes:
    """`old` as it is, byte for byte, then a blank line and `added`."""
    end = b"" if not old or old.endswith(b"\n") else b"\n"
    gap = b"\n" if old.strip() else b""
    return old + end + gap + added + b"\n"


def _rules(text: bytes) -> list[bytes]:
    """The lines that say something: not blank, not a comment."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith(b"#")]


def _ignore_rule(line: bytes) -> bytes:
    """`build`, `build/`, `/build/` all keep build/ out of git: one rule, for comparing."""
    return line.strip().strip(b"/")


def _requires_mlguide(line: bytes) -> bool:
    """`mlguide-blog==1.0`, `MLGuide_Blog >= 1`, `mlguide-blog @ git+…`, `-e git+…#egg=…`."""
    text = line.decode(errors="replace")
    found = _EGG.search(text) or (None if text.startswith("-") else _REQUIREMENT.match(text))
    return found is not None and re.sub(r"[-_.]+", "-", found.group(1)).lower() == "mlguide-blog"


def _cname_refused(path: Path, old: bytes, new: bytes) -> MlguideError:
    theirs = old.decode(errors="replace").strip() or "nothing"
    return MlguideError(
        f"names {theirs}, not {new.decode().strip()} (--domain): init never replaces a file "
        "of static/, which is published, not even with --force; edit or delete it",
        path,
    )


def _free_name(path: Path, taken: dict[Path, bytes]) -> Path:
    """`NAME.bak`, or `NAME.bak2`, … when that is there too: a backup never replaces one."""
    n = 1
    while True:
        backup = path.with_name(f"{path.name}.bak{n if n > 1 else ''}")
        if not (backup.exists() or backup.is_symlink()) and backup not in taken:
            return backup
        n += 1


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
