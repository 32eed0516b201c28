"""The rules that keep charts readable in Urdu and Pashto and on a 390 px phone (issue 13, point 1).

Wrapped axis labels with the whole text in the hover, margins that grow to fit, whole-number count
axes, nothing turned on its side, no y-axis title over its ticks, no Plotly toolbar on phones.
"""

from __future__ import annotations

import pandas as pd
import pytest

from shafaf.charts.data_quality import freshness_bar_chart
from shafaf.charts.departments import departments_on_time_bar_chart
from shafaf.charts.funding import funding_committed_bar_chart
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.charts.rollout import rollout_stage_bar_chart
from shafaf.charts.targets import targets_trajectory_line_chart
from shafaf.charts.theme import axis_labels, wrap
from shafaf.charts.tracker import tracker_class_department_chart, tracker_overdue_bar_chart
from shafaf.ui.rtl import css

LONG_UR = "محکمہ صحت و بہبود آبادی"  # 23 characters: "محکمہ صحت و بہبود" (17) and "آبادی" on two lines


def test_wrap_breaks_at_spaces_into_two_lines_and_escapes() -> None:
    assert wrap("Elementary and Secondary Education") == "Elementary and<br>Secondary Education"
    assert wrap(LONG_UR) == "محکمہ صحت و بہبود<br>آبادی"
    assert wrap("<b>Roads</b>") == "&lt;b&gt;Roads&lt;/b&gt;"  # package text stays inert
    assert wrap("Short") == "Short"


def test_wrap_shortens_what_two_lines_cannot_hold_keeping_the_end() -> None:
    text = "Provincial Information Technology Board of Khyber Pakhtunkhwa (KPITB)"
    # 70 characters: shortened to 36 ("Provincial Information " + "…" + "khwa (KPITB)"), then wrapped
    assert wrap(text) == "Provincial<br>Information …khwa (KPITB)"
    # no space: shortened to 23 + 1 + 12 characters, cut at the line width
    assert wrap("x" * 50) == "x" * 18 + "<br>" + "x" * 5 + "…" + "x" * 12


def test_labels_that_wrap_alike_stay_apart() -> None:
    a = "Department of Agriculture North and Livestock Services"
    b = "Department of Agriculture South and Livestock Services"  # both shorten to "Department of Agricultu…ock Services"
    assert wrap(a) == wrap(b)
    la, lb = axis_labels([a, b])
    assert la != lb and lb == la + "\u200b"
    assert axis_labels([a, a]) == [wrap(a), wrap(a)]  # the same text is the same bar


def test_bar_labels_wrap_and_the_hover_has_the_whole_text() -> None:
    rates = pd.DataFrame({"department": [LONG_UR], "on_time_rate": [0.5], "text": ["50% on time"]})
    bar = departments_on_time_bar_chart(rates, "T", rtl=True).data[0]
    assert list(bar.y) == ["محکمہ صحت و بہبود<br>آبادی"]
    assert [list(c) for c in bar.customdata] == [[LONG_UR, "50% on time"]]
    assert bar.hovertemplate == "%{customdata[0]}: %{customdata[1]}<extra></extra>"
    overdue = pd.DataFrame({"label": [LONG_UR], "days_late": [4], "text": ["4 days late"]})
    bar = tracker_overdue_bar_chart(overdue, "O").data[0]
    assert list(bar.customdata) == [LONG_UR] and bar.hovertemplate == "%{customdata}: %{text}<extra></extra>"


@pytest.mark.parametrize("rtl", [False, True])
def test_margins_grow_to_fit_labels_in_every_builder(rtl: bool) -> None:
    counts = pd.DataFrame({"class": ["overdue"], "label": [LONG_UR], "count": [3]})
    figs = [
        milestone_class_bar_chart(counts, "M", rtl=rtl),
        metric_trend_line_chart(pd.DataFrame({"month": ["2026-01-01"], "value": [1.0]}), "T", "Y", rtl=rtl),
        tracker_overdue_bar_chart(pd.DataFrame({"label": [LONG_UR], "days_late": [4], "text": ["4"]}), "O", rtl=rtl),
    ]
    for fig in figs:
        assert fig.layout.xaxis.automargin is True and fig.layout.yaxis.automargin is True
        # Plotly may turn crowded ticks by 30 degrees, never by 90
        assert list(fig.layout.xaxis.autotickangles) == [0, 30]


