"""mlguide: a static blog generator that draws its own pictures.

The distribution is `mlguide-blog` on the package index; the command and this package are
`mlguide`. `__version__` is the one place the version is written (pyproject.toml reads it).
"""

__version__ = "0.1.0"
