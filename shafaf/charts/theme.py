"""Semantic colours (colour-blind safe, Okabe-Ito) and the base layout every chart shares."""

from __future__ import annotations

import html
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
# CHART_FRAME is the title, the number axis and the legend around the plot
ROW_LINE = 16
ROW_PAD = 8
CHART_FRAME = 130
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


def axis_labels(values: Any) -> list[str]:
    """`wrap` of each value, kept distinct: two texts that wrap alike get a zero-width space each (one bar each)."""
    out: list[str] = []
    first: dict[str, str] = {}
    for v in values:
        label = wrap(v)
        while label in first and first[label] != str(v):
            label += "\u200b"
        first.setdefault(label, str(v))
        out.append(label)
    return out


def full_text(values: Any) -> list[str]:
    """The whole text of each value for a hover (customdata): inert, bidi controls dropped, up to TITLE_MAX,
    in lines of HOVER_WIDTH (a hover wider than a phone's screen is cut off; a long word is broken too)."""
    return [wrap(v, HOVER_WIDTH, TITLE_MAX // HOVER_WIDTH) for v in values]


def count_axis(fig: go.Figure, counts: Any, axis: str = "x") -> None:
    """A count axis: whole numbers only (step 1 up to 10, never 0.5), from zero."""
    top = max((float(c) for c in counts if not pd.isna(c)), default=0.0)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickformat=",d", rangemode="tozero", dtick=1 if top <= 10 else None, tick0=0)


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
    fig.update_xaxes(automargin=True, autotickangles=TICK_ANGLES, title_standoff=8)
    fig.update_yaxes(automargin=True, title_standoff=8)
    labels = category_labels(fig)
    floor = label_margin(labels)
    if floor:
        fig.update_layout(margin={"r" if rtl else "l": floor})
        fig.update_layout(height=max(height, label_rows_height(labels)))
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


def label_rows_height(labels: list[str]) -> int:
    """The figure height at which every category row has room for its label's lines (wrapped labels of
    neighbouring bars overlapped at 28 px a row): ROW_PAD + ROW_LINE px per line, plus the chart's frame."""
    rows = len(dict.fromkeys(labels))
    lines = max((text.count("<br>") + 1 for text in labels), default=1)
    return CHART_FRAME + rows * (ROW_PAD + ROW_LINE * lines)


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
