"""The tile-grid map of regions: one square tile per region, no geometry and nothing downloaded."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, SEQUENTIAL, base_layout, plain

TILE_HEIGHT = 92  # pixels per row of tiles


def tile_positions(ids: list[str], *, rtl: bool = False) -> dict[str, tuple[int, int]]:
    """(row, column) of each id in a near-square grid, filled row by row in the given order (right to left for rtl)."""
    n = len(ids)
    if n == 0:
        return {}
    cols = math.ceil(math.sqrt(n))
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
