"""Chart builders of the Overview and About-the-data pages, on hand-made frames."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.data_quality import completeness_bar_chart, freshness_bar_chart
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.charts.theme import MILESTONE_COLORS, NO_DATA


def test_trend_chart_leaves_missing_months_as_gaps() -> None:
    values = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-03-01"]), "value": [5.0, 7.0]})
    fig = metric_trend_line_chart(values, "T", "Transactions")
    y = list(fig.data[0].y)
    assert y[0] == 5.0 and pd.isna(y[1]) and y[2] == 7.0  # February has no data: a gap, not a zero
    assert fig.data[0].connectgaps is False
    assert fig.layout.title.text == "T"


def test_trend_chart_mirrors_for_right_to_left() -> None:
    values = pd.DataFrame({"month": pd.to_datetime(["2026-01-01"]), "value": [1.0]})
    fig = metric_trend_line_chart(values, "T", "Y", rtl=True)
    assert fig.layout.xaxis.autorange == "reversed" and fig.layout.yaxis.side == "right"


def test_milestone_bars_carry_words_and_semantic_colours() -> None:
    counts = pd.DataFrame({"class": ["overdue", "upcoming"], "label": ["Overdue", "<b>Up</b>"], "count": [2, 1]})
    fig = milestone_class_bar_chart(counts, "M")
    assert list(fig.data[0].y) == ["Overdue", "&lt;b&gt;Up&lt;/b&gt;"]  # package text is escaped for Plotly
    assert list(fig.data[0].marker.color) == [MILESTONE_COLORS["overdue"], MILESTONE_COLORS["upcoming"]]


def test_freshness_and_completeness_bars_show_no_data_in_grey() -> None:
    df = pd.DataFrame({"label": ["A", "B"], "months_behind": [0, None], "text": ["up to date", "never reported"]})
    fig = freshness_bar_chart(df, "F", "months")
    assert fig.data[0].marker.color[1] == NO_DATA and list(fig.data[0].text) == ["up to date", "never reported"]
    df = pd.DataFrame({"label": ["T", "U"], "share": [0.5, None], "text": ["18 / 36", "0 / 0"]})
    fig = completeness_bar_chart(df, "C", "share")
    assert list(fig.data[0].x) == [50.0, 0.0] and fig.data[0].marker.color[1] == NO_DATA


def test_axes_write_full_numbers_with_the_readers_marks_never_k_or_m() -> None:
    from shafaf.fmt import CHART_SEPARATORS, separators

    values = pd.DataFrame({"month": pd.to_datetime(["2026-01-01", "2026-02-01"]), "value": [800_000.0, 1_200_000.0]})
    fig = metric_trend_line_chart(values, "T", "Transactions", rtl=True)
    # Plotly would label these "800k" and "1.2M": English suffixes on an Urdu page
    assert (fig.layout.yaxis.exponentformat, fig.layout.yaxis.separatethousands) == ("none", True)
    assert fig.layout.xaxis.tickformat == "%Y-%m"  # the month axis keeps its own format
    assert fig.layout.separators == CHART_SEPARATORS == ".,"
    # the same marks as fmt.number in every language (Pashto's numbers follow en_PK: see shafaf/fmt.py)
    assert {lang: separators(lang) for lang in ("en", "ur", "ps")} == {"en": ".,", "ur": ".,", "ps": ".,"}
