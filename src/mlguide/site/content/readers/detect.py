"""Which generator a blog or a post was written for: said in `mlguide.yml` (`import:
jekyll`), shown by the old generator's config file copied into the project
(`_config.yml`, `hugo.toml`, Zola's `config.toml`, `pelicanconf.py`, `mkdocs.yml`), or,
failing both, guessed per post from its front matter. A post no rule recognises is read as
mlguide's own, which accepts every generator's names for the same facts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import read_file
from mlguide.paths import CONFIG_NAME
from mlguide.site.config.yamlio import load_yaml_mapping, read_text
from mlguide.site.content.frontmatter import Split
from mlguide.site.content.readers.common import FILE_DATE, stem_of
from mlguide.site.content.readers.oldsite import (
    HUGO_CONFIG_DIR,
    HUGO_CONFIG_SUFFIXES,
    OldSite,
    load,
)

GENERATORS = ("jekyll", "hugo", "zola", "pelican", "mkdocs")
# Config files that name their generator outright.
_OWN_FILES = (
    ("_config.yml", "jekyll"),
    ("_config.yaml", "jekyll"),
    ("hugo.toml", "hugo"),
    ("hugo.yaml", "hugo"),
    ("hugo.json", "hugo"),
    ("pelicanconf.py", "pelican"),
    ("mkdocs.yml", "mkdocs"),
    ("mkdocs.yaml", "mkdocs"),
)
_ZOLA_BASE = re.compile(r"^\s*base_url\s*=", re.M)
_PELICAN_SETTING = re.compile(r"^(?:SITEURL|ARTICLE_URL|ARTICLE_SAVE_AS|PATH)\s*=", re.M)
_HUGO_BASE = re.compile(r"^\s*(?:baseURL|baseurl|BaseURL)\s*[=:]", re.M)
# Front matter keys only one generator writes (a guess for a post without a config file).
# Not the URL keys (`url`, `path`, `permalink`, `aliases`, `redirect_from`): mlguide reads
# them all as its own, in any post.
_ZOLA_KEYS = frozenset({"taxonomies", "extra", "updated", "in_search_index"})
_HUGO_KEYS = frozenset({"lastmod", "params", "publishDate", "summary"})
_JEKYLL_KEYS = frozenset({"layout", "excerpt", "published"})


def configured(root: Path) -> str | None:
    """`import:` in mlguide.yml (its errors are the config loader's to report)."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return None
    try:
        value = load_yaml_mapping(read_text(path, limits.CONFIG_BYTES), path).data.get("import")
    except MlguideError:
        return None
    return value if isinstance(value, str) and value in (*GENERATORS, "mlguide") else None


def config_file(root: Path) -> tuple[str, Path] | None:
    """The old generator's config file in the project root (or content/), and its name."""
    for folder in (root, root / "content"):
        for name, generator in _OWN_FILES:
            if (folder / name).is_file():
                return generator, folder / name
        for name in ("config.toml", "config.yaml", "config.yml"):
            path = folder / name
            if not path.is_file():
                continue
            text = _config_text(path)
            if name == "config.toml" and _ZOLA_BASE.search(text):
                return "zola", path
            if _HUGO_BASE.search(text):
                return "hugo", path
        for name in ("settings.py", "publishconf.py"):  # Pelican's settings, by another name
            path = folder / name
            if path.is_file() and _PELICAN_SETTING.search(_config_text(path)):
                return "pelican", path
    return _hugo_config_dir(root)


def _hugo_config_dir(root: Path) -> tuple[str, Path] | None:
    """Hugo's configuration directory, `config/_default/` (Congo, Blowfish, Hugo Blox and
    Docsy sites keep their settings there, one file per top-level key): its root file
    (`hugo.toml`, `config.yaml`…), or the first of its key files; only Hugo reads it."""
    folder = root / HUGO_CONFIG_DIR
    if not folder.is_dir():
        return None
    for stem in ("hugo", "config"):
        for suffix in HUGO_CONFIG_SUFFIXES:
            if (folder / f"{stem}{suffix}").is_file():
                return "hugo", folder / f"{stem}{suffix}"
    files = sorted(p for p in folder.iterdir() if p.suffix in HUGO_CONFIG_SUFFIXES and p.is_file())
    return ("hugo", files[0]) if files else None


def _config_text(path: Path) -> str:
    """A config file's text, bounded as mlguide.yml is; one that cannot be read tells
    nothing (empty)."""
    try:
        return read_file(path, limits.CONFIG_BYTES).decode("utf-8", errors="replace")
    except MlguideError:
        return ""


def project_dialect(root: Path) -> str | None:
    """The whole project's dialect, or None to decide post by post."""
    said = configured(root)
    if said is not None:
        return said
    found = config_file(root)
    return found[0] if found else None


def old_site(root: Path) -> OldSite | None:
    """The old generator's URL rules, from its config file (its defaults when `import:` names
    it without one); None to use each post's own dialect's defaults."""
    said = configured(root)
    found = config_file(root)
    if found is not None and said in (None, found[0]):
        return load(*found)
    return OldSite(said) if said is not None else None


def post_dialect(split: Split, source: Path) -> str:
    """A guess from one post's front matter: only a clear sign of one generator counts."""
    data: Mapping[str, Any] = split.doc.data
    keys = set(data)
    if split.style == "pelican":
        return "pelican"
    if split.style == "toml":
        zola = bool(keys & _ZOLA_KEYS) or bool(re.match(r"^\d{4}-\d{2}-\d{2}_", stem_of(source)))
        hugo = bool(keys & _HUGO_KEYS)
        if zola != hugo:  # both: a post of its own making, read with every name
            return "zola" if zola else "hugo"
        return "mlguide"
    if split.style != "yaml":
        return "mlguide"
    if isinstance(data.get("date"), Mapping) or _near_authors_file(source):
        return "mkdocs"
    if keys & _JEKYLL_KEYS and FILE_DATE.match(source.stem):
        return "jekyll"
    if keys & (_HUGO_KEYS - {"summary"}):
        return "hugo"
    return "mlguide"


def _near_authors_file(source: Path) -> bool:
    """The MkDocs blog keeps `.authors.yml` beside its `posts/` folder."""
    return any((folder / ".authors.yml").is_file() for folder in source.parents[:3])
