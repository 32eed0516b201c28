"""Outcomes: are the digital services in this region meeting their published targets, and is the money
arriving? For donors (and anyone checking results against promises): every target judged by one published
rule, and funding committed against disbursed, per currency. Drawn from shafaf.views.outcomes."""

import streamlit as st

from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.ui import layout, render
from shafaf.ui.context import Context
from shafaf.views import outcomes


def body(ctx: Context) -> None:
    """The page's content: the Outcomes view model drawn."""
    v = render.build(outcomes, ctx)
    lang = ctx.lang
    render.text(v.intro)
    st.header(t("outcomes.targets", lang))
    render.card(ctx, v.status)
    if v.targets is not None:
        render.table(v.targets, key="outcomes.targets", ctx=ctx)
    if v.choose is not None:
        st.caption(v.choose.text)
    if v.selected is not None:
        st.subheader(md(v.selected.text))
        cols = st.columns(2)
        for i, c in enumerate(v.trajectories):
            with cols[i % 2]:
                render.card(ctx, c)
    st.header(t("outcomes.funding", lang))
    if not v.funding:
        st.write(v.funding_note.text)
        return
    st.caption(v.funding_note.text)
    for c in v.funding:
        render.card(ctx, c)
    st.subheader(t("outcomes.funding_lines", lang))
    render.table(v.funding_lines, key="outcomes.funding_lines")


layout.page("outcomes", body)
