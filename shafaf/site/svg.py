"""Charts of the static edition, drawn as SVG on the server from a card's table (no JavaScript).

A card's JSON twin says what kind of chart it is (`chart.kind`) and carries its table; this module draws
a horizontal bar chart for "bar" and a line chart for "line" from that table alone, so any page's cards
get a chart without page-specific code. Other kinds return None (the page shows the table only).

Right-to-left pages mirror the drawing (bars grow from the right, time runs right to left) and set
`direction="rtl"` on the text: with the x positions mirrored, the same `text-anchor` names then anchor
the mirrored side. Labels are wrapped onto more lines, never cut: the drawing grows to fit them.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from typing import Any

WIDTH = 400  # viewBox units; the SVG scales to the page's width (a 390 px phone shows ~1 px per unit)
FONT = 12
LINE_H = 15
LABEL_CHARS = 22  # a bar's label wraps past this many characters
BAR_COLOUR = "#1f5f8b"  # the theme's primary blue: 7:1 on white
AXIS_COLOUR = "#555"


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def wrap(text: str, width: int = LABEL_CHARS) -> list[str]:
    """`text` on lines of at most `width` characters where it has spaces; a longer word keeps its own line."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * exp:
            return float(step * exp)
    return float(10 * exp)


def _text(x: float, y: float, content: str, anchor: str, rtl: bool, extra: str = "") -> str:
    direction = ' direction="rtl"' if rtl else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{direction}{extra}>{content}</text>'


def bar_svg(
    title: str, labels: Sequence[str], values: Sequence[float | None], shown: Sequence[str], rtl: bool = False
) -> str:
    """A horizontal bar chart: one bar per label, its value written at the bar's end (`shown`, as formatted)."""
    mx: Callable[[float], float] = (lambda x: WIDTH - x) if rtl else (lambda x: x)
    label_w, gap, value_w = 150.0, 6.0, 84.0
    bar_x0 = label_w + gap
    bar_w = WIDTH - bar_x0 - value_w
    top = 0.0
    vmax = _nice_max(max([float(v) for v in values if v is not None] or [0.0]))
    parts: list[str] = []
    for label, value, text in zip(labels, values, shown, strict=True):
        lines = wrap(label)
        h = max(22.0, LINE_H * len(lines) + 7)
        y_mid = top + h / 2
        first = y_mid - LINE_H * (len(lines) - 1) / 2 + FONT / 3
        tspans = "".join(
            f'<tspan x="{mx(label_w):.1f}" y="{first + i * LINE_H:.1f}">{_esc(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(_text(mx(label_w), first, tspans, "end", rtl))
        length = 0.0 if value is None else max(0.0, float(value)) / vmax * bar_w
        x_a, x_b = sorted((mx(bar_x0), mx(bar_x0 + length)))
        parts.append(
            f'<rect x="{x_a:.1f}" y="{y_mid - 7:.1f}" width="{x_b - x_a:.1f}" height="14" fill="{BAR_COLOUR}">'
            f"<title>{_esc(label)}: {_esc(text)}</title></rect>"
        )
        parts.append(_text(mx(bar_x0 + length + 4), y_mid + FONT / 3, _esc(text), "start", rtl))
        top += h
    return _svg(title, top + 4, parts)


def line_svg(
    title: str,
    x_labels: Sequence[str],
    values: Sequence[float | None],
    shown: Sequence[str],
    rtl: bool = False,
    tick: Callable[[float], str] = str,
) -> str:
    """A line chart of one series in order (`x_labels` oldest first): its first and last x labels, 0 and a top value (`tick`)."""
    mx: Callable[[float], float] = (lambda x: WIDTH - x) if rtl else (lambda x: x)
    left, right, top, bottom = 76.0, 12.0, 10.0, 150.0  # left: room for "20,000,000"
    nums = [float(v) for v in values if v is not None]
    vmin = min([0.0, *nums])
    vmax = _nice_max(max([0.0, *nums]))
    span = (vmax - vmin) or 1.0
    n = len(values)

    def px(i: int) -> float:
        return mx(left + (WIDTH - left - right) * (i / (n - 1) if n > 1 else 0.5))

    def py(v: float) -> float:
        return bottom - (bottom - top) * (v - vmin) / span

    parts = [
        f'<line x1="{mx(left):.1f}" y1="{bottom}" x2="{mx(WIDTH - right):.1f}" y2="{bottom}" stroke="{AXIS_COLOUR}"/>',
        f'<line x1="{mx(left):.1f}" y1="{top}" x2="{mx(left):.1f}" y2="{bottom}" stroke="{AXIS_COLOUR}"/>',
        _text(mx(left - 4), bottom + FONT / 3, _esc(tick(vmin)), "end", rtl),
        _text(mx(left - 4), top + FONT / 3, _esc(tick(vmax)), "end", rtl),
    ]
    points = [(px(i), py(float(v))) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{BAR_COLOUR}" stroke-width="2"/>')
    for i, (v, label, text) in enumerate(zip(values, x_labels, shown, strict=True)):
        if v is not None:
            parts.append(
                f'<circle cx="{px(i):.1f}" cy="{py(float(v)):.1f}" r="3" fill="{BAR_COLOUR}">'
                f"<title>{_esc(label)}: {_esc(text)}</title></circle>"
            )
    if n:
        parts.append(_text(px(0), bottom + 16, _esc(x_labels[0]), "start", rtl))
        if n > 1:
            parts.append(_text(px(n - 1), bottom + 16, _esc(x_labels[-1]), "end", rtl))
    return _svg(title, bottom + 24, parts)


def _svg(title: str, height: float, parts: list[str]) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'font-size="{FONT}" overflow="visible" class="chart"><title>{_esc(title)}</title>{"".join(parts)}</svg>'
    )
