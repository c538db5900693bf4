"""`mlguide share`: the LinkedIn post text and, separately, the URL for its first comment.

LinkedIn shows posts with links in them to fewer people, so the link goes in a comment.
"""

from __future__ import annotations

from mlguide.errors import MlguideError
from mlguide.paths import ProjectPaths
from mlguide.site.config.loader import load_config
from mlguide.site.permalinks import absolute
from mlguide.site.pipeline import read_content


def share_text(paths: ProjectPaths, slug: str | None, base_url: str | None) -> tuple[str, str]:
    config = load_config(paths.config, base_url)
    index = read_content(paths, drafts=False, config=config).index
    posts = [p for p in index.posts if slug is None or p.slug == slug]
    if slug is not None and not posts:
        raise MlguideError(f"no published post with slug `{slug}`", paths.content)
    if not posts:
        raise MlguideError("no published post to share", paths.content)
    post = posts[0]  # the newest
    if not post.share_hook:
        raise MlguideError(
            "no `share_hook` in the front matter: add the post's LinkedIn text", post.source, 1
        )
    return post.share_hook, absolute(config.base_url, post.url_path)
