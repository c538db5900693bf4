"""`python -m mlguide`, the same as the `mlguide` command."""

from .entry import run

run()
