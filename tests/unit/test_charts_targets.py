"""Target charts: actual line with gaps against target points; status bars in words and colours."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.targets import TARGET_COLORS, targets_status_bar_chart, targets_trajectory_line_chart


def test_trajectory_has_gaps_for_missing_months_and_target_points() -> None:
    actuals = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-03-01"]), "value": [10.0, 30.0]})
    points = pd.DataFrame({"month": pd.to_datetime(["2026-06-01", "2026-03-01"]), "value": [60.0, 40.0]})
    fig = targets_trajectory_line_chart(actuals, points, "T", actual_name="Actual", target_name="<Target>")
    actual, target = fig.data
    y = list(actual.y)
    assert y[0] == 10.0 and pd.isna(y[1]) and y[2] == 30.0 and actual.connectgaps is False
    assert list(target.y) == [40.0, 60.0]  # sorted by month
    assert target.name == "&lt;Target&gt;" and target.line.dash == "dash"


def test_status_bars_carry_words_and_colours() -> None:
    counts = pd.DataFrame(
        {
            "status": ["on_track", "off_track", "no_data"],
            "label": ["On track", "Off track", "No data"],
            "count": [2, 1, 0],
        }
    )
    fig = targets_status_bar_chart(counts, "S", rtl=True)
    assert list(fig.data[0].y) == ["On track", "Off track", "No data"] and list(fig.data[0].x) == [2, 1, 0]
    assert list(fig.data[0].marker.color) == [
        TARGET_COLORS["on_track"],
        TARGET_COLORS["off_track"],
        TARGET_COLORS["no_data"],
    ]
    assert fig.layout.xaxis.autorange == "reversed"
