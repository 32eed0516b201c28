"""Funding bars: committed against disbursed in one currency; above-committed is flagged in words and hatching."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.funding import funding_committed_bar_chart


def test_funding_bars_flag_disbursed_above_committed() -> None:
    df = pd.DataFrame(
        {
            "label": ["Gov", "<b>Bank</b>"],
            "committed": [100.0, 10.0],
            "disbursed": [90.0, 12.0],
            "flag": ["", "above committed"],
        }
    )
    fig = funding_committed_bar_chart(df, "F", currency="PKR", committed_name="Committed", disbursed_name="Disbursed")
    committed, disbursed = fig.data
    assert fig.layout.barmode == "group"
    assert [committed.name, disbursed.name] == ["Committed", "Disbursed"]
    assert list(disbursed.y) == ["Gov", "&lt;b&gt;Bank&lt;/b&gt;"] and list(disbursed.x) == [90.0, 12.0]
    assert list(disbursed.text) == ["", "above committed"]
    assert list(disbursed.marker.pattern.shape) == ["", "/"]
    assert fig.layout.xaxis.title.text == "PKR" and "PKR" in disbursed.hovertemplate
