"""Milestones: which milestones are overdue, due soon, blocked, re-planned or slipping, and whose are they?

The tracker for officials (what to chase this month) and donors (slippage that cannot be hidden), over the
milestones in the chosen region, narrowed by the department and digital-service filters.
"""

import streamlit as st

from shafaf.i18n import t
from shafaf.ui import layout, milestones_parts, render
from shafaf.ui.context import Context
from shafaf.views import milestones
from shafaf.views.milestones import HORIZONS, MILESTONE_CLASSES, SEARCH_MAX, MilestonesView


def current(ctx: Context, v: MilestonesView | None = None) -> MilestonesView:
    """The view for the filters' values now: `v` when it was built for them (a fragment's rerun may change them)."""
    state = st.session_state
    params = {
        "class": ",".join(state.get("milestones.class", MILESTONE_CLASSES)),
        "search": state.get("milestones.search", ""),
        "horizon": str(state.get("milestones.horizon") or HORIZONS[0]),
    }
    return v if v is not None and dict(v.meta.params) == params else render.build(milestones, ctx, params)


def body(ctx: Context) -> None:
    """The page's content: the figures of the whole scope, the filtered tracker, the withdrawn milestones."""
    v = current(ctx)
    render.text(v.intro)
    render.figures(v.figures)
    if v.overdue_withdrawn is not None:
        render.text(v.overdue_withdrawn)
    filtered(ctx, v)
    if v.withdrawn is not None:
        st.header(t("record.tracker_withdrawn", ctx.lang))
        render.record(ctx, v.withdrawn)


@st.fragment
def filtered(ctx: Context, v: MilestonesView) -> None:
    """Everything below the filters. A fragment: changing the class filter or the search reruns only this part."""
    lang = ctx.lang
    f1, f2 = st.columns([2, 1])
    f1.multiselect(
        t("milestones.filter_class", lang),
        list(MILESTONE_CLASSES),
        default=list(MILESTONE_CLASSES),
        format_func=lambda c: t(f"milestone_class.{c}", lang),
        key="milestones.class",
        placeholder=t("app.choose_options", lang),
    )
    f2.text_input(t("milestones.filter_search", lang), key="milestones.search", max_chars=SEARCH_MAX)
    v = current(ctx, v)
    if v.filtered is not None:
        st.caption(v.filtered.text)
    st.header(t("milestones.overdue", lang))
    render.card(ctx, v.overdue)
    due_soon(ctx, v)
    milestones_parts.lists(ctx, v)


@st.fragment
def due_soon(ctx: Context, v: MilestonesView) -> None:
    """Milestones due in the chosen horizon. A fragment: changing the horizon reruns only this section."""
    lang = ctx.lang
    st.header(t("milestones.due", lang))
    st.segmented_control(
        t("milestones.horizon", lang),
        list(HORIZONS),
        default=HORIZONS[0],
        format_func=lambda d: t("milestones.horizon_days", lang, days=d),
        key="milestones.horizon",
    )
    v = current(ctx, v)
    st.write(v.due.text)
    milestones_parts.listing(v.due_soon, "milestones.milestones.due_none")


layout.page("milestones", body)
