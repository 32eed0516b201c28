"""Rollout charts: how many local areas an initiative has reached, by stage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, STAGE_COLORS, axis_labels, base_layout, count_axis, full_text, plain


def rollout_stage_bar_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Stacked horizontal bars: leaves per stage for each area; `counts` has area, stage, label, count.

    One trace per stage in the order given (its legend and bar text carry the stage in words);
    stage "none" (not reached) is grey.
    """
    fig = go.Figure()
    names = list(dict.fromkeys(counts["area"]))
    label_of = dict(zip(names, axis_labels(names), strict=True))
    areas = [label_of[a] for a in names]
    for stage, g in counts.groupby("stage", sort=False):
        label = plain(g["label"].iloc[0])
        fig.add_trace(
            go.Bar(
                x=g["count"],
                y=[label_of[a] for a in g["area"]],
                customdata=full_text(g["area"]),
                orientation="h",
                name=label,
                marker_color=STAGE_COLORS.get(str(stage), NO_DATA),
                text=[f"{label}: {c}" for c in g["count"]],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate="%{customdata}<br>" + label + ": %{x}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(
        categoryorder="array", categoryarray=areas, autorange="reversed", side="right" if rtl else "left", title=None
    )
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    count_axis(fig, counts.groupby("area")["count"].sum())
    return base_layout(fig, title, rtl=rtl, height=180 + 34 * max(len(areas), 1))
