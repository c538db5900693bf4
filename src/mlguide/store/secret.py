"""The key that authenticates the store: kept outside the project, so nothing restored into
the project (a CI cache, an archive) can forge an entry.

Anyone who can write `.mlguide-cache` (a restored CI cache is the common case) could otherwise
put a page there that the next build publishes. Every entry is therefore signed with a key that
lives outside the cached folder: `MLGUIDE_CACHE_SECRET` when set (CI: a repository secret, so a
restored cache is usable), else a random key made on first use in the user's state folder
(`$XDG_STATE_HOME/mlguide/`, default `~/.local/state/mlguide/`), one per project folder.
A restored cache signed with another key is simply a miss. Where no key can be kept, a
process-lifetime key is used: nothing from disk is ever trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path

ENV = "MLGUIDE_CACHE_SECRET"
_SIZE = 32


def project_secret(root: Path) -> bytes:
    from_env = os.environ.get(ENV, "")
    if from_env:
        return hashlib.sha256(b"mlguide-cache-secret\n" + from_env.encode()).digest()
    path = _secret_file(root)
    try:
        data = path.read_bytes()
        if len(data) == _SIZE:
            return data
    except OSError:
        pass
    new = secrets.token_bytes(_SIZE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it meanwhile: use that one
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            if len(data) == _SIZE:
                return data
        return _PROCESS_KEY
    except OSError:
        return _PROCESS_KEY
    with os.fdopen(fd, "wb") as fh:
        fh.write(new)
    return new


_PROCESS_KEY = secrets.token_bytes(_SIZE)


def _secret_file(root: Path) -> Path:
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    name = hashlib.sha256(os.fsencode(root.absolute())).hexdigest()[:24]  # any name
    return state / "mlguide" / "secrets" / name
