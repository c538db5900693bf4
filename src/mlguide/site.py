"""The HTML site: posts, home, 404, feed, sitemap and robots.txt from Jinja templates.

Pure: takes validated config and loaded posts, returns `OutputFile` values and findings. It
knows nothing of how pictures are drawn, only the files in `assets/`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import markdown
from .config import Config
from .content import Post
from .errors import Finding, MlguideError
from .images import ImageFile, inspect_image, load_visual
from .links import PageLinks, page_links
from .output import OutputFile
from .tokens import css_variables

DEFAULT_TEMPLATES = Path(__file__).parent / "defaults" / "templates"
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PostSummary:
    """What the home page, feed and sitemap need of a post (picklable across workers)."""

    title: str
    description: str
    url_path: str
    date: dt.date
    updated: dt.date
    hero: ImageFile | None
    hero_alt: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class RenderedPost:
    summary: PostSummary
    files: tuple[OutputFile, ...]
    images: frozenset[ImageFile]
    findings: tuple[Finding, ...]
    links: PageLinks


@dataclass
class _PageState:
    """Per-page scratch the image renderer fills while Markdown renders."""

    source: Path
    root: str
    images: set[ImageFile] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    figures: int = 0


def make_environment(config: Config) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if config.templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(config.templates_dir))
    loaders.append(jinja2.FileSystemLoader(DEFAULT_TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(site=config, token_css=css_variables())
    env.filters["iso_date"] = lambda d: d.isoformat()
    env.filters["human_date"] = lambda d: f"{d.day} {d.strftime('%B %Y')}"
    env.filters["jsonld"] = _jsonld
    return env


def get_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from exc


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    template = get_template(env, name)
    try:
        return template.render(**context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, name) from exc


def _template_error(exc: jinja2.TemplateError, name: str) -> MlguideError:
    """Name the template file (and line) the author has to fix."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return MlguideError(f"template `{exc.name}` not found", Path("templates") / name)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return MlguideError(f"template error: {exc.message}", exc.filename or name, exc.lineno)
    return MlguideError(f"template error: {exc.message}", Path("templates") / name)


def render_post(post: Post, config: Config, env: jinja2.Environment) -> RenderedPost:
    """Render one post page; images it uses and warnings come back as data."""
    state = _PageState(source=post.source, root="../" * post.url_path.count("/"))
    findings = state.findings
    findings.extend(heading_findings(post))
    menv = dict(post.env)
    menv["render_image"] = lambda use, _env: _render_image(use, state, env, config)
    body = markdown.render(post.tokens, menv)
    hero = _resolve_image(post.hero, state, post.lines.get("hero")) if post.hero else None
    if hero is not None and not post.hero_alt.strip():
        findings.append(
            Finding("image-alt", "hero has no `hero_alt` text", post.source, post.lines.get("hero"))
        )
    og = _resolve_image(post.og_image, state, post.lines.get("og_image")) if post.og_image else None
    og = og or hero
    canonical = config.base_url + post.url_path
    # Words as readers count them (whitespace-separated, like Hugo's WordCount).
    words = len(_TAG.sub(" ", body).split())
    html_text = render_template(
        env,
        "post.html.j2",
        root=state.root,
        post=post,
        body=body,
        toc=[e for e in menv.get("toc", []) if e.level in (2, 3)],
        hero=hero,
        og=og,
        og_url=config.base_url + og.out_path if og else None,
        canonical=canonical,
        reading_minutes=max(1, math.ceil(words / 230)),
        has_code='class="hl"' in body,
        has_animation=state.figures > 0,
        author=post.author or config.author,
    )
    summary = PostSummary(
        post.title,
        post.description,
        post.url_path,
        post.date,
        post.updated,
        hero,
        post.hero_alt,
        post.tags,
    )
    data = html_text.encode()
    out = OutputFile(post.url_path + "index.html", data)
    return RenderedPost(summary, (out,), frozenset(state.images), tuple(findings), page_links(data))


