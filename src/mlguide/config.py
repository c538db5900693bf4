"""Site settings from `mlguide.yml`: typed, validated, with unknown keys rejected.

A typo in a config key silently doing nothing is the worst kind of bug for an author, so every
key is declared here with its type, and anything else is an error naming the key and line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import MlguideError
from .yamlio import load_yaml_mapping, read_text

CONFIG_NAME = "mlguide.yml"


@dataclass(frozen=True)
class Config:
    title: str = "mlguide"
    """Site name: shown in the header, the feed and `og:site_name`."""
    description: str = "A guide, built with mlguide."
    """Home page meta description."""
    base_url: str = "http://127.0.0.1:8000/"
    """Absolute URL the site is published at; may include a subpath."""
    author: str = "Anonymous"
    """Default author for posts that name none."""
    author_url: str = ""
    """Author's page for JSON-LD and the feed; defaults to the site's home."""
    language: str = "en"
    """BCP 47 language tag for `<html lang>`."""
    social: tuple[tuple[str, str], ...] = ()
    """Links shown in the footer, `name: URL` (kept as sorted pairs so Config stays hashable)."""
    root: Path = Path(".")
    """Project folder (not a config key: where mlguide.yml was found)."""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, e.g. `/repo/` for project pages."""
        return urlsplit(self.base_url).path or "/"


_KEYS = {f.name: f for f in fields(Config) if f.name != "root"}


def normalize_base_url(value: str) -> str:
    """One canonical form: scheme and host lower-case, exactly one trailing slash."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an absolute http(s) URL such as https://example.com/blog/")
    if parts.query or parts.fragment:
        raise ValueError("must not contain a query or fragment")
    path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Read `root/mlguide.yml` if present; a folder without one gets the defaults."""
    path = root / CONFIG_NAME
    values: dict[str, Any] = {}
    if path.exists():
        doc = load_yaml_mapping(read_text(path), path)
        for key, value in doc.data.items():
            line = doc.line_of(key)
            if key not in _KEYS:
                hint = difflib.get_close_matches(key, _KEYS, n=1)
                extra = f" (did you mean `{hint[0]}`?)" if hint else ""
                raise MlguideError(f"unknown config key `{key}`{extra}", path, line)
            values[key] = _check_type(key, value, path, line)
        if "base_url" in values:
            values["base_url"] = _base_url(values["base_url"], path, doc.line_of("base_url"))
    config = Config(root=root, **values)
    if base_url is not None:
        config = replace(config, base_url=_base_url(base_url, None, None))
    if not config.author_url:
        config = replace(config, author_url=config.base_url)
    return config


def _base_url(value: str, path: Path | None, line: int | None) -> str:
    try:
        return normalize_base_url(value)
    except ValueError as exc:
        raise MlguideError(f"`base_url` {exc}", path, line) from exc


def _check_type(key: str, value: Any, path: Path, line: int) -> Any:
    if _KEYS[key].type == "str":
        if not isinstance(value, str):
            raise MlguideError(f"`{key}` must be a string, not {_kind(value)}", path, line)
        return value
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise MlguideError(f"`{key}` must be a mapping of name: URL strings", path, line)
    return tuple(sorted(value.items()))


def _kind(value: Any) -> str:
    return {
        list: "a list",
        dict: "a mapping",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "empty",
    }.get(type(value), type(value).__name__)
