"""Overview: how is digitalisation going in this region? The headline figures for everyone; what changed."""

import streamlit as st

from shafaf.fmt import date, isolate, md
from shafaf.i18n import t
from shafaf.ui import layout, render
from shafaf.ui.context import Context
from shafaf.views import overview


def body(ctx: Context) -> None:
    """The page's content: the Overview's view model, drawn."""
    v = render.build(overview, ctx)
    lang = ctx.lang
    render.text(v.headline)
    render.text(v.reach)
    render.figures(v.figures)
    if v.usage:
        st.header(t("overview.usage", lang))
        render.figures(v.usage)
        for c in v.trends:
            render.card(ctx, c)
    st.header(t("overview.milestones", lang))
    render.card(ctx, v.milestones)
    st.header(t("overview.changes", lang))
    if v.changes.empty:
        st.write(t("overview.no_changes", lang))
    else:
        render.table(v.changes, key="overview.changes")
    st.header(t("overview.updates", lang))
    if not v.updates:
        st.write(t("overview.no_updates", lang))
    for u in v.updates:
        with st.container(border=True):
            st.markdown(f"**{md(u.title)}**")
            st.caption(f"{date(u.date, lang)} · {md(u.about)}")
            st.markdown(isolate(md(u.body), lang))


layout.page("overview", body)
