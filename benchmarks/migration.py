"""Migration fidelity: real blogs from other generators, copied into mlguide projects the way
their owners would copy them, built, and measured post by post.

A corpus is a folder holding `manifest.json` and one folder per blog. Each blog folder is a
partial checkout of the blog's repository (its config file, its posts at their repository
paths, the pictures they use). `manifest.json` is a list with one object per post:

    {"blog": "<folder>", "generator": "jekyll|hugo|zola|pelican|mkdocs",
     "repo_path": "_posts/2017-06-21-x.md", "old_url": "/2017/06/21/x.html",
     "title": "…", "published": true,
     "images": 14, "images_local": 14, "code_blocks": 0, "formulas": 7, "words_approx": 2632}

Only `blog`, `generator`, `repo_path` and `old_url` are required; a missing count is not
compared. The counts are what the original generator shows (see the corpus's own notes).

For each blog, a project is made as its owner would make it: the generator's config file in
the project root, the posts in `content/` (Jekyll: `_posts/` flat, with the site's other
folders beside them, since `content/` plays the site root; MkDocs: `docs/`), `static/` as
`static/`. Each post is then built alone, in a copy of that project where the other
posts are removed (so one post's problem shows as its own), and the blog is built whole once.

Per post it prints: builds as is (exit 0 and the page written), words kept (words on the page
against the source's prose words), images shown (pictures the page shows that load) against
the original's, code blocks, formulas, other generators' syntax left on the page as text with
and without a warning about it, Markdown left raw, a title shown twice, a description holding
template code or an update note, and whether the old URL answers (the page, or a redirect to
it). "Silent damage" is any loss found on the page that no warning of the build names.

Run:  .venv/bin/python benchmarks/migration.py CORPUS [--blog NAME ...] [--json OUT]
      [--markdown OUT] [--jobs N] [--import-key] [--mlguide-src DIR]
`--mlguide-src` measures another checkout's `src/` (PYTHONPATH), e.g. the code before a change.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

GENERATORS = ("jekyll", "hugo", "zola", "pelican", "mkdocs")
CONFIG_FILES = {
    "jekyll": ("_config.yml", "_config.yaml"),
    "hugo": ("hugo.toml", "hugo.yaml", "config.toml", "config.yaml"),
    "zola": ("config.toml",),
    "pelican": ("pelicanconf.py", "settings.py"),
    "mkdocs": ("mkdocs.yml", "mkdocs.yaml"),
}
POST_SUFFIXES = (".md", ".markdown", ".html")
WORDS_KEPT = 0.95  # fewer of the source's words on the page than this share is damage


# --- making the projects -------------------------------------------------------------------


def content_path(generator: str, repo_path: str) -> str:
    """Where a post of the repository lands in the mlguide project."""
    parts = repo_path.split("/")
    if generator == "jekyll" and parts[0] == "_posts":
        return "content/" + "/".join(parts[1:])
    if generator == "mkdocs" and parts[0] == "docs":
        return "content/" + "/".join(parts[1:])
    return repo_path  # Hugo, Zola, Pelican: content/ is content/


def make_project(blog: Path, generator: str, project: Path, title: str, import_key: bool) -> None:
    """The blog copied as its owner would: config file, posts, pictures, static files."""
    project.mkdir(parents=True)
    config = [f"title: {json.dumps(title)}", "base_url: https://example.org/", "author: Corpus"]
    if import_key:
        config.append(f"import: {generator}")
    (project / "mlguide.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    for name in CONFIG_FILES[generator]:
        if (blog / name).is_file():
            shutil.copy2(blog / name, project / name)
            break
    content = project / "content"
    if generator == "jekyll":
        shutil.copytree(blog / "_posts", content)
        for folder in sorted(blog.iterdir()):
            if (
                folder.is_dir()
                and not folder.name.startswith(("_", "."))
                and folder.name != "posts"
            ):
                shutil.copytree(folder, content / folder.name, dirs_exist_ok=True)
    elif generator == "mkdocs":
        shutil.copytree(blog / "docs", content)
    else:
        shutil.copytree(blog / "content", content)
    static = blog / "static"
    if generator != "jekyll" and static.is_dir():  # mlguide's static/ means what theirs did
        shutil.copytree(static, project / "static")


def keep_only(project: Path, keep: str) -> None:
    """Every other post's text removed: the post is built on its own, with every picture."""
    content = project / "content"
    for path in content.rglob("*"):
        rel = path.relative_to(project).as_posix()
        if path.is_file() and path.suffix in POST_SUFFIXES and rel != keep:
            if path.name.startswith("_index."):
                continue  # a section file, not a post
            if path.suffix == ".html" and "_posts" not in rel and path.parent != content:
                continue  # an HTML picture page or include, not a post
            path.unlink()


