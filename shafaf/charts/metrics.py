"""Adoption metric charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import OKABE_ITO, axis_note, base_layout, with_month_gaps


def metric_trend_line_chart(values: pd.DataFrame, title: str, y_title: str, *, rtl: bool = False) -> go.Figure:
    """A metric over months; `values` has month and value (months without data are gaps, not zeros)."""
    v = with_month_gaps(values)
    fig = go.Figure(
        go.Scatter(
            x=v["month"],
            y=v["value"].astype("float64"),
            mode="lines+markers",
            line={"color": OKABE_ITO[0], "width": 2},
            marker={"size": 5},
            connectgaps=False,
            hovertemplate="%{x|%Y-%m}: %{y:,.4~g}<extra></extra>",
        )
    )
    fig.update_xaxes(autorange="reversed" if rtl else True, tickformat="%Y-%m")
    fig.update_yaxes(title=None, side="right" if rtl else "left", rangemode="tozero")
    return axis_note(base_layout(fig, title, rtl=rtl, height=300), y_title, rtl=rtl)