def test_count_axes_have_whole_steps() -> None:
    counts = pd.DataFrame({"class": ["overdue", "upcoming"], "label": ["Overdue", "Upcoming"], "count": [1, 3]})
    ax = milestone_class_bar_chart(counts, "M").layout.xaxis
    assert (ax.dtick, ax.tick0, ax.tickformat, ax.rangemode) == (1, 0, ",d", "tozero")  # 0, 1, 2, 3: no 0.5
    many = counts.assign(count=[12, 40])
    ax = milestone_class_bar_chart(many, "M").layout.xaxis
    assert ax.dtick is None and ax.tickformat == ",d"  # Plotly's own steps above 10, shown as whole numbers
    # stacked bars: the step follows the largest stack, not the largest segment
    stack = pd.DataFrame(
        {"department": ["A", "A"], "class": ["overdue", "upcoming"], "class_label": ["O", "U"], "count": [6, 6]}
    )
    assert tracker_class_department_chart(stack, "C").layout.xaxis.dtick is None
    rollout = pd.DataFrame({"area": ["A", "A"], "stage": ["live", "pilot"], "label": ["L", "P"], "count": [2, 3]})
    assert rollout_stage_bar_chart(rollout, "R").layout.xaxis.dtick == 1
    fresh = pd.DataFrame({"label": ["A"], "months_behind": [2], "text": ["2 months"]})
    assert freshness_bar_chart(fresh, "F", "months").layout.xaxis.tickformat == ",d"


def test_no_bar_text_is_turned() -> None:
    counts = pd.DataFrame({"class": ["overdue"], "label": ["Overdue"], "count": [41]})
    assert milestone_class_bar_chart(counts, "M").data[0].textangle == 0
    rollout = pd.DataFrame({"area": ["A"], "stage": ["live"], "label": ["Live"], "count": [2]})
    assert rollout_stage_bar_chart(rollout, "R").data[0].textangle == 0
    funding = pd.DataFrame({"label": ["A"], "committed": [5.0], "disbursed": [6.0], "flag": ["above committed"]})
    fig = funding_committed_bar_chart(funding, "F", currency="PKR", committed_name="C", disbursed_name="D")
    assert fig.data[1].textangle == 0 and fig.data[1].cliponaxis is False


@pytest.mark.parametrize("rtl", [False, True])
def test_the_y_axis_title_is_written_level_above_the_axis(rtl: bool) -> None:
    values = pd.DataFrame({"month": ["2026-01-01"], "value": [1.0]})
    for fig in [
        metric_trend_line_chart(values, "T", "Transactions", rtl=rtl),
        targets_trajectory_line_chart(
            values, values, "T", actual_name="A", target_name="G", y_title="Transactions", rtl=rtl
        ),
    ]:
        assert fig.layout.yaxis.title.text is None  # a y title is drawn turned, over the ticks on a phone
        (note,) = fig.layout.annotations
        assert (note.text, note.textangle, note.y, note.yanchor) == ("Transactions", None, 1.0, "bottom")
        assert (note.x, note.xanchor) == ((1.0, "right") if rtl else (0.0, "left"))


def test_plotlys_toolbar_is_hidden_on_phones_in_every_language() -> None:
    for lang in ("en", "ur", "ps"):
        rule = css(lang).split("@media (max-width: 640px)", 1)[1]
        assert ".modebar-container" in rule.split("}")[0] and "display: none" in rule


