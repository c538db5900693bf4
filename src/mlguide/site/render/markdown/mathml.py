"""TeX to MathML at build time: no script on the page, and screen readers read the formula."""

from __future__ import annotations

import html
import re
from functools import lru_cache

# A formula wider than this many visible characters may not fit a 320 px phone column.
WIDE_FORMULA = 24
_TAGS = re.compile(r"<annotation.*?</annotation>|<[^>]+>", re.DOTALL)


@lru_cache(maxsize=4096)
def to_mathml(tex: str, display: bool) -> str | None:
    """The `<math>` element, or None when the converter cannot read the TeX.

    latex2mathml signals unreadable input with many exception types (its own, IndexError,
    KeyError...), none of which are mlguide bugs: any failure means "show the TeX instead".
    """
    from latex2mathml.converter import convert  # here: most pages have no math

    try:
        mathml = str(convert(tex.strip(), display="block" if display else "inline"))
    except Exception:  # noqa: BLE001 - see docstring
        return None
    # The TeX stays in the page as the formula's annotation: copy-paste and tools get it back.
    head, _, rest = mathml.partition(">")
    inner = rest.removesuffix("</math>")
    annotation = f'<annotation encoding="application/x-tex">{html.escape(tex.strip())}</annotation>'
    return f"{head}><semantics><mrow>{inner}</mrow>{annotation}</semantics></math>"


def math_html(tex: str, display: bool) -> tuple[str, bool]:
    """(HTML, converted). A formula that cannot be converted stays visible as TeX in code."""
    mathml = to_mathml(tex, display)
    if mathml is not None:
        # Formulas cannot wrap, so a wide one scrolls in its own box on a phone instead of
        # widening the page; that box takes keyboard focus so it can be scrolled without a
        # mouse (a short one needs neither).
        focus = ' tabindex="0"' if _is_wide(mathml) else ""
        if display:
            return f'<div class="math"{focus}>{mathml}</div>\n', True
        return (f'<span class="math-wide"{focus}>{mathml}</span>' if focus else mathml), True
    code = f'<code class="math-tex">{html.escape(tex.strip())}</code>'
    return (f"<p>{code}</p>\n" if display else code), False


def _is_wide(mathml: str) -> bool:
    visible = html.unescape(_TAGS.sub("", mathml))
    return len("".join(visible.split())) > WIDE_FORMULA
