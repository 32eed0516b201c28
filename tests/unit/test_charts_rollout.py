"""Rollout bars: one stacked trace per stage, in words, with stage colours."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.rollout import rollout_stage_bar_chart
from shafaf.charts.theme import NO_DATA, STAGE_COLORS


def test_stacked_bars_per_stage_with_words() -> None:
    counts = pd.DataFrame(
        {
            "area": ["North", "South", "North"],
            "stage": ["live", "live", "none"],
            "label": ["Live", "Live", "Not reached"],
            "count": [3, 1, 2],
        }
    )
    fig = rollout_stage_bar_chart(counts, "R")
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["Live", "Not reached"]
    assert list(fig.data[0].y) == ["North", "South"] and list(fig.data[0].x) == [3, 1]
    assert fig.data[0].marker.color == STAGE_COLORS["live"] and fig.data[1].marker.color == NO_DATA
    assert list(fig.data[1].text) == ["Not reached: 2"]
    assert list(fig.layout.yaxis.categoryarray) == ["North", "South"]


def test_rollout_escapes_names_and_mirrors() -> None:
    counts = pd.DataFrame({"area": ["<i>X</i>"], "stage": ["pilot"], "label": ["Pilot"], "count": [1]})
    fig = rollout_stage_bar_chart(counts, "R", rtl=True)
    assert list(fig.data[0].y) == ["&lt;i&gt;X&lt;/i&gt;"]
    assert fig.layout.xaxis.autorange == "reversed" and fig.layout.yaxis.side == "right"
