"""The six macro stages and their steps: the facts the poster and GIF 1 share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    token: str
    name: str
    steps: str
    detail: str


STAGES = (
    Stage("problem", "Problem", "Steps 1–2", "Define the problem & KPIs, then check feasibility"),
    Stage("data", "Data", "Steps 3–6", "Collect, clean & explore, engineer features, split"),
    Stage("model", "Model", "Step 7", "Choose a modeling approach that fits the data"),
    Stage("train", "Train", "Step 8", "Train & tune until validation plateaus"),
    Stage("evaluate", "Evaluate", "Step 9", "One look at the held-out test set, sliced"),
    Stage("deploy", "Deploy", "Step 10", "Ship behind an API, monitor, retrain"),
)
