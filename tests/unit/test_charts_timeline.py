"""The milestone timeline: every earlier plan is drawn, classes carry words, package text is escaped."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.theme import MILESTONE_COLORS
from shafaf.charts.timeline import timeline_milestones_chart

NAMES = {"path": "P", "baseline": "B", "replan": "R", "planned": "C", "actual": "A", "as_of": "Now"}


def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    ms = pd.DataFrame(
        {
            "milestone_id": ["m1", "m2"],
            "label": ["Launch · Overdue", "<b>Pilot</b> · Done late"],
            "class": ["overdue", "done_late"],
            "effective_baseline_date": pd.to_datetime(["2026-01-31", "2025-06-30"]),
            "planned_date": pd.to_datetime(["2026-09-30", "2025-09-30"]),
            "actual_date": pd.to_datetime([None, "2025-10-15"]),
        }
    )
    replans = pd.DataFrame(
        {
            "milestone_id": ["m1", "m1"],
            "old_planned_date": pd.to_datetime(["2026-03-31", "2026-06-30"]),
            "new_planned_date": pd.to_datetime(["2026-06-30", "2026-09-30"]),
        }
    )
    return ms, replans


def test_every_replan_is_a_marker_on_the_path_from_baseline_to_plan() -> None:
    ms, replans = frames()
    fig = timeline_milestones_chart(ms, replans, "T", names=NAMES, as_of="2026-10-31")
    path, base, old, planned, actual = fig.data
    assert [tr.name for tr in fig.data] == ["P", "B", "R", "C", "A"]
    # m1: baseline, two earlier plans, current plan, then a break; m2: baseline, plan, break
    assert [pd.Timestamp(x).strftime("%Y-%m-%d") if x is not None else None for x in path.x] == [
        "2026-01-31", "2026-03-31", "2026-06-30", "2026-09-30", None, "2025-06-30", "2025-09-30", None,
    ]  # fmt: skip
    assert len(old.x) == 2 and set(old.y) == {"Launch · Overdue"}
    assert list(planned.marker.color) == [MILESTONE_COLORS["overdue"], MILESTONE_COLORS["done_late"]]
    # only done milestones; text escaped, wrapped on the axis, whole in the hover
    assert list(actual.y) == ["&lt;b&gt;Pilot&lt;/b&gt; ·<br>Done late"]
    assert list(actual.customdata) == ["&lt;b&gt;Pilot&lt;/b&gt; · Done late"]
    assert actual.hovertemplate.startswith("%{customdata}<br>")
    assert fig.layout.shapes and fig.layout.annotations[0].text == "Now"  # the as-of line, in words


def test_timeline_mirrors_for_right_to_left_and_grows_with_milestones() -> None:
    ms, replans = frames()
    fig = timeline_milestones_chart(ms, replans.iloc[0:0], "T", names=NAMES, rtl=True)
    assert fig.layout.xaxis.autorange == "reversed" and fig.layout.yaxis.side == "right"
    assert len(fig.data[2].x) == 0 and not fig.layout.shapes
    assert fig.layout.height > timeline_milestones_chart(ms.iloc[:1], replans, "T", names=NAMES).layout.height


def test_two_milestones_with_the_same_title_and_class_get_a_row_each() -> None:
    ms, replans = frames()
    ms["label"] = ["Launch · Overdue", "Launch · Overdue"]
    fig = timeline_milestones_chart(ms, replans.iloc[0:0], "T", names=NAMES)
    planned = fig.data[3]
    assert list(planned.y) == ["Launch · Overdue<br>(m1)", "Launch · Overdue<br>(m2)"]
    assert list(fig.layout.yaxis.categoryarray) == ["Launch · Overdue<br>(m1)", "Launch · Overdue<br>(m2)"]
    assert list(planned.customdata) == ["Launch · Overdue (m1)", "Launch · Overdue (m2)"]
