"""Regions: where are digital services live, and which areas are left behind?

For citizens (is it live in my district), officials (which areas lag) and donors (reach a provincial average
hides): the children of the chosen region as a tile map and a ranking, drill-down one level at a time, and
for a district what is live there. Everything shown comes from the view model (shafaf/views/regions.py).
"""

import streamlit as st

from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.ui import layout, regions_parts, render
from shafaf.ui.context import Context
from shafaf.views import regions
from shafaf.views.base import BadParam
from shafaf.views.regions import MEASURES, RegionsView


@st.fragment
def children_view(ctx: Context, v: RegionsView) -> None:
    """The children of the chosen region compared. A fragment: switching the measure or the metric reruns only
    this part, not the whole page."""
    lang, c = ctx.lang, v.children
    assert c is not None
    c1, c2 = st.columns(2)
    measure = c1.radio(
        t("regions.measure", lang),
        MEASURES,
        format_func=lambda m: t(f"regions.measure_{m}", lang),
        horizontal=True,
        key="regions.measure",
    )
    params = {"measure": str(measure)}
    if c.metric_choices:
        params["metric"] = str(
            c2.selectbox(
                t("regions.metric", lang),
                [m for m, _ in c.metric_choices],
                format_func=dict(c.metric_choices).get,
                key="regions.metric",
                placeholder=t("app.choose_one", lang),
            )
        )
    elif measure == "adoption":
        st.info(t("regions.no_sum_metric", lang))
    if (params["measure"], params.get("metric")) != (c.measure, c.metric):
        c = render.build(regions, ctx, params).children
    regions_parts.compared(ctx, c)


def body(ctx: Context) -> None:
    """The page's content: the Regions view model (for the widgets' values when set), drawn."""
    state = st.session_state
    params = {k: str(state[f"regions.{k}"]) for k in regions.PARAMS if state.get(f"regions.{k}") is not None}
    try:
        v = render.build(regions, ctx, params)
    except BadParam:  # a widget value left from another snapshot: the defaults, as the widgets fall back to
        v = render.build(regions, ctx)
    if v.up is not None:
        render.link(v.up, icon=":material/arrow_upward:")
    if v.scope is not None:
        st.caption(t(f"regions.for_{v.scope[0]}", ctx.lang, name=md(v.scope[1])))
    if v.children is not None:
        children_view(ctx, v)
    else:
        regions_parts.leaf(ctx, v)


layout.page("regions", body)
