"""District boundaries for the Regions map: the bundled GeoJSON (data/boundaries/), checked, keyed by region_id.

The bundled file is Khyber Pakhtunkhwa's districts from geoBoundaries 2019 (public domain), built by
tools/make_boundaries.py through data/boundaries/crosswalk.csv. A feature with `region_id` is that
region's shape; a feature with `covers` is a district as it was before a split (Kohistan, Chitral, South
Waziristan): drawn uncoloured for context, never as the figure of the districts it covers. Pure: no
streamlit, no duckdb.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "boundaries" / "pk-kp-districts.geojson"
SOURCE = "geoBoundaries gbOpen PAK ADM2 (2019), public domain"
MAX_BYTES = 2_000_000  # a boundaries file larger than this is refused: a phone would download it on every map


@dataclass(frozen=True)
class Boundaries:
    """Shapes by region id, context shapes (a pre-split district and the regions it covers), and where each lies."""

    shapes: dict[str, dict[str, Any]]
    context: tuple[dict[str, Any], ...] = ()
    centroids: dict[str, tuple[float, float]] = field(default_factory=dict)  # region id -> (lon, lat)
    source: str = SOURCE

    def covered(self) -> dict[str, dict[str, Any]]:
        """Region id -> the context feature whose area includes it (regions with no shape of their own)."""
        return {rid: f for f in self.context for rid in f["properties"]["covers"]}

    def position(self, region_id: str) -> tuple[float, float] | None:
        """(lon, lat) of a region's shape, or of the pre-split district that covers it; None when unknown."""
        if region_id in self.centroids:
            return self.centroids[region_id]
        f = self.covered().get(region_id)
        return None if f is None else centroid(f["geometry"])


def problems(collection: Any) -> list[str]:
    """What is wrong with a boundaries GeoJSON (empty when it can be drawn): structure, ids, coordinates."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return ["not a GeoJSON FeatureCollection"]
    out: list[str] = []
    seen: set[str] = set()
    for n, f in enumerate(collection.get("features") or []):
        props = (f.get("properties") or {}) if isinstance(f, dict) else {}
        rid, covers = props.get("region_id"), props.get("covers")
        where = f"feature {n + 1}" + (f" ({rid})" if isinstance(rid, str) else "")
        if not isinstance(f, dict) or f.get("type") != "Feature":
            out.append(f"{where}: not a Feature")
            continue
        if isinstance(rid, str) and rid:
            if rid in seen:
                out.append(f"{where}: region_id repeated")
            seen.add(rid)
        elif not (isinstance(covers, list) and covers and all(isinstance(c, str) for c in covers)):
            out.append(f"{where}: properties need a region_id (or `covers`, the regions a former district covers)")
        geom = f.get("geometry") or {}
        kind, coords = geom.get("type"), geom.get("coordinates")
        polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
        ok = (
            isinstance(polys, list)
            and polys
            and all(isinstance(p, list) and p and all(map(_ring_ok, p)) for p in polys)
        )
        if not ok:
            out.append(f"{where}: a Polygon or MultiPolygon whose rings are closed, 4+ [lon, lat] points in range")
    if not seen and not out:
        out.append("no feature has a region_id")
    return out


def _ring_ok(ring: Any) -> bool:
    if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
        return False
    for p in ring:
        if not (isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) for v in p[:2])):
            return False
        if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90):
            return False
    return True


def from_collection(collection: dict[str, Any], source: str = SOURCE) -> Boundaries:
    """Boundaries from a checked GeoJSON FeatureCollection (ValueError listing the problems otherwise)."""
    found = problems(collection)
    if found:
        raise ValueError("boundaries: " + "; ".join(found))
    shapes: dict[str, dict[str, Any]] = {}
    context = []
    for f in collection["features"]:
        rid = f["properties"].get("region_id")
        if isinstance(rid, str) and rid:
            shapes[rid] = f
        else:
            context.append(f)
    return Boundaries(shapes, tuple(context), {rid: centroid(f["geometry"]) for rid, f in shapes.items()}, source)


def read(path: Path, source: str = SOURCE) -> Boundaries:
    """Boundaries from a GeoJSON file (ValueError when it is too large, not JSON, or not drawable)."""
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"boundaries: {path.name} is larger than {MAX_BYTES:,} bytes; simplify it first")
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"boundaries: {path.name} is not JSON ({e})") from e
    return from_collection(collection, source)


@lru_cache(maxsize=1)
def bundled() -> Boundaries:
    """The boundaries that ship with the project (Khyber Pakhtunkhwa's districts, geoBoundaries 2019)."""
    return read(BUNDLED)


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return a / 2, cx / (3 * a), cy / (3 * a)


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """(lon, lat) of a Polygon's or MultiPolygon's area-weighted centre (outer rings; fine at district scale)."""
    parts = [_ring_area_centroid(p[0]) for p in _polygons(geometry)]
    total = sum(abs(a) for a, _, _ in parts)
    if total == 0:
        return parts[0][1], parts[0][2]
    return (sum(abs(a) * x for a, x, _ in parts) / total, sum(abs(a) * y for a, _, y in parts) / total)


def bounds(features: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the features' outer rings."""
    xs = [p[0] for f in features for poly in _polygons(f["geometry"]) for p in poly[0]]
    ys = [p[1] for f in features for poly in _polygons(f["geometry"]) for p in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class MapShapes:
    """What a map of some regions draws: their shapes, the context shapes, and who has no shape."""

    geojson: dict[str, Any]  # FeatureCollection: regions' shapes, then context shapes
    located: tuple[str, ...]  # region ids drawn with their own shape, in the order asked
    context: tuple[str, ...]  # shape ids of the context (pre-split) shapes drawn
    within: dict[str, str]  # region id -> name of the pre-split shape its area is drawn in
    missing: tuple[str, ...]  # region ids with no shape at all


def for_regions(b: Boundaries, region_ids: list[str]) -> MapShapes:
    """The shapes a map of `region_ids` draws (context shapes only for regions they cover)."""
    covered = b.covered()
    located = tuple(r for r in region_ids if r in b.shapes)
    ctx: dict[str, dict[str, Any]] = {}
    within: dict[str, str] = {}
    for r in region_ids:
        if r not in b.shapes and r in covered:
            f = covered[r]
            ctx[f["properties"]["shape_id"]] = f
            within[r] = str(f["properties"].get("shape_name", ""))
    missing = tuple(r for r in region_ids if r not in b.shapes and r not in covered)
    features = [b.shapes[r] for r in located] + list(ctx.values())
    return MapShapes({"type": "FeatureCollection", "features": features}, located, tuple(ctx), within, missing)


def geographic_order(b: Boundaries, region_ids: list[str], columns: int) -> list[str]:
    """Region ids for a tile grid of `columns`: rows north to south, each row west to east; unplaced last by id."""
    placed = [(b.position(r), r) for r in region_ids]
    known = sorted(((p, r) for p, r in placed if p is not None), key=lambda x: (-x[0][1], x[0][0], x[1]))
    rows = [known[i : i + columns] for i in range(0, len(known), max(columns, 1))]
    ordered = [r for row in rows for _, r in sorted(row, key=lambda x: (x[0][0], x[1]))]
    return ordered + sorted(r for p, r in placed if p is None)