def heading_findings(post: Post) -> list[Finding]:
    """The title is the page's h1; body headings start at h2 and never skip a level."""
    found: list[Finding] = []
    previous = 1
    for token in post.tokens:
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        line = token.map[0] + 1 if token.map else None
        if level == 1:
            found.append(
                Finding(
                    "heading-level", "use `##` for sections: the title is the h1", post.source, line
                )
            )
        elif level > previous + 1:
            found.append(
                Finding(
                    "heading-level",
                    f"heading level skips from h{previous} to h{level}",
                    post.source,
                    line,
                )
            )
        previous = level
    return found


def _resolve_image(src: str, state: _PageState, line: int | None) -> ImageFile | None:
    path = resolve_source_path(src, state.source)
    if path is None or not path.is_file():
        state.findings.append(
            Finding("missing-image", f"image `{src}` not found", state.source, line)
        )
        return None
    image = inspect_image(path)
    state.images.add(image)
    return image


def resolve_source_path(src: str, source: Path) -> Path | None:
    """Paths in Markdown are relative to the Markdown file; `/x` is relative to its project."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("//"):
        return None
    src = src.split("#", 1)[0].split("?", 1)[0]
    if src.startswith("/"):
        return source.parent.parent / src.lstrip("/")
    return source.parent / src


def _render_image(
    use: markdown.ImageUse, state: _PageState, env: jinja2.Environment, config: Config
) -> str:
    if re.match(r"^(https?:)?//", use.src):
        state.findings.append(
            Finding(
                "external-image",
                f"image `{use.src}` is not local: the site must work offline",
                state.source,
                use.line,
            )
        )
        return f'<img src="{html.escape(use.src)}" alt="{html.escape(use.alt)}">'
    if not use.alt.strip():
        state.findings.append(
            Finding("image-alt", f"image `{use.src}` has no alt text", state.source, use.line)
        )
    path = resolve_source_path(use.src, state.source)
    if path is None or not path.is_file():
        state.findings.append(
            Finding("missing-image", f"image `{use.src}` not found", state.source, use.line)
        )
        return f'<img src="{html.escape(use.src)}" alt="{html.escape(use.alt)}">'
    visual = load_visual(path)
    state.images.update(visual.files())
    animated = visual.main.frames > 1
    state.figures += int(animated and use.figure)
    return render_template(
        env,
        "figure.html.j2",
        root=state.root,
        visual=visual,
        alt=use.alt,
        caption=markdown.render_inline(use.title) if use.title else "",
        figure=use.figure,
        animated=animated,
        ident="figure-" + markdown.slugify(path.stem),
    ).strip()


def render_home(
    posts: Sequence[PostSummary], config: Config, env: jinja2.Environment
) -> OutputFile:
    ordered = sorted(posts, key=lambda p: (p.date, p.url_path), reverse=True)
    text = render_template(env, "home.html.j2", root="", posts=ordered, canonical=config.base_url)
    return OutputFile("index.html", text.encode())


def render_404(config: Config, env: jinja2.Environment) -> OutputFile:
    # Served at any depth, so its links are absolute to the site's base path.
    text = render_template(env, "404.html.j2", root=config.base_path, canonical=None)
    return OutputFile("404.html", text.encode())


def render_sitemap(posts: Sequence[PostSummary], config: Config) -> OutputFile:
    rows = [(config.base_url, max((p.updated for p in posts), default=None))]
    rows += [
        (config.base_url + p.url_path, p.updated) for p in sorted(posts, key=lambda p: p.url_path)
    ]
    body = "".join(
        f"<url><loc>{html.escape(url)}</loc>"
        + (f"<lastmod>{day.isoformat()}</lastmod>" if day else "")
        + "</url>\n"
        for url, day in rows
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )
    return OutputFile("sitemap.xml", text.encode())


def render_feed(
    posts: Sequence[PostSummary], config: Config, env: jinja2.Environment
) -> OutputFile:
    ordered = sorted(posts, key=lambda p: (p.date, p.url_path), reverse=True)[:20]
    text = render_template(
        env,
        "feed.xml.j2",
        posts=ordered,
        updated=max((p.updated for p in posts), default=dt.date(1970, 1, 1)),
    )
    return OutputFile("feed.xml", text.encode())


def render_robots(config: Config) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"
    return OutputFile("robots.txt", text.encode())


def _jsonld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # `</script>` inside a string must not close the element.
    return text.replace("</", "<\\/")
