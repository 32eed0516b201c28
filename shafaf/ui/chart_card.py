"""chart_card: every figure with its words (title, summary, chart, table, source and as-of, download)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from shafaf.csv_safe import safe_csv
from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.metrics import FigureProvenance
from shafaf.narrative import provenance_caption, with_provenance
from shafaf.site.render import embed_code
from shafaf.ui.context import Context
from shafaf.ui.layout import source_line
from shafaf.ui.rtl import wide_key
from shafaf.ui.tables import data_table
from shafaf.ui.topojson_routes import URL as TOPOJSON_URL

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
    "responsive": True,
    "topojsonURL": TOPOJSON_URL,  # maps ask the app, never cdn.plot.ly, for plotly.js's base map (a stub)
}  # on phones the tool bar is hidden by CSS (shafaf/ui/rtl.py): a touch would show it over the title


def chart_card(
    ctx: Context,
    *,
    key: str,
    title: str,
    summary: str,
    fig: go.Figure | None,
    table: pd.DataFrame,
    filename: str,
    provenance: FigureProvenance | None = None,
    answer: str | None = None,
    embed: str | None = None,
) -> None:
    """One figure: title, one-sentence summary, chart, table alternative, source line, CSV download.

    A figure built from metrics passes its `provenance`: the source line, the table and the CSV then say
    how the figures are produced and which months include estimated or provisional values. `answer` is the
    table's column that answers the chart's question (shown first on every screen); None when that is
    already the table's first column. `embed`: the URL of the chart's own static page, offered as an
    <iframe> snippet to copy (shown as code: text, never markup).
    """
    caption = source_line(ctx)
    if provenance is not None:
        caption = f"{caption} · {md(provenance_caption(provenance, ctx.lang))}"
        table = with_provenance(table, provenance, ctx.lang)
    with st.container(border=True, key=f"card-{key}"):
        st.subheader(md(title))
        st.markdown(md(summary))
        if fig is None or table.empty:
            st.info(t("card.no_chart_data", ctx.lang))
        elif fig.layout.width:  # wider than a phone (a matrix): it scrolls sideways inside the card
            with st.container(key=f"scroll-{key}"), st.container(key=wide_key(int(fig.layout.width), key)):
                st.plotly_chart(fig, key=f"chart-{key}", config=PLOTLY_CONFIG)
        else:
            st.plotly_chart(fig, key=f"chart-{key}", config=PLOTLY_CONFIG)
        with st.expander(t("card.table", ctx.lang)):
            data_table(table, answer=answer, key=f"card-{key}")
        st.caption(caption)
        csv_download(ctx, t("card.download", ctx.lang), table, filename, key=f"download-{key}")
        if embed is not None:
            with st.expander(t("card.embed", ctx.lang)):
                st.caption(t("card.embed_help", ctx.lang))
                st.code(embed_code(embed, title), language="html")


def table_card(ctx: Context, *, key: str, title: str, summary: str, table: pd.DataFrame, filename: str) -> None:
    """A record that is a table (no chart): title, one-sentence summary, the table, source line, CSV download."""
    with st.container(border=True, key=f"card-{key}"):
        st.subheader(md(title))
        st.markdown(md(summary))
        if not table.empty:
            data_table(table, answer=None, key=f"card-{key}")
        st.caption(source_line(ctx))
        csv_download(ctx, t("card.download", ctx.lang), table, filename, key=f"download-{key}")


def csv_download(ctx: Context, label: str, table: pd.DataFrame, filename: str, *, key: str) -> None:
    """A download of exactly `table` as CSV, formula cells and headers neutralised, named after the snapshot."""
    st.download_button(
        label,
        data=safe_csv(table),
        file_name=f"{filename}-{ctx.snap.snapshot_id}.csv",
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )
