"""An old build removed in the background: the command is done as soon as the new build is in
place, and nothing is left beside it whatever happens next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def trash_for(dest: Path, trash: Path | None) -> Path | None:
    """`trash`, when an old build can be renamed into it (same file system)."""
    if trash is None:
        return None
    try:
        trash.mkdir(parents=True, exist_ok=True)
        if os.stat(trash).st_dev != os.stat(dest.parent).st_dev:
            return None
    except OSError:
        return None
    return trash


# Each old build named is deleted, then the trash folder itself only if it is empty: a build
# that started meanwhile may be moving its own old build in (deleting the whole folder made
# that build fail).
_EMPTY_TRASH = """
import os, shutil, sys
for old in sys.argv[2:]:
    shutil.rmtree(old, ignore_errors=True)
try:
    os.rmdir(sys.argv[1])
except OSError:
    pass
"""


def empty_in_background(trash: Path) -> bool:
    """Delete what is in `trash` now, then `trash` if nothing else came in, in a process of
    its own (its own session: Ctrl-C in the terminal and the end of this command do not stop
    it). A shell starts it and exits at once (it is waited for here), so the remover is
    nobody's child to wait for and leaves no zombie. False if it could not be started."""
    try:
        olds = [str(p) for p in trash.iterdir()]
    except OSError:
        return False
    try:
        subprocess.run(
            ["/bin/sh", "-c", 'py="$0"; code="$1"; shift; "$py" -c "$code" "$@" &']
            + [sys.executable, _EMPTY_TRASH, str(trash), *olds],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return True
