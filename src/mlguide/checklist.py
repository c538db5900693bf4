"""What a project's own checklist rules are made of (`checks:` in mlguide.yml).

A rule is a name, a title and a function from a built page to its problems (a list of
sentences, empty when all is well), with an optional `applies` that picks the pages it
judges. The page is read back from the build: its meta tags, images, headings and the
article's blocks in order (`PostPage.page`), with the post's front matter (`PostPage.meta`).
See docs/checklist.md.
"""

from __future__ import annotations

from mlguide.site.check.checklist import GIF_BUDGET, ImageFacts, PostPage, Rule, image_facts
from mlguide.site.check.pageparse import Block, Page, heading_text

__all__ = [
    "GIF_BUDGET",
    "Block",
    "ImageFacts",
    "Page",
    "PostPage",
    "Rule",
    "heading_text",
    "image_facts",
]
