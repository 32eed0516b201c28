"""Semantic colours (colour-blind safe, Okabe-Ito) and the base layout every chart shares."""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from shafaf.fmt import BIDI_CONTROLS, CHART_SEPARATORS

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = [[0.0, "#f7fbff"], [0.35, "#9ecae1"], [0.7, "#3182bd"], [1.0, "#08306b"]]
NO_DATA = "#d9d9d9"
# Streamlit's own Source Sans for English; for Urdu and Pashto the Noto Naskh Arabic the app serves
# from static/fonts (shafaf/ui/rtl.py declares it), Latin letters falling through to Source Sans
FONT_LTR = '"Source Sans", "Source Sans Pro", "Segoe UI", Arial, sans-serif'
FONT_RTL = (
    '"Noto Naskh Arabic", "Source Sans", "Source Sans Pro", "Noto Sans Arabic", "Segoe UI", Tahoma, Arial, sans-serif'
)

STAGE_COLORS = {
    "planned": "#bdbdbd",
    "pilot": "#E69F00",
    "live": "#0072B2",
    "scaled": "#009E73",
    "retired": "#7f7f7f",
}
MILESTONE_COLORS = {
    "done_on_time": "#009E73",
    "done_late": "#E69F00",
    "overdue": "#D55E00",
    "upcoming": "#56B4E9",
    "cancelled": "#7f7f7f",
    "withdrawn_overdue": "#CC79A7",  # left out of a later package while overdue: counted as missed
}
# citizens' answers (Okabe-Ito, colour-blind safe; the legend and bar text carry the answer in words)
FEEDBACK_COLORS = {"works": "#009E73", "partly": "#E69F00", "does_not": "#D55E00"}
STATUS_COLORS = {
    "planned": "#bdbdbd",
    "in_progress": "#56B4E9",
    "live": "#0072B2",
    "paused": "#E69F00",
    "cancelled": "#7f7f7f",
}


LABEL_MAX = 60  # characters of package text on an axis, a tile or a legend; the table has it all
TITLE_MAX = 200
HOVER_WIDTH = 40  # characters per line of a hover's whole text
# A category label on an axis is wrapped into at most WRAP_LINES lines of about WRAP_WIDTH characters
# (about 130 px of 13 px Naskh or Source Sans): the rest of a 390 px phone is left for the bars. The full
# text is in the hover and in the chart's table.
WRAP_WIDTH = 18
WRAP_LINES = 2
# The margin beside category labels (bars' names) is set from their text here, not left to Plotly's
# automargin alone: Plotly measures the labels once, when it first draws, and in Urdu and Pashto that is
# often before the served Naskh font has loaded (no system font has the letters), so the margin came out
# 20-30 px and the labels were cut to two or three letters. A floor of LABEL_PX_PER_CHAR per character of
# the longest line (13 px Naskh and Source Sans average under 7 px) keeps them whole; automargin still
# grows it. At most LABEL_MARGIN_MAX px, about 40% of a 390 px phone, which WRAP_WIDTH already respects.
LABEL_PX_PER_CHAR = 7.2
LABEL_MARGIN_PAD = 14
LABEL_MARGIN_MAX = 160
# a category row's height: ROW_LINE px per line of its label (13 px text) and ROW_PAD between rows;
# CHART_FRAME is the title, the number axis and the legend around the plot. Urdu and Pashto letters in
# Naskh reach far above and below a Latin line (a 13 px line of "محکمہ" draws about 22 px high), so a
# right-to-left chart gives each label line ROW_LINE_RTL px.
ROW_LINE = 16
ROW_LINE_RTL = 24
ROW_PAD = 8
CHART_FRAME = 130
# An x axis's title sits TITLE_STANDOFF px below its tick labels, in a bottom margin of at least X_TITLE_MARGIN
# px: Plotly places the title once, from the labels as first drawn; in Urdu and Pashto the digits are then
# redrawn in the served Naskh (taller than the fallback), and a title 8 px below them ended up over them.
TITLE_STANDOFF = 18
X_TITLE_MARGIN = 96  # tick labels, the standoff and two lines of title
X_TITLE_WIDTH = 24  # an x axis's title is broken into lines of this many characters (plot is ~170 px on a phone)
# Money ("25,000,000" is about 70 px) gets at most MONEY_TICKS ticks, level, so they neither overlap nor turn
MONEY_TICKS = 3
MONEY_TICK_GAP = 16  # px between two amounts' labels
MONEY_PAD = 1.05  # the axis runs a little past the longest bar
# Plotly turns crowded tick labels by 30 degrees, then 90; never 90 (a count on its side is unreadable)
TICK_ANGLES = [0, 30]


