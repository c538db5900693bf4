"""Raw HTML is the author's and stays, but not a URL in it that runs code (see `sanitize`)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from mlguide.errors import Finding
from mlguide.site.render.markdown import sanitize
from mlguide.site.render.markdown.page import PageEnv, children, line_of, page_of


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("raw_html", _raw_html)


def _raw_html(state: StateCore) -> None:
    page = page_of(state.env)
    line: int | None = None
    for token in state.tokens:
        line = line_of(token) or line
        if token.type == "html_block":
            token.content = _reviewed(token.content, line, page)
        elif token.type == "inline" and "<" in token.content:
            for child, at in children(token):
                if child.type == "html_inline":
                    child.content = _reviewed(child.content, at, page)


def _reviewed(markup: str, line: int | None, page: PageEnv) -> str:
    out, issues = sanitize.review(markup)
    for issue in issues:
        where = None if line is None else line + issue.line - 1
        page.findings.append(Finding(issue.rule, issue.message, page.source, where, issue.notice))
    return out
