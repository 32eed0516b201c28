"""Drawing the Catalog's own pieces (shafaf/views/catalog.py): a service's card, the groups of cards, the overlaps."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from shafaf.fmt import isolate, md
from shafaf.i18n import t
from shafaf.ui import render
from shafaf.ui.chart_card import csv_download
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table
from shafaf.views.catalog import Group, Overlaps, Service


def service_card(s: Service, lang: str) -> None:
    """One service: name, where it stands in the region with its declared status beside it, owner, function,
    description, where it is live, website, and a link to its own page."""
    with st.container(border=True):
        st.markdown(f"**{md(s.name)}**")
        st.badge(md(s.reach_badge), color=s.reach_colour)
        st.badge(s.status_badge, color=s.status_colour)
        st.caption(f"{md(s.department)} · {md(s.function)}")
        st.markdown(isolate(md(s.summary), lang) if s.summary else t("catalog.no_summary", lang))
        st.markdown(md(s.live_in.text))
        if s.website.startswith(("https://", "http://")):
            st.link_button(t("catalog.open_website", lang), s.website, icon=":material/open_in_new:")
        elif s.website:
            st.text(f"{t('catalog.website', lang)}: {s.website}")
        if s.link is not None:
            render.link(s.link, icon=":material/arrow_forward:")


def groups(gs: Sequence[Group], lang: str) -> None:
    """Each group's heading with its count of matches, then its drawn cards two a row."""
    for g in gs:
        st.header(f"{md(g.label)} ({g.count})")
        cols = st.columns(2)
        for i, s in enumerate(g.services):
            with cols[i % 2]:
                service_card(s, lang)


def overlaps(ctx: Context, o: Overlaps) -> None:
    """The overlaps: the rule, how many pairs, the widest pairs, and a download of every pair when trimmed."""
    lang = ctx.lang
    st.header(t("catalog.overlaps", lang))
    st.markdown(o.rule.text)
    st.markdown(md(o.sentence.text))
    if o.table.empty:
        return
    if o.first is not None:
        st.markdown(o.first.text)
    data_table(o.table.frame().head(o.drawn), answer=None, key="catalog.overlaps")
    if o.drawn < len(o.table.rows):
        label = t("catalog.overlaps_download", lang)
        csv_download(ctx, label, o.table.frame(), o.filename, key="catalog.overlaps_csv")
