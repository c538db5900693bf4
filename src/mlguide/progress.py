"""One progress bar per asset on a terminal; one line per finished asset elsewhere (CI logs)."""

from __future__ import annotations

from typing import TextIO

WIDTH = 28


class Bars:
    def __init__(self, stream: TextIO):
        self.stream = stream
        self.tty = stream.isatty()
        self.state: dict[str, tuple[int, int]] = {}
        self.drawn = 0
        self.finished: set[str] = set()

    def update(self, name: str, done: int, total: int) -> None:
        if name in self.finished:
            return
        self.state[name] = (done, total)
        if done == total:
            self.finished.add(name)
        if self.tty:
            self._redraw()
        elif done == total:
            self.stream.write(f"  {name}: done\n")
            self.stream.flush()

    def _redraw(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F")
        for name, (done, total) in self.state.items():
            filled = round(WIDTH * done / max(total, 1))
            bar = "█" * filled + "·" * (WIDTH - filled)
            self.stream.write(f"\x1b[2K  {name:<10} {bar} {done}/{total}\n")
        self.drawn = len(self.state)
        self.stream.flush()

    def close(self) -> None:
        self.state.clear()
