"""Old URLs that lead on: a small page at each (`aliases:`), and `_redirects` for hosts.

Any static host serves the page: a zero-second `<meta http-equiv=refresh>` sends the browser
on, the canonical link tells search engines where the text lives now, `noindex` keeps the old
address out of their results, and a visible link serves whoever's browser does not follow.
Hosts that read `_redirects` (Netlify, Cloudflare Pages) answer with a real 301 instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2

from mlguide.site import urls
from mlguide.site.config.loader import Config
from mlguide.site.content.index import Redirect
from mlguide.site.outputs import OutputFile
from mlguide.site.permalinks import absolute
from mlguide.site.render.templating import page_context, render_page

REDIRECTS_FILE = "_redirects"


def render_redirects(
    redirects: Sequence[Redirect], config: Config, env: jinja2.Environment
) -> list[OutputFile]:
    files = [_page(r, config, env) for r in redirects]
    if redirects:
        files.append(redirects_file(redirects, config))
    return files


def _page(redirect: Redirect, config: Config, env: jinja2.Environment) -> OutputFile:
    meta = redirect.meta
    url = absolute(config.base_url, meta.url_path)
    page = page_context(
        config,
        redirect.out_path,
        "redirect",
        f"Moved: {meta.title} · {config.title}",
        f"“{meta.title}” has moved to {url}.",
        canonical=url,
        noindex=True,
    )
    target = urls.relative(redirect.out_path, meta.url_path)
    html = render_page(env, "redirect.html.j2", page, post=meta, target=target, target_url=url)
    return OutputFile(redirect.out_path, html.encode())


def redirects_file(redirects: Sequence[Redirect], config: Config) -> OutputFile:
    """Netlify's format, one `old new 301` line each, paths under the site's base path."""
    base = config.base_path
    lines = [f"{base}{r.old} {base}{r.meta.url_path} 301" for r in redirects]
    return OutputFile(REDIRECTS_FILE, ("\n".join(lines) + "\n").encode())
