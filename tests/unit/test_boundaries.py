"""The bundled boundaries: the crosswalk against the demo's districts, the GeoJSON's size and validity, the tool."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from shafaf import boundaries

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "boundaries"
DEMO_REGIONS = ROOT / "data" / "demo" / "2026-10" / "regions.csv"


def _tool():  # tools/ is not a package: load tools/make_boundaries.py by path
    spec = importlib.util.spec_from_file_location("make_boundaries", ROOT / "tools" / "make_boundaries.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


make = _tool()


def _demo_kp_districts() -> list[str]:
    with DEMO_REGIONS.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    parent = {r["region_id"]: r["parent_id"] for r in rows}

    def in_kp(rid: str) -> bool:
        while rid:
            if rid == "pk-kp":
                return True
            rid = parent.get(rid, "")
        return False

    return [r["region_id"] for r in rows if r["level"] == "district" and in_kp(r["region_id"])]


def test_every_demo_district_is_mapped_or_said_missing_with_a_reason() -> None:
    rows = make.read_crosswalk(DATA / "crosswalk.csv")
    by_region = {r["region_id"]: r for r in rows}
    districts = _demo_kp_districts()
    assert len(districts) == 36
    assert set(by_region) == set(districts)  # no district forgotten, none invented
    b = boundaries.bundled()
    covered = b.covered()
    for rid in districts:
        row = by_region[rid]
        if row["match"] == "same":
            assert rid in b.shapes and b.shapes[rid]["properties"]["shape_id"] == row["shapeID"], rid
        else:
            assert row["note"], f"{rid}: no reason given for having no shape of its own"
            assert rid not in b.shapes
            assert (rid in covered) == (row["match"] == "part"), rid
    # the districts split after 2019 and Torghar, as the docs say
    assert {r for r, x in by_region.items() if x["match"] == "part"} == {
        "pk-kp-upper-kohistan",
        "pk-kp-lower-kohistan",
        "pk-kp-kolai-palas",
        "pk-kp-lower-chitral",
        "pk-kp-upper-chitral",
        "pk-kp-upper-south-waziristan",
        "pk-kp-lower-south-waziristan",
    }
    assert [r for r, x in by_region.items() if x["match"] == "none"] == ["pk-kp-torghar"]


def test_the_crosswalk_names_every_kp_shape_of_the_source_by_its_own_name() -> None:
    source = json.loads((DATA / "source" / "geoBoundaries-PAK-ADM2_simplified-kp.topojson").read_text())
    (geoms,) = source["objects"].values()
    names = {g["properties"]["shapeID"]: g["properties"]["shapeName"] for g in geoms["geometries"]}
    rows = make.read_crosswalk(DATA / "crosswalk.csv")
    named = {r["shapeID"]: r["shapeName"] for r in rows if r["shapeID"]}
    assert named == names and len(names) == 31


def test_the_geojson_is_small_valid_rounded_and_in_kp() -> None:
    path = DATA / "pk-kp-districts.geojson"
    assert path.stat().st_size < 150_000  # a few hundred KB at most; today about 65 KB
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert boundaries.problems(collection) == []
    assert "public domain" in collection["attribution"]
    points = [p for f in collection["features"] for ring in f["geometry"]["coordinates"] for p in ring]
    assert all(round(x, 3) == x and round(y, 3) == y for x, y in points)
    assert all(69 < x < 75 and 30.5 < y < 37.5 for x, y in points)
    assert len(collection["features"]) == 31 and len(boundaries.bundled().shapes) == 28
    assert set(boundaries.bundled().shapes) <= set(_demo_kp_districts())


def test_the_committed_geojson_is_what_the_tool_builds() -> None:
    source = json.loads((DATA / "source" / "geoBoundaries-PAK-ADM2_simplified-kp.topojson").read_text())
    built = make.dumps(make.build(source, make.read_crosswalk(DATA / "crosswalk.csv")))
    assert built == (DATA / "pk-kp-districts.geojson").read_text(encoding="utf-8")


# two unit squares side by side, sharing arc 1 (quantised: scale 1, translate 10, 20)
TOPO = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [[[1, 1], [-1, 0], [0, -1], [1, 0]], [[1, 0], [0, 1]], [[1, 0], [1, 0], [0, 1], [-1, 0]]],
    "objects": {
        "x": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[1, 0]], "properties": {"shapeName": "West", "shapeID": "W"}},
                {"type": "Polygon", "arcs": [[2, -2]], "properties": {"shapeName": "East", "shapeID": "E"}},
            ],
        }
    },
}


def _crosswalk(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "crosswalk.csv"
    p.write_text("shapeName,shapeID,region_id,match,note\n" + text, encoding="utf-8")
    return p


def test_tool_decodes_arcs_and_shares_boundaries(tmp_path: Path) -> None:
    rows = make.read_crosswalk(
        _crosswalk(tmp_path, "West,W,r-w,same,\nEast,E,r-e1,part,split\nEast,E,r-e2,part,split\n")
    )
    fc = make.build(TOPO, rows)
    west, east = fc["features"]
    assert west["properties"] == {"region_id": "r-w", "shape_name": "West", "shape_id": "W"}
    assert west["geometry"]["coordinates"] == [[[11, 20], [11, 21], [10, 21], [10, 20], [11, 20]]]
    assert east["properties"]["covers"] == ["r-e1", "r-e2"] and "region_id" not in east["properties"]
    assert east["geometry"]["coordinates"] == [[[11, 20], [12, 20], [12, 21], [11, 21], [11, 20]]]
    assert boundaries.problems(fc) == []


def test_tool_refuses_broken_rings_and_bad_crosswalks(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(TOPO))
    broken["objects"]["x"]["geometries"][0]["arcs"] = [[1, 2]]  # arc 2 does not start where arc 1 ends
    rows = make.read_crosswalk(_crosswalk(tmp_path, "West,W,r-w,same,\n"))
    with pytest.raises(ValueError, match="does not start"):
        make.build(broken, rows)
    with pytest.raises(ValueError, match="not 'Nope'"):
        make.build(TOPO, make.read_crosswalk(_crosswalk(tmp_path, "Nope,W,r-w,same,\n")))
    for bad, why in [
        ("West,W,r-w,maybe,\n", "match must be"),
        ("West,W,r-w,part,\n", "say in the note"),
        (",,r-x,same,\n", "shapeID is needed"),
        ("West,W,r-w,same,\nEast,E,r-w,same,\n", "repeated"),
    ]:
        with pytest.raises(ValueError, match=why):
            make.read_crosswalk(_crosswalk(tmp_path, bad))


def _square(rid: str | None, x: float, y: float, **props: object) -> dict:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    p = {"region_id": rid, **props} if rid else dict(props)
    return {"type": "Feature", "properties": p, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_problems_name_what_cannot_be_drawn() -> None:
    assert boundaries.problems([]) == ["not a GeoJSON FeatureCollection"]
    open_ring = _square("a", 0, 0)
    open_ring["geometry"]["coordinates"][0].pop()
    far = _square("b", 200, 0)
    cases = [open_ring, far, _square(None, 0, 0), {"type": "Feature", "properties": {"region_id": "c"}}]
    found = boundaries.problems(
        {"type": "FeatureCollection", "features": [*cases, _square("d", 0, 0), _square("d", 1, 1)]}
    )
    assert len(found) == 5
    assert found[0].startswith("feature 1 (a): a Polygon") and found[1].startswith("feature 2 (b): a Polygon")
    assert "need a region_id" in found[2] and found[3].startswith("feature 4 (c)")
    assert found[4] == "feature 6 (d): region_id repeated"
    with pytest.raises(ValueError, match="region_id repeated"):
        boundaries.from_collection({"type": "FeatureCollection", "features": [_square("d", 0, 0), _square("d", 1, 1)]})


def test_regions_drawn_covered_or_missing_and_placed_north_to_south() -> None:
    fc = {
        "type": "FeatureCollection",
        "features": [
            _square("nw", 0, 10),
            _square("ne", 5, 10.2),
            _square("sw", 0, 0),
            _square(None, 5, 0, covers=["se1", "se2"], shape_id="S", shape_name="Old South-east"),
        ],
    }
    b = boundaries.from_collection(fc)
    assert boundaries.centroid(fc["features"][0]["geometry"]) == pytest.approx((0.5, 10.5))
    m = boundaries.for_regions(b, ["sw", "se2", "nw", "zz"])
    assert m.located == ("sw", "nw") and m.context == ("S",) and m.within == {"se2": "Old South-east"}
    assert m.missing == ("zz",)
    assert [f["properties"].get("region_id") for f in m.geojson["features"]] == ["sw", "nw", None]
    # two columns: first row the two northern ones west to east, then the southern ones; unplaced last
    order = boundaries.geographic_order(b, ["zz", "se1", "sw", "ne", "nw"], 2)
    assert order == ["nw", "ne", "sw", "se1", "zz"]
    assert boundaries.bounds(m.geojson["features"]) == (0, 0, 6, 11)


def test_a_file_too_large_or_not_json_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "regions.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        boundaries.read(bad)
    monkeypatch.setattr(boundaries, "MAX_BYTES", 5)
    with pytest.raises(ValueError, match="larger than"):
        boundaries.read(bad)
