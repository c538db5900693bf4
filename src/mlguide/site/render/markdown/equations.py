"""A page's formulas read as their author meant them, before any converter sees them.

TeX-to-MathML converters render one formula at a time; what spans a page is left to the
page: the author's macros (from `mlguide.yml`, the front matter and `\\newcommand`, `\\def`,
`\\DeclareMathOperator` written inside formulas), equation numbers and references. This
module decides them for the whole page, as amsmath and MathJax's `tags: "ams"` do:

- non-starred `equation`, `align`, `gather`, `multline`, `eqnarray`, `flalign`, `alignat` are
  numbered (per row for the multi-row ones; `\\nonumber`/`\\notag` skip a row); a display or a
  row with a `\\label` is numbered even inside `$$…$$`, and so is one with a Quarto label
  (`$$…$$ {#eq-x}`); `\\tag{x}` shows `(x)`, `\\tag*{x}` shows `x`; Markdown's `$$…$$ (2)`
  shows `(2)`, and a name there (`(elbo)`) is a label, numbered automatically;
- `\\eqref{k}` shows `(n)` and `\\ref{k}` shows `n`, forward references included; an unknown
  label shows `(??)` and is a warning;
- a display with top-level `\\\\` shows its lines on separate lines (as MathJax and KaTeX do),
  and a `\\\\[4pt]` spacing argument never shows.

The converter then gets TeX in which every number is spelled as `\\tag{n}`: starred
environments with one `\\tag` per numbered row, or one `\\tag` at the end. Written by hand:
no converter library does page-level numbering (Temml's own `\\label` support numbers with a
CSS counter, which cannot be referred to from the text and counts across the whole page).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Macros every site has (an author may override them): what ML writing assumes MathJax has.
DEFAULT_MACROS: Mapping[str, str] = {
    r"\R": r"\mathbb{R}",
    r"\N": r"\mathbb{N}",
    r"\Z": r"\mathbb{Z}",
    r"\Q": r"\mathbb{Q}",
    r"\C": r"\mathbb{C}",
    r"\E": r"\mathbb{E}",
    r"\argmin": r"\operatorname*{arg\,min}",
    r"\argmax": r"\operatorname*{arg\,max}",
}

NUMBERED_MULTI = ("align", "gather", "eqnarray", "flalign", "alignat")
NUMBERED_SINGLE = ("equation", "multline")
_ENV = re.compile(r"^\s*\\begin\{(\w+)(\*?)\}(\{[^}]*\})?(.*)\\end\{\1\2\}\s*$", re.S)
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_TAG = re.compile(r"\\tag(\*?)\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_NONUMBER = re.compile(r"\\(?:nonumber|notag)(?![A-Za-z])")
_REF = re.compile(r"\\(eqref|ref)\s*\{([^{}]*)\}")
_ONLY_REF = re.compile(r"^\s*\\(eqref|ref)\s*\{([^{}]*)\}\s*$")
_NUMERIC = re.compile(r"^[0-9]+(?:\.[0-9]+)*[a-z]?$")
_DEFINITION = re.compile(
    r"\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)(?![A-Za-z])(\*?)"
)
_MACRO_NAME = re.compile(r"\\[A-Za-z]+")


class TexSyntaxError(ValueError):
    """Braces that never close: the formula cannot be read at all."""


@dataclass(frozen=True)
class Formula:
    """One formula as the Markdown holds it."""

    tex: str
    display: bool
    eqno: str | None = None  # `$$ … $$ (2)`: "2"; `(elbo)`: a label
    label: str | None = None  # `$$ … $$ {#eq-x}`: "eq-x"


@dataclass(frozen=True)
class Planned:
    """What to convert and what to show around it."""

    tex: str  # for the converter: numbers as \tag, definitions and labels removed
    numbers: tuple[str, ...]  # as shown: "(1)", or a \tag*'s own text
    labels: tuple[str, ...]  # labels this formula defines, in order
    ref: tuple[str, str] | None = None  # an inline formula that is only \eqref{k}: (kind, k)
    warnings: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Only definitions: nothing to show."""
        return not self.tex.strip()


@dataclass(frozen=True)
class PagePlan:
    formulas: tuple[Planned, ...]
    macros: Mapping[str, str]  # every macro the page's formulas may use
    labels: Mapping[str, str]  # label -> its number, without parentheses


