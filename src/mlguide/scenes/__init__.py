"""The eight visuals: one declarative scene module each, listed here by their CLI names.

Scene modules are imported only when an asset is rendered, so `--list` and the skip check
stay fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..render.timeline import Scene


@dataclass(frozen=True)
class Asset:
    name: str
    description: str
    module: str  # scene module under mlguide.scenes
    files: tuple[str, ...]  # written into assets/, in this order
    height: int | None = None  # poster variants only

    @property
    def animated(self) -> bool:
        return self.files[0].endswith(".gif")

    def scene(self) -> Scene:
        module = importlib.import_module(f"{__name__}.{self.module}")
        return module.scene(self.height) if self.height else module.scene()  # type: ignore[no-any-return]


def _gif(number: int, slug: str, description: str, module: str) -> Asset:
    stem = f"ml-model-gif-{number:02d}-{slug}"
    # Light: GIF (the universal fallback), animated WebP, still. Dark: WebP and still, for
    # readers whose page is dark (`prefers-color-scheme: dark`).
    files = (
        f"{stem}.gif",
        f"{stem}.webp",
        f"{stem}-still.png",
        f"{stem}-dark.webp",
        f"{stem}-dark-still.png",
    )
    return Asset(f"gif-{number:02d}", description, module, files)


ASSETS: tuple[Asset, ...] = (
    Asset(
        "poster",
        "Hero poster: title, subtitle, the six stages as a path (1200x600 PNG)",
        "poster",
        ("blog-poster-1200x600.png",),
        600,
    ),
    Asset(
        "poster-og",
        "The poster at 1200x630 for og:image (LinkedIn, Facebook)",
        "poster",
        ("blog-poster-1200x630.png",),
        630,
    ),
    _gif(
        1,
        "lifecycle",
        "The lifecycle: six macro stages and the monitor & retrain loop",
        "lifecycle",
    ),
    _gif(
        2,
        "problem-framing",
        "Problem framing (Steps 1–2): the brief and the feasibility gate",
        "problem_framing",
    ),
    _gif(
        3,
        "data-prep",
        "The data-prep funnel (Steps 3–6): bad rows, leakage, the split",
        "data_prep",
    ),
    _gif(
        4,
        "choose-model",
        "Choosing a model (Step 7): data size × need for explanations",
        "choose_model",
    ),
    _gif(
        5, "train-tune", "The train-and-tune loop (Step 8): stop at the noise floor", "train_tune"
    ),
    _gif(6, "evaluate", "Evaluation (Step 9): one look at the test set, sliced", "evaluate"),
    _gif(
        7, "deploy-monitor", "Deploy and monitor (Step 10): drift fires an alert", "deploy_monitor"
    ),
)

BY_NAME = {a.name: a for a in ASSETS}
