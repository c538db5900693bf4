"""Comments and analytics as settings: a provider and its ids, checked; no script when unset.

    comments:
      giscus: {repo: you/blog, repo_id: R_kgDO…, category: Comments, category_id: DIC_kwDO…}
      # or: utterances: {repo: you/blog}
    analytics:
      plausible: blog.example.org      # or goatcounter: yoursite, or ga4: G-XXXXXXXXXX

Each provider's ids are checked for their shape here (a GA4 id starts with `G-`, a repository
is `owner/name`), so a typo is an error at its line, not a silently broken widget. What the
page loads is in templates/partials/comments.html.j2 and analytics.html.j2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from mlguide.site.config.settings import EntryProblems, Kind, describe, read_link, text_value


@dataclass(frozen=True)
class Integration:
    """One provider and its options (`repo`, `domain` …), as the templates read them."""

    provider: str
    options: tuple[tuple[str, str], ...] = ()

    def __getattr__(self, name: str) -> str:
        # Templates ask `comments.repo`; an option not given is empty, never an error.
        for key, value in self.__dict__.get("options", ()):
            if key == name:
                return str(value)
        if name.startswith("__"):
            raise AttributeError(name)
        return ""


def _pattern(regex: str, example: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        if not re.fullmatch(regex, text):
            raise ValueError(f"must look like `{example}`, not `{text}`")
        return text

    return check


def _url(text: str) -> str:
    url = read_link(text)
    if not url.startswith("https://"):
        raise ValueError(f"must be an https:// URL, not `{text}`")
    return url


_REPO = _pattern(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+", "owner/repository")
_WORD = _pattern(r"[A-Za-z0-9_.:/ -]+", "pathname")
_ID = _pattern(r"[A-Za-z0-9_-]+", "R_kgDOabc123")
# provider -> option -> (checker, required); the first required option may be the value itself.
Spec = dict[str, tuple[Callable[[str], str], bool]]
COMMENTS: dict[str, Spec] = {
    "giscus": {
        "repo": (_REPO, True),
        "repo_id": (_ID, True),
        "category": (_WORD, True),
        "category_id": (_ID, True),
        "mapping": (_WORD, False),
        "reactions": (_pattern(r"[01]", "1"), False),
        "lang": (_pattern(r"[A-Za-z-]+", "en"), False),
    },
    "utterances": {
        "repo": (_REPO, True),
        "issue_term": (_WORD, False),
        "label": (_WORD, False),
    },
}
ANALYTICS: dict[str, Spec] = {
    "plausible": {
        "domain": (
            _pattern(r"[a-z0-9.-]+\.[a-z]{2,}(,[a-z0-9.-]+\.[a-z]{2,})*", "blog.example.org"),
            True,
        ),
        "src": (_url, False),  # a self-hosted Plausible
    },
    "goatcounter": {"code": (_pattern(r"[a-z0-9-]+", "yoursite"), True)},
    "ga4": {"id": (_pattern(r"G-[A-Z0-9]{4,}", "G-XXXXXXXXXX"), True)},
}


def _reader(providers: dict[str, Spec], what: str) -> Callable[[Any], Integration]:
    def read(value: Any) -> Integration:
        if not isinstance(value, Mapping) or len(value) != 1:
            names = ", ".join(providers)
            raise ValueError(
                f"must name one provider ({names}) with its settings, not {describe(value)}"
            )
        (provider, options), *_ = value.items()
        spec = providers.get(str(provider))
        if spec is None:
            raise ValueError(f"has no provider `{provider}` (use {', '.join(providers)})")
        if not isinstance(options, Mapping):  # `ga4: G-XXXX`: the one required option
            options = {next(k for k, (_, req) in spec.items() if req): options}
        problems: list[tuple[Hashable, str]] = []
        clean: list[tuple[str, str]] = []
        for key, raw in options.items():
            if key not in spec:
                known = ", ".join(spec)
                problems.append((provider, f"{provider}: unknown setting `{key}` (use {known})"))
                continue
            try:
                clean.append((str(key), spec[key][0](text_value(raw).strip())))
            except ValueError as exc:
                problems.append((provider, f"{provider} `{key}` {exc}"))
        given = {k for k, _ in clean} | {k for k in options if k in spec}
        missing = [k for k, (_, required) in spec.items() if required and k not in given]
        if missing:
            problems.append((provider, f"{provider} needs `{missing[0]}` ({what})"))
        if problems:
            raise EntryProblems(problems)
        return Integration(str(provider), tuple(clean))

    return read


COMMENTS_KIND = Kind("provider: settings", _reader(COMMENTS, "see docs/site.md, Comments"))
ANALYTICS_KIND = Kind("provider: settings", _reader(ANALYTICS, "see docs/site.md, Analytics"))