@pytest.mark.parametrize("rtl", [False, True])
def test_the_label_side_has_room_for_the_longest_label_line(rtl: bool) -> None:
    # the defect: Plotly measured Urdu labels before the served font loaded and left 20-30 px, so
    # "محکمہ صحت و بہبود" showed as two letters. Its longest line is 17 characters: 17 * 7.2 + 14 = 136 px.
    rates = pd.DataFrame({"department": [LONG_UR, "ب"], "on_time_rate": [0.5, 0.2], "text": ["50%", "20%"]})
    fig = departments_on_time_bar_chart(rates, "T", rtl=rtl)
    side, other = ("r", "l") if rtl else ("l", "r")
    assert fig.layout.margin[side] == 136
    assert fig.layout.margin[other] == 10
    counts = pd.DataFrame({"class": ["overdue"], "label": ["x" * 80], "count": [3]})
    # two wrapped lines of 18 characters at most, and never more than 160 px of a 390 px phone
    assert milestone_class_bar_chart(counts, "M", rtl=rtl).layout.margin[side] == 144  # round(18 * 7.2) + 14
    line = metric_trend_line_chart(pd.DataFrame({"month": ["2026-01-01"], "value": [1.0]}), "T", "Y", rtl=rtl)
    assert line.layout.margin[side] == 10  # numbers on the axis: Plotly's own measure is right


def test_label_margin_is_capped_for_a_phone() -> None:
    from shafaf.charts.theme import LABEL_MARGIN_MAX, label_margin

    assert label_margin(["x" * 40]) == LABEL_MARGIN_MAX
    assert label_margin([]) == 0
    assert label_margin(["ab<br>abcd"]) == round(4 * 7.2) + 14


def test_rows_are_tall_enough_for_two_line_labels() -> None:
    # the defect: at 28 px a row, two-line labels of neighbouring bars overlapped ("Social Welfare
    # Department" over "Local Government Department"). 16 rows of two lines: 130 + 16 * (8 + 2 * 16) = 770 px.
    names = [f"Department of Example Number {i}" for i in range(16)]  # each wraps onto two lines
    rates = pd.DataFrame({"department": names, "on_time_rate": [0.5] * 16, "text": ["50%"] * 16})
    assert departments_on_time_bar_chart(rates, "T").layout.height == 770
    short = pd.DataFrame({"department": ["A", "B"], "on_time_rate": [0.5, 0.2], "text": ["50%", "20%"]})
    assert departments_on_time_bar_chart(short, "T").layout.height == 280  # the builder's own minimum stands


@pytest.mark.parametrize("rtl", [False, True])
def test_a_number_axis_has_room_for_its_longest_tick(rtl: bool) -> None:
    # the defect: "10,000,000" on a trend's axis was drawn 50 px outside the chart. Values up to 9.2 M give
    # ticks up to about 1.25 x that: "11,500,000" is 10 characters, 10 * 7.2 + 14 = 86 px on the axis's side.
    v = pd.DataFrame({"month": ["2026-01-01", "2026-02-01"], "value": [8_000_000.0, 9_200_000.0]})
    fig = metric_trend_line_chart(v, "T", "Y", rtl=rtl)
    assert fig.layout.margin["r" if rtl else "l"] == 86
    small = pd.DataFrame({"month": ["2026-01-01"], "value": [12.0]})
    assert metric_trend_line_chart(small, "T", "Y", rtl=rtl).layout.margin["r" if rtl else "l"] == 10


def test_a_chart_wider_than_a_phone_gets_a_holder_at_least_as_wide_that_scrolls() -> None:
    from shafaf.charts.adoption import COLUMN_PX, matrix_width
    from shafaf.ui.rtl import wide_key

    width = matrix_width(22, 160)
    assert width == 160 + 22 * COLUMN_PX + 10
    key = wide_key(width, "regions-grid")
    bucket = int(key.split("-")[1])
    assert width <= bucket < width + 50 and key.endswith("-regions-grid")
    for lang in ("en", "ur"):
        assert f'[class*="st-key-wide-{bucket}-"] {{ min-width: {bucket}px; }}' in css(lang)
        assert '[class*="st-key-scroll-"] { overflow-x: auto; }' in css(lang)
