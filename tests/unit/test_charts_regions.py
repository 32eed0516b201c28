"""The tile-grid map: positions, values, the no-data grey, names escaped."""

from __future__ import annotations

import pandas as pd

from shafaf.charts.regions import regions_tile_chart, tile_positions
from shafaf.charts.theme import NO_DATA

TILES = pd.DataFrame(
    {
        "region_id": ["a", "b", "c", "d"],
        "name": ["Alpha", "B<b>eta</b>", "Gamma", "Delta"],
        "value": [0.25, None, 1.0, 0.5],
        "value_text": ["25%", "no data", "100%", "50%"],
    }
)


def test_tile_positions_near_square_and_mirrored_for_rtl() -> None:
    assert tile_positions(list("abcde")) == {"a": (0, 0), "b": (0, 1), "c": (0, 2), "d": (1, 0), "e": (1, 1)}
    assert tile_positions(list("abcd"), rtl=True) == {"a": (0, 1), "b": (0, 0), "c": (1, 1), "d": (1, 0)}
    assert tile_positions([]) == {}


def test_tile_chart_values_grey_no_data_and_words() -> None:
    fig = regions_tile_chart(TILES, "Coverage", percent=True, colorbar_title="Coverage")
    values, grey = fig.data
    assert [list(r) for r in values.z] == [[0.25, None], [1.0, 0.5]]
    assert [list(r) for r in grey.z] == [[None, 1], [None, None]]
    assert grey.colorscale[0][1] == NO_DATA and grey.showscale is False
    assert values.zmin == 0 and values.zmax == 1.0 and values.colorbar.tickformat == ".0%"
    assert values.text[0][0] == "Alpha<br>25%"
    assert grey.text[0][1] == "B&lt;b&gt;eta&lt;/b&gt;<br>no data"  # package text made inert


def test_tile_chart_scale_runs_to_the_largest_value_when_not_percent() -> None:
    fig = regions_tile_chart(TILES.assign(value=[10.0, None, 40.0, 20.0]), "Per 1,000")
    assert fig.data[0].zmax == 40.0
    assert fig.layout.yaxis.autorange == "reversed" and fig.layout.xaxis.visible is False
