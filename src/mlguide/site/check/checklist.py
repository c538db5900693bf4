"""The publish checklist as rules over a built site: rules any blog needs, and the project's.

Each rule reads the built pages (what readers get) plus the front matter they came from, and
reports every problem with the page it is on. The package's rules hold for any blog (a
description, a real hero and social card, alt text, true image sizes, headings, every GIF
within its budget); a project adds its own house rules in Python files it names in
`mlguide.yml` (`checks:`), built from the same `Rule` (see mlguide.checklist). A rule that had
nothing to check says "n/a", never ✓.
"""

from __future__ import annotations

import contextlib
import errno
import io
import ipaddress
import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from mlguide import fileio, limits
from mlguide.errors import Finding, MlguideError
from mlguide.images import svg_size
from mlguide.paths import BUILD_MARKER
from mlguide.site import urls
from mlguide.site.check.pageparse import Page, parse_page
from mlguide.site.config.loader import Config, is_placeholder
from mlguide.site.content.meta import DESCRIPTION_RANGE, PostMeta, description_width
from mlguide.site.render.links import check_links, page_links

GIF_BUDGET = 250 * 1024
MIN_CARD_WIDTH = 1200  # what LinkedIn, Facebook and X show large
_MAGIC = {
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "GIF": (b"GIF87a", b"GIF89a"),
    "JPEG": (b"\xff\xd8\xff",),
    "WEBP": (b"RIFF",),
}
_SUFFIX_FORMAT = {".png": "PNG", ".gif": "GIF", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
# `…-1200x600.png`, or a variant of it `…-1200x600-704w.png` (site/render/pictures.py).
_NAMED_SIZE = re.compile(r"-(\d{2,5})x(\d{2,5})(?:-(\d{2,5})w)?(?:\.[0-9a-f]{10})?\.\w+$")


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    problems: tuple[str, ...]
    checked: int  # pages the rule applied to; 0 means "n/a"
    # The same problems at the post's source file and front matter line, for `build --strict`
    # (`content/x.md:3:` is where to fix it, not the built `x/index.html`).
    at_source: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return "fail" if self.problems else ("n/a" if not self.checked else "pass")


@dataclass(frozen=True)
class PostPage:
    path: str  # relative to the build root, e.g. "slug/index.html"
    page: Page
    meta: PostMeta
    build: Path
    config: Config

    def file_for(self, src: str) -> Path:
        if urls.classify(src) is urls.UrlKind.SITE_ROOT:
            return self.build / src[len(self.config.base_path) :]
        return self.build / posixpath.normpath(posixpath.join(posixpath.dirname(self.path), src))


@dataclass(frozen=True)
class ImageFacts:
    magic: bytes
    format: str
    size: tuple[int, int]
    frames: int
    loop: int | None
    bytes: int


def read_file(path: Path) -> bytes:
    """A regular file's bytes (`fileio.read_file`): reading a FIFO (or a device) put in place
    of a page would wait forever. Its refusal is an OSError here: a finding, not a failure."""
    try:
        return fileio.read_file(path, limits.PUBLISHED_FILE_BYTES)
    except MlguideError as exc:
        raise OSError(errno.EINVAL, exc.message.removeprefix("cannot read: "), str(path)) from exc


def image_facts(path: Path) -> ImageFacts | str:
    """What the file really is, or why it could not be read."""
    try:
        data = read_file(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if path.suffix.lower() == ".svg":
        try:
            return ImageFacts(data[:8], "SVG", svg_size(data, path), 1, None, len(data))
        except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, not a crash
            return str(exc)
    try:
        with Image.open(io.BytesIO(data)) as img:  # the bytes read, never the path again
            return ImageFacts(
                data[:8],
                str(img.format),
                img.size,
                getattr(img, "n_frames", 1),
                img.info.get("loop"),
                len(data),
            )
    except Exception as exc:  # noqa: BLE001 - see above
        return f"is not an image ({type(exc).__name__})"


# --- rules for every post ------------------------------------------------------------------


def rule_description(p: PostPage) -> list[str]:
    meta = p.page.meta.get("description")
    if meta is None:
        return ["no meta description"]
    problems = []
    if meta != p.meta.description:
        problems.append("meta description differs from the front matter's `description`")
    low, high = DESCRIPTION_RANGE
    length = description_width(meta)
    if not low <= length <= high:
        counted = f"{length} characters" + (" wide" if length != len(meta) else "")
        if not any(p.meta.line_of(k) for k in _DESCRIPTION_KEYS):  # the first paragraph stood in
            problems.append(
                f"no `description` in the front matter, and the first paragraph ({counted}) "
                f"is not {low}–{high}: add a `description:` line"
            )
        else:
            problems.append(f"meta description is {counted}, not {low}–{high}")
    return problems


def _heroes(p: PostPage) -> list[dict[str, str]]:
    return [img for img in p.page.images if "hero" in img.get("class", "").split()]


def rule_hero(p: PostPage) -> list[str]:
    heroes = _heroes(p)
    if not heroes:
        return ["no hero image: the picture `hero:` names did not reach the page"]
    hero = heroes[0]
    problems = []
    if p.page.images[0] is not hero:
        problems.append("the hero is not the page's first image")
    problems += _real_image(p, hero.get("src", ""), "hero")
    return problems


def rule_social_card(p: PostPage) -> list[str]:
    og = p.page.meta.get("og:image")
    if not og:
        return ["no og:image: social networks will show the post without a picture"]
    if not og.startswith(p.config.base_url):
        return [f"og:image `{og}` is not an absolute URL under {p.config.base_url}"]
    path = p.build / og[len(p.config.base_url) :]
    if not path.is_file():
        return [f"og:image `{og}` is missing from the build"]
    facts = image_facts(path)
    if isinstance(facts, str):
        return [f"og:image `{path.name}` {facts}"]
    problems = []
    declared = (p.page.meta.get("og:image:width"), p.page.meta.get("og:image:height"))
    if declared != (str(facts.size[0]), str(facts.size[1])):
        problems.append(
            f"og:image declares {declared[0] or '?'}x{declared[1] or '?'}, the file is "
            f"{facts.size[0]}x{facts.size[1]}"
        )
    if facts.size[0] < MIN_CARD_WIDTH:
        problems.append(f"og:image is {facts.size[0]} px wide; social cards need {MIN_CARD_WIDTH}")
    problems += _named_size(path.name, facts, "og:image")
    return problems


def _real_image(p: PostPage, src: str, what: str) -> list[str]:
    path = p.file_for(src)
    name = posixpath.basename(src)
    if not path.is_file():
        return [f"{what} `{name}` is missing"]
    facts = image_facts(path)
    if isinstance(facts, str):
        return [f"{what} `{name}` {facts}"]
    problems = []
    claimed = _SUFFIX_FORMAT.get(path.suffix.lower())
    if claimed and not any(facts.magic.startswith(m) for m in _MAGIC[claimed]):
        problems.append(f"{what} `{name}` is {facts.format}, not {claimed} (magic bytes)")
    return problems + _named_size(name, facts, what)


def _named_size(name: str, facts: ImageFacts, what: str) -> list[str]:
    """A file named `…-1200x600.png` must be 1200x600."""
    match = _NAMED_SIZE.search(name)
    if match and match.group(3):  # a variant: the named shape at its own width
        width, named_w, named_h = int(match.group(3)), int(match.group(1)), int(match.group(2))
        if facts.size[0] != width or abs(facts.size[1] - named_h * width / named_w) > 1:
            return [
                f"{what} is {facts.size[0]}x{facts.size[1]}, not the {named_w}x{named_h} "
                "its name promises"
            ]
        return []
    if match and (int(match.group(1)), int(match.group(2))) != facts.size:
        return [
            f"{what} is {facts.size[0]}x{facts.size[1]}, not the {match.group(1)}x"
            f"{match.group(2)} its name promises"
        ]
    return []


def rule_alt_text(p: PostPage) -> list[str]:
    return [
        f"`{posixpath.basename(img.get('src', '')) or 'an image'}` has no alt text"
        for img in p.page.images
        if not img.get("alt", "").strip()
    ]


def rule_image_sizes(p: PostPage) -> list[str]:
    problems = []
    for img in p.page.images:
        name = posixpath.basename(img.get("src", "")) or "an image"
        path = p.file_for(img.get("src", ""))
        if not path.is_file():
            continue  # reported by the links rule
        facts = image_facts(path)
        if isinstance(facts, str):
            problems.append(f"`{name}` {facts}")
            continue
        declared = (img.get("width"), img.get("height"))
        if not _in_proportion(declared, facts.size):
            problems.append(
                f"`{name}` declares {declared[0] or '?'}x{declared[1] or '?'}, the file is "
                f"{facts.size[0]}x{facts.size[1]}"
            )
        claimed = _SUFFIX_FORMAT.get(path.suffix.lower())
        if claimed and not any(facts.magic.startswith(m) for m in _MAGIC[claimed]):
            problems.append(f"`{name}` is {facts.format}, not {claimed} (magic bytes)")
        problems += _named_size(name, facts, f"`{name}`")
    return problems


def _in_proportion(declared: tuple[str | None, str | None], size: tuple[int, int]) -> bool:
    """The file's own size, or one scaled in its proportions (`<img width="300">` in a post's
    raw HTML, whose height mlguide fills in): the space the page reserves is the picture's
    shape, so nothing jumps when it loads. Within a pixel of rounding."""
    try:
        width, height = (int(v or "") for v in declared)
    except ValueError:
        return False
    if (width, height) == size:
        return True
    return width > 0 and abs(height - width * size[1] / size[0]) <= 1


def rule_headings(p: PostPage) -> list[str]:
    levels = p.page.headings
    problems = []
    if levels.count(1) != 1:
        problems.append(f"the page has {levels.count(1)} h1 headings, not one (the title)")
    for before, level in zip(levels, levels[1:], strict=False):
        if level > before + 1:
            problems.append(f"heading level skips from h{before} to h{level}")
            break
    return problems


def gif_budget(build: Path) -> tuple[list[str], int]:
    """Every GIF the site publishes, whatever its name and whichever page shows it: over the
    budget is a problem. Returns the problems and how many GIFs there were."""
    problems = []
    gifs = sorted(p for p in build.rglob("*") if p.suffix.lower() == ".gif" and p.is_file())
    for path in gifs:
        name = path.relative_to(build).as_posix()
        facts = image_facts(path)
        if isinstance(facts, str):
            problems.append(f"{name} {facts}")
        elif facts.bytes > GIF_BUDGET:
            problems.append(
                f"{name} is {facts.bytes // 1024} KB, over the {GIF_BUDGET // 1024} KB budget: "
                "fewer frames or colours, or a smaller size (animated WebP beside it is smaller)"
            )
    return problems, len(gifs)


def _has_hero(p: PostPage) -> bool:
    """A hero is the author's choice (`hero:`), not a requirement: the social card is."""
    if p.meta.is_page:
        return False  # a page (About, CV) needs no hero
    return p.meta.hero is not None or p.meta.hero_card or bool(_heroes(p))


def _always(p: PostPage) -> bool:
    return True


def _posts(p: PostPage) -> bool:
    return not p.meta.is_page  # a page (About, CV) needs no hero


@dataclass(frozen=True)
class Rule:
    """One check of every page it applies to: `check` returns the problems of one page."""

    name: str
    title: str
    check: Callable[[PostPage], list[str]]
    applies: Callable[[PostPage], bool] = _always


RULES: tuple[Rule, ...] = (
    Rule(
        "description",
        "Meta description: present, as in the front matter, 50–160 characters (CJK count two)",
        rule_description,
    ),
    Rule(
        "hero",
        "Hero (when the post has one): the page's first image, a real image of its format and size",
        rule_hero,
        _has_hero,
    ),
    Rule(
        "social-card",
        "og:image: an absolute URL, ≥ 1200 px wide, width and height declared",
        rule_social_card,
    ),
    Rule("alt-text", "Every image has alt text", rule_alt_text),
    Rule(
        "image-sizes",
        "Every image is what its name says and declares a size in its file's proportions",
        rule_image_sizes,
    ),
    Rule("headings", "One h1 (the title); headings never skip a level", rule_headings),
)
GIF_TITLE = f"Every GIF of the site fits the {GIF_BUDGET // 1024} KB budget"


def check_site(
    build: Path,
    posts: Sequence[PostMeta],
    config: Config,
    with_links: bool = True,
    rules: Sequence[Rule] = RULES,
    root: Path | None = None,
) -> list[RuleResult]:
    """`posts`: the posts and pages the build published; `rules`: the package's and the
    project's (`project_rules`). With the project's `root`, each problem names the source
    file first (`content/x.md (x/index.html): ...`): that is the file to open."""
    sources = {meta.out_path: meta.source for meta in posts}

    def where(page: str) -> str:
        source = sources.get(page)
        if root is None or source is None:
            return page
        with contextlib.suppress(ValueError):
            source = source.relative_to(root)
        return f"{source.as_posix()} ({page})"

    pages: list[PostPage] = []
    missing: list[str] = []
    unreadable: list[str] = []
    for meta in posts:
        rel = meta.out_path
        try:
            html = read_file(build / rel).decode("utf-8")
        except FileNotFoundError:
            missing.append(f"{rel}: page not built")
            continue
        except UnicodeDecodeError:
            unreadable.append(f"{rel}: cannot be read as UTF-8 HTML")
            continue
        except OSError as exc:
            unreadable.append(f"{rel}: cannot be read ({exc.strerror})")
            continue
        pages.append(PostPage(rel, parse_page(html), meta, build, config))
    results = [
        RuleResult(
            "pages",
            "Every post and page has a built, readable page",
            (*missing, *unreadable),
            len(posts),
        )
    ]
    for rule in rules:
        applies = [p for p in pages if rule.applies(p)]
        failed = [(p, msg) for p in applies for msg in rule.check(p)]
        problems = tuple(f"{where(p.path)}: {msg}" for p, msg in failed)
        at_source = tuple(
            Finding(rule.name, msg, p.meta.source, _line_for(rule.name, p.meta))
            for p, msg in failed
        )
        results.append(RuleResult(rule.name, rule.title, problems, len(applies), at_source))
    gif_problems, gifs = gif_budget(build)
    results.append(RuleResult("gif-budget", GIF_TITLE, tuple(gif_problems), gifs))
    if with_links:
        found = site_link_problems(build, config)
        results.append(
            RuleResult(
                "links",
                "No broken internal link, anchor or missing file",
                tuple(f"{where(str(f.path))}: {f.message}" for f in found),
                len(pages),
            )
        )
    return results


def site_link_problems(build: Path, config: Config) -> list[Finding]:
    """The build's own link check, on the site as it is on disk."""
    files = sorted(p for p in build.rglob("*") if p.is_file())
    names = {p.relative_to(build).as_posix() for p in files}
    pages = {}
    for p in files:
        if p.suffix == ".html":
            with contextlib.suppress(OSError):  # an unreadable page is the pages rule's finding
                pages[p.relative_to(build).as_posix()] = page_links(read_file(p))
    return check_links(pages, names, {}, config.base_path)


def checklist_findings(build: Path, posts: Sequence[PostMeta], config: Config) -> list[Finding]:
    """For `build --strict`: every failed rule becomes a finding, checked before the swap.
    Rules the build has checked already, with source lines, are left out."""
    from mlguide.site.check.project_rules import project_rules  # it imports Rule from here

    rules = (*RULES, *project_rules(config.checks))
    # The address is the build's own `base-url` warning already, at the config's line.
    drafts = publishable(build, _marker(build), address=False)
    results = [drafts, *check_site(build, posts, config, False, rules)]
    return [
        finding
        for r in results
        if r.rule not in BUILD_CHECKED
        for finding in (r.at_source or tuple(Finding(r.rule, p) for p in r.problems))
    ]


PUBLISHABLE = "publishable"
PUBLISHABLE_TITLE = "Built to publish: no drafts, the site's own address (not a preview)"


def publishable(build: Path, marker: Mapping[str, object], address: bool = True) -> RuleResult:
    """Whether the build its marker describes may go out: a build with drafts
    (`--drafts`) or for a preview's address (`serve -o build`, `--base-url
    http://localhost:8000/`) passed every other rule, and published drafts and links to
    the author's own machine."""
    name = "the build" if build.name.startswith(".") else f"{build.name}/"  # staged: unnamed
    problems = []
    if marker.get("drafts") is True:
        problems.append(f"{name} holds drafts (built with --drafts): build without it to publish")
    url = marker.get("base_url")
    if address and isinstance(url, str) and is_placeholder(url):
        if _loopback(url):
            problems.append(
                f"{name} is a preview for {url} (`serve -o` or `--base-url`): build it with "
                "the site's own address to publish"
            )
        else:
            problems.append(
                f"{name} was built for the placeholder address {url}: build it with the "
                "address the site is published at"
            )
    return RuleResult(PUBLISHABLE, PUBLISHABLE_TITLE, tuple(problems), 1)


def _loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _marker(build: Path) -> dict[str, object]:
    """The build marker as written (an unreadable one: `check` reports it, not this)."""
    try:
        data = json.loads(fileio.read_file(build / BUILD_MARKER, limits.CONFIG_BYTES))
    except (OSError, ValueError, MlguideError):
        return {}
    return data if isinstance(data, dict) else {}


# The front matter key each rule is about: its problems are reported at that key's line.
_DESCRIPTION_KEYS = ("description", "summary", "excerpt")
_RULE_KEYS = {
    "description": (*_DESCRIPTION_KEYS, "title"),  # none: it goes beside the title
    "hero": ("hero",),
    "social-card": ("og_image", "hero"),
}


def _line_for(rule: str, meta: PostMeta) -> int | None:
    lines = (meta.line_of(key) for key in _RULE_KEYS.get(rule, ()))
    return next((line for line in lines if line is not None), None)


# The build itself reports these at the Markdown line, so `--strict` does not repeat them.
BUILD_CHECKED = frozenset({"alt-text", "headings", "links"})
