"""A fresh small project for each hostile case."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import Project, make_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Built once (the previous build every refused case must leave as it was)."""
    return make_project(tmp_path / "blog")


@pytest.fixture
def bare(tmp_path: Path) -> Project:
    """Not built: for commands that write no site (`new`, `render-assets`)."""
    return make_project(tmp_path / "blog", built=False)
