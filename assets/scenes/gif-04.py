"""GIF 4, choosing a model (Step 7): the table above it says where to start; this figure
shows the rule under it, "upgrade only when validation metrics justify the complexity".
Candidates come in from the simplest; each is kept only if its validation gain over the
simpler one is bigger than the noise. The one chosen is the simplest that validation
justifies."""

from __future__ import annotations

from dataclasses import dataclass

from mlguide.scene import (
    NARROW_W,
    Animation,
    Canvas,
    Header,
    Pill,
    Rect,
    Step,
    Text,
    at,
    beat,
    box,
    caption,
    fade_in,
    frame_for,
    header,
    hidden,
    label,
    loop,
    measure,
    par,
    pill,
    seq,
    to,
    tween,
    wait,
)

FIGURE = Animation(
    "Choosing a model (Step 7): start simple, upgrade only when validation justifies it",
    file="ml-model-gif-04-choose-model",
    narrow=(NARROW_W, 620),
)
NOISE = 0.01  # validation gains smaller than this are noise
# (model, what it is, validation score); simplest first
CANDIDATES = (
    ("Logistic regression", "linear, explainable", 0.78),
    ("Gradient boosting", "XGBoost / LightGBM", 0.84),
    ("Neural network", "many more knobs", 0.845),
)
CHOSEN = 1  # the simplest candidate whose gain validation justifies


@dataclass(frozen=True)
class Row:
    box: Rect
    name: Text
    detail: Text
    score: Text
    gain: Text
    verdict: Pill


@dataclass(frozen=True)
class Parts:
    header: Header
    headings: tuple[Text, ...]
    rows: tuple[Row, ...]
    chosen: Pill
    rule: tuple[Text, ...]


def verdict(i: int) -> tuple[str, str, str]:
    """(gain text, verdict, colour) of candidate i against the one before it."""
    if i == 0:
        return "the baseline to beat", "start here", "ink"
    gain = CANDIDATES[i][2] - CANDIDATES[i - 1][2]
    text = f"{gain:+.3f}".rstrip("0") + (" on validation" if gain >= NOISE else ": noise")
    return (text, "worth it", "success") if gain >= NOISE else (text, "not worth it", "danger")


def layout(canvas: Canvas) -> Parts:
    f = frame_for(canvas)
    m = f.margin
    head = header(
        "model", "Step 7 · Model", "Start simple; upgrade only when validation says so", frame=f
    )
    rows = []
    if f.narrow:
        top, h, step = head.bottom + 14, 112, 124
        for i, (name, detail, score) in enumerate(CANDIDATES):
            y = top + i * step
            gain, word, token = verdict(i)
            rows.append(
                Row(
                    box(m, y, f.inner, h, fill="surface", stroke="border"),
                    label(m + 18, y + 30, name, f.body, "bold", on="surface", anchor="left"),
                    label(
                        m + 18, y + 58, detail, f.small, color="muted", on="surface", anchor="left"
                    ),
                    label(
                        f.right - 18,
                        y + 30,
                        f"{score:.3f}".rstrip("0"),
                        f.heading,
                        "bold",
                        on="surface",
                        anchor="right",
                    ),
                    label(m + 18, y + 88, gain, f.small, "semibold", on="surface", anchor="left"),
                    pill(
                        f.right - 18,
                        y + 88,
                        word,
                        fill=token,
                        size=f.small,
                        anchor="right",
                        on="surface",
                        color="bg" if token == "ink" else "accent_ink",
                    ),
                )
            )
        headings: tuple[Text, ...] = ()  # each card says what it is
        rule_y = top + 3 * step + 14
    else:
        top, h, step = 182, 84, 100
        xs = (m, 430, 560, f.right)
        for i, (name, detail, score) in enumerate(CANDIDATES):
            y = top + i * step
            gain, word, token = verdict(i)
            rows.append(
                Row(
                    box(m, y, f.inner, h, fill="surface", stroke="border"),
                    label(m + 22, y + 32, name, f.heading, "bold", on="surface", anchor="left"),
                    label(
                        m + 22, y + 60, detail, f.small, color="muted", on="surface", anchor="left"
                    ),
                    label(
                        xs[1] + 90,
                        y + h / 2,
                        f"{score:.3f}".rstrip("0"),
                        f.heading,
                        "bold",
                        on="surface",
                        anchor="right",
                    ),
                    label(xs[2], y + h / 2, gain, f.small, "semibold", on="surface", anchor="left"),
                    pill(
                        xs[3] - 22,
                        y + h / 2,
                        word,
                        fill=token,
                        size=f.small,
                        anchor="right",
                        on="surface",
                        color="bg" if token == "ink" else "accent_ink",
                    ),
                )
            )
        headings = (
            caption(m, top - 22, "Candidate, simplest first", size=f.small),
            caption(xs[1] + 90, top - 22, "Validation", anchor="right", size=f.small),
            caption(xs[2], top - 22, "Gain over the simpler one", size=f.small),
        )
        rule_y = top + 3 * step + 8
    chosen_row = rows[CHOSEN]
    title = chosen_row.name
    chosen = pill(
        title.x + measure(title.text, "bold", title.size) + 14,
        title.y,
        "chosen",
        fill="model",
        size=f.small,
        anchor="left",
        on="surface",
    )
    rows[CHOSEN] = Row(
        box(
            chosen_row.box.x,
            chosen_row.box.y,
            chosen_row.box.w,
            chosen_row.box.h,
            fill="surface",
            stroke="model",
            stroke_width=3,
        ),
        chosen_row.name,
        chosen_row.detail,
        chosen_row.score,
        chosen_row.gain,
        chosen_row.verdict,
    )
    words = f"Gains under {NOISE:g} are noise: not worth the complexity."
    lines = words.split(": ", 1) if f.narrow else [words]
    rule = tuple(
        label(
            m,
            rule_y + k * 26,
            line + (":" if k == 0 and f.narrow else ""),
            f.small,
            "semibold",
            "muted",
            anchor="left",
        )
        for k, line in enumerate(lines)
    )
    return Parts(head, headings, tuple(rows), chosen, rule)


def show(r: Row) -> Step:
    """A candidate is trained: its name, then its score, then the gain and the verdict."""
    return par(
        fade_in((r.box, r.name, r.detail), 250),
        at(450, fade_in(r.score, 250)),
        at(900, fade_in((r.gain, r.verdict), 250)),
    )


def timeline(p: Parts) -> Step:
    chosen = p.rows[CHOSEN]
    return loop(
        seq(
            wait(300),
            *(beat(1700, show(r)) for r in p.rows),
            beat(
                1200,
                tween(chosen.box, 300, stroke="model", stroke_width=3.0),
                at(200, fade_in(p.chosen, 300)),
            ),
            fade_in(p.rule, 300),
        ),
        hold=2000,
        rewind=[
            hidden([(r.box, r.name, r.detail, r.score, r.gain, r.verdict) for r in p.rows]),
            hidden(p.chosen, p.rule),
        ],
        snap=[to(chosen.box, stroke="border", stroke_width=2.0)],
        linger=2200,
    )
