"""The maps of regions: the choropleth (shapes, no tiles, framed on them) and the tile grid (positions, grey, escaping)."""

from __future__ import annotations

import pandas as pd
import pytest

from shafaf.charts.regions import map_height, mercator_aspect, regions_map_chart, regions_tile_chart, tile_positions
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


def _square(rid: str, x: float) -> dict:
    ring = [[x, 30], [x + 1, 30], [x + 1, 31], [x, 31], [x, 30]]
    return {"type": "Feature", "properties": {"region_id": rid}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


GEO = {
    "type": "FeatureCollection",
    "features": [
        *[_square(r, 70 + i) for i, r in enumerate("abcd")],
        {
            "type": "Feature",
            "properties": {"shape_id": "OLD", "covers": ["e"]},
            "geometry": {"type": "Polygon", "coordinates": [[[75, 30], [76, 30], [76, 31], [75, 30]]]},
        },
    ],
}
MAP_TILES = TILES.assign(lon=[70.5, 71.5, 72.5, 73.5], lat=[30.5] * 4)


def test_map_chart_draws_the_given_shapes_offline() -> None:
    context = pd.DataFrame({"shape_id": ["OLD"], "text": ["Old <i>district</i>, now: E"]})
    fig = regions_map_chart(MAP_TILES, GEO, "Coverage", percent=True, context=context, bounds=(70, 30, 76, 31))
    ctx, grey, values, labels = fig.data
    assert [t.type for t in fig.data] == ["choropleth", "choropleth", "choropleth", "scattergeo"]
    assert all("mapbox" not in t.type and t.type not in ("choroplethmap", "scattermap") for t in fig.data)
    assert "mapbox" not in fig.layout.to_plotly_json() and "map" not in fig.layout.to_plotly_json()
    assert list(values.locations) == ["a", "c", "d"] and list(values.z) == [0.25, 1.0, 0.5]
    assert values.featureidkey == "properties.region_id" and values.geojson == GEO
    assert list(grey.locations) == ["b"] and grey.colorscale[0][1] == NO_DATA and grey.showscale is False
    assert grey.text[0] == "B&lt;b&gt;eta&lt;/b&gt;<br>no data"  # package text made inert
    assert ctx.featureidkey == "properties.shape_id" and list(ctx.locations) == ["OLD"] and ctx.showscale is False
    assert ctx.text[0] == "Old &lt;i&gt;district&lt;/i&gt;, now: E"
    assert values.zmin == 0 and values.zmax == 1.0 and values.colorbar.tickformat == ".0%"
    assert values.colorbar.orientation == "h" and values.colorbar.title.side == "top"
    assert list(labels.text) == ["25%", "no data", "100%", "50%"] and labels.mode == "text"  # words beside colour
    assert list(labels.textfont.color) == ["#000000", "#000000", "#ffffff", "#000000"]  # white on the dark end
    geo = fig.layout.geo
    assert geo.fitbounds == "locations" and geo.visible is False
    assert list(geo.lonaxis.range) == pytest.approx([69.88, 76.12]) and list(geo.lataxis.range) == pytest.approx(
        [29.98, 31.02]
    )


def test_map_height_follows_the_shapes_aspect() -> None:
    wide = regions_map_chart(MAP_TILES, GEO, "", bounds=(70, 30, 76, 31)).layout.height
    tall = regions_map_chart(MAP_TILES, GEO, "", bounds=(70, 30, 72, 34)).layout.height
    assert wide == map_height(mercator_aspect((70, 30, 76, 31))) and wide < tall <= 720
    assert mercator_aspect((0, -1, 2, 1)) == pytest.approx(1.0, rel=1e-3)  # near the equator, degrees are square


def test_many_shapes_carry_no_labels() -> None:
    many = pd.DataFrame(
        {
            "region_id": list("abcdefghijklm"),
            "name": list("abcdefghijklm"),
            "value": [0.5] * 13,
            "value_text": ["50%"] * 13,
        }
    ).assign(lon=70.0, lat=30.0)
    assert [t.type for t in regions_map_chart(many, GEO, "").data] == ["choropleth"]
