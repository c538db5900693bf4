"""Where a project keeps its files: one value built once from `-C` (and `-o`).

Every other module asks this object for a folder instead of spelling its name, so moving a
folder is a one-line change and the output-safety rule knows every source location.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "mlguide.yml"
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"  # published as is at the site root: CNAME, favicon.ico, _headers ...
ASSETS_DIR = "assets"
SCENES_DIR = "scenes"  # inside assets/: scenes sit beside the pictures they draw
GENERATED_DIR = "generated"  # inside assets/: pictures mlguide makes on its own (post cards)
DATA_DIR = "data"  # YAML, JSON and TOML files templates read as `data.<name>`
OUTPUT_DIR = "build"
CACHE_DIR = ".mlguide-cache"
PREVIEW_DIR = "serve"  # inside the cache: what `serve` builds for its local URL
TRASH_DIR = "trash"  # inside the cache: old builds being deleted in the background
SHEETS_DIR = "sheets"  # inside the cache: contact sheets for review, never published
# Written into every build: proof that a folder is ours to replace (and what it was built for).
BUILD_MARKER = ".mlguide-build.json"
# Another generator's files at the project's root that a blog brought over keeps, and that
# shape its pages (its URL rules, its plugins): inputs of a build, as mlguide.yml is.
OLD_CONFIG_NAMES = (
    "_config.yml", "_config.yaml", "Gemfile", "hugo.toml", "hugo.yaml", "hugo.json",
    "config.toml", "config.yaml", "config.yml", "pelicanconf.py", "settings.py",
    "publishconf.py", "mkdocs.yml", "mkdocs.yaml",
    "config/_default",  # Hugo's config folder (hugo.toml, params.toml, permalinks.toml...)
)  # fmt: skip


@dataclass(frozen=True)
class ProjectPaths:
    root: Path
    output: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def data(self) -> Path:
        return self.root / DATA_DIR

    @property
    def static(self) -> Path:
        """Files published at the site root exactly as they are (never hashed or rewritten):
        what hosts look for there. Not `templates/static/`, whose files the templates use
        under hashed names in `assets/`."""
        return self.root / STATIC_DIR

    @property
    def assets(self) -> Path:
        return self.root / ASSETS_DIR

    @property
    def scenes(self) -> Path:
        return self.assets / SCENES_DIR

    @property
    def generated(self) -> Path:
        return self.assets / GENERATED_DIR

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def preview(self) -> Path:
        """Where `serve` builds by default: never the publishable `build/`, whose pages would
        otherwise carry local URLs. Neither the trash nor the page cache's pruning touch it."""
        return self.cache / PREVIEW_DIR

    def sources(self) -> tuple[Path, ...]:
        """Everything the author owns: the output folder must never be, contain or sit in one."""
        return (
            self.config,
            self.content,
            self.templates,
            self.static,
            self.assets,
            self.scenes,
            self.data,
            self.root / ".git",
        )

    def old_configs(self) -> tuple[Path, ...]:
        """Where another generator's config files would be (most projects have none): files,
        and Hugo's folder of them."""
        return tuple(self.root / name for name in OLD_CONFIG_NAMES)

    def watched(self) -> tuple[Path, ...]:
        """What `serve` watches: a change to any of these can change the site."""
        return (
            self.content, self.templates, self.static, self.assets, self.config, self.data,
            *self.old_configs(),
        )  # fmt: skip


def project_paths(root: Path, output: Path | None = None) -> ProjectPaths:
    """Absolute paths, so comparisons and messages do not depend on the working folder.

    An output folder that is a link (`build -> ../deploy`) stands for where it points: the
    build replaces a folder by renaming, which would replace the link itself and leave the
    folder it names empty."""
    root = root.absolute()
    out = (output if output is not None else root / OUTPUT_DIR).absolute()
    if out.is_symlink():
        with contextlib.suppress(OSError, RuntimeError):  # a loop: the output check says so
            out = out.resolve(strict=False)
    return ProjectPaths(root, out)
