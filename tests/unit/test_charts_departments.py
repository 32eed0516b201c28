"""Chart builders of the Departments page, on hand-made frames."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.departments import departments_on_time_bar_chart
from shafaf.charts.theme import NO_DATA, OKABE_ITO


def test_on_time_bars_highest_first_and_no_data_in_grey_with_words() -> None:
    rates = pd.DataFrame(
        {
            "department": ["Roads", "<i>Health</i>", "Water"],
            "on_time_rate": [0.25, 0.8, None],
            "text": ["25% on time (1 of 4 due)", "80% on time (4 of 5 due)", "no data"],
        }
    )
    fig = departments_on_time_bar_chart(rates, "On time")
    bar = fig.data[0]
    assert list(bar.y) == ["&lt;i&gt;Health&lt;/i&gt;", "Roads", "Water"]
    assert list(bar.x) == [80.0, 25.0, 0.0]
    # the rate on the bar (a phone has no room for the sentence), the sentence in the hover
    assert list(bar.text) == ["80%", "25%", "no data"]
    assert [c[1] for c in bar.customdata] == ["80% on time (4 of 5 due)", "25% on time (1 of 4 due)", "no data"]
    assert list(bar.marker.color) == [OKABE_ITO[0], OKABE_ITO[0], NO_DATA]
    # room past 100% for the words beyond a full bar; ticks stop at 100%
    assert list(fig.layout.xaxis.range) == [0, 125] and fig.layout.xaxis.ticksuffix == "%"
    assert list(fig.layout.xaxis.tickvals) == [0, 25, 50, 75, 100]


def test_on_time_bars_mirror_for_right_to_left() -> None:
    rates = pd.DataFrame({"department": ["A"], "on_time_rate": [0.5], "text": ["50%"]})
    fig = departments_on_time_bar_chart(rates, "", rtl=True)
    assert list(fig.layout.xaxis.range) == [125, 0] and fig.layout.yaxis.side == "right"
