"""Milestone charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import MILESTONE_COLORS, base_layout, plain


def milestone_class_bar_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Horizontal bars of milestones per class; `counts` has class, label, count (labels carry the words)."""
    fig = go.Figure(
        go.Bar(
            x=counts["count"],
            y=[plain(label) for label in counts["label"]],
            orientation="h",
            marker_color=[MILESTONE_COLORS.get(c, "#999999") for c in counts["class"]],
            text=counts["count"],
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    return base_layout(fig, title, rtl=rtl, height=260)
