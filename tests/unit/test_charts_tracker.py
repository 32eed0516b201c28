"""Chart builders of the Milestones page (the tracker), on hand-made frames."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.theme import MILESTONE_COLORS
from shafaf.charts.tracker import tracker_class_department_chart, tracker_overdue_bar_chart


def test_overdue_bars_most_late_first_with_words() -> None:
    df = pd.DataFrame(
        {
            "label": ["A · S", "<b>B</b> · S", "C · T"],
            "days_late": pd.array([30, 365, 4], dtype="Int64"),
            "text": ["30 days late", "365 days late (blocked)", "4 days late"],
        }
    )
    fig = tracker_overdue_bar_chart(df, "Overdue")
    bar = fig.data[0]
    assert list(bar.x) == [365.0, 30.0, 4.0]
    assert list(bar.y) == ["&lt;b&gt;B&lt;/b&gt; · S", "A · S", "C · T"]  # package text is escaped for Plotly
    # the words beside the colour, in lines of 16 characters at most
    assert list(bar.text) == ["365 days late<br>(blocked)", "30 days late", "4 days late"]
    assert bar.marker.color == MILESTONE_COLORS["overdue"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first row (most late) on top
    assert fig.layout.title.text == "Overdue"


def test_overdue_bars_mirror_for_right_to_left() -> None:
    df = pd.DataFrame({"label": ["A"], "days_late": [3], "text": ["3 days late"]})
    fig = tracker_overdue_bar_chart(df, "", rtl=True)
    end, start = fig.layout.xaxis.range  # the axis runs from the right: zero on the right, the end on the left
    assert start == 0 and end > 3 and fig.layout.yaxis.side == "right"


def test_class_per_department_stacks_classes_in_order_named_in_words() -> None:
    counts = pd.DataFrame(
        {
            "department": ["Health", "Health", "Roads"],
            "class": ["overdue", "done_on_time", "overdue"],
            "class_label": ["Overdue", "Done on time", "Overdue"],
            "count": [2, 5, 1],
        }
    )
    fig = tracker_class_department_chart(counts, "By department")
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["Done on time", "Overdue"]  # the classes' order, not the rows'
    on_time, overdue = fig.data
    assert list(on_time.y) == ["Health", "Roads"] and list(on_time.x) == [5, 0]  # Roads has none on time
    assert list(overdue.x) == [2, 1]
    assert overdue.marker.color == MILESTONE_COLORS["overdue"]
    assert "Overdue" in overdue.hovertemplate


def test_overdue_bars_keep_two_milestones_with_the_same_title_apart() -> None:
    df = pd.DataFrame(
        {
            "milestone_id": ["m1", "m2", "m3"],
            "label": ["Launch · S", "Launch · S", "Other · S"],
            "days_late": [10, 20, 5],
            "text": ["10 days late", "20 days late", "5 days late"],
        }
    )
    bar = tracker_overdue_bar_chart(df, "Overdue").data[0]
    assert list(bar.y) == ["Launch · S (m2)", "Launch · S (m1)", "Other · S"]
    assert list(bar.x) == [20.0, 10.0, 5.0]
