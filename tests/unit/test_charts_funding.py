"""Funding bars: committed against disbursed in one currency; above-committed is flagged in words and hatching."""

from __future__ import annotations

import pandas as pd
import pytest

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


def _ticks_fit_a_phone(fig: object) -> tuple[int, float, float]:
    """(ticks drawn, px between neighbours on a phone, px the widest tick label needs)."""
    from shafaf.charts.theme import LABEL_PX_PER_CHAR, PHONE_PAPER

    ax, margin = fig.layout.xaxis, fig.layout.margin  # type: ignore[attr-defined]
    end, step = max(ax.range), ax.dtick
    ticks = [k * step for k in range(int(end // step) + 1)]
    names, far = (margin.r, margin.l) if ax.range[0] > ax.range[1] else (margin.l, margin.r)
    plot = PHONE_PAPER - names - far
    widest = max(len(f"{v:,.0f}") for v in ticks) * LABEL_PX_PER_CHAR
    # the last tick's label, centred on it, stays inside the chart (Plotly hid "500,000,000" running out of it)
    assert plot * (end - ticks[-1]) / end + far >= widest / 2
    return len(ticks), plot * step / end, widest


@pytest.mark.parametrize("rtl", [False, True])
@pytest.mark.parametrize(
    ("top", "label"),
    [(430_000_000.0, "Asian Development Bank"), (23_000_000_000.0, "محکمہ صحت و بہبود آبادی"), (90.0, "Gov")],
)
def test_amount_ticks_are_far_enough_apart_on_a_phone(top: float, label: str, rtl: bool) -> None:
    # "200,000,000" and "400,000,000" were written into each other at 390 px (Plotly's nticks=3 on a narrow plot)
    df = pd.DataFrame({"label": [label, "Gov"], "committed": [top, top / 3], "disbursed": [top / 2, 0.0], "flag": ""})
    fig = funding_committed_bar_chart(df, "F", currency="PKR", committed_name="C", disbursed_name="D", rtl=rtl)
    ax = fig.layout.xaxis
    n, apart, widest = _ticks_fit_a_phone(fig)
    assert n >= 2 and apart >= widest
    assert ax.autorange is False and max(ax.range) >= top and min(ax.range) == 0
    assert list(ax.range) == sorted(ax.range, reverse=rtl)  # the bars grow away from the labels' side
    assert float(ax.dtick).is_integer() and ax.tickangle == 0
