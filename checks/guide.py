"""The guide's house rules, on top of the checklist every blog gets.

The guide is ten numbered steps illustrated by seven numbered GIFs (`…gif-03…`), placed by
its "at a glance" table (columns #, Step and GIF), and each post carries the LinkedIn text
`mlguide share` prints. These rules hold the guide to that; they mean nothing to another
blog, so they live here, named in mlguide.yml (`checks: [checks/guide.py]`), not in mlguide.
"""

from __future__ import annotations

import posixpath
import re

from mlguide.checklist import Block, Page, PostPage, Rule, heading_text, image_facts

HOOK_LIMIT = 300  # characters LinkedIn shows before "…see more"


def gif_number(src: str) -> int | None:
    match = re.search(r"gif-0*(\d+)", posixpath.basename(src))
    return int(match.group(1)) if match else None


def figures(page: Page) -> list[tuple[int, Block, int]]:
    """(block index, figure, GIF number) for every figure showing a numbered GIF."""
    out = []
    for i, block in enumerate(page.blocks):
        if block.tag == "figure":
            for img in block.images:
                number = gif_number(img.get("data-src") or img.get("src", ""))
                if number is not None:
                    out.append((i, block, number))
                    break
    return out


def glance_table(page: Page) -> dict[int, set[int]]:
    """GIF number -> steps it illustrates, from the table with "#", "Step" and "GIF" columns."""
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


def has_numbered_gifs(p: PostPage) -> bool:
    return bool(figures(p.page)) or bool(glance_table(p.page))


def gif_files(p: PostPage) -> list[str]:
    """Numbered GIFs play: animated, looping forever (the budget is every blog's rule)."""
    problems = []
    for _, block, number in figures(p.page):
        src = block.images[0].get("data-src") or block.images[0].get("src", "")
        path = p.file_for(src)
        if not path.is_file():
            continue  # reported by the links rule
        facts = image_facts(path)
        if isinstance(facts, str):
            problems.append(f"GIF {number} {facts}")
        elif facts.format != "GIF" or facts.frames < 2:
            problems.append(
                f"GIF {number} is not an animated GIF ({facts.format}, {facts.frames} frame)"
            )
        elif facts.loop != 0:
            problems.append(f"GIF {number} does not loop forever")
    return problems


def gif_1(p: PostPage) -> list[str]:
    all_figures = [b for b in p.page.blocks if b.tag == "figure"]
    gifs = figures(p.page)
    if not gifs or gifs[0][2] != 1 or all_figures[0] is not gifs[0][1]:
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


def gif_placement(p: PostPage) -> list[str]:
    table = glance_table(p.page)
    if not table:
        return ["no “at a glance” table with #, Step and GIF columns to place the GIFs by"]
    section_of: dict[int, str] = {}
    heading = "(before the first section)"
    for i, block in enumerate(p.page.blocks):
        if block.tag == "h2":
            heading = heading_text(block)
        section_of[i] = heading
    problems = []
    uses: dict[int, int] = {}
    for index, _, number in figures(p.page):
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


def share_hook(p: PostPage) -> list[str]:
    hook = p.meta.share_hook
    if not hook:
        return ["no `share_hook` in the front matter (the LinkedIn post text)"]
    problems = []
    if re.search(r"https?://|www\.", hook, re.I) or p.config.base_url in hook:
        problems.append("`share_hook` contains a URL: the link goes in the first comment")
    if len(hook) > HOOK_LIMIT:
        problems.append(f"`share_hook` is {len(hook)} characters; keep it under {HOOK_LIMIT}")
    return problems


def shares(p: PostPage) -> bool:
    return p.config.share and not p.meta.is_page


RULES = [
    Rule(
        "gif-files",
        "Numbered GIFs are animated and loop forever",
        gif_files,
        lambda p: bool(figures(p.page)),
    ),
    Rule(
        "gif-1",
        "GIF 1 is the first figure, right after the intro paragraph",
        gif_1,
        has_numbered_gifs,
    ),
    Rule(
        "gif-placement",
        "Numbered GIFs sit under their steps (from the at-a-glance table), each once",
        gif_placement,
        has_numbered_gifs,
    ),
    Rule(
        "linkedin",
        "LinkedIn: a short share hook without the URL (the URL goes in a comment)",
        share_hook,
        shares,
    ),
]
