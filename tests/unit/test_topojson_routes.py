"""/topojson/<name>.json: the empty base map plotly.js asks for instead of cdn.plot.ly, and the config that points there."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from starlette.applications import Starlette

from shafaf.ui import chart_card, topojson_routes

ROOT = Path(__file__).resolve().parents[2]


def _get(path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` through the routes as ASGI (no network)."""
    app = Starlette(routes=topojson_routes.routes())
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
        "root_path": "",
        "http_version": "1.1",
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


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
