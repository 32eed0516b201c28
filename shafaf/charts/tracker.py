"""Milestone tracker charts: how late the overdue milestones are, and the milestone classes per department."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import (
    MILESTONE_COLORS,
    axis_labels,
    bar_texts,
    base_layout,
    count_axis,
    end_texts,
    full_text,
    plain,
)
from shafaf.labels import unique_labels


def tracker_overdue_bar_chart(overdue: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Horizontal bars of days late per overdue milestone, most late on top.

    `overdue` has label (the milestone in words), days_late and text (e.g. "120 days late", in words); with a
    milestone_id column, two milestones with the same label get a bar each (labelled "Label (id)").
    """
    o = overdue.sort_values("days_late", ascending=False)
    labels = unique_labels(o["milestone_id"], o["label"]) if "milestone_id" in o else list(o["label"])
    days = o["days_late"].astype("float64")
    texts = bar_texts(o["text"])
    fig = go.Figure(
        go.Bar(
            x=days,
            y=axis_labels(labels),
            customdata=full_text(labels),
            orientation="h",
            marker_color=MILESTONE_COLORS["overdue"],
            text=texts,
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(title=None)
    end_texts(fig, days, texts, rtl=rtl)  # "120 days late" beyond each bar, inside the chart on a phone too
    count_axis(fig, days, top=fig.layout.xaxis.range[0 if rtl else 1])
    return base_layout(fig, title, rtl=rtl, height=max(260, 60 + 28 * len(o)))


def tracker_class_department_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Stacked horizontal bars: milestones per department, one segment per class named in words.

    `counts` has department (name), class, class_label and count; departments keep their given order,
    classes go from done on time to cancelled.
    """
    departments = list(dict.fromkeys(counts["department"]))
    shown = axis_labels(departments)
    full = full_text(departments)
    fig = go.Figure()
    for cls in [c for c in MILESTONE_COLORS if c in set(counts["class"])]:
        g = counts[counts["class"] == cls]
        by_dept = dict(zip(g["department"], g["count"], strict=True))
        label = plain(g["class_label"].iloc[0])
        fig.add_trace(
            go.Bar(
                name=label,
                x=[by_dept.get(d, 0) for d in departments],
                y=shown,
                customdata=full,
                orientation="h",
                marker_color=MILESTONE_COLORS.get(str(cls), "#999999"),
                hovertemplate=f"%{{customdata}} · {label}: %{{x}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    fig.update_xaxes(autorange="reversed" if rtl else True, title=None)
    count_axis(fig, counts.groupby("department")["count"].sum())
    return base_layout(fig, title, rtl=rtl, height=max(280, 90 + 40 * len(departments)))