def read_group(tex: str, i: int) -> tuple[str, int]:
    """The brace group at `tex[i]` (or the single token there) and the index after it."""
    while i < len(tex) and tex[i].isspace():
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] != "{":
        if tex[i] == "\\":
            m = re.match(r"\\(?:[A-Za-z]+|.)", tex[i:])
            token = m.group(0) if m else "\\"
            return token, i + len(token)
        return tex[i], i + 1
    depth = 0
    j = i
    while j < len(tex):
        c = tex[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return tex[i + 1 : j], j + 1
        j += 1
    raise TexSyntaxError("a `{` is never closed")


def extract_definitions(tex: str) -> tuple[str, dict[str, str]]:
    """The formula without its `\\newcommand` & co., and what they define."""
    if "\\" not in tex or not _DEFINITION.search(tex):
        return tex, {}
    found: dict[str, str] = {}
    out: list[str] = []
    i = 0
    while m := _DEFINITION.search(tex, i):
        out.append(tex[i : m.start()])
        kind, star = m.group(1), m.group(2)
        j = m.end()
        if kind == "def":
            named = re.match(r"\s*(\\[A-Za-z]+)((?:#\d)*)", tex[j:])
            if named is None:
                out.append(m.group(0))
                i = j
                continue
            name, j = named.group(1), j + named.end()
        else:
            name, j = read_group(tex, j)
            name = name.strip()
            arity = re.match(r"\s*\[(\d)\]", tex[j:])
            if arity:
                j += arity.end()
            default = re.match(r"\s*\[[^\]]*\]", tex[j:])  # an optional argument's default
            if default and arity:
                j += default.end()
        body, j = read_group(tex, j)
        if kind == "DeclareMathOperator":
            body = rf"\operatorname{star}{{{body}}}"
        if _MACRO_NAME.fullmatch(name):
            found[name] = body
        i = j
    out.append(tex[i:])
    return "".join(out), found


def split_rows(body: str) -> list[str]:
    """A body split on its top-level `\\\\` (not inside braces or nested environments);
    a spacing argument after one (`\\\\[4pt]`) is dropped."""
    rows: list[str] = []
    depth = env = start = 0
    i = 0
    while i < len(body):
        if body.startswith("\\begin{", i):
            env += 1
        elif body.startswith("\\end{", i):
            env -= 1
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            if body[i + 1] == "\\" and depth == 0 and env == 0:
                rows.append(body[start:i])
                i += 2
                spacing = re.match(r"\s*\[[^\]]*\]", body[i:])
                if spacing:
                    i += spacing.end()
                start = i
                continue
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    rows.append(body[start:])
    return rows


@dataclass
class _Numbering:
    """The page's equation counter and labels while the page is read."""

    count: int = 0
    labels: dict[str, str] = field(default_factory=dict)

    def next(self) -> str:
        self.count += 1
        return str(self.count)


def _tag(number: str) -> str:
    return rf"\tag{{{number}}}"


def _shown(tag: re.Match[str]) -> str:
    return tag.group(2) if tag.group(1) else f"({tag.group(2)})"


def _rows_numbered(m: re.Match[str], numbering: _Numbering) -> tuple[str, list[str], list[str]]:
    """align & co.: one number per row, as `align*` with a `\\tag` per numbered row."""
    env, star, colspec, body = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    rows = split_rows(body)
    if rows and not rows[-1].strip():
        rows.pop()
    shown: list[str] = []
    labels: list[str] = []
    out: list[str] = []
    for row in rows:
        label = _LABEL.search(row)
        tag = _TAG.search(row)
        clean = _TAG.sub("", _LABEL.sub("", _NONUMBER.sub("", row)))
        number: str | None = None
        if tag:
            number = tag.group(2)
            shown.append(_shown(tag))
            clean += rf" \tag*{{{number}}}" if tag.group(1) else " " + _tag(number)
        elif (not star and not _NONUMBER.search(row)) or label:
            number = numbering.next()
            shown.append(f"({number})")
            clean += " " + _tag(number)
        if label and number is not None:
            numbering.labels[label.group(1).strip()] = number
            labels.append(label.group(1).strip())
        out.append(clean)
    target = "align" if env == "eqnarray" else env
    if env == "eqnarray":  # `a &=& b`: the middle column is the relation
        out = [r.replace("&", "", 1) if r.count("&") >= 2 else r for r in out]
    tex = rf"\begin{{{target}*}}{colspec}" + r" \\ ".join(out) + rf"\end{{{target}*}}"
    return tex, shown, labels


def _display(formula: Formula, tex: str, numbering: _Numbering) -> tuple[str, list[str], list[str]]:
    """One number (or none) for the whole display."""
    m = _ENV.match(tex)
    env, star = (m.group(1), m.group(2)) if m else (None, "")
    if m and env in NUMBERED_MULTI:
        return _rows_numbered(m, numbering)
    inner = tex
    numbered = False
    if m and env in NUMBERED_SINGLE:
        inner = m.group(4)
        if env == "multline":
            inner = r"\begin{gathered}" + inner + r"\end{gathered}"
        numbered = not star
    rows = split_rows(inner)
    while len(rows) > 1 and not rows[-1].strip():
        rows.pop()
    if len(rows) > 1 and not _ENV.match(inner):
        inner = r"\begin{gathered}" + r" \\ ".join(rows) + r"\end{gathered}"
    elif len(rows) == 1:
        inner = rows[0]
    labels = [label.strip() for label in _LABEL.findall(inner)]
    if formula.label:
        labels.append(formula.label)
    tag = _TAG.search(inner)
    skip = bool(_NONUMBER.search(inner))
    inner = _TAG.sub("", _LABEL.sub("", _NONUMBER.sub("", inner))).strip()
    number: str | None = None
    suffix = ""
    shown: list[str] = []
    eqno = formula.eqno.strip() if formula.eqno is not None else None
    if tag:
        number = tag.group(2)
        suffix = rf"\tag*{{{number}}}" if tag.group(1) else _tag(number)
        shown.append(_shown(tag))
    elif eqno and _NUMERIC.match(eqno):
        number = eqno
        suffix = _tag(number)
        shown.append(f"({number})")
    elif (numbered and not skip) or labels or eqno:
        number = numbering.next()
        suffix = _tag(number)
        shown.append(f"({number})")
    if eqno and not _NUMERIC.match(eqno):
        labels.append(eqno)
    if number is not None:
        for label in labels:
            numbering.labels[label] = number
    return (inner + (" " + suffix if suffix else "")).strip(), shown, labels


def plan_page(
    formulas: Sequence[Formula],
    macros: Mapping[str, str] | None = None,
    defaults: Mapping[str, str] = DEFAULT_MACROS,
) -> PagePlan:
    """Numbers, labels, references and macros for every formula of one page, in order.

    `macros` are the site's and the post's (name with or without its backslash); a
    formula's own definitions apply to the whole page, as MathJax's do once it has run."""
    all_macros = dict(defaults)
    all_macros.update({_macro_name(k): v for k, v in (macros or {}).items()})
    numbering = _Numbering()
    first: list[tuple[str, list[str], list[str], list[str]]] = []
    for formula in formulas:
        warnings: list[str] = []
        try:
            tex, defined = extract_definitions(formula.tex)
        except TexSyntaxError as exc:
            first.append((formula.tex.strip(), [], [], [str(exc)]))
            continue
        all_macros.update(defined)
        tex = tex.strip()
        if not formula.display:
            first.append((tex, [], [], warnings))
            continue
        try:
            tex, shown, labels = _display(formula, tex, numbering)
        except TexSyntaxError as exc:
            warnings.append(str(exc))
            shown, labels = [], []
        first.append((tex, shown, labels, warnings))
    planned: list[Planned] = []
    for formula, (tex, shown, labels, warnings) in zip(formulas, first, strict=True):
        unknown: list[str] = []
        only = None if formula.display else _ONLY_REF.match(tex)

        def number_of(m: re.Match[str], unknown: list[str] = unknown) -> str:
            found = numbering.labels.get(m.group(2).strip())
            if found is None:
                unknown.append(m.group(2).strip())
                found = "??"
            return rf"\text{{({found})}}" if m.group(1) == "eqref" else rf"\text{{{found}}}"

        tex = _LABEL.sub("", _REF.sub(number_of, tex))  # a label in inline math shows nothing
        warnings = warnings + [f"`\\eqref{{{k}}}`: no equation has this label" for k in unknown]
        ref = (only.group(1), only.group(2).strip()) if only is not None else None
        planned.append(Planned(tex, tuple(shown), tuple(labels), ref, tuple(warnings)))
    return PagePlan(tuple(planned), all_macros, dict(numbering.labels))


def _macro_name(name: str) -> str:
    """`R` and `\\R` both name the macro `\\R` (mlguide.yml keys are easier without it)."""
    name = name.strip()
    return name if name.startswith("\\") else "\\" + name
