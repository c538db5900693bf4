"""Video, sound and YouTube/Vimeo players, written by the image line or `:::` block that asks
for them (`![A demo](demo.mp4 "Caption")`, `::: youtube ID`).

A local file is published under a content-hashed name and played by the browser's own
`<video controls preload="metadata">` (or `<audio>`): only its first bytes load with the page.
A YouTube or Vimeo video is a facade: a link to the video, styled as a player, that loads
nothing from the video site; with JavaScript (templates/embed.js) a click swaps in the
player (youtube-nocookie.com, Vimeo with `dnt=1`). No request leaves the site before the
reader asks for the video.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

VIDEO = frozenset({".mp4", ".m4v", ".webm", ".ogv", ".mov"})
AUDIO = frozenset({".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"})
_YOUTUBE_ID = re.compile(r"[\w-]{11}")
_TIME = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")


@dataclass(frozen=True)
class Embed:
    site: str  # "YouTube" or "Vimeo"
    id: str
    start: int  # seconds
    watch: str  # the video's page: the link without JavaScript
    player: str  # the player's address, loaded on click
    ratio: tuple[int, int]


def kind_of(src: str) -> str | None:
    """ "video", "audio" or "embed" for what the media players show; None for a picture."""
    if embed_of(src) is not None:
        return "embed"
    suffix = "." + urlsplit(src).path.rsplit(".", 1)[-1].lower() if "." in src else ""
    if suffix in VIDEO:
        return "video"
    if suffix in AUDIO:
        return "audio"
    return None


def embed_of(url: str, start: str = "") -> Embed | None:
    """A YouTube or Vimeo video's address in any of its usual forms, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    path = [p for p in parts.path.split("/") if p]
    query = parse_qs(parts.query)
    when = (
        start or (query.get("t") or query.get("start") or [""])[0] or _fragment_time(parts.fragment)
    )
    seconds = _seconds(when)
    if host in ("youtube.com", "youtube-nocookie.com", "youtu.be"):
        ident = path[0] if host == "youtu.be" and path else ""
        if path[:1] in (["embed"], ["shorts"], ["live"], ["v"]) and len(path) > 1:
            ident = path[1]
        elif path == ["watch"]:
            ident = (query.get("v") or [""])[0]
        if not _YOUTUBE_ID.fullmatch(ident):
            return None
        player = f"https://www.youtube-nocookie.com/embed/{ident}?autoplay=1"
        ratio = (9, 16) if path[:1] == ["shorts"] else (16, 9)
        return Embed(
            "YouTube",
            ident,
            seconds,
            f"https://www.youtube.com/watch?v={ident}" + (f"&t={seconds}s" if seconds else ""),
            player + (f"&start={seconds}" if seconds else ""),
            ratio,
        )
    if host in ("vimeo.com", "player.vimeo.com"):
        numbers = [p for p in path if p.isdigit()]
        if not numbers:
            return None
        ident = numbers[-1]
        after = path[path.index(ident) + 1 :]
        secret = after[0] if after and re.fullmatch(r"[0-9a-f]{6,}", after[0]) else ""
        secret = secret or (query.get("h") or [""])[0]
        hash_part = f"&h={secret}" if secret else ""
        return Embed(
            "Vimeo",
            ident,
            seconds,
            f"https://vimeo.com/{ident}" + (f"/{secret}" if secret else ""),
            f"https://player.vimeo.com/video/{ident}?autoplay=1&dnt=1{hash_part}"
            + (f"#t={seconds}s" if seconds else ""),
            (16, 9),
        )
    return None


def _fragment_time(fragment: str) -> str:
    return fragment[2:] if fragment.startswith("t=") else ""


def _seconds(when: str) -> int:
    """`90`, `90s`, `1m30s`, `1h2m3s`: seconds."""
    match = _TIME.fullmatch(when.strip()) if when else None
    if match is None:
        return 0
    h, m, s = (int(g) if g else 0 for g in match.groups())
    return h * 3600 + m * 60 + s


def video_html(
    src: str,
    label: str,
    poster: str = "",
    size: tuple[int, int] | None = None,
) -> str:
    """The browser's own player: metadata (size, length) loads with the page, the rest on
    play. Without a known size the box is 16:9, so nothing moves when the video arrives."""
    attrs = [f'src="{html.escape(src)}"', "controls", 'preload="metadata"', "playsinline"]
    if poster:
        attrs.append(f'poster="{html.escape(poster)}"')
    if size:
        attrs += [
            f'width="{size[0]}"',
            f'height="{size[1]}"',
            f'style="aspect-ratio:{size[0]}/{size[1]}"',
        ]
    if label:
        attrs.append(f'aria-label="{html.escape(label)}"')
    link = f'<a href="{html.escape(src)}">Download the video</a>'
    return f'<video class="player" {" ".join(attrs)}>{link}</video>'


def audio_html(src: str, label: str) -> str:
    attrs = [f'src="{html.escape(src)}"', "controls", 'preload="metadata"']
    if label:
        attrs.append(f'aria-label="{html.escape(label)}"')
    link = f'<a href="{html.escape(src)}">Download the recording</a>'
    return f'<audio class="player" {" ".join(attrs)}>{link}</audio>'


def embed_html(embed: Embed, label: str, poster: str = "") -> str:
    """The facade: a link to the video, shaped like its player, that embed.js turns into the
    player on click. `poster` is the markup of a local picture to show on it."""
    title = label or f"{embed.site} video"
    w, h = embed.ratio
    return (
        f'<div class="embed" style="aspect-ratio:{w}/{h}">'
        f'<a class="embed-link" href="{html.escape(embed.watch)}" '
        f'data-embed="{html.escape(embed.player)}" data-title="{html.escape(title)}">'
        f"{poster}"
        '<span class="embed-play" aria-hidden="true"></span>'
        f'<span class="embed-label"><span class="visually-hidden">Play video: </span>'
        f'{html.escape(title)} <span class="embed-site">{embed.site}</span></span>'
        "</a></div>"
    )


def figure_html(player: str, caption: str) -> str:
    """A player in a figure, with its caption when there is one."""
    cap = f"\n<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure class="media">\n{player}{cap}\n</figure>'
