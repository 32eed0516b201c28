"""Maps of regions: the choropleth over bundled boundaries, and the tile grid (one square per region) as fallback.

Neither asks anything of the network: the choropleth draws the GeoJSON it is given with no base map or
tiles (plotly.js's own world topology is stubbed by the app: shafaf/ui/topojson_routes.py).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, SEQUENTIAL, base_layout, plain

TILE_HEIGHT = 92  # pixels per row of tiles
MAP_WIDTH = 480  # the width a map is planned for (its column on a desktop); the height follows the shapes
MAP_HEIGHT = (300, 720)  # least and most height of a map, pixels
MAP_LABELS_UP_TO = 12  # values are written on the shapes when there are this few (more would overlap)
HOVER_MAX = 160  # a context shape's hover names every district it now is
CONTEXT_FILL = "#f0f0f0"  # a former district drawn for context: lighter than no data, never on the scale


def grid_columns(n: int) -> int:
    """How many columns the tile grid of n regions has (near square)."""
    return math.ceil(math.sqrt(n)) if n else 0


def tile_positions(ids: list[str], *, rtl: bool = False) -> dict[str, tuple[int, int]]:
    """(row, column) of each id in a near-square grid, filled row by row in the given order (right to left for rtl)."""
    n = len(ids)
    if n == 0:
        return {}
    cols = grid_columns(n)
    return {rid: (i // cols, (cols - 1 - i % cols) if rtl else i % cols) for i, rid in enumerate(ids)}


def regions_tile_chart(
    tiles: pd.DataFrame,
    title: str,
    *,
    rtl: bool = False,
    colorbar_title: str = "",
    percent: bool = False,
) -> go.Figure:
    """A tile map: `tiles` has region_id, name, value (missing = no data, grey) and value_text, in tile order.

    Each tile shows the region's name and its value in words; the colour scale runs from 0 to 1 when
    `percent` (coverage), else from 0 to the largest value.
    """
    pos = tile_positions(list(tiles["region_id"]), rtl=rtl)
    n_rows = 1 + max((r for r, _ in pos.values()), default=0)
    n_cols = 1 + max((c for _, c in pos.values()), default=0)
    z = [[None] * n_cols for _ in range(n_rows)]
    grey = [[None] * n_cols for _ in range(n_rows)]
    text = [[""] * n_cols for _ in range(n_rows)]
    grey_text = [[""] * n_cols for _ in range(n_rows)]
    for rid, name, value, words in tiles[["region_id", "name", "value", "value_text"]].itertuples(index=False):
        r, c = pos[rid]
        label = f"{plain(name)}<br>{plain(words)}"
        if pd.isna(value):
            grey[r][c], grey_text[r][c] = 1, label
        else:
            z[r][c], text[r][c] = float(value), label
    known = pd.to_numeric(tiles["value"], errors="coerce").dropna()
    zmax = 1.0 if percent else (float(known.max()) if len(known) and known.max() > 0 else 1.0)
    common = {"xgap": 4, "ygap": 4, "texttemplate": "%{text}", "hovertemplate": "%{text}<extra></extra>"}
    fig = go.Figure(
        [
            go.Heatmap(
                z=z,
                text=text,
                colorscale=SEQUENTIAL,
                zmin=0,
                zmax=zmax,
                colorbar={"title": {"text": plain(colorbar_title)}, "tickformat": ".0%" if percent else ",~g"},
                name=plain(colorbar_title),
                **common,
            ),
            go.Heatmap(
                z=grey,
                text=grey_text,
                colorscale=[[0.0, NO_DATA], [1.0, NO_DATA]],
                showscale=False,
                name="no data",
                **common,
            ),
        ]
    )
    fig.update_xaxes(visible=False, range=[-0.5, n_cols - 0.5])
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    return base_layout(fig, title, rtl=rtl, height=80 + TILE_HEIGHT * n_rows)


def mercator_aspect(bounds: tuple[float, float, float, float]) -> float:
    """Height over width of (west, south, east, north) as the Mercator projection draws it."""
    west, south, east, north = bounds

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    return (y(north) - y(south)) / max(math.radians(east - west), 1e-9)


def _ink(value: object, zmax: float) -> str:
    """White on the dark end of the scale, black on the light end and on the no-data grey (readable contrast)."""
    v = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return "#ffffff" if pd.notna(v) and float(v) > 0.55 * zmax else "#000000"


def map_height(aspect: float, width: int = MAP_WIDTH) -> int:
    """Pixels of height for shapes whose extent is `aspect` (height / width) tall, with title and colour bar."""
    low, high = MAP_HEIGHT
    return int(min(high, max(low, 110 + width * aspect)))


def regions_map_chart(
    tiles: pd.DataFrame,
    geojson: dict[str, Any],
    title: str,
    *,
    rtl: bool = False,
    colorbar_title: str = "",
    percent: bool = False,
    context: pd.DataFrame | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> go.Figure:
    """A choropleth of regions: `tiles` has region_id, name, value (missing = no data, grey), value_text, lon, lat.

    `geojson` holds the shapes, keyed by properties.region_id; `context` (shape_id, text) lists former
    districts drawn uncoloured for where they are, keyed by properties.shape_id. No tiles, no base map: the
    geography is the shapes alone, fitted to them. `bounds` (west, south, east, north) frames the map on the
    shapes' extent and sets the height from its aspect, so the map fills its box instead of a world frame.
    """
    known = tiles[pd.to_numeric(tiles["value"], errors="coerce").notna()]
    unknown = tiles[pd.to_numeric(tiles["value"], errors="coerce").isna()]
    values = pd.to_numeric(known["value"], errors="coerce")
    zmax = 1.0 if percent else (float(values.max()) if len(values) and values.max() > 0 else 1.0)
    line = {"color": "#ffffff", "width": 1}

    def hover(frame: pd.DataFrame) -> list[str]:
        return [f"{plain(n)}<br>{plain(w)}" for n, w in zip(frame["name"], frame["value_text"], strict=True)]

    def flat(key: str, locations: list[str], text: list[str], fill: str, edge: dict, name: str) -> go.Choropleth:
        """Shapes in one colour, no scale: context (a former district) or regions with no figure."""
        return go.Choropleth(
            geojson=geojson,
            featureidkey=f"properties.{key}",
            locations=locations,
            z=[0] * len(locations),
            text=text,
            colorscale=[[0.0, fill], [1.0, fill]],
            showscale=False,
            marker={"line": edge},
            hovertemplate="%{text}<extra></extra>",
            name=name,
        )

    traces: list[go.BaseTraceType] = []
    if context is not None and not context.empty:
        texts = [plain(x, HOVER_MAX) for x in context["text"]]
        traces.append(
            flat("shape_id", list(context["shape_id"]), texts, CONTEXT_FILL, {"color": NO_DATA, "width": 1}, "context")
        )
    if not unknown.empty:
        traces.append(flat("region_id", list(unknown["region_id"]), hover(unknown), NO_DATA, line, "no data"))
    traces.append(
        go.Choropleth(
            geojson=geojson,
            featureidkey="properties.region_id",
            locations=list(known["region_id"]),
            z=[float(v) for v in values],
            text=hover(known),
            colorscale=SEQUENTIAL,
            zmin=0,
            zmax=zmax,
            marker={"line": line},
            colorbar={
                "title": {"text": plain(colorbar_title), "side": "top"},  # never over the first tick (RTL too)
                "tickformat": ".0%" if percent else ",~g",
                "orientation": "h",  # under the map: the map keeps the card's whole width, on a phone too
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "thickness": 12,
                "len": 0.9,
            },
            hovertemplate="%{text}<extra></extra>",
            name=plain(colorbar_title),
        )
    )
    if len(tiles) <= MAP_LABELS_UP_TO:  # the value in words on each shape: colour never speaks alone
        traces.append(
            go.Scattergeo(
                lon=list(tiles["lon"]),
                lat=list(tiles["lat"]),
                text=[plain(w) for w in tiles["value_text"]],
                mode="text",
                textfont={"size": 12, "color": [_ink(v, zmax) for v in tiles["value"]]},
                hoverinfo="skip",
                showlegend=False,
                name="values",
            )
        )
    fig = go.Figure(traces)
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    aspect = 1.0
    if bounds is not None:
        west, south, east, north = bounds
        pad_x, pad_y = 0.02 * (east - west), 0.02 * (north - south)
        fig.update_geos(lonaxis_range=[west - pad_x, east + pad_x], lataxis_range=[south - pad_y, north + pad_y])
        aspect = mercator_aspect(bounds)
    fig = base_layout(fig, title, rtl=rtl, height=map_height(aspect))
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 70}, dragmode=False)
    return fig
