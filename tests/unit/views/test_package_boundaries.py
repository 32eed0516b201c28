"""A package's own regions.geojson (contract 1.4): checked at validation, kept in the snapshot, drawn by the map.

The tiny package has no bundled shapes (its map is the tile grid); given its own square districts it
draws them, names their source under the map, and a package without the file keeps the bundled ones.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from shafaf import boundaries
from shafaf.contract.validate import validate_path
from shafaf.reads import Reads
from shafaf.store.publish import load_package
from shafaf.views import regions
from tests.conftest import TINY
from tests.unit.views.conftest import drawn_regions, filters, publish


def square(x: float, y: float) -> dict[str, Any]:
    """A one-degree square polygon with its south-west corner at (x, y)."""
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


def feature(geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def shapes(**extra: Any) -> dict[str, Any]:
    """Districts A and B of Province One side by side (D, of Province Two, has none)."""
    return {
        "type": "FeatureCollection",
        **extra,
        "features": [feature(square(70, 33), region_id="a"), feature(square(71, 33), region_id="b")],
    }


def package(tmp_path: Path, collection: Any) -> Path:
    """tests/fixtures/tiny with `collection` as its regions.geojson (a str is written as it is)."""
    folder = tmp_path / "pkg"
    shutil.copytree(TINY, folder)
    text = collection if isinstance(collection, str) else json.dumps(collection)
    (folder / "regions.geojson").write_text(text, encoding="utf-8")
    return folder


def messages(folder: Path) -> list[str]:
    return [f"{p.file}: {p.message}" for p in validate_path(folder)]


def test_a_package_with_its_own_districts_draws_them_with_their_source(tmp_path: Path) -> None:
    folder = package(tmp_path, shapes(source="Province One Survey 2024, CC-BY-4.0"))
    assert messages(folder) == []
    reads = publish(folder, tmp_path / "shafaf.duckdb")
    try:
        bnd = reads.boundaries()
        assert set(bnd.shapes) == {"a", "b"} and bnd.source == "Province One Survey 2024, CC-BY-4.0"
        assert bnd.centroids["a"] == pytest.approx((70.5, 33.5))
        c = regions.build(reads, filters(reads, region="p1"), "en").children
        assert c is not None and c.map.chart is not None and c.map.chart.kind == "map"
        fig = c.map.chart.build()
        drawn = drawn_regions(fig)
        assert drawn == {"a", "b"}
        assert c.map_note.text.endswith("Boundaries: Province One Survey 2024, CC-BY-4.0, sent with the data.")
        assert "geoBoundaries" not in c.map_note.text
        ur = regions.build(reads, filters(reads, region="p1"), "ur").children
        assert ur is not None and "Province One Survey 2024, CC-BY-4.0، ڈیٹا کے ساتھ بھیجی گئیں۔" in ur.map_note.text
        # Province Two's district has no shape here: its map stays the tile grid
        p2 = regions.build(reads, filters(reads, region="p2"), "en").children
        assert p2 is not None and p2.map.chart is not None and p2.map.chart.kind == "tiles"
    finally:
        reads.con.close()


def test_without_a_source_the_map_names_the_publisher(tmp_path: Path) -> None:
    reads = publish(package(tmp_path, shapes()), tmp_path / "shafaf.duckdb")
    try:
        assert reads.boundaries().source == "Test Board (regions.geojson)"
    finally:
        reads.con.close()


def test_a_package_without_the_file_keeps_the_bundled_boundaries(tiny: Reads) -> None:
    assert tiny.boundaries() is boundaries.bundled()


@pytest.mark.parametrize(
    ("collection", "expected"),
    [
        ("{not json", "regions.geojson: not JSON: Expecting property name enclosed in double quotes"),
        ({"type": "Feature"}, "regions.geojson: not a GeoJSON FeatureCollection"),
        (
            shapes() | {"features": [feature(square(70, 33), region_id="zz")]},
            "regions.geojson: feature 1: 'zz' is not a region in regions.csv",
        ),
        (
            shapes()
            | {"features": [feature(square(70, 33), region_id="a"), feature(square(71, 33), covers=["b", "nowhere"])]},
            "regions.geojson: feature 2: 'nowhere' is not a region in regions.csv",
        ),
        (
            shapes()
            | {
                "features": [
                    feature(
                        {"type": "Polygon", "coordinates": [[[70, 33], [71, 33], [71, 34], [70, 34]]]}, region_id="a"
                    )
                ]
            },
            "regions.geojson: feature 1 (a): a Polygon or MultiPolygon whose rings are closed, 4+ [lon, lat] points in range",
        ),
        (
            shapes() | {"features": [feature(square(70, 33), region_id="a"), feature(square(71, 33), region_id="a")]},
            "regions.geojson: feature 2 (a): region_id repeated",
        ),
    ],
    ids=["not-json", "not-a-collection", "unknown-region", "unknown-covered", "open-ring", "repeated"],
)
def test_a_bad_boundaries_file_is_a_problem_and_nothing_is_published(
    tmp_path: Path, collection: Any, expected: str
) -> None:
    folder = package(tmp_path, collection)
    found = messages(folder)
    assert any(m.startswith(expected) for m in found), found
    assert load_package(folder, tmp_path / "shafaf.duckdb").snapshot_id is None


def test_a_boundaries_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = shapes(padding="x" * boundaries.MAX_BYTES)
    assert messages(package(tmp_path, big)) == [
        f"regions.geojson: the file is {len(json.dumps(big)):,} bytes; at most 2,000,000 "
        "(simplify the shapes first, e.g. mapshaper -simplify 10%)"
    ]


def test_a_package_that_only_brings_boundaries_is_a_change_shared_by_every_department(tmp_path: Path) -> None:
    db = tmp_path / "shafaf.duckdb"
    assert load_package(TINY, db).snapshot_id == "000001"
    again = load_package(TINY, db)
    assert again.refused == "unchanged"
    result = load_package(package(tmp_path, shapes(source="Survey")), db)
    assert result.snapshot_id == "000002" and result.changes is not None
    (change,) = [c for c in result.changes.yaml if c.key == "regions.geojson"]
    assert change.old is None and change.new is not None and change.new.startswith('"Survey (') and change.shared
