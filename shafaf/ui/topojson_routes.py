"""/topojson/<name>.json: an empty world topology, so plotly.js draws a map without asking its CDN for one.

plotly.js fetches a base map (world_110m.json and the like, from https://cdn.plot.ly/) for every `geo`
subplot, even when the map draws only its own GeoJSON with the base layers hidden (the Regions map). The
charts' config points `topojsonURL` here (shafaf.ui.chart_card.PLOTLY_CONFIG), and every name answers the
same valid topology with no shapes: nothing leaves the machine, and nothing of a world map is drawn.
"""

from __future__ import annotations

import json
import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

PREFIX = "/topojson"
URL = PREFIX + "/"  # what plotly.js puts before "<name>.json"
# the layers plotly.js may read from a base map (plots/geo/constants.js): each an empty collection
LAYERS = ("land", "ocean", "coastlines", "lakes", "rivers", "countries", "subunits")
STUB = {
    "type": "Topology",
    "arcs": [],
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "objects": {name: {"type": "GeometryCollection", "geometries": []} for name in LAYERS},
}
BODY = json.dumps(STUB, separators=(",", ":")).encode()
NAME = re.compile(r"[a-z0-9_]{1,40}")
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=86400"}


async def topojson(request: Request) -> Response:
    """The empty topology for any base-map name plotly.js asks for (404 for anything that is not a name)."""
    if not NAME.fullmatch(str(request.path_params.get("name", ""))):
        return Response("not found", status_code=404, media_type="text/plain", headers=HEADERS)
    return Response(BODY, media_type="application/json", headers=HEADERS)


def routes() -> list[Route]:
    """The stub topology's route, for st.App(routes=...)."""
    return [Route(PREFIX + "/{name}.json", topojson, methods=["GET", "HEAD"])]
