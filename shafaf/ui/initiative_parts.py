"""Drawing the Digital service page's facts (its view model's `service`): name, status badge, facts, website."""

from __future__ import annotations

import streamlit as st

from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.ui import render
from shafaf.views.catalog import STATUS_BADGE  # one home for a status's badge colour (the Catalog's cards too)
from shafaf.views.initiative import Fact, Service

STATUS_ICON = {
    "planned": ":material/schedule:",
    "in_progress": ":material/construction:",
    "live": ":material/check_circle:",
    "paused": ":material/pause_circle:",
    "cancelled": ":material/cancel:",
}
LEFT = ("department", "function", "open_source")  # then the dates and the budget in the right column


def _fact(f: Fact) -> str:
    return f"**{f.label}:** {md(f.text) if f.from_package else f.text}"


def facts(s: Service, lang: str) -> None:
    """Summary, status, owner, function, open source, dates, budget, website."""
    st.header(md(s.name))
    st.badge(s.status_text, icon=STATUS_ICON.get(s.status), color=STATUS_BADGE.get(s.status, "gray"))
    if s.summary is None:
        st.markdown(t("initiative.no_summary", lang))
    else:
        render.text(s.summary, lang=lang)
    c1, c2 = st.columns(2)
    for f in s.facts:
        (c1 if f.id in LEFT else c2).markdown(_fact(f))
    c2.markdown(f"**{s.budget.label}:** {s.budget.text}", help=s.budget.help)
    if s.website:
        st.link_button(t("initiative.open_website", lang), s.website, icon=":material/open_in_new:")
        st.caption(md(s.website))
    else:
        st.caption(f"{t('initiative.website', lang)}: {t('initiative.no_website', lang)}")
