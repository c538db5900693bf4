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


_EMPTY_TRASH = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def empty_in_background(trash: Path) -> bool:
    """Delete `trash` in a process of its own (its own session: Ctrl-C in the terminal and
    the end of this command do not stop it). A shell starts it and exits at once (it is
    waited for here), so the remover is nobody's child to wait for and leaves no zombie.
    False if it could not be started."""
    try:
        subprocess.run(
            ["/bin/sh", "-c", '"$0" -c "$1" "$2" &', sys.executable, _EMPTY_TRASH, str(trash)],
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
