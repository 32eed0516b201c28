"""Build data/boundaries/pk-kp-districts.geojson: Khyber Pakhtunkhwa's districts, keyed by the demo's region_id.

Source: geoBoundaries gbOpen PAK ADM2 (2019, public domain), the simplified TopoJSON
(releaseData/gbOpen/PAK/ADM2/geoBoundaries-PAK-ADM2_simplified.topojson). The copy kept in
data/boundaries/source/ has the upstream arcs unchanged and only KP's 31 geometries. Each shape is
matched to a region by data/boundaries/crosswalk.csv (shapeName, shapeID, region_id, match, note):

- match "same": the shape is the district; the feature carries `region_id`.
- match "part": the shape is a district as it was in 2019 and has since been split; the feature has no
  `region_id` and lists the districts it `covers` (drawn uncoloured, for context, never as data).
- match "none": the district has no shape (the note says why); nothing is drawn for it.

Coordinates are rounded to PLACES decimals (about 100 m), repeated points dropped. Run by hand when
the source or the crosswalk changes, and commit the result:

    python tools/make_boundaries.py
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "boundaries" / "source" / "geoBoundaries-PAK-ADM2_simplified-kp.topojson"
CROSSWALK = ROOT / "data" / "boundaries" / "crosswalk.csv"
OUT = ROOT / "data" / "boundaries" / "pk-kp-districts.geojson"
PLACES = 3
MATCHES = ("same", "part", "none")
ATTRIBUTION = "geoBoundaries gbOpen PAK ADM2 (2019), public domain; www.geoboundaries.org"


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc of a quantised (delta-encoded) TopoJSON as absolute (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]], places: int = PLACES) -> list[list[float]]:
    """One closed ring from its arcs (a negative id is arc ~id reversed), rounded, repeated points dropped."""
    points: list[tuple[float, float]] = []
    for i in arc_ids:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        if points and points[-1] != part[0]:
            raise ValueError(f"arc {i} does not start where the ring's previous arc ends")
        points.extend(part if not points else part[1:])
    if points[0] != points[-1]:
        raise ValueError("ring does not close")
    out: list[list[float]] = []
    for x, y in points:
        p = [round(x, places), round(y, places)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) < 4:
        raise ValueError("ring has fewer than 4 points after rounding")
    return out


def geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]], places: int = PLACES) -> dict[str, Any]:
    """A TopoJSON Polygon or MultiPolygon as GeoJSON."""
    if geom["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, arcs, places) for r in geom["arcs"]]}
    if geom["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[ring(r, arcs, places) for r in p] for p in geom["arcs"]]}
    raise ValueError(f"unexpected geometry type {geom['type']!r}")


def read_crosswalk(path: Path) -> list[dict[str, str]]:
    """The crosswalk's rows, checked: known match words, a shape for "same"/"part", none for "none"."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        if row["match"] not in MATCHES:
            raise ValueError(f"crosswalk line {n}: match must be one of {MATCHES}, not {row['match']!r}")
        if not row["region_id"] or row["region_id"] in seen:
            raise ValueError(f"crosswalk line {n}: region_id missing or repeated")
        seen.add(row["region_id"])
        if (row["match"] == "none") != (row["shapeID"] == ""):
            raise ValueError(f"crosswalk line {n}: a shapeID is needed for 'same'/'part' and absent for 'none'")
        if row["match"] != "same" and not row["note"]:
            raise ValueError(f"crosswalk line {n}: say in the note why {row['region_id']} has no shape of its own")
    return rows


def build(topology: dict[str, Any], crosswalk: list[dict[str, str]], places: int = PLACES) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of every shape the crosswalk names, in the crosswalk's order."""
    arcs = decode_arcs(topology)
    (geoms,) = topology["objects"].values()
    by_id = {g["properties"]["shapeID"]: g for g in geoms["geometries"]}
    order: list[str] = []
    rows_of: dict[str, list[dict[str, str]]] = {}
    for row in crosswalk:
        sid = row["shapeID"]
        if not sid:
            continue
        if sid not in by_id:
            raise ValueError(f"crosswalk names shape {sid} ({row['shapeName']}), which the source does not have")
        if by_id[sid]["properties"]["shapeName"] != row["shapeName"]:
            raise ValueError(f"crosswalk: {sid} is {by_id[sid]['properties']['shapeName']!r}, not {row['shapeName']!r}")
        if sid not in rows_of:
            order.append(sid)
        rows_of.setdefault(sid, []).append(row)
    features = []
    for sid in order:
        rows = rows_of[sid]
        matches = {r["match"] for r in rows}
        if matches == {"same"} and len(rows) == 1:
            props: dict[str, Any] = {"region_id": rows[0]["region_id"]}
        elif matches == {"part"}:
            props = {"covers": [r["region_id"] for r in rows]}
        else:
            raise ValueError(f"shape {sid}: either one 'same' row or only 'part' rows")
        props |= {"shape_name": by_id[sid]["properties"]["shapeName"], "shape_id": sid}
        features.append({"type": "Feature", "properties": props, "geometry": geometry(by_id[sid], arcs, places)})
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": features,
    }


def dumps(collection: dict[str, Any]) -> str:
    """Compact JSON, one feature per line (small, and a diff shows which district changed)."""
    head = json.dumps({k: v for k, v in collection.items() if k != "features"}, ensure_ascii=False)[:-1]
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"])
    return f'{head}, "features": [\n{body}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    """Read the TopoJSON and the crosswalk, write the GeoJSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", type=Path, default=SOURCE)
    p.add_argument("--crosswalk", type=Path, default=CROSSWALK)
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--places", type=int, default=PLACES)
    a = p.parse_args(argv)
    topology = json.loads(a.source.read_text(encoding="utf-8"))
    collection = build(topology, read_crosswalk(a.crosswalk), a.places)
    a.out.write_text(dumps(collection), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
