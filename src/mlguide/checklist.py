"""The author's publish checklist as rules over a built site.

Each rule reads the built pages (what readers get) plus the front matter they came from, and
reports every problem with the page it is on. Placement of the GIFs is read from the article's
own "at a glance" table, never hard-coded.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .links import check_links, page_links
from .output import OutputFile
from .pageparse import Block, Page, heading_text, parse_page

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
GIF_BUDGET = 250 * 1024
DESCRIPTION_RANGE = (50, 160)
HOOK_LIMIT = 300


@dataclass(frozen=True)
class PostFacts:
    """What the checklist needs from a post's front matter."""

    url_path: str
    description: str
    share_hook: str
    canonical: str


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class PageUnderCheck:
    path: str  # relative to the build root, e.g. "slug/index.html"
    page: Page
    facts: PostFacts
    build: Path

    def file_for(self, src: str) -> Path:
        return self.build / posixpath.normpath(posixpath.join(posixpath.dirname(self.path), src))


Rule = Callable[[PageUnderCheck], list[str]]


def gif_number(src: str) -> int | None:
    match = re.search(r"gif-0*(\d+)", posixpath.basename(src))
    return int(match.group(1)) if match else None


def _image_facts(path: Path) -> tuple[bytes, str, tuple[int, int], int, int | None]:
    data = path.read_bytes()
    with Image.open(path) as img:
        return (
            data[:8],
            str(img.format),
            img.size,
            getattr(img, "n_frames", 1),
            img.info.get("loop"),
        )


def rule_hero(p: PageUnderCheck) -> list[str]:
    problems = []
    if not p.page.images or "hero" not in p.page.images[0].get("class", "").split():
        problems.append("the first image is not the hero (img.hero)")
    else:
        src = p.page.images[0]["src"]
        path = p.file_for(src)
        if not path.is_file():
            return [f"hero `{src}` is missing"]
        magic, fmt, size, _, _ = _image_facts(path)
        if magic != PNG_MAGIC:
            problems.append(f"hero `{posixpath.basename(src)}` is {fmt}, not PNG (magic bytes)")
        if size != (1200, 600):
            problems.append(f"hero is {size[0]}x{size[1]}, not 1200x600")
    og = p.page.meta.get("og:image", "")
    base = p.facts.canonical[: -len(p.facts.url_path)] if p.facts.url_path else p.facts.canonical
    if not og.startswith(base):
        problems.append(f"og:image `{og}` is not an absolute URL under {base}")
    else:
        path = p.build / og[len(base) :]
        if not path.is_file():
            problems.append(f"og:image `{og}` is missing from the build")
        else:
            magic, fmt, size, _, _ = _image_facts(path)
            if magic != PNG_MAGIC or size != (1200, 630):
                problems.append(f"og:image is a {size[0]}x{size[1]} {fmt}, not a 1200x630 PNG")
    return problems


def _figures(page: Page) -> list[tuple[int, Block, int]]:
    """(block index, figure, GIF number) for every figure showing a numbered GIF."""
    out = []
    for i, block in enumerate(page.blocks):
        if block.tag == "figure":
            for img in block.images:
                number = gif_number(img.get("src", ""))
                if number is not None:
                    out.append((i, block, number))
    return out


def rule_gif_1(p: PageUnderCheck) -> list[str]:
    figures = [b for b in p.page.blocks if b.tag == "figure"]
    gifs = _figures(p.page)
    if not gifs and not figures:
        return []
    if not gifs or gifs[0][2] != 1 or figures[0] is not gifs[0][1]:
        return ["the first figure is not GIF 1"]
    index = gifs[0][0]
    before = p.page.blocks[index - 1] if index else None
    first_step = next(
        (
            i
            for i, b in enumerate(p.page.blocks)
            if b.tag == "h2" and heading_text(b).startswith("Step ")
        ),
        len(p.page.blocks),
    )
    if before is None or before.tag != "p" or index > first_step:
        return ["GIF 1 does not directly follow the intro paragraph"]
    return []


def glance_table(page: Page) -> dict[int, set[int]]:
    """GIF number -> steps it illustrates, from the table with "Step" and "GIF" columns."""
    for block in page.blocks:
        if not block.rows:
            continue
        header = [c.lower() for c in block.rows[0]]
        if "gif" in header and "step" in header and "#" in header:
            step_col, gif_col = header.index("#"), header.index("gif")
            mapping: dict[int, set[int]] = {}
            for row in block.rows[1:]:
                number = gif_number(row[gif_col].lower().replace("gif ", "gif-"))
                if number is not None and row[step_col].isdigit():
                    mapping.setdefault(number, set()).add(int(row[step_col]))
            return mapping
    return {}


def rule_gif_placement(p: PageUnderCheck) -> list[str]:
    problems = []
    table = glance_table(p.page)
    figures = _figures(p.page)
    if not table and not figures:
        return []
    if not table:
        return ["no “at a glance” table with # and GIF columns to place the GIFs by"]
    section_of: dict[int, str] = {}
    heading = "(before the first section)"
    for i, block in enumerate(p.page.blocks):
        if block.tag == "h2":
            heading = heading_text(block)
        section_of[i] = heading
    uses: dict[int, int] = {}
    for index, _, number in figures:
        uses[number] = uses.get(number, 0) + 1
        if number == 1:
            continue
        allowed = table.get(number)
        where = section_of[index]
        step = re.match(r"Step (\d+)\b", where)
        if allowed is None:
            problems.append(f"GIF {number} is not in the at-a-glance table")
        elif not step or int(step.group(1)) not in allowed:
            steps = ", ".join(str(s) for s in sorted(allowed))
            problems.append(f"GIF {number} is in “{where}”, not under Step {steps}")
    for number in sorted({1, *table}):
        count = uses.get(number, 0)
        if count != 1:
            problems.append(f"GIF {number} is used {count} times, not exactly once")
    return problems


