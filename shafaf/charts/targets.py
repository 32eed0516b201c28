"""Targets: the actual trajectory of a metric against its target points, and on-track counts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, OKABE_ITO, axis_note, base_layout, count_bar_chart, plain, with_month_gaps

TARGET_COLORS = {"on_track": "#009E73", "off_track": "#D55E00", "no_data": NO_DATA}


def targets_trajectory_line_chart(
    actuals: pd.DataFrame,
    points: pd.DataFrame,
    title: str,
    *,
    actual_name: str,
    target_name: str,
    y_title: str = "",
    rtl: bool = False,
) -> go.Figure:
    """The actual monthly values (a line with gaps for missing months) and the target points joined by a dashed line.

    `actuals` and `points` have month and value.
    """
    a = with_month_gaps(actuals)
    p = points.assign(month=pd.to_datetime(points["month"])).sort_values("month")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=a["month"],
            y=a["value"].astype("float64"),
            mode="lines",
            name=plain(actual_name),
            line={"color": OKABE_ITO[0], "width": 2},
            connectgaps=False,
            hovertemplate=plain(actual_name) + " %{x|%Y-%m}: %{y:,.4~g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=p["month"],
            y=p["value"].astype("float64"),
            mode="lines+markers",
            name=plain(target_name),
            line={"color": OKABE_ITO[5], "width": 2, "dash": "dash"},
            marker={"symbol": "diamond", "size": 9},
            hovertemplate=plain(target_name) + " %{x|%Y-%m}: %{y:,.4~g}<extra></extra>",
        )
    )
    fig.update_xaxes(autorange="reversed" if rtl else True, tickformat="%Y-%m")
    fig.update_yaxes(title=None, side="right" if rtl else "left", rangemode="tozero")
    return axis_note(base_layout(fig, title, rtl=rtl, height=320), y_title, rtl=rtl)


def targets_status_bar_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Horizontal bars of target series per status; `counts` has status, label, count (labels carry the words)."""
    return count_bar_chart(counts, "status", TARGET_COLORS, title, rtl=rtl, height=240)
