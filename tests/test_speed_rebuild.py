"""A cold build leaves a store the next build can use whole: picture variants two workers
made at once keep the first one's file, so no page's recorded inputs go stale."""

from __future__ import annotations

import os
from pathlib import Path

from mlguide.site.render import imagestore


def test_a_variant_made_meanwhile_by_another_worker_is_kept(tmp_path: Path) -> None:
    made_first: list[Path] = []

    def other_worker_wins() -> bytes:
        # While this worker encodes, another one puts the same file in place.
        path = imagestore.stored(tmp_path, ("k", 1), ".webp", lambda: b"theirs")
        assert path is not None
        made_first.append(path)
        return b"ours"

    path = imagestore.stored(tmp_path, ("k", 1), ".webp", other_worker_wins)
    assert path is not None and made_first == [path]
    before = os.stat(made_first[0]).st_ino
    assert path.read_bytes() == b"theirs"  # the first file stays, with its inode
    assert os.stat(path).st_ino == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_a_symlink_planted_in_the_store_is_replaced(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not a picture")
    folder = tmp_path / "images"

    def plant() -> bytes:
        probe = imagestore.stored(folder, ("k", 2), ".png", lambda: b"x")
        assert probe is not None
        probe.unlink()
        probe.symlink_to(secret)
        return b"picture"

    path = imagestore.stored(folder, ("k", 2), ".png", plant)
    assert path is not None and not path.is_symlink()
    assert path.read_bytes() == b"picture"
    assert secret.read_bytes() == b"not a picture"
