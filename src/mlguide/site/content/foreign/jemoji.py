"""GitHub's emoji shortcodes in a Jekyll post (`:tada:`, `:heavy_check_mark:`): jemoji, one
of the plugins GitHub Pages runs, drew them as emoji, but only on a blog that turned it on
(`_config.yml`'s `plugins:`, or the Gemfile's `jekyll_plugins` group). There each known name
becomes its character and an unknown one stays as written, with a warning. Elsewhere the old
blog showed `:tada:` as text, and so does mlguide, silently: it is what the author saw.

With no config file (a post copied alone) the old blog's behaviour cannot be known. The
shortcode is then kept as written, with a warning: text kept is the author's own and can be
changed by listing the plugin, while an emoji drawn where the blog had none would alter the
text with nothing to say so.

The names are gemoji's (GitHub's own list); a table of the common ones is kept here rather
than a dependency for some 1,800 names, since an unknown name is reported, not lost.
"""

from __future__ import annotations

import re

from mlguide.site.content.foreign.mkdocs import EMOJI
from mlguide.site.content.foreign.records import Ctx

_SHORTCODE = re.compile(r"(?<![\w:/]):([a-z0-9_+-]*[a-z][a-z0-9_+-]*):(?![\w:])")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # what gemoji's names look like
GEMOJI = {
    **EMOJI,
    "feet": "🐾", "paw_prints": "🐾", "heavy_multiplication_x": "✖️", "heavy_plus_sign": "➕",
    "heavy_minus_sign": "➖", "exclamation": "❗", "question": "❓", "grey_question": "❔",
    "bangbang": "‼️", "no_entry": "⛔", "no_entry_sign": "🚫", "ok_hand": "👌", "-1": "👎",
    "thumbsdown": "👎", "point_up": "☝️", "point_down": "👇", "point_left": "👈",
    "arrow_right": "➡️", "arrow_left": "⬅️", "arrow_up": "⬆️", "arrow_down": "⬇️",
    "sunglasses": "😎", "smiley": "😃", "laughing": "😆", "sweat_smile": "😅", "blush": "😊",
    "heart_eyes": "😍", "cry": "😢", "sob": "😭", "scream": "😱", "confused": "😕",
    "neutral_face": "😐", "disappointed": "😞", "rage": "😡", "sleeping": "😴", "mag": "🔍",
    "link": "🔗", "pushpin": "📌", "calendar": "📅", "clipboard": "📋", "bookmark": "🔖",
    "book": "📖", "pencil2": "✏️", "pencil": "📝", "hammer": "🔨", "wrench": "🔧",
    "hourglass": "⌛", "alarm_clock": "⏰", "trophy": "🏆", "medal_sports": "🏅", "dart": "🎯",
    "gift": "🎁", "balloon": "🎈", "confetti_ball": "🎊", "earth_americas": "🌎",
    "globe_with_meridians": "🌐", "sunny": "☀️", "cloud": "☁️", "rainbow": "🌈",
    "snowflake": "❄️", "bell": "🔔", "loudspeaker": "📢", "email": "📧", "iphone": "📱",
    "camera": "📷", "movie_camera": "🎥", "tv": "📺", "floppy_disk": "💾", "cd": "💿",
    "bar_chart": "📊", "chart_with_downwards_trend": "📉", "moneybag": "💰", "dollar": "💵",
    "battery": "🔋", "electric_plug": "🔌", "microscope": "🔬", "telescope": "🔭",
    "test_tube": "🧪", "dna": "🧬", "abacus": "🧮", "triangular_ruler": "📐",
    "straight_ruler": "📏", "no_good": "🙅", "shrug": "🤷", "facepalm": "🤦",
    "nerd_face": "🤓", "star_struck": "🤩", "exploding_head": "🤯", "cat": "🐱", "dog": "🐶",
    "panda_face": "🐼", "penguin": "🐧", "unicorn": "🦄", "beetle": "🐞", "ant": "🐜",
    "turtle": "🐢", "seedling": "🌱", "herb": "🌿", "four_leaf_clover": "🍀", "cactus": "🌵",
    "apple": "🍎", "pizza": "🍕", "beer": "🍺", "tea": "🍵", "cake": "🍰",
    "checkered_flag": "🏁", "triangular_flag_on_post": "🚩", "red_circle": "🔴",
    "large_blue_circle": "🔵", "green_heart": "💚", "blue_heart": "💙", "yellow_heart": "💛",
    "purple_heart": "💜", "broken_heart": "💔", "boom": "💥", "dizzy": "💫", "recycle": "♻️",
    "new": "🆕", "cool": "🆒", "free": "🆓", "soon": "🔜", "top": "🔝", "heavy_check_mark": "✔️",
    "ballot_box_with_check": "☑️", "o": "⭕", "smirk": "😏", "stuck_out_tongue": "😛",
    "innocent": "😇", "hugs": "🤗", "sweat": "😓", "tired_face": "😫", "mask": "😷",
    "skull": "💀", "ghost": "👻", "alien": "👽", "see_no_evil": "🙈", "handshake": "🤝",
    "v": "✌️", "crossed_fingers": "🤞", "writing_hand": "✍️", "runner": "🏃",
    "mortar_board": "🎓", "school": "🏫", "house": "🏠", "office": "🏢", "car": "🚗",
    "airplane": "✈️", "ship": "🚢", "bike": "🚲", "hourglass_flowing_sand": "⏳",
    "stopwatch": "⏱️", "globe": "🌐", "earth_africa": "🌍", "earth_asia": "🌏", "moon": "🌔",
    "crescent_moon": "🌙", "ocean": "🌊", "mountain": "⛰️",
}  # fmt: skip


_UNKNOWN = (
    "no `_config.yml` says whether the old blog ran jemoji (list `jemoji` under `plugins:` "
    "to draw it as an emoji)"
)


def shortcodes(ctx: Ctx, part: str, line: int) -> str:
    """`:name:` as its emoji where the blog ran jemoji; an unknown name is shown as written
    and reported."""
    if ":" not in part or (ctx.plugins is not None and "jemoji" not in ctx.plugins):
        return part

    def emoji(m: re.Match[str]) -> str:
        char = GEMOJI.get(m.group(1))
        if char is None and not _NAME.match(m.group(1)):
            return m.group(0)  # not a gemoji name (`:octicons-x-16:`): another syntax's
        if ctx.plugins is None:
            ctx.unsure(line, "emoji shortcode", m.group(0), _UNKNOWN)
            return m.group(0)
        if char is None:
            ctx.shown(line, "emoji shortcode", m.group(0), "is not one mlguide knows")
            return m.group(0)
        ctx.converted(line, m.group(0), f"the emoji {char}")
        return char

    return _SHORTCODE.sub(emoji, part)
