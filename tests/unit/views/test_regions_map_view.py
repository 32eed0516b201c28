"""The Regions map on the demo data (KP's districts have shapes) and on the tiny package (none: the tile grid)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shafaf import boundaries
from shafaf.reads import Reads
from shafaf.views import regions
from tests.unit.views.conftest import drawn_regions, filters, publish

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo" / "2026-10"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reads]:
    """The demo's October package, published once for this module."""
    reads = publish(DEMO, tmp_path_factory.mktemp("demo") / "shafaf.duckdb")
    yield reads
    reads.con.close()


def test_a_province_maps_its_districts_each_by_its_own_figure(demo: Reads) -> None:
    c = regions.build(demo, filters(demo, region="pk-kp"), "en").children
    assert c is not None and c.level == "division"  # the ranking compares divisions; the map shows districts
    card = c.map
    assert card.chart is not None and card.chart.kind == "map"
    assert card.title == "Coverage in the districts of Khyber Pakhtunkhwa"
    assert card.filename == "regions-districts-coverage-pk-kp"
    table = card.table.rows
    assert len(table) == 36 and table.loc[table["district"] == "Torghar", "within"].item() == "Hazara Division"
    fig = card.chart.build()
    *shapes, values = [t for t in fig.data if t.type == "choropleth"]
    drawn = set(values.locations) | {
        loc for t in shapes if t.featureidkey == "properties.region_id" for loc in t.locations
    }
    assert drawn == set(boundaries.bundled().shapes) and len(drawn) == 28
    (context,) = [t for t in shapes if t.featureidkey == "properties.shape_id"]
    assert len(context.locations) == 3
    assert any(x.startswith("Kohistan (2019 boundary), now: ") and "Kolai-Palas" in x for x in context.text)
    assert fig.layout.geo.fitbounds == "locations" and fig.layout.geo.visible is False
    note = c.map_note.text
    assert "Not on the map (no boundary of its own in the bundled 2019 map): Torghar." in note
    assert "Upper Chitral" in note and "geoBoundaries 2019 (public domain)" in note


def test_a_division_maps_its_own_districts_and_says_who_is_missing(demo: Reads) -> None:
    c = regions.build(demo, filters(demo, region="pk-kp-haza"), "ur").children
    assert c is not None and c.map.chart is not None and c.map.chart.kind == "map"
    assert c.map.table.id == "ranking"  # the children are the districts: the map's table is the ranking
    fig = c.map.chart.build()
    located = drawn_regions(fig)
    assert located == {"pk-kp-abbottabad", "pk-kp-haripur", "pk-kp-mansehra", "pk-kp-battagram"}
    assert "تورغر" in c.map_note.text and "نقشے پر نہیں" in c.map_note.text
    assert fig.layout.height > 300  # Hazara with Kohistan is taller than wide: the map is not a flat strip


def test_without_shapes_the_tile_grid_stays(tiny: Reads) -> None:
    c = regions.build(tiny, filters(tiny, region="p1"), "en").children
    assert c is not None and c.map.chart is not None and c.map.chart.kind == "tiles"
    assert c.map_note.text.startswith("No boundaries are bundled for these areas")
    fig = c.map.chart.build()
    assert fig.data[0].type == "heatmap"


def test_the_country_opens_on_the_districts_map_too(demo: Reads) -> None:
    c = regions.build(demo, filters(demo, region="pk"), "en").children
    assert c is not None and c.map.chart is not None and c.map.chart.kind == "map"
