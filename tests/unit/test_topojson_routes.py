"""/topojson/<name>.json: the empty base map plotly.js asks for instead of cdn.plot.ly, and the config that points there."""

from __future__ import annotations

import json
from pathlib import Path

from shafaf.ui import chart_card, topojson_routes
from tests.asgitools import asgi_get

ROOT = Path(__file__).resolve().parents[2]


def _get(path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` through the routes as ASGI (no network)."""
    return asgi_get(topojson_routes.routes(), path)


def test_the_stub_is_a_valid_empty_topology_for_every_base_map_name() -> None:
    for name in ("world_110m", "world_50m", "usa_110m", "asia_50m"):
        status, headers, body = _get(f"/topojson/{name}.json")
        assert status == 200 and headers["content-type"] == "application/json"
        topo = json.loads(body)
        assert topo["type"] == "Topology" and topo["arcs"] == []
        for layer in ("land", "ocean", "coastlines", "lakes", "rivers", "countries", "subunits"):
            assert topo["objects"][layer] == {"type": "GeometryCollection", "geometries": []}


def test_anything_but_a_name_is_not_found() -> None:
    for bad in ("/topojson/..%2Fsecret.json", "/topojson/World.json", "/topojson/a-b.json", "/topojson/x.txt"):
        status, _, body = _get(bad)
        assert status == 404 and b"Topology" not in body, bad


def test_charts_ask_the_app_not_the_cdn_and_the_app_serves_the_route() -> None:
    assert chart_card.PLOTLY_CONFIG["topojsonURL"] == "/topojson/" == topojson_routes.URL
    assert [r.path for r in topojson_routes.routes()] == ["/topojson/{name}.json"]
    assert "topojson_routes.routes()" in (ROOT / "app.py").read_text(encoding="utf-8")
