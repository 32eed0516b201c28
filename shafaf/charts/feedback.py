"""Feedback chart: how many people said a service works, partly works or does not, per month."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import FEEDBACK_COLORS, base_layout, plain
from shafaf.feedback.model import ANSWERS


def feedback_month_bar_chart(
    counts: pd.DataFrame, labels: Mapping[str, str], month_labels: list[str], title: str, *, rtl: bool = False
) -> go.Figure:
    """Stacked bars per month, one trace per answer; `counts` is view.month_counts' frame, `month_labels` its months shown."""
    fig = go.Figure()
    for answer in ANSWERS:
        label = plain(labels[answer])
        fig.add_trace(
            go.Bar(
                x=month_labels,
                y=counts[answer].tolist(),
                name=label,
                marker_color=FEEDBACK_COLORS[answer],
                hovertemplate="%{x}<br>" + label + ": %{y}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", autorange="reversed" if rtl else True, title=None)
    # whole answers only: a fractional tick ("0.2") means nothing here, and its label was cut off
    most = int(counts["total"].max()) if len(counts) else 0
    fig.update_yaxes(
        side="right" if rtl else "left", title=None, rangemode="tozero", tickformat=",d", dtick=1 if most <= 8 else None
    )
    return base_layout(fig, title, rtl=rtl, height=320)
