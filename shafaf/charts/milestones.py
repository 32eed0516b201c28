"""Milestone charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import MILESTONE_COLORS, count_bar_chart


def milestone_class_bar_chart(counts: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Horizontal bars of milestones per class; `counts` has class, label, count (labels carry the words)."""
    return count_bar_chart(counts, "class", MILESTONE_COLORS, title, rtl=rtl, height=260)
