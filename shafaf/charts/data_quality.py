"""Charts about the data itself: freshness and reporting completeness."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import (
    NO_DATA,
    OKABE_ITO,
    axis_labels,
    axis_title,
    bar_texts,
    base_layout,
    count_axis,
    end_texts,
    full_text,
    plain,
)


def freshness_bar_chart(df: pd.DataFrame, title: str, x_title: str, *, rtl: bool = False) -> go.Figure:
    """Months since each department's latest report; df has label, months_behind (NA = never), text."""
    behind = df["months_behind"].astype("Float64")
    months = behind.fillna(0).astype(float)
    texts = bar_texts(df["text"])
    fig = go.Figure(
        go.Bar(
            x=months,
            y=axis_labels(df["label"]),
            customdata=full_text(df["label"]),
            orientation="h",
            marker_color=[NO_DATA if pd.isna(b) else (OKABE_ITO[0] if b <= 1 else OKABE_ITO[5]) for b in behind],
            text=texts,
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(title=axis_title(x_title))
    end_texts(fig, months, texts, rtl=rtl)  # "3 months" beyond each bar, inside the chart on a phone too
    count_axis(fig, months, top=fig.layout.xaxis.range[0 if rtl else 1])
    return base_layout(fig, title, rtl=rtl, height=max(260, 28 * len(df) + 80))


def completeness_bar_chart(df: pd.DataFrame, title: str, x_title: str, *, rtl: bool = False) -> go.Figure:
    """Share of live areas that reported, per metric; df has label, share (0-1 or NA), text."""
    share = df["share"].astype("Float64")
    fig = go.Figure(
        go.Bar(
            x=(share.fillna(0) * 100).astype(float),
            y=axis_labels(df["label"]),
            customdata=full_text(df["label"]),
            orientation="h",
            marker_color=[NO_DATA if pd.isna(s) else OKABE_ITO[2] for s in share],
            text=[plain(v) for v in df["text"]],
            textposition="auto",
            textangle=0,
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(title=axis_title(x_title), range=[100, 0] if rtl else [0, 100], ticksuffix="%")
    return base_layout(fig, title, rtl=rtl, height=max(240, 32 * len(df) + 80))
