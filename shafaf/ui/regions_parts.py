"""Drawing the Regions view model's parts (shafaf/views/regions.py): a district, and the children compared."""

from __future__ import annotations

import streamlit as st

from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.ui import render
from shafaf.ui.context import Context
from shafaf.views.regions import Children, RegionsView


def leaf(ctx: Context, v: RegionsView) -> None:
    """What is live in this district: every service meant for it, where it stands here."""
    lang, lf = ctx.lang, v.leaf
    assert lf is not None
    st.header(t("regions.leaf_header", lang, region=md(v.region)))
    if lf.sentence is None or lf.reach is None:
        st.info(t("regions.leaf_none", lang, region=md(v.region)))
        return
    render.text(lf.sentence)
    st.markdown(lf.reach.text, help=lf.reach.help)
    render.table(lf.services, key="regions.leaf_table")
    st.caption(t("regions.leaf_note", lang))


def compared(ctx: Context, c: Children) -> None:
    """The map (or tile grid) and ranking, the areas left behind, the district x service grid, the drill-down links."""
    lang = ctx.lang
    st.header(t("regions.compare", lang))
    map_col, rank_col = st.columns([3, 2])
    with map_col:
        render.card(ctx, c.map)
        st.caption(md(c.map_note.text))
    with rank_col:
        st.subheader(t("regions.ranking", lang))
        render.table(c.ranking, key="regions.ranking", ctx=ctx)
        st.caption(t("regions.coverage_note", lang))
    st.header(t("regions.left_behind", lang))
    st.markdown(c.left_behind_rule)
    render.text(c.left_behind)
    if c.behind is not None:
        render.table(c.behind, key="regions.left_behind")
    st.header(t("grid.header", lang))
    st.markdown(c.grid.rule)
    render.text(c.grid.gaps)
    if c.grid.card is not None and c.grid.ranking is not None:
        render.card(ctx, c.grid.card)
        st.subheader(t("grid.ranking", lang))
        render.table(c.grid.ranking, key="regions.grid_ranking", ctx=ctx)
    st.header(t("regions.drill", lang, level=md(c.level)))
    cols = st.columns(3)
    for i, link in enumerate(c.drill):
        with cols[i % 3]:
            render.link(link, icon=":material/south_east:")
