"""`data/*.yml`, `*.json` and `*.toml`: values templates read as `data.<file name>`.

A list of talks, publications or projects kept beside the posts (`data/talks.yml` is
`data.talks` in a template), as Hugo and Jekyll have it. A file that does not parse is an
error at its line; two files with one name (`talks.yml` and `talks.json`) are an error too.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

from mlguide import limits
from mlguide.errors import MlguideError, raise_all
from mlguide.site.config.yamlio import load_yaml_value, read_text

SUFFIXES = (".yml", ".yaml", ".json", ".toml")
_TOML_LINE = re.compile(r"at line (\d+)")


def load_data(folder: Path) -> dict[str, Any]:
    """Every data file by name (its stem); {} without a data folder."""
    if not folder.is_dir():
        return {}
    found: dict[str, Any] = {}
    where: dict[str, Path] = {}
    errors: list[MlguideError] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() not in SUFFIXES or not path.is_file():
            continue
        name = path.stem
        if name in where:
            errors.append(
                MlguideError(f"`data.{name}` is also {where[name].name}: rename one", path)
            )
            continue
        try:
            found[name] = read_data(path)
            where[name] = path
        except MlguideError as exc:
            errors.append(exc)
    raise_all(errors)
    return found


def read_data(path: Path) -> Any:
    text = read_text(path, limits.DATA_BYTES)
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            return json.loads(text)
        if suffix == ".toml":
            return tomllib.loads(text)
        try:
            return load_yaml_value(text, path)
        except MlguideError as exc:
            raise MlguideError(f"not valid YAML: {exc.message}", path, exc.line) from exc
    except json.JSONDecodeError as exc:
        raise MlguideError(f"not valid JSON: {exc.msg}", path, exc.lineno) from exc
    except tomllib.TOMLDecodeError as exc:
        line = _TOML_LINE.search(str(exc))
        message = _TOML_LINE.sub("", str(exc)).rstrip(" ()")
        raise MlguideError(
            f"not valid TOML: {message}", path, int(line.group(1)) if line else None
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise MlguideError(
            f"not valid YAML: {problem}", path, mark.line + 1 if mark else None
        ) from exc
