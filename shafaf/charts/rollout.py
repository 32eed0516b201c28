"""Rollout charts: how many local areas an initiative has reached, by stage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, STAGE_COLORS, base_layout, plain


def rollout_stage_bar_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Stacked horizontal bars: leaves per stage for each area; `counts` has area, stage, label, count.

    One trace per stage in the order given (its legend and bar text carry the stage in words);
    stage "none" (not reached) is grey.
    """
    fig = go.Figure()
    areas = list(dict.fromkeys(plain(a) for a in counts["area"]))
    for stage, g in counts.groupby("stage", sort=False):
        label = plain(g["label"].iloc[0])
        fig.add_trace(
            go.Bar(
                x=g["count"],
                y=[plain(a) for a in g["area"]],
                orientation="h",
                name=label,
                marker_color=STAGE_COLORS.get(str(stage), NO_DATA),
                text=[f"{label}: {c}" for c in g["count"]],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}<br>" + label + ": %{x}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(
        categoryorder="array", categoryarray=areas, autorange="reversed", side="right" if rtl else "left", title=None
    )
    fig.update_xaxes(
        autorange="reversed" if rtl else True, title=None, dtick=1 if counts["count"].max() <= 10 else None
    )
    return base_layout(fig, title, rtl=rtl, height=180 + 34 * max(len(areas), 1))
