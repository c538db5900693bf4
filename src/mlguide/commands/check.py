"""`mlguide check`: the publish checklist (filled in by the check issue)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..config import Config
from ..errors import Finding


def strict_checks(build_dir: Path, config: Config) -> Iterable[Finding]:
    return ()
