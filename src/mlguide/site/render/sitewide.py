"""What every page's template sees beyond the config: menus, data files, the logo, the icons.

Worked out once per build, after the content is indexed (a menu names pages by slug; a data
file is read once), and handed to every page as template globals. The value is plain and
its repr complete, so the render cache can treat it as one input of every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from mlguide.cards.favicon import draw_icons
from mlguide.errors import MlguideError
from mlguide.images import ImageFile, inspect_image
from mlguide.paths import ProjectPaths
from mlguide.site.config.loader import Config
from mlguide.site.content.data import load_data
from mlguide.site.content.index import SiteIndex
from mlguide.site.outputs import CopiedFile, OutputFile, SiteFile
from mlguide.site.render.menus import MenuLink, resolve_menu

FAVICON_SVG = "favicon.svg"
FAVICON_ICO = "favicon.ico"
TOUCH_ICON = "apple-touch-icon.png"
# Media conditions that never or always hold, valid alone and after `and` (`not all` is not).
_NEVER = "(prefers-color-scheme: dark) and (prefers-color-scheme: light)"
_ALWAYS = "(min-width: 0px)"
# scheme -> where the dark pictures and CSS apply, and where the light ones do.
SCHEME_MEDIA = {
    "auto": ("(prefers-color-scheme: dark)", "(prefers-color-scheme: light)"),
    "light": (_NEVER, _ALWAYS),
    "dark": (_ALWAYS, _NEVER),
}


@dataclass(frozen=True)
class Icon:
    """One `<link>` of the page's head: `rel`, the file at the site's root, its type."""

    rel: str
    path: str
    type: str
    sizes: str = ""


@dataclass(frozen=True)
class SiteExtras:
    menu: tuple[MenuLink, ...] = ()
    footer: tuple[MenuLink, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    logo: ImageFile | None = None
    favicon: ImageFile | None = None  # the project's own, if it has one
    icons: tuple[Icon, ...] = ()


def site_extras(config: Config, index: SiteIndex, paths: ProjectPaths) -> SiteExtras:
    theme = config.theme
    favicon = _project_picture(theme.favicon, "favicon", paths) if theme.favicon else None
    return SiteExtras(
        menu=resolve_menu(config.menu, index, paths.config),
        footer=resolve_menu(config.footer, index, paths.config, "footer"),
        data=load_data(paths.data),
        logo=_project_picture(theme.logo, "logo", paths) if theme.logo else None,
        favicon=favicon,
        icons=_icons(favicon),
    )


def _project_picture(written: str, key: str, paths: ProjectPaths) -> ImageFile:
    path = paths.root / written.lstrip("/")
    if not path.is_file():
        raise MlguideError(
            f"`theme` `{key}`: no file {written} (paths are relative to the project folder)",
            paths.config,
        )
    try:
        return inspect_image(path)
    except MlguideError:
        raise
    except Exception as exc:
        raise MlguideError(f"`theme` `{key}`: {written} is not a picture", paths.config) from exc


def _icons(favicon: ImageFile | None) -> tuple[Icon, ...]:
    """An SVG (drawn, or the project's) for browsers that take one, the ICO for the rest, and
    the touch icon for phones' home screens. A raster favicon of the project's replaces all."""
    if favicon is not None and favicon.format != "SVG":
        return (
            Icon("icon", FAVICON_ICO, "image/x-icon", "16x16 32x32 48x48"),
            Icon("apple-touch-icon", TOUCH_ICON, "image/png", "180x180"),
        )
    return (
        Icon("icon", FAVICON_ICO, "image/x-icon", "32x32"),
        Icon("icon", FAVICON_SVG, "image/svg+xml", "any"),
        Icon("apple-touch-icon", TOUCH_ICON, "image/png", "180x180"),
    )


def template_globals(config: Config, extras: SiteExtras) -> dict[str, Any]:
    tokens = config.theme.tokens
    dark, light = SCHEME_MEDIA[tokens.scheme]
    return {
        "menu": extras.menu,
        "footer_links": extras.footer,
        "data": extras.data,
        "logo": extras.logo,
        "icons": extras.icons,
        "theme": tokens,
        "dark_media": dark,
        "light_media": light,
    }


def install(env: jinja2.Environment, config: Config, extras: SiteExtras) -> None:
    env.globals.update(template_globals(config, extras))


def icon_files(config: Config, extras: SiteExtras) -> list[SiteFile]:
    """The favicon set at the site's root, and the logo: drawn from the theme, or copied."""
    tokens = config.theme.tokens
    drawn = draw_icons(config.title, tokens.light, tokens.dark)
    files: list[SiteFile] = []
    own = extras.favicon
    if own is not None and own.format != "SVG":
        ico, touch = _from_raster(own.source)
        files += [OutputFile(FAVICON_ICO, ico), OutputFile(TOUCH_ICON, touch)]
    else:
        svg = own.source.read_bytes() if own is not None else drawn.svg
        files += [
            OutputFile(FAVICON_SVG, svg),
            OutputFile(FAVICON_ICO, drawn.ico),
            OutputFile(TOUCH_ICON, drawn.touch),
        ]
    if extras.logo is not None:
        logo = extras.logo
        files.append(CopiedFile(logo.out_path, logo.source, logo.sha256, logo.size))
    return files


def _from_raster(source: Path) -> tuple[bytes, bytes]:
    """The project's square picture as an ICO and a 180 px touch icon (centre-cropped)."""
    import io

    from PIL import Image

    with Image.open(source) as img:
        rgba = img.convert("RGBA")
    side = min(rgba.size)
    left, top = (rgba.width - side) // 2, (rgba.height - side) // 2
    square = rgba.crop((left, top, left + side, top + side))
    ico, touch = io.BytesIO(), io.BytesIO()
    square.save(ico, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    opaque = Image.new("RGB", square.size, (255, 255, 255))
    opaque.paste(square, mask=square)
    opaque.resize((180, 180), Image.Resampling.LANCZOS).save(touch, format="PNG", optimize=True)
    return ico.getvalue(), touch.getvalue()