def shorten(text: str, limit: int) -> str:
    """Text of at most `limit` characters: the start and the end joined by an ellipsis (ids stay)."""
    if len(text) <= limit:
        return text
    tail = min(20, limit // 3)
    return text[: limit - tail - 1] + "…" + text[-tail:]


def plain(text: Any, limit: int = LABEL_MAX) -> str:
    """Package text made inert for Plotly (which renders <a>, <b>, <br>), without bidi controls, shortened."""
    return html.escape(shorten(BIDI_CONTROLS.sub("", str(text)), limit), quote=True)


def _rows(words: list[str], width: int) -> list[str]:
    rows: list[str] = []
    for word in words:
        while len(word) > width:  # a word longer than a line is cut at the line's width
            rows, word = [*rows, word[:width]], word[width:]
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        elif word:
            rows.append(word)
    return rows


def wrap(text: Any, width: int = WRAP_WIDTH, lines: int = WRAP_LINES) -> str:
    """Package text for an axis: inert (as `plain`), broken at spaces into at most `lines` lines of about `width`.
    Text that does not fit is shortened first (its start and end kept, as `shorten`); a last line may run a word long.
    """
    clean = BIDI_CONTROLS.sub("", str(text)).strip()
    rows = _rows(clean.split(), width)
    if len(rows) > lines:
        rows = _rows(shorten(clean, width * lines).split(), width)
        rows = [*rows[: lines - 1], " ".join(rows[lines - 1 :])]
    return "<br>".join(html.escape(r, quote=True) for r in rows)


def axis_labels(values: Any, width: int = WRAP_WIDTH, lines: int = WRAP_LINES) -> list[str]:
    """`wrap` of each value, kept distinct: two texts that wrap alike get a zero-width space each (one bar each)."""
    out: list[str] = []
    first: dict[str, str] = {}
    for v in values:
        label = wrap(v, width, lines)
        while label in first and first[label] != str(v):
            label += "\u200b"
        first.setdefault(label, str(v))
        out.append(label)
    return out


def full_text(values: Any) -> list[str]:
    """The whole text of each value for a hover (customdata): inert, bidi controls dropped, up to TITLE_MAX,
    in lines of HOVER_WIDTH (a hover wider than a phone's screen is cut off; a long word is broken too)."""
    return [wrap(v, HOVER_WIDTH, TITLE_MAX // HOVER_WIDTH) for v in values]


# Texts written beside a bar's end (days late, months behind) need room inside the chart: the value axis
# runs past the longest bar by the px the longest text line takes, judged on a 390 px phone, where a chart
# is PHONE_PAPER px wide (measured in Chromium) and its plot that less the label margin and the other margin.
# The texts are broken into lines of BAR_TEXT_WIDTH characters (Urdu's "396 دن کی تاخیر (رکاوٹ کا شکار)" on
# one line was wider than the whole plot) and drawn a little smaller than the labels.
PHONE_PAPER = 326
OTHER_MARGIN = 10
TEXT_PX_PER_CHAR = 6.0  # 12 px Source Sans and Naskh measured 5.4 px a character
TEXT_PAD = 12
BAR_TEXT_WIDTH = 16
BAR_TEXT_LINES = 3
BAR_TEXT_SIZE = 12
HEADROOM_MAX = 4.0  # the longest bar keeps at least a fifth of the plot


def count_step(top: float, most: int = 6) -> int | None:
    """A whole-number tick step for a count axis running to `top`: at most `most` steps up to 10; None above."""
    if top > 10:
        return None  # Plotly's own steps (shown as whole numbers)
    return next(step for step in (1, 2, 5, 10) if top / step <= most)


def count_axis(fig: go.Figure, counts: Any, axis: str = "x", *, top: float | None = None) -> None:
    """A count axis: whole numbers only (step 1, 2 or 5 up to 10, never 0.5), from zero; `top` the axis's end."""
    if top is None:
        top = max((float(c) for c in counts if not pd.isna(c)), default=0.0)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickformat=",d", rangemode="tozero", dtick=count_step(top), tick0=0)


# A date axis has at most DATE_TICKS ticks ("2026-01" is about 50 px; a 390 px phone's plot beside its labels
# is about 200 px): the step in months is the least of MONTH_STEPS that keeps to it; whole years are "2026".
DATE_TICKS = 4
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)


def month_step(dates: Any, most: int = DATE_TICKS) -> tuple[int, str]:
    """(months between ticks, tick format) for a date axis spanning `dates`: at most `most` ticks."""
    ds = [d for d in pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce") if not pd.isna(d)]
    if not ds:
        return 1, "%Y-%m"
    first, last = min(ds), max(ds)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    # "2026" is about 28 px, "2026-01" about 40 px: one tick fewer for months
    step = next((m for m in MONTH_STEPS if span / m <= (most if m % 12 == 0 else most - 1)), MONTH_STEPS[-1])
    return step, "%Y" if step % 12 == 0 else "%Y-%m"


def date_axis(fig: go.Figure, dates: Any) -> None:
    """An x axis of dates with at most DATE_TICKS level ticks, from the first of a month (January for years)."""
    step, fmt = month_step(dates)
    fig.update_xaxes(dtick=f"M{step}", tick0="2000-01-01", tickformat=fmt, autotickangles=[0], tickangle=0)


def nice_step(span: float, steps: int) -> float:
    """The least step of 1, 2, 2.5 or 5 times a power of ten (whole, at least 1) covering `span` in at most `steps`."""
    if span <= 0:
        return 1.0
    rough = span / max(steps, 1)
    power = 10.0 ** max(0, math.floor(math.log10(rough)))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough * (1 - 1e-9) and (m * power) % 1 == 0)


def money_ticks(top: float, label_px: int) -> tuple[float, float, int]:
    """(tick step, axis end, far margin) for an amount axis from 0 to `top` on a phone, its bars' names `label_px` wide.

    Ticks are level and each needs its widest label ("400,000,000" at LABEL_PX_PER_CHAR) and MONEY_TICK_GAP px;
    the plot is PHONE_PAPER less the names and the far margin, which holds half the widest label (Plotly hides
    a tick label that would run out of the chart, and the last tick sits near the far end). Plotly's nticks=3
    still wrote "200,000,000" and "400,000,000" into each other there. At least two ticks (0 and one step), at
    most MONEY_TICKS; the axis runs to the last step when one step covers every amount (so that tick is drawn).
    """
    end = max(top, 0.0) * MONEY_PAD or 1.0
    step, axis_end, room = end, end, OTHER_MARGIN
    for n in range(MONEY_TICKS, 1, -1):  # the most ticks that fit
        step = nice_step(end, n - 1)
        axis_end = max(end, step)
        widest = len(f"{(axis_end // step) * step:,.0f}") * LABEL_PX_PER_CHAR
        room = max(OTHER_MARGIN, math.ceil(widest / 2) + 4)
        plot = max(PHONE_PAPER - room - label_px, 80)
        if plot * step / axis_end >= widest + MONEY_TICK_GAP:
            break
    return step, axis_end, room


def money_axis(fig: go.Figure, currency: str) -> int:
    """The x axis of amounts: whole numbers with separators, level ticks spaced for a phone (money_ticks), the
    currency as title. Returns the far side's margin, to set after base_layout (which resets the margins)."""
    amounts = [
        float(x)
        for tr in fig.data
        for x in (() if getattr(tr, "x", None) is None else tr.x)
        if isinstance(x, (int, float)) and not isinstance(x, bool) and x == x
    ]
    step, end, room = money_ticks(max(amounts, default=0.0), label_margin(category_labels(fig)))
    rtl = fig.layout.xaxis.autorange == "reversed"
    fig.update_xaxes(
        title=axis_title(currency),
        tickformat=",",
        tick0=0,
        dtick=step,
        range=[end, 0] if rtl else [0, end],
        autorange=False,
        tickangle=0,
        autotickangles=[0],
    )
    return room


def axis_title(text: Any) -> str:
    """An x axis's title: inert, in lines of X_TITLE_WIDTH characters (two at most), so it fits a phone's plot."""
    return wrap(text, X_TITLE_WIDTH, 2)


def end_text_range(values: Any, texts: Any, label_px: int) -> float:
    """The value axis's end so that each text, written beyond its bar's end, stays inside a phone's plot.

    The plot is PHONE_PAPER - OTHER_MARGIN - label_px wide; a bar of value v ends at v / end of it, and its text
    needs its longest line x TEXT_PX_PER_CHAR + TEXT_PAD px after that. The end is the least that fits every
    bar, at most (1 + HEADROOM_MAX) x the longest bar, and never below it.
    """
    plot = max(PHONE_PAPER - OTHER_MARGIN - label_px, 80)
    pairs = [(float(v), text_px(t)) for v, t in zip(values, texts, strict=True) if not pd.isna(v)]
    top = max((v for v, _ in pairs), default=0.0) or 1.0
    end = top
    for v, px in pairs:
        room = plot - px
        end = max(end, v * plot / room if room > 0 else top * (1 + HEADROOM_MAX))
    return min(end, top * (1 + HEADROOM_MAX))


def text_px(text: str) -> float:
    """The px a bar's text takes: its longest line at TEXT_PX_PER_CHAR, and TEXT_PAD."""
    lines = html.unescape(str(text)).split("<br>")
    return max(len(line) for line in lines) * TEXT_PX_PER_CHAR + TEXT_PAD


def bar_texts(texts: Any) -> list[str]:
    """Bar texts made inert and broken into lines of about BAR_TEXT_WIDTH characters (at most BAR_TEXT_LINES)."""
    return [wrap(t, BAR_TEXT_WIDTH, BAR_TEXT_LINES) for t in texts]


def end_texts(fig: go.Figure, values: Any, texts: Any, *, rtl: bool) -> None:
    """Bar texts beyond the bars' ends, on a value axis long enough to hold them (see end_text_range)."""
    end = end_text_range(values, texts, label_margin(category_labels(fig)))
    fig.update_traces(
        textposition="outside", cliponaxis=False, textangle=0, textfont_size=BAR_TEXT_SIZE, selector={"type": "bar"}
    )
    fig.update_xaxes(range=[end, 0] if rtl else [0, end], autorange=False)


def axis_note(fig: go.Figure, text: str, *, rtl: bool = False) -> go.Figure:
    """The y axis's title written level, above the plot area on the axis's side (never turned, never over the ticks)."""
    if text:
        fig.add_annotation(
            text=plain(text),
            xref="paper",
            yref="paper",
            x=1.0 if rtl else 0.0,
            y=1.0,
            xanchor="right" if rtl else "left",
            yanchor="bottom",
            yshift=4,
            showarrow=False,
        )
        fig.update_layout(margin={"t": 74})
    return fig


def base_layout(fig: go.Figure, title: str, *, rtl: bool = False, height: int = 380) -> go.Figure:
    """Title, fonts, margins, legend placement and number marks shared by every chart."""
    # "1,200,000" in every language, as tables and sentences write it: Plotly's own "1.2M" / "800k" is English
    fig.update_xaxes(exponentformat="none", separatethousands=True)
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    fig.update_layout(
        separators=CHART_SEPARATORS,
        title={"text": plain(title, TITLE_MAX), "x": 1.0 if rtl else 0.0, "xanchor": "right" if rtl else "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT_RTL if rtl else FONT_LTR, "size": 13},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": -0.3,
            "x": 1.0 if rtl else 0.0,
            "xanchor": "right" if rtl else "left",
        },
        colorway=OKABE_ITO,
        hoverlabel={"align": "right" if rtl else "left"},
        template="plotly_white",
    )
    # margins grow to fit tick labels and axis titles, whatever the language and the width
    angles = TICK_ANGLES if fig.layout.xaxis.autotickangles is None else fig.layout.xaxis.autotickangles
    fig.update_xaxes(automargin=True, autotickangles=angles, title_standoff=8)
    fig.update_yaxes(automargin=True, title_standoff=8)
    if fig.layout.xaxis.title.text:  # room below for the ticks and the title, whatever font draws them
        fig.update_xaxes(title_standoff=TITLE_STANDOFF)
        fig.update_layout(margin={"b": X_TITLE_MARGIN})
    labels = category_labels(fig)
    floor = label_margin(labels)
    if floor:
        fig.update_layout(margin={"r" if rtl else "l": floor})
        texts = [
            t for tr in fig.data if tr.type == "bar" and tr.text is not None for t in tr.text if isinstance(t, str)
        ]
        lines = max((t.count("<br>") + 1 for t in texts), default=1)  # a bar's text needs its row too
        fig.update_layout(height=max(height, label_rows_height(labels, rtl=rtl, min_lines=lines)))
    else:  # a number axis: room for its longest tick ("10,000,000"), measured before the font loads too
        top = max((abs(float(y)) for y in number_values(fig)), default=0.0)
        if top >= 1000:
            fig.update_layout(margin={"r" if rtl else "l": label_margin([f"{top * 1.25:,.0f}"])})
    return fig


def number_values(fig: go.Figure) -> list[float]:
    """The numbers on a figure's y axis: the y values of its line and column traces."""
    out: list[float] = []
    for trace in fig.data:
        if getattr(trace, "type", "") not in ("scatter", "bar") or getattr(trace, "orientation", None) == "h":
            continue
        ys = getattr(trace, "y", None)
        for y in () if ys is None else list(ys):
            if isinstance(y, (int, float)) and not isinstance(y, bool) and y == y:
                out.append(float(y))
    return out


def label_rows_height(labels: list[str], *, rtl: bool = False, min_lines: int = 1) -> int:
    """The figure height at which every category row has room for its label's lines (wrapped labels of
    neighbouring bars overlapped at 28 px a row): ROW_PAD + ROW_LINE (ROW_LINE_RTL in Urdu and Pashto) px
    per line, plus the chart's frame."""
    rows = len(dict.fromkeys(labels))
    lines = max([min_lines, *(text.count("<br>") + 1 for text in labels)])
    return CHART_FRAME + rows * (ROW_PAD + (ROW_LINE_RTL if rtl else ROW_LINE) * lines)


def category_labels(fig: go.Figure) -> list[str]:
    """The text labels on a figure's y axis: the y values of its traces when they are words (bars' names)."""
    out: list[str] = []
    for trace in fig.data:
        ys = getattr(trace, "y", None)
        if ys is None or getattr(trace, "type", "") not in ("bar", "heatmap", "scatter", "box"):
            continue
        words = [y for y in ys if isinstance(y, str)]
        if words and len(words) == len(ys):
            out += words
    return out


def label_margin(labels: list[str]) -> int:
    """The px a y axis's labels need beside the plot: their longest line at LABEL_PX_PER_CHAR, capped; 0 for none."""
    longest = max((len(line) for text in labels for line in html.unescape(text).split("<br>")), default=0)
    if not longest:
        return 0
    return min(LABEL_MARGIN_MAX, round(longest * LABEL_PX_PER_CHAR) + LABEL_MARGIN_PAD)


def with_month_gaps(values: pd.DataFrame) -> pd.DataFrame:
    """month/value rows over every month of their range, so a month without data is a gap, not a zero."""
    v = values.assign(month=pd.to_datetime(values["month"])).sort_values("month")
    if v.empty:
        return v
    months = pd.date_range(v["month"].min(), v["month"].max(), freq="MS")
    return v.set_index("month")[["value"]].reindex(months).rename_axis("month").reset_index()


def count_bar_chart(
    counts: pd.DataFrame, key: str, colors: dict[str, str], title: str, *, rtl: bool, height: int
) -> go.Figure:
    """Horizontal bars of counts per class; `counts` has `key`, label (the words) and count."""
    fig = go.Figure(
        go.Bar(
            x=counts["count"],
            y=axis_labels(counts["label"]),
            customdata=full_text(counts["label"]),
            orientation="h",
            marker_color=[colors.get(c, "#999999") for c in counts[key]],
            text=counts["count"],
            textposition="auto",
            textangle=0,
            hovertemplate="%{customdata}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    count_axis(fig, counts["count"])
    return base_layout(fig, title, rtl=rtl, height=height)
