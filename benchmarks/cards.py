"""Generated cards: time and size per card (budget: 40 ms and 40 KB on one core).

Prints, per card: the first render in a fresh process (fonts opened, tables filled), the
steady state over the twelve review samples at both sizes (wall and CPU time, median and
best of RUNS passes; CPU time is what a busy machine disturbs least), where that time goes,
the size of every sample and of random cards as full as they get, then `ensure_cards` on
--posts posts: cold on one core, cold on every core, and with every card current (the cost
of a build that draws nothing).
Run: .venv/bin/python benchmarks/cards.py [--runs 5] [--posts 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.card_samples import SAMPLES  # noqa: E402

from mlguide.cards import HERO, OG, CardRequest, CardText, card_png, ensure_cards
from mlguide.cards.layout import card_layout
from mlguide.engine.fast_png import encode_png_fast
from mlguide.engine.parts import shapes_of
from mlguide.engine.raster import draw_frame

FIRST = """
import time
start = time.perf_counter()
from mlguide.cards import card_png
from tests.card_samples import SAMPLES
imported = time.perf_counter()
card_png(SAMPLES["typical"], (1200, 600))
done = time.perf_counter()
print(f"{(imported - start) * 1000:.0f} {(done - imported) * 1000:.0f}")
"""


def first_render() -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST], cwd=REPO, capture_output=True, text=True, check=True
    )
    imports, first = out.stdout.split()
    print(f"first card in a fresh process: {first} ms (after {imports} ms of imports)")


def steady(runs: int) -> None:
    jobs = [(text, size) for text in SAMPLES.values() for size in (HERO, OG)]
    for text, size in jobs:
        card_png(text, size)  # warm: fonts open, advances cached
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        for text, size in jobs:
            card_png(text, size)
        wall.append((time.perf_counter() - w) / len(jobs) * 1000)
        cpu.append((time.process_time() - c) / len(jobs) * 1000)
    print(
        f"steady state, {len(jobs)} cards x {runs} runs: wall {statistics.median(wall):.1f} ms "
        f"(best {min(wall):.1f}), CPU {statistics.median(cpu):.1f} ms (best {min(cpu):.1f}) "
        "per card"
    )
    parts = {"layout": 0.0, "draw": 0.0, "encode": 0.0}
    for text, size in jobs:
        t0 = time.process_time()
        layout = card_layout(text, size)
        t1 = time.process_time()
        frame = np.asarray(draw_frame(shapes_of(layout), size[0], size[1], "bg"))
        t2 = time.process_time()
        encode_png_fast(frame)
        t3 = time.process_time()
        parts["layout"] += t1 - t0
        parts["draw"] += t2 - t1
        parts["encode"] += t3 - t2
    print(
        "  of which (CPU, one pass): "
        + ", ".join(f"{k} {v / len(jobs) * 1000:.1f} ms" for k, v in parts.items())
    )


def sizes() -> None:
    kb = {
        (name, size[1]): len(card_png(text, size)) / 1024
        for name, text in SAMPLES.items()
        for size in (HERO, OG)
    }
    median, largest = statistics.median(kb.values()), max(kb.values())
    print(f"size per card: median {median:.1f} KB, max {largest:.1f} KB")
    for (name, height), size in sorted(kb.items()):
        print(f"  {name:<18} 1200x{height}  {size:5.1f} KB")


# The words of the English samples, drawn at random into titles and descriptions.
WORDS = tuple(
    word
    for name in ("typical", "the-guide", "long-title", "code", "long-description")
    for word in f"{SAMPLES[name].title} {SAMPLES[name].description}".split()
)


def prose(rng: random.Random, lo: int, hi: int) -> str:
    text = ""
    while len(text) < hi:
        text += rng.choice(WORDS) + " "
    return text[: rng.randint(lo, hi)].strip()


def dense(count: int = 30) -> None:
    """Random cards as full as the limits allow, and as full as the checklist lets a post be
    (a description of 50-160 characters); 1200x630, the larger size."""
    rng = random.Random(3)
    for label, title, description in (
        ("densest: title 100-200, description 200-500 characters", (100, 200), (200, 500)),
        ("title up to 120, description 50-160 (the checklist's range)", (60, 120), (50, 160)),
    ):
        texts = [
            CardText(
                "ML Guide",
                prose(rng, *title),
                prose(rng, *description),
                "26 November 2026",
                tuple(rng.choice(WORDS) for _ in range(6)),
            )
            for _ in range(count)
        ]
        kb, ms = [], []
        for text in texts:
            start = time.process_time()
            kb.append(len(card_png(text, OG)) / 1024)
            ms.append((time.process_time() - start) * 1000)
        print(
            f"{label}: median {statistics.median(kb):.1f} KB, max {max(kb):.1f} KB; "
            f"CPU median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms"
        )


def corpus(posts: int) -> list[CardRequest]:
    base = list(SAMPLES.values())
    return [
        CardRequest(
            f"post-{i}",
            CardText(
                "ML Guide",
                f"{base[i % len(base)].title} ({i})",
                base[i % len(base)].description,
                base[i % len(base)].date,
                base[i % len(base)].tags,
            ),
        )
        for i in range(posts)
    ]


def ensure(posts: int) -> None:
    requests = corpus(posts)
    cards = 2 * posts
    for jobs in (1, os.cpu_count() or 1):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            ensure_cards(Path(tmp), requests, jobs=jobs)
            cold = time.perf_counter() - start
            start = time.perf_counter()
            files = ensure_cards(Path(tmp), requests, jobs=jobs)
            warm = time.perf_counter() - start
            assert not any(f.drawn for f in files.values())
            total = sum(f.hero.stat().st_size + f.og.stat().st_size for f in files.values())
        print(
            f"ensure_cards, {posts} posts ({cards} cards), jobs={jobs}: cold {cold:.2f} s "
            f"({cold / cards * 1000:.1f} ms per card), all current {warm * 1000:.0f} ms "
            f"({warm / cards * 1000:.2f} ms per card), {total / 1024 / 1024:.1f} MB on disk"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--posts", type=int, default=200)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    first_render()
    steady(args.runs)
    sizes()
    dense()
    ensure(args.posts)


if __name__ == "__main__":
    main()