def rule_gif_files(p: PageUnderCheck) -> list[str]:
    problems = []
    for _, block, number in _figures(p.page):
        src = block.images[0].get("data-src") or block.images[0]["src"]
        path = p.file_for(src)
        if not path.is_file():
            continue  # reported by the links rule
        _, fmt, _, frames, loop = _image_facts(path)
        if fmt != "GIF" or frames < 2:
            problems.append(f"GIF {number} is not an animated GIF ({fmt}, {frames} frame)")
        elif loop != 0:
            problems.append(f"GIF {number} does not loop forever")
        if path.stat().st_size > GIF_BUDGET:
            problems.append(
                f"GIF {number} is {path.stat().st_size // 1024} KB, over the "
                f"{GIF_BUDGET // 1024} KB budget"
            )
    return problems


def rule_images(p: PageUnderCheck) -> list[str]:
    problems = []
    for img in p.page.images:
        name = posixpath.basename(img.get("src", "?"))
        if not img.get("alt", "").strip():
            problems.append(f"`{name}` has no alt text")
        path = p.file_for(img.get("src", ""))
        if path.is_file():
            _, _, size, _, _ = _image_facts(path)
            declared = (img.get("width"), img.get("height"))
            if declared != (str(size[0]), str(size[1])):
                problems.append(
                    f"`{name}` declares {declared[0]}x{declared[1]}, the file is "
                    f"{size[0]}x{size[1]}"
                )
    return problems


def rule_description(p: PageUnderCheck) -> list[str]:
    meta = p.page.meta.get("description")
    if meta is None:
        return ["no meta description"]
    problems = []
    if meta != p.facts.description:
        problems.append("meta description differs from the front matter's `description`")
    low, high = DESCRIPTION_RANGE
    if not low <= len(meta) <= high:
        problems.append(f"meta description is {len(meta)} characters, not {low}–{high}")
    return problems


def rule_share_hook(p: PageUnderCheck) -> list[str]:
    hook = p.facts.share_hook
    if not hook:
        return ["no `share_hook` in the front matter (the LinkedIn post text)"]
    problems = []
    if re.search(r"https?://|www\.", hook, re.I) or p.facts.canonical in hook:
        problems.append("`share_hook` contains a URL: the link goes in the first comment")
    if len(hook) > HOOK_LIMIT:
        problems.append(f"`share_hook` is {len(hook)} characters; keep it under {HOOK_LIMIT}")
    return problems


RULES: tuple[tuple[str, str, Rule], ...] = (
    ("hero", "Hero: the 1200x600 PNG is the first image; og:image is the 1200x630 PNG", rule_hero),
    ("gif-1", "GIF 1 is the first figure, right after the intro paragraph", rule_gif_1),
    (
        "gif-placement",
        "GIFs 2–7 sit under their steps (from the at-a-glance table), each once",
        rule_gif_placement,
    ),
    ("gif-files", "Every GIF is animated, loops forever and fits its size budget", rule_gif_files),
    ("images", "Every image has alt text and width/height matching the file", rule_images),
    (
        "description",
        "Meta description: present, as in the front matter, 50–160 characters",
        rule_description,
    ),
    (
        "linkedin",
        "LinkedIn: a short share hook without the URL (the URL goes in a comment)",
        rule_share_hook,
    ),
)


def check_site(build: Path, posts: Sequence[PostFacts]) -> list[RuleResult]:
    pages = []
    for facts in posts:
        rel = f"{facts.url_path}index.html"
        html = (build / rel).read_text(encoding="utf-8") if (build / rel).is_file() else None
        if html is not None:
            pages.append(PageUnderCheck(rel, parse_page(html), facts, build))
    results = [
        RuleResult(rule, title, tuple(f"{p.path}: {msg}" for p in pages for msg in fn(p)))
        for rule, title, fn in RULES
    ]
    if len(pages) < len(posts):
        missing = [
            f"{f.url_path}index.html: page not built"
            for f in posts
            if not (build / f"{f.url_path}index.html").is_file()
        ]
        results.insert(0, RuleResult("pages", "Every post has a built page", tuple(missing)))
    results.append(
        RuleResult(
            "links", "No broken internal link, anchor or missing file", tuple(link_problems(build))
        )
    )
    return results


def link_problems(build: Path) -> list[str]:
    files = [
        OutputFile(p.relative_to(build).as_posix(), p.read_bytes() if p.suffix == ".html" else b"")
        for p in sorted(build.rglob("*"))
        if p.is_file()
    ]
    html = {f.path: f for f in files if f.path.endswith(".html")}
    links = {p: page_links(f.data) for p, f in html.items()}
    found = check_links(links, {f.path for f in files}, {p: Path(p) for p in html})
    problems = [f"{f.path}: {f.message}" for f in found]
    by_page: list[str] = []
    for f in html.values():
        text = f.data.decode()
        refs = re.findall(r'\s(?:src|data-src)="([^"]+)"', text)
        refs += [
            u.strip().split(" ")[0]
            for s in re.findall(r'\s(?:data-)?srcset="([^"]+)"', text)
            for u in s.split(",")
        ]
        base = posixpath.dirname(f.path)
        for ref in refs:
            if re.match(r"([a-z][a-z0-9+.-]*:|//)", ref, re.I):
                continue
            target = (
                posixpath.normpath(ref.lstrip("/"))
                if ref.startswith("/")
                else posixpath.normpath(posixpath.join(base, ref))
            )
            if not (build / target).is_file() and not ref.startswith("/"):
                by_page.append(f"{f.path}: `{ref}` is missing")
    return [*problems, *by_page]
