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


def shorten(text: str, limit: int) -> str:
    """Text of at most `limit` characters: the start and the end joined by an ellipsis (ids stay)."""
    if len(text) <= limit:
        return text
    tail = min(20, limit // 3)
    return text[: limit - tail - 1] + "…" + text[-tail:]


def plain(text: Any, limit: int = LABEL_MAX) -> str:
    """Package text made inert for Plotly (which renders <a>, <b>, <br>), without bidi controls, shortened."""
    return html.escape(shorten(BIDI_CONTROLS.sub("", str(text)), limit), quote=True)


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
    return fig


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
            y=[plain(label) for label in counts["label"]],
            orientation="h",
            marker_color=[colors.get(c, "#999999") for c in counts[key]],
            text=counts["count"],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    return base_layout(fig, title, rtl=rtl, height=height)
