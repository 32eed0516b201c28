"""Digital service: one initiative in full, for citizens (is it live near me, is it used, does it work for
people: their feedback and the department's replies), officials (milestones, re-plans, rollout) and donors
(targets, funding). Without a chosen service: a short chooser."""

import streamlit as st

from shafaf.fmt import date, isolate, md
from shafaf.i18n import t
from shafaf.ui import data, feedback, layout, render
from shafaf.ui.context import Context
from shafaf.ui.initiative_parts import facts
from shafaf.views import initiative


def body(ctx: Context) -> None:
    """The page's content: the Digital service's view model drawn, then the citizens' feedback (live data)."""
    v = render.build(initiative, ctx)
    lang = ctx.lang
    if v.service is None:
        if not v.choices:
            st.info(md(v.choose.text))
            return
        render.text(v.choose)
        for link in v.choices:
            render.link(link)
        return
    facts(v.service, lang)
    if v.notice is not None:
        st.info(md(v.notice.text), icon=":material/info:")
    st.header(t("initiative.timeline", lang))
    render.card(ctx, v.timeline)
    if v.withdrawn is not None:
        render.record(ctx, v.withdrawn)
    st.header(t("initiative.rollout", lang))
    render.card(ctx, v.rollout)
    st.header(t("initiative.adoption", lang))
    if not v.targets:
        st.write(t("initiative.no_targets", lang))
    for c in v.targets:
        render.card(ctx, c)
    st.header(t("initiative.funding", lang))
    if not v.funding:
        st.write(t("initiative.funding_none", lang))
    for c in v.funding:
        render.card(ctx, c)
    st.header(t("record.history", lang))
    render.record(ctx, v.history)
    st.header(t("initiative.updates", lang))
    if not v.updates:
        st.write(t("initiative.no_updates", lang))
    for u in v.updates:
        with st.container(border=True):
            st.markdown(f"**{md(u.title)}**")
            st.caption(date(u.date, lang))
            st.markdown(isolate(md(u.body), lang))
    feedback.section(ctx, v.service.initiative_id, data.scope(ctx.snap.path, ctx.region_id))


layout.page("initiative", body)
