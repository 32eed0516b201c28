"""Adoption metric charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import OKABE_ITO, base_layout, plain


def metric_trend_line_chart(values: pd.DataFrame, title: str, y_title: str, *, rtl: bool = False) -> go.Figure:
    """A metric over months; `values` has month and value (months without data are gaps, not zeros)."""
    v = values.assign(month=pd.to_datetime(values["month"])).sort_values("month")
    if not v.empty:  # every month in the range, so a month without data shows as a gap
        months = pd.date_range(v["month"].min(), v["month"].max(), freq="MS")
        v = v.set_index("month").reindex(months).rename_axis("month").reset_index()
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
    fig.update_yaxes(title=plain(y_title), side="right" if rtl else "left", rangemode="tozero")
    return base_layout(fig, title, rtl=rtl, height=300)
