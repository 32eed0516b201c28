"""The milestone timeline of one initiative: baseline, every re-plan, current plan and actual, on a date axis."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import MILESTONE_COLORS, axis_labels, base_layout, date_axis, full_text, plain
from shafaf.labels import unique_labels

PATH_COLOR = "#9e9e9e"


def _d(v: Any) -> pd.Timestamp | None:
    ts = pd.to_datetime(v)
    return None if pd.isna(ts) else ts


def timeline_milestones_chart(
    milestones: pd.DataFrame,
    replans: pd.DataFrame,
    title: str,
    *,
    names: dict[str, str],
    as_of: Any = None,
    rtl: bool = False,
) -> go.Figure:
    """Dates on x, one row per milestone on y; the path from the baseline through each earlier plan to the plan.

    `milestones` has milestone_id, label (title and class in words), class, effective_baseline_date,
    planned_date, actual_date; `replans` has milestone_id, old_planned_date (every earlier plan).
    `names` gives the legend words: path, baseline, replan, planned, actual, as_of.
    """
    # one row per milestone even when two share a title and class ("Title (id)" then)
    whole = unique_labels(milestones["milestone_id"], milestones["label"])
    labels = axis_labels(whole)
    full = dict(zip(labels, full_text(whole), strict=True))
    path_x: list[Any] = []
    path_y: list[Any] = []
    base_x, base_y, old_x, old_y, old_hover = [], [], [], [], []
    for mid, label, base, planned in zip(
        milestones["milestone_id"],
        labels,
        milestones["effective_baseline_date"],
        milestones["planned_date"],
        strict=True,
    ):
        olds = [_d(x) for x in replans.loc[replans["milestone_id"] == mid, "old_planned_date"]]
        olds = sorted({x for x in olds if x is not None})
        stops = [x for x in [_d(base), *olds, _d(planned)] if x is not None]
        path_x += [*stops, None]
        path_y += [label] * len(stops) + [None]
        if _d(base) is not None:
            base_x.append(_d(base))
            base_y.append(label)
        for o in olds:
            old_x.append(o)
            old_y.append(label)
            old_hover.append(o.strftime("%Y-%m-%d"))
    colors = [MILESTONE_COLORS.get(c, "#999999") for c in milestones["class"]]
    done = milestones["actual_date"].notna()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=path_x,
            y=path_y,
            mode="lines",
            line={"color": PATH_COLOR, "width": 2},
            name=plain(names["path"]),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=base_x,
            y=base_y,
            customdata=[full[y] for y in base_y],
            mode="markers",
            name=plain(names["baseline"]),
            marker={"symbol": "circle-open", "size": 11, "color": "#000000", "line": {"width": 2}},
            hovertemplate="%{customdata}<br>" + plain(names["baseline"]) + ": %{x|%Y-%m-%d}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=old_x,
            y=old_y,
            customdata=[full[y] for y in old_y],
            mode="markers",
            name=plain(names["replan"]),
            marker={"symbol": "x-thin-open", "size": 10, "color": "#000000", "line": {"width": 2}},
            hovertemplate="%{customdata}<br>" + plain(names["replan"]) + ": %{x|%Y-%m-%d}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(milestones["planned_date"]),
            y=labels,
            customdata=[full[y] for y in labels],
            mode="markers",
            name=plain(names["planned"]),
            marker={"symbol": "diamond", "size": 12, "color": colors, "line": {"width": 1, "color": "#000000"}},
            hovertemplate="%{customdata}<br>" + plain(names["planned"]) + ": %{x|%Y-%m-%d}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(milestones.loc[done, "actual_date"]),
            y=[lab for lab, d in zip(labels, done, strict=True) if d],
            customdata=[full[lab] for lab, d in zip(labels, done, strict=True) if d],
            mode="markers",
            name=plain(names["actual"]),
            marker={"symbol": "circle", "size": 10, "color": [c for c, d in zip(colors, done, strict=True) if d]},
            hovertemplate="%{customdata}<br>" + plain(names["actual"]) + ": %{x|%Y-%m-%d}<extra></extra>",
        )
    )
    if as_of is not None:
        fig.add_vline(
            x=pd.Timestamp(as_of).timestamp() * 1000,
            line={"dash": "dot", "color": "#000000", "width": 1},
            annotation_text=plain(names["as_of"]),
            annotation_position="top",
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        side="right" if rtl else "left",
        title=None,
        automargin=True,
    )
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    fig = base_layout(fig, title, rtl=rtl, height=160 + 38 * max(len(labels), 1))
    # few enough ticks for a phone, none turned (Plotly's own monthly ticks ran into each other at 390 px)
    date_axis(fig, [*path_x, *pd.to_datetime(milestones["actual_date"]), *([] if as_of is None else [as_of])])
    return fig
