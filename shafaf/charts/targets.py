"""Targets: the actual trajectory of a metric against its target points, and on-track counts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, OKABE_ITO, base_layout, plain

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
    a = actuals.assign(month=pd.to_datetime(actuals["month"])).sort_values("month")
    if not a.empty:  # every month in the range, so a month without data shows as a gap, not a zero
        months = pd.date_range(a["month"].min(), a["month"].max(), freq="MS")
        a = a.set_index("month")[["value"]].reindex(months).rename_axis("month").reset_index()
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
    fig.update_yaxes(title=plain(y_title) or None, side="right" if rtl else "left", rangemode="tozero")
    return base_layout(fig, title, rtl=rtl, height=320)


def targets_status_bar_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Horizontal bars of target series per status; `counts` has status, label, count (labels carry the words)."""
    fig = go.Figure(
        go.Bar(
            x=counts["count"],
            y=[plain(label) for label in counts["label"]],
            orientation="h",
            marker_color=[TARGET_COLORS.get(s, "#999999") for s in counts["status"]],
            text=counts["count"],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    return base_layout(fig, title, rtl=rtl, height=240)
