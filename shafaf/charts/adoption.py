"""The adoption matrix: regions by digital services, the stage of each service in each region."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import (
    LABEL_PX_PER_CHAR,
    OTHER_MARGIN,
    PHONE_PAPER,
    STAGE_COLORS,
    axis_labels,
    base_layout,
    category_labels,
    label_margin,
    plain,
)
from shafaf.contract.schema import STAGES
from shafaf.labels import unique_labels

NOT_REACHED = "#f2f2f2"
CODES = ("none", *STAGES)  # z value = position
# Column labels are written level (never turned) in lines of COLUMN_WIDTH characters, at most COLUMN_LINES
# lines, the rest shortened (start and end kept; the hover and the table name every column): about 72 px
# wide. Plotly writes every label of a category axis however crowded (22 services in the 150 px a phone
# leaves beside the districts' names were a pile of letters, and so at 1280 px), so each column gets
# COLUMN_PX, and a matrix wider than a phone's chart says so in layout.width: chart_card then lets it scroll
# sideways inside its card (a two-dimensional table of cells is WCAG 1.4.10's exception), the row labels
# in view at the start (on the right in Urdu and Pashto). The top margin holds COLUMN_LINES lines.
COLUMN_WIDTH = 10
COLUMN_PX = round(COLUMN_WIDTH * LABEL_PX_PER_CHAR) + 14
COLUMN_LINES = 3
COLUMN_LINE_PX = 17
COLUMN_LINE_PX_RTL = 24
COLUMN_PAD = 56  # the title above the labels


def _discrete_scale(colors: list[str]) -> list[list[float | str]]:
    n = len(colors)
    scale: list[list[float | str]] = []
    for i, c in enumerate(colors):
        scale += [[i / n, c], [(i + 1) / n, c]]
    return scale


def adoption_matrix_chart(cells: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Rows regions, columns services; `cells` has region, initiative (names), stage (None = not reached) and text.

    With region_id / initiative_id columns, rows and columns are keyed by id, so two items sharing a name stay
    apart (labelled "Name (id)"). The colour is the stage and `text` (the stage in words) is written in every
    cell, so colour never carries the meaning alone.
    """
    row_key = "region_id" if "region_id" in cells else "region"
    col_key = "initiative_id" if "initiative_id" in cells else "initiative"
    row_label = dict(zip(cells[row_key], unique_labels(cells[row_key], cells["region"]), strict=True))
    col_label = dict(zip(cells[col_key], unique_labels(cells[col_key], cells["initiative"]), strict=True))
    rows = list(dict.fromkeys(cells[row_key]))
    cols = list(dict.fromkeys(cells[col_key]))
    code = {s: i for i, s in enumerate(CODES)}
    z = [[0] * len(cols) for _ in rows]
    text = [[""] * len(cols) for _ in rows]
    for region, initiative, stage, words in cells[[row_key, col_key, "stage", "text"]].itertuples(index=False):
        r, c = rows.index(region), cols.index(initiative)
        z[r][c] = code[stage] if isinstance(stage, str) else 0
        text[r][c] = plain(words)
    colors = [NOT_REACHED, *(STAGE_COLORS[s] for s in CODES[1:])]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=axis_labels((col_label[c] for c in cols), COLUMN_WIDTH, COLUMN_LINES),
            y=axis_labels(row_label[r] for r in rows),
            text=text,
            texttemplate="%{text}",
            customdata=[[[plain(row_label[r]), plain(col_label[c])] for c in cols] for r in rows],
            hovertemplate="%{customdata[0]} · %{customdata[1]}: %{text}<extra></extra>",
            colorscale=_discrete_scale(colors),
            zmin=-0.5,
            zmax=len(CODES) - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    # level, every language and width
    fig.update_xaxes(side="top", autorange="reversed" if rtl else True, type="category", autotickangles=[0])
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left", type="category")
    fig = base_layout(fig, title, rtl=rtl, height=max(320, 200 + 34 * len(rows)))
    lines = max((str(x).count("<br>") + 1 for x in fig.data[0].x), default=1)
    fig.update_layout(margin={"t": COLUMN_PAD + lines * (COLUMN_LINE_PX_RTL if rtl else COLUMN_LINE_PX)})
    width = matrix_width(len(cols), label_margin(category_labels(fig)))
    if width > PHONE_PAPER:
        fig.update_layout(width=width)
    return fig


def matrix_width(columns: int, label_px: int) -> int:
    """The px a matrix needs for `columns` columns of COLUMN_PX beside row labels `label_px` wide."""
    return label_px + columns * COLUMN_PX + OTHER_MARGIN
