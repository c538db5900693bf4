"""`python -m mlguide`, the same as the `mlguide` command."""

from mlguide.entry import run

run()
