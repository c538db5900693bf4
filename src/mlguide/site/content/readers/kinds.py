"""How front-matter values are read, whichever generator wrote them: dates, word lists,
names, statuses, mappings. Each kind returns the clean value or raises ValueError("must …")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from mlguide.site.config.settings import Kind, describe, text_value
from mlguide.site.permalinks import read_site_path, read_url

# What Pelican's date parser and Jekyll accept besides ISO 8601: `2014-1-2 9:00`, `2014/01/02`.
_LOOSE_DATE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def read_stamp(value: Any) -> dt.datetime:
    """A date or a date and time; without an offset it is taken as UTC (builds never guess
    the machine's time zone)."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        stamp = _parse_stamp(value.strip())
    else:
        raise ValueError(f"must be a date such as 2026-11-26, not {describe(value)}")
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _parse_stamp(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        pass
    if match := _LOOSE_DATE.match(text):
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            stamp = dt.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            pass
        else:
            if zone:
                return dt.datetime.fromisoformat(stamp.isoformat() + _offset(zone))
            return stamp
    raise ValueError(f"`{text}` is not a date: write it as 2026-11-26 or 2026-11-26T09:30:00+01:00")


def _offset(zone: str) -> str:
    if zone == "Z":
        return "+00:00"
    return zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"


def read_dates(value: Any) -> tuple[dt.datetime, dt.datetime | None]:
    """`date: 2026-01-02`, or the MkDocs blog plugin's `date: {created: …, updated: …}`."""
    if isinstance(value, Mapping):
        if "created" not in value:
            raise ValueError("as a mapping needs a `created:` date")
        unknown = set(value) - {"created", "updated"}
        if unknown:
            raise ValueError(f"has unknown key `{sorted(unknown)[0]}` (use created and updated)")
        updated = value.get("updated")
        return read_stamp(value["created"]), read_stamp(updated) if updated else None
    return read_stamp(value), None


def read_words(value: Any, names: bool = False) -> tuple[str, ...]:
    """A list, or one string separated by commas (or by spaces when it has no comma, except
    for names, which have spaces in them)."""
    if isinstance(value, str):
        value = text_value(value)  # no control characters, as in a list
        parts = value.split(",") if "," in value or names else value.split()
    elif isinstance(value, list | tuple):
        parts = [text_value(v) for v in value]
    elif value is None:
        parts = []
    else:
        raise ValueError(f"must be a list or a comma-separated string, not {describe(value)}")
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def read_names(value: Any) -> tuple[str, ...]:
    """Names, each as text or as a mapping with a `name` (al-folio's distill posts list
    `authors: [{name: …, url: …, affiliations: …}]`, jekyll-seo-tag writes `author: {name:
    …}`): the name is what the old theme showed in the byline."""
    if isinstance(value, Mapping):
        value = [value]
    if isinstance(value, list | tuple):
        value = [_name_of(v) for v in value]
    return read_words(value, names=True)


def _name_of(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"lists a mapping without a `name:` ({describe(value)})")
    return name


def read_status(value: Any) -> str:
    status = text_value(value).strip().lower()
    if status not in ("draft", "published", "hidden"):
        raise ValueError("must be draft, published or hidden")
    return status


def read_mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a mapping, not {describe(value)}")
    return dict(value)


def read_taxonomies(value: Any) -> dict[str, tuple[str, ...]]:
    """Zola's `[taxonomies]`: its tags and categories; other taxonomies are not shown."""
    return {k: read_words(v) for k, v in read_mapping(value).items() if k in ("tags", "categories")}


def read_paths(value: Any) -> tuple[str, ...]:
    """Old URLs (`aliases: [/old/]`, `redirect_from: /2019/old.html`), each as a site path
    (`old/`, `2019/old.html`): every bad one named."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"must be a list of paths such as [/old-post/], not {describe(value)}")
    paths = []
    for item in items:
        try:
            paths.append(read_site_path(item))
        except ValueError as exc:
            raise ValueError(f"entry `{item}` {exc}") from None
    return tuple(dict.fromkeys(paths))


STAMP = Kind("date", read_stamp)
DATES = Kind("date, or {created, updated}", read_dates)
WORDS = Kind("list or comma-separated text", read_words)
NAMES = Kind("name, or a list of names", read_names)
STATUS = Kind("draft/published/hidden", read_status)
MAPPING = Kind("mapping", read_mapping)
TAXONOMIES = Kind("mapping of lists", read_taxonomies)
PATHS = Kind("list of paths on this site", read_paths)
URL = Kind("path on this site", read_url)