# --- building ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    code: int
    output: str
    findings: tuple[tuple[str, str, int | None, str, str], ...]  # (kind, path, line, msg, rule)


# `warning: path:line: message (rule: name)`; older versions wrote `[name]`.
_FINDING = re.compile(
    r"^(warning|notice|error): (.+?)(?::(\d+))?: (.*?)(?: \[([\w-]+)\]| \(rule: ([\w-]+)\))?$"
)


def build(project: Path, env: dict[str, str]) -> Run:
    cmd = [sys.executable, "-m", "mlguide.cli", "-C", str(project), "build", "--no-cache"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode == 2 and "no such option: --no-cache" in proc.stderr:
        cmd.remove("--no-cache")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    output = proc.stdout + proc.stderr
    findings = []
    for line in output.splitlines():
        if m := _FINDING.match(line):
            kind, path, number, message, old_rule, rule = m.groups()
            rule = rule or old_rule or ""
            findings.append((kind, path, int(number) if number else None, message, rule))
        elif (not line.startswith(("warning", "notice"))) and (
            m2 := re.match(r"^(?:error: )?(/[^:]+?)(?::(\d+))?: (.*)$", line)
        ):  # the errors of a group are printed as `path:line: message` lines
            path, number, message = m2.groups()
            findings.append(("error", path, int(number) if number else None, message, ""))
    return Run(proc.returncode, output, tuple(findings))


# --- reading a built page ------------------------------------------------------------------

_STRIP = re.compile(r"<(pre|math|code|script|style|svg|noscript|template)\b.*?</\1>", re.S | re.I)
_ANCHOR = re.compile(r'<a class="anchor"[^>]*>.*?</a>', re.S)
_FOOTNOTE_BACK = re.compile(r'<a href="#fnref[^"]*" class="footnote-backref">.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
# For counting words, code is kept: `<pre>`/`<code>` unwrapped before the text is taken.
_CODE_KEPT = re.compile(r"<(?:pre|code)\b[^>]*>(.*?)</(?:pre|code)>", re.S)
# Other generators' syntax a reader should never see as text.
FOREIGN = {
    "template tag": re.compile(r"\{%-?.{0,80}?-?%\}"),
    "template expression": re.compile(r"\{\{-?.{0,80}?-?\}\}"),
    "shortcode": re.compile(r"\{\{[<%].{0,80}?[>%]\}\}"),
    "kramdown attribute": re.compile(r"\{:[^}\n]{0,80}\}"),
    "attribute list": re.compile(r"\{\s*[#.][\w-][^}\n]{0,60}\}"),
    "icon": re.compile(r":(?:octicons|material|fontawesome|simple)-[\w-]+:"),
    "wordpress caption": re.compile(r"\[/?caption\b[^\]]{0,80}\]"),
    "admonition marker": re.compile(r"(?m)^\s*(?:!!!|\?\?\?\+?)\s+\w+"),
    "tab marker": re.compile(r'(?m)^\s*===\+?\s+"'),
    "toc marker": re.compile(r"\[TOC\]|\{\{\s*toc\(\)\s*\}\}"),
    "snippet": re.compile(r"--8<--"),
}
# TeX a reader sees as text: a formula's delimiters or commands outside any typeset formula.
RAW_TEX = re.compile(
    r"\\{1,2}[(\[].{0,80}?\\{1,2}[)\]]"  # `\(x\)`, `\\[x\\]`
    r"|\\begin\{[a-zA-Z]+\*?\}"  # an environment
    r"|\$\$"  # display dollars
    r"|\$[^$\n]{0,80}?\\[a-zA-Z]+[^$\n]{0,80}?\$"  # dollars around a command
    r"|\\(?:frac|mathbf|mathcal|mathrm|sum|int|prod|alpha|beta|theta|sigma|lambda|mu|"
    r"partial|nabla|cdot|times|leq|geq|left|right|text|hat|bar|tilde|sqrt|log|exp)(?![a-zA-Z])",
    re.S,
)
RAW_MARKDOWN = {
    "raw link": re.compile(r"\]\((?:https?://|/|\.{0,2}/?[\w-]+(?:\.\w+|/))[^)\s]*\)"),
    "raw bold": re.compile(r"(?<![*\w])\*\*\w[^*\n]{0,60}\w\*\*(?![*\w])"),
    "raw heading": re.compile(r"(?m)^#{2,6} \w"),
}


# --- the source's prose, to count what reaches the page ------------------------------------

_FRONT = re.compile(r"\A(?:---\n.*?\n---|\+\+\+\n.*?\n\+\+\+)\n", re.S)
_PELICAN_HEAD = re.compile(r"\A(?:[A-Za-z][\w-]*:.*\n)+\n")
_SOURCE_STRIP = [
    re.compile(r"(?m)^(\s*(?:`{3,}|~{3,})).*$"),  # a fence's language and options
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S),
    re.compile(r"\\\\?\[.*?\\\\?\]", re.S),
    re.compile(r"\\\\?\(.*?\\\\?\)", re.S),
    re.compile(r"(?<![\\$\w])\$[^$\n]+?\$"),  # inline math
    re.compile(r"\{%\s*(?:math|m|katex)\(\)\s*%\}.*?\{%\s*end\s*%\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style|svg)\b.*?</\1>", re.S | re.I),
    re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?"),  # images: their alt is no text on a page
    re.compile(r"\[/?caption\b[^\]]*\]"),  # WordPress caption tags (their words are attributes)
    re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]"),  # link targets, reference ids
    re.compile(r"(?m)^(\s*)(?:!!!|\?\?\?\+?)\s+\w+"),  # a box's type word
    re.compile(r"(?m)^\s*\[[^\]]+\]:\s*\S.*$"),  # reference definitions
    re.compile(r"https?://\S+"),
    re.compile(r"\{:[^}\n]*\}|:(?:octicons|material|fontawesome|simple)-[\w-]+:"),
]
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_PROSE_ARGS = re.compile(r'\b(?:caption|text|title|original|translated|summary)\s*=\s*"([^"]*)"')


def source_prose(text: str) -> str:
    """The words an author wrote for readers: front matter, formulas, link targets, image
    alt text and template syntax out (the prose a shortcode carries, such as a caption,
    stays). Code stays: the page shows it too."""
    text = _FRONT.sub("", text, count=1)
    text = _PELICAN_HEAD.sub("", text, count=1)
    for pattern in _SOURCE_STRIP:
        text = pattern.sub(lambda m: m.group(1) if m.re is _SOURCE_STRIP[0] else " ", text)
    text = _TEMPLATE.sub(lambda m: " ".join(_PROSE_ARGS.findall(m.group(0))), text)
    return html.unescape(_TAG.sub(" ", text))


def word_counts(text: str) -> Counter[str]:
    text = text.replace("’", "'")  # the typographer's apostrophe is the author's
    return Counter(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z']{2,}", text))


def visible_text(markup: str) -> str:
    markup = _ANCHOR.sub(" ", markup)
    markup = _FOOTNOTE_BACK.sub(" ", markup)
    markup = _STRIP.sub(" ", markup)
    return html.unescape(_TAG.sub(" ", markup))


def prose_of(page: str) -> str:
    if '<div class="prose">' not in page:
        return ""
    body = page.split('<div class="prose">', 1)[1]
    return body.split('<footer class="post-footer"', 1)[0]


def count_images(prose: str, page_path: Path, site: Path) -> tuple[int, int]:
    """(pictures shown that load, pictures whose file is missing). `<img>` inside a
    `<noscript>` copy or a `<picture>`'s dark source is the same picture: counted once."""
    shown = broken = 0
    without_copies = re.sub(r"<noscript>.*?</noscript>", " ", prose, flags=re.S)
    without_copies = re.sub(r"<(pre|code)\b.*?</\1>", " ", without_copies, flags=re.S)
    for m in re.finditer(r"<img\b[^>]*>", without_copies):
        tag = m.group(0)
        src = re.search(r'\bsrc="([^"]*)"', tag)
        url = html.unescape(src.group(1)) if src else ""
        if not url:
            broken += 1
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
            shown += 1  # remote, or inline data: loads as well as it did on the old site
            continue
        path = url.split("#")[0].split("?")[0]
        target = (site / path.lstrip("/")) if path.startswith("/") else (page_path.parent / path)
        if target.is_file():
            shown += 1
        else:
            broken += 1
    return shown, broken


@dataclass
class PostResult:
    blog: str
    generator: str
    post: str  # content path in the project
    built: bool = False
    exit_code: int | None = None
    error: str = ""
    url: str = ""
    words: int = 0
    words_expected: int | None = None
    source_words: int = 0  # words of the source's prose (3+ letters)
    words_lost: int = 0  # of them, not on the page
    lost_examples: list[str] = field(default_factory=list)
    notebook: bool = False  # the post is a notebook included by a tag
    images: int = 0
    images_broken: int = 0
    images_expected: int | None = None
    images_local_expected: int | None = None
    code: int = 0
    code_expected: int | None = None
    formulas: int = 0
    formulas_expected: int | None = None
    foreign_warned: int = 0
    foreign_silent: int = 0
    raw_markdown: int = 0
    title_twice: bool = False
    bad_description: str = ""
    old_url: str | None = None
    old_url_reached: str = ""  # "page", "redirect", "no", or "" when the post had none
    warnings: int = 0
    damage: list[str] = field(default_factory=list)  # silent damage found
    examples: list[str] = field(default_factory=list)  # text left on the page, for reading
    tex_as_text: int = 0  # pieces of TeX shown as text (`RAW_TEX`)
    tex_examples: list[str] = field(default_factory=list)
    dollar_signs: int = 0  # `$\$$` in the source: MathJax's dollar sign, shown as `$` text

    @property
    def words_kept(self) -> float | None:
        """The share of the source's prose words found on the page; for a post whose prose
        lives elsewhere (a notebook), the page's words against the corpus's count."""
        if self.source_words >= 50:
            return 1 - self.words_lost / self.source_words
        if not self.words_expected:
            return None
        return self.words / self.words_expected


# A post's page: `<article class="post">`, with more classes on some (`post has-toc`).
_POST_ARTICLE = re.compile(r'<article class="post[ "]')


def find_post_page(site: Path) -> Path | None:
    """The one post page of a one-post build (not a listing, tag page, redirect or 404)."""
    for page in sorted(site.rglob("index.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if _POST_ARTICLE.search(text):
            return page
    return None


def post_page_by_title(site: Path, title: str) -> Path | None:
    want = _normal_title(title)
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if _POST_ARTICLE.search(text) and _normal_title(_h1(text)) == want:
            return page
    return None


def _h1(page: str) -> str:
    m = re.search(r'<header class="post-header">\s*<h1>(.*?)</h1>', page, re.S)
    return html.unescape(_TAG.sub("", m.group(1))) if m else ""


def _normal_title(title: str) -> str:
    quotes = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return " ".join(title.translate(quotes).split()).casefold()


def old_url_status(site: Path, old_url: str, page: Path) -> str:
    """Whether the old URL answers on the new site: with the page itself, or a redirect."""
    path = old_url.split("#")[0].lstrip("/")
    candidates = (
        [site / path / "index.html"]
        if (not path or path.endswith("/"))
        else [
            site / path,
            site / path / "index.html",
        ]
    )
    target = next((c for c in candidates if c.is_file()), None)
    if target is None:
        return "no"
    if target.resolve() == page.resolve():
        return "page"
    text = target.read_text(encoding="utf-8", errors="replace")
    refresh = re.search(r'http-equiv="refresh"[^>]*content="\d+;\s*url=([^"]+)"', text, re.I)
    if refresh is None:
        return "no"
    dest = html.unescape(refresh.group(1)).split("#")[0]
    if re.match(r"^https?://", dest):
        dest = (
            "/" + dest.split("://", 1)[1].split("/", 1)[1] if "/" in dest.split("://")[1] else "/"
        )
    resolved = (site / dest.lstrip("/")) if dest.startswith("/") else (target.parent / dest)
    resolved = resolved / "index.html" if dest.endswith("/") or resolved.is_dir() else resolved
    return "redirect" if resolved.resolve() == page.resolve() else "no"


def measure_page(
    result: PostResult, post: dict[str, Any], site: Path, page: Path, run: Run, source: Path
) -> None:
    text = page.read_text(encoding="utf-8", errors="replace")
    result.url = "/" + page.relative_to(site).parent.as_posix().strip(".") + "/"
    prose = prose_of(text)
    seen = visible_text(prose)
    result.words = len(re.findall(r"[^\W_][\w'’-]*", seen))
    source_text = source.read_text(encoding="utf-8", errors="replace")
    written = word_counts(source_prose(source_text))
    result.dollar_signs = source_text.count("$\\$$")
    shown = word_counts(visible_text(_CODE_KEPT.sub(r"\1", prose)) + " " + _h1(text))
    lost = written - shown
    result.source_words = sum(written.values())
    result.words_lost = sum(lost.values())
    result.lost_examples = [w for w, _ in lost.most_common(8)]
    result.images, result.images_broken = count_images(prose, page, site)
    result.code = len(re.findall(r"<pre\b", prose))
    result.formulas = len(re.findall(r"<math\b", prose))
    mine = [f for f in run.findings if _same_file(f[1], source)]
    result.warnings = sum(1 for f in mine if f[0] == "warning")
    messages = " ".join(f[3] for f in mine)
    for what, pattern in FOREIGN.items():
        for m in pattern.finditer(seen):
            left = " ".join(m.group(0).split())
            if _named_in(left, messages):
                result.foreign_warned += 1
            else:
                result.foreign_silent += 1
                if len(result.examples) < 6:
                    result.examples.append(f"{what}: {left[:60]}")
    for m in RAW_TEX.finditer(seen):
        result.tex_as_text += 1
        if len(result.tex_examples) < 6:
            result.tex_examples.append(" ".join(m.group(0).split())[:60])
    for what, pattern in RAW_MARKDOWN.items():
        for m in pattern.finditer(seen):
            result.raw_markdown += 1
            if len(result.examples) < 6:
                result.examples.append(f"{what}: {m.group(0)[:60]}")
    h1 = _h1(text)
    first_h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", prose, re.S)
    if first_h1 and _normal_title(visible_text(first_h1.group(1))).rstrip(" #") == (
        _normal_title(h1)
    ):
        result.title_twice = True
    description = re.search(r'<meta name="description" content="([^"]*)"', text)
    desc = html.unescape(description.group(1)) if description else ""
    if re.search(r"\{%|\{\{|%\}|\}\}", desc):
        result.bad_description = "template code"
    elif re.match(r"^\W*(updated?|edit(ed)?)\b", desc, re.I):
        result.bad_description = "update note"
    if result.old_url:
        result.old_url_reached = old_url_status(site, result.old_url, page)
    judge(result, mine)


def _same_file(reported: str, source: Path) -> bool:
    return (
        reported == str(source)
        or reported.endswith("/" + source.name)
        and Path(reported).resolve() == source.resolve()
    )


def _named_in(left: str, messages: str) -> bool:
    """A warning names the construct (its first words are enough: a long tag is cut)."""
    key = left[:24]
    return bool(key) and (key in messages or left.split()[0] in messages and len(left) > 3)


def judge(result: PostResult, findings: Iterable[tuple[str, str, int | None, str, str]]) -> None:
    findings = list(findings)
    rules = {f[4] for f in findings if f[0] == "warning"}
    damage = result.damage
    if result.foreign_silent:
        damage.append(f"{result.foreign_silent} foreign construct(s) shown as text, no warning")
    if result.raw_markdown:
        damage.append(f"{result.raw_markdown} Markdown construct(s) left raw")
    if result.title_twice:
        damage.append("title shown twice")
    if result.bad_description:
        damage.append(f"description from {result.bad_description}")
    kept = result.words_kept
    if kept is not None and kept < WORDS_KEPT:
        damage.append(f"words kept {kept:.0%}")
    if result.images_broken and "missing-image" not in rules and "missing-file" not in rules:
        damage.append(f"{result.images_broken} picture(s) broken, no warning")
    if result.images_local_expected is not None:
        local_shown = result.images - max(
            0, (result.images_expected or 0) - result.images_local_expected
        )
        lost = result.images_local_expected - local_shown
        if lost > 0 and not rules & {"missing-image", "missing-file", "foreign-syntax"}:
            damage.append(f"{lost} picture(s) not shown, no warning")
        if result.images_expected is not None and result.images > result.images_expected:
            damage.append(f"{result.images - result.images_expected} extra picture(s) shown")
    lost_code = result.code_expected is not None and result.code < result.code_expected
    if lost_code and "foreign-syntax" not in rules:
        assert result.code_expected is not None
        damage.append(f"{result.code_expected - result.code} code block(s) lost, no warning")
    if result.formulas_expected is not None and result.formulas < result.formulas_expected:
        # A formula mlguide cannot typeset is a `math` warning quoting it; TeX that is not
        # even seen as a formula (delimiters escaped for Markdown) is shown with none.
        warned = sum(1 for f in findings if f[0] == "warning" and f[4] == "math")
        # The original counted `$\$$` as a formula; the page shows it as the `$` it printed.
        silent = result.formulas_expected - result.dollar_signs - result.formulas - warned
        if silent > 0:
            damage.append(f"{silent} formula(s) not typeset, no warning")
    # TeX on the page as text: each piece must be named by a `math` warning (counted, since
    # a page's text does not say which line it came from).
    math_warnings = sum(1 for f in findings if f[0] == "warning" and f[4] == "math")
    if result.tex_as_text > math_warnings:
        damage.append(
            f"{result.tex_as_text - math_warnings} piece(s) of TeX shown as text, no warning"
            f" (e.g. {'; '.join(result.tex_examples[:3])})"
        )
    extra_code = result.code_expected is not None and result.code > result.code_expected + 1
    if extra_code and not result.notebook:  # a notebook's outputs are code blocks too
        damage.append(f"{result.code - result.code_expected} extra code block(s) (text as code?)")


# --- one post, one blog ----------------------------------------------------------------------


def measure_post(
    post: dict[str, Any], blog_project: Path, scratch: Path, env: dict[str, str], keep: bool
) -> PostResult:
    rel = content_path(post["generator"], post["repo_path"])
    result = PostResult(post["blog"], post["generator"], rel.removeprefix("content/"))
    result.words_expected = post.get("words_approx")
    result.images_expected = post.get("images")
    result.images_local_expected = post.get("images_local")
    result.code_expected = post.get("code_blocks")
    result.formulas_expected = post.get("formulas")
    result.old_url = post.get("old_url") if post.get("published", True) else None
    result.notebook = bool(post.get("notebook"))
    project = scratch / "alone" / post["blog"] / re.sub(r"[^\w.-]+", "_", rel)
    shutil.copytree(blog_project, project, symlinks=True)
    keep_only(project, rel)
    run = build(project, env)
    result.exit_code = run.code
    source = project / rel
    errors = [f for f in run.findings if f[0] == "error"]
    if run.code != 0:
        tail = run.output.strip().splitlines()[-1:] or [""]
        result.error = errors[0][3] if errors else tail[0]
    site = project / "build"
    page = find_post_page(site) if run.code == 0 else None
    if not post.get("published", True):
        result.built = run.code == 0  # a draft: built means the build did not fail on it
        result.error = result.error or "draft"
        return result
    if page is None:
        if run.code == 0:
            result.error = "no page written"
        return result
    result.built = True
    measure_page(result, post, site, page, run, source)
    if not keep:
        shutil.rmtree(project, ignore_errors=True)
    return result


@dataclass
class BlogResult:
    blog: str
    generator: str
    posts: int
    exit_code: int
    pages: int  # manifest posts whose page the whole-blog build wrote
    old_urls: int  # old URLs that answer in the whole-blog build
    old_urls_expected: int
    first_error: str


def measure_blog(
    blog: str,
    posts: list[dict[str, Any]],
    blog_project: Path,
    scratch: Path,
    env: dict[str, str],
    keep: bool,
) -> BlogResult:
    project = scratch / "whole" / blog
    shutil.copytree(blog_project, project, symlinks=True)
    run = build(project, env)
    site = project / "build"
    pages = urls = 0
    published = [p for p in posts if p.get("published", True)]
    for post in published:
        page = post_page_by_title(site, post.get("title", "")) if run.code == 0 else None
        if page is not None:
            pages += 1
            if post.get("old_url") and old_url_status(site, post["old_url"], page) != "no":
                urls += 1
    errors = [f for f in run.findings if f[0] == "error"]
    first = errors[0][3] if errors else ""
    if not keep:
        shutil.rmtree(project, ignore_errors=True)
    return BlogResult(
        blog,
        posts[0]["generator"],
        len(posts),
        run.code,
        pages,
        urls,
        sum(1 for p in published if p.get("old_url")),
        first,
    )


# --- the report ------------------------------------------------------------------------------


def fraction(n: int, d: int | None) -> str:
    return f"{n}/{d}" if d is not None else str(n)


def post_table(results: list[PostResult]) -> list[str]:
    rows = [
        "| blog | post | builds | words kept | images | code | formulas | foreign: warned / silent "
        "| old URL | silent damage |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        kept = r.words_kept
        rows.append(
            "| {} | `{}` | {} | {} | {} | {} | {} | {} / {} | {} | {} |".format(
                r.blog.split("-", 1)[1],
                r.post if len(r.post) <= 48 else "…" + r.post[-47:],
                ("draft" if r.error == "draft" else "yes") if r.built else f"no: {_cell(r.error)}",
                f"{kept:.0%}" if kept is not None and r.built and r.url else "–",
                fraction(r.images, r.images_expected) if r.built else "–",
                fraction(r.code, r.code_expected) if r.built else "–",
                fraction(r.formulas, r.formulas_expected) if r.built else "–",
                r.foreign_warned,
                r.foreign_silent,
                r.old_url_reached or "–",
                _cell("; ".join(r.damage)) or ("–" if r.built else "not built"),
            )
        )
    return rows


def _cell(text: str) -> str:
    text = text.replace("|", "\\|").replace("`", "'")
    return text if len(text) <= 90 else text[:89] + "…"


def blog_table(blogs: list[BlogResult], results: list[PostResult]) -> list[str]:
    rows = [
        "| blog | generator | posts | build alone | whole blog builds | silent damage (posts) "
        "| old URLs (alone) | old URLs (whole blog) |",
        "|---|---|---:|---:|---|---:|---:|---:|",
    ]
    for b in blogs:
        mine = [r for r in results if r.blog == b.blog]
        with_url = [r for r in mine if r.old_url]
        rows.append(
            "| {} | {} | {} | {}/{} | {} | {} | {}/{} | {}/{} |".format(
                b.blog,
                b.generator,
                b.posts,
                sum(r.built for r in mine),
                len(mine),
                "yes" if b.exit_code == 0 else f"no: {_cell(b.first_error)}",
                sum(bool(r.damage) for r in mine),
                sum(r.old_url_reached in ("page", "redirect") for r in with_url),
                len(with_url),
                b.old_urls,
                b.old_urls_expected,
            )
        )
    built = [r for r in results if r.built]
    with_url = [r for r in results if r.old_url]
    rows.append(
        "| **all** | | {} | {}/{} | {}/{} blogs | {} | {}/{} | {}/{} |".format(
            len(results),
            len(built),
            len(results),
            sum(b.exit_code == 0 for b in blogs),
            len(blogs),
            sum(bool(r.damage) for r in results),
            sum(r.old_url_reached in ("page", "redirect") for r in with_url),
            len(with_url),
            sum(b.old_urls for b in blogs),
            sum(b.old_urls_expected for b in blogs),
        )
    )
    return rows


def totals(results: list[PostResult]) -> list[str]:
    built = [r for r in results if r.built]

    def total(name: str) -> tuple[int, int]:
        shown = sum(getattr(r, name) for r in built)
        expected = sum(getattr(r, f"{name}_expected") or 0 for r in built)
        return shown, expected

    words = sum(r.words for r in built), sum(r.words_expected or 0 for r in built)
    lines = [
        f"- posts built as is: {len(built)}/{len(results)}",
        f"- posts with silent damage: {sum(bool(r.damage) for r in results)}",
        f"- words on the pages: {words[0]:,} against {words[1]:,} in the sources' prose",
    ]
    for name, label in (
        ("images", "pictures shown"),
        ("code", "code blocks"),
        ("formulas", "formulas"),
    ):
        shown, expected = total(name)
        lines.append(f"- {label}: {shown:,} of {expected:,}")
    lines.append(
        f"- foreign syntax left as text: {sum(r.foreign_warned for r in built)} with a warning, "
        f"{sum(r.foreign_silent for r in built)} without"
    )
    reached = sum(r.old_url_reached in ("page", "redirect") for r in results if r.old_url)
    lines.append(f"- old URLs answering: {reached}/{sum(1 for r in results if r.old_url)}")
    return lines


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Two measurements side by side (`--compare BEFORE.json AFTER.json`): per blog and per
    post, `before → after`."""

    def key(p: dict[str, Any]) -> tuple[str, str]:
        return p["blog"], p["post"]

    old = {key(p): p for p in before["posts"]}

    def cell(p: dict[str, Any] | None, name: str) -> str:
        if p is None or not p["built"]:
            return "–"
        if p.get("error") == "draft":
            return "draft"
        value, expected = p.get(name), p.get(f"{name}_expected")
        if name == "words_kept":
            return f"{value:.0%}" if value is not None else "–"
        return f"{value}/{expected}" if expected is not None else str(value)

    def pair(a: str, b: str) -> str:
        return b if a == b else f"{a} → {b}"

    def overall(data: dict[str, Any]) -> dict[str, str]:
        posts, blogs = data["posts"], data["blogs"]
        built = [p for p in posts if p["built"]]

        def share(name: str) -> str:
            shown = sum(p.get(name) or 0 for p in built)
            return f"{shown:,} of {sum(p.get(f'{name}_expected') or 0 for p in built):,}"

        urls = [p for p in posts if p.get("old_url")]
        return {
            "posts built as is (each alone)": f"{len(built)}/{len(posts)}",
            "blogs built whole": f"{sum(b['exit_code'] == 0 for b in blogs)}/{len(blogs)}",
            "posts with silent damage": str(sum(bool(p["damage"]) for p in posts)),
            "pictures shown": share("images"),
            "code blocks": share("code"),
            "formulas typeset": share("formulas"),
            "posts with formulas left as TeX, with / without a warning": (
                f"{sum(bool(p.get('tex_as_text')) and not _tex_silent(p) for p in built)} / "
                f"{sum(_tex_silent(p) for p in built)}"
            ),
            "foreign syntax left as text, with / without a warning": (
                f"{sum(p['foreign_warned'] for p in built)} / "
                f"{sum(p['foreign_silent'] for p in built)}"
            ),
            "old URLs answering": (
                f"{sum(p['old_url_reached'] in ('page', 'redirect') for p in urls)}/{len(urls)}"
            ),
        }

    totals_before, totals_after = overall(before), overall(after)
    rows = ["| | before | after |", "|---|---:|---:|"]
    rows += [f"| {k} | {totals_before[k]} | {v} |" for k, v in totals_after.items()]
    rows += [
        "",
        "| blog | posts | built alone | whole blog builds | posts with silent damage "
        "| foreign as text (warned/silent) | old URLs answering |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    old_blogs = {b["blog"]: b for b in before["blogs"]}
    for b in after["blogs"]:
        a = old_blogs.get(b["blog"], {})
        mine = [p for p in after["posts"] if p["blog"] == b["blog"]]
        theirs = [q for q in before["posts"] if q["blog"] == b["blog"]]

        def summary(posts: list[dict[str, Any]], blog: dict[str, Any]) -> tuple[str, ...]:
            urls = [p for p in posts if p.get("old_url")]
            return (
                f"{sum(p['built'] for p in posts)}/{len(posts)}",
                "yes" if blog.get("exit_code") == 0 else "no",
                str(sum(bool(p["damage"]) for p in posts)),
                f"{sum(p['foreign_warned'] for p in posts)}/"
                f"{sum(p['foreign_silent'] for p in posts)}",
                f"{sum(p['old_url_reached'] in ('page', 'redirect') for p in urls)}/{len(urls)}",
            )

        cells = [pair(x, y) for x, y in zip(summary(theirs, a), summary(mine, b), strict=True)]
        rows.append(f"| {b['blog']} | {b['posts']} | " + " | ".join(cells) + " |")
    rows += [
        "",
        "| blog | post | builds | words kept | images | code | formulas "
        "| foreign as text (warned/silent) | old URL | silent damage after |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for p in after["posts"]:
        q = old.get(key(p))
        built = pair(_built(q), _built(p))
        foreign = pair(
            f"{q['foreign_warned']}/{q['foreign_silent']}" if q and q["built"] else "–",
            f"{p['foreign_warned']}/{p['foreign_silent']}" if p["built"] else "–",
        )
        rows.append(
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                p["blog"].split("-", 1)[1],
                p["post"] if len(p["post"]) <= 48 else "…" + p["post"][-47:],
                built,
                pair(cell(q, "words_kept"), cell(p, "words_kept")),
                pair(cell(q, "images"), cell(p, "images")),
                pair(cell(q, "code"), cell(p, "code")),
                pair(cell(q, "formulas"), cell(p, "formulas")),
                foreign,
                pair((q or {}).get("old_url_reached") or "–", p.get("old_url_reached") or "–"),
                _cell("; ".join(p["damage"])) or "–",
            )
        )
    return rows


def _tex_silent(p: dict[str, Any]) -> bool:
    return any("TeX shown as text" in d or "not typeset" in d for d in p["damage"])


def _built(p: dict[str, Any] | None) -> str:
    if p is None:
        return "–"
    if p.get("error") == "draft":
        return "draft"
    return "yes" if p["built"] else "no"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with manifest.json and the blogs")
    parser.add_argument("--blog", action="append", default=[], help="only this blog (repeat)")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--markdown", type=Path, help="write the tables here")
    parser.add_argument("--jobs", type=int, default=2, help="builds at once (default 2)")
    parser.add_argument(
        "--import-key", action="store_true", help="write `import: <generator>` in mlguide.yml"
    )
    parser.add_argument("--mlguide-src", type=Path, help="measure the mlguide in this src/")
    parser.add_argument("--keep", action="store_true", help="keep the projects (path printed)")
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("BEFORE", "AFTER"),
        help="print two --json measurements side by side, build nothing",
    )
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        print("\n".join(compare(before, after)))
        return 0
    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
    posts = [p for p in manifest if not args.blog or p["blog"] in args.blog]
    if not posts:
        parser.error("no posts: check the corpus folder and --blog")
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if args.mlguide_src:
        env["PYTHONPATH"] = str(args.mlguide_src.resolve())
    scratch = Path(tempfile.mkdtemp(prefix="mlguide-migration-"))
    blogs: dict[str, list[dict[str, Any]]] = {}
    for post in posts:
        blogs.setdefault(post["blog"], []).append(post)
    projects = {}
    for blog, members in blogs.items():
        projects[blog] = scratch / "blogs" / blog
        title = blog.split("-", 2)[-1]
        make_project(
            args.corpus / blog, members[0]["generator"], projects[blog], title, args.import_key
        )
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(
                pool.map(
                    lambda p: measure_post(p, projects[p["blog"]], scratch, env, args.keep), posts
                )
            )
            blog_results = list(
                pool.map(
                    lambda item: measure_blog(
                        item[0], item[1], projects[item[0]], scratch, env, args.keep
                    ),
                    blogs.items(),
                )
            )
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"projects kept in {scratch}", file=sys.stderr)
    lines = [
        "## Per blog",
        "",
        *blog_table(blog_results, results),
        "",
        "## Totals",
        "",
        *totals(results),
        "",
        "## Per post",
        "",
        *post_table(results),
        "",
    ]
    print("\n".join(lines))
    if args.markdown:
        args.markdown.write_text("\n".join(lines), encoding="utf-8")
    if args.json:
        data = {
            "posts": [{**asdict(r), "words_kept": r.words_kept} for r in results],
            "blogs": [asdict(b) for b in blog_results],
        }
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
