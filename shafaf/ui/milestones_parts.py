"""Drawing the Milestones page's lists (shafaf/views/milestones.py): the sections below the overdue and due ones."""

from __future__ import annotations

import streamlit as st

from shafaf.i18n import t
from shafaf.ui import render
from shafaf.ui.chart_card import csv_download
from shafaf.ui.context import Context
from shafaf.views.milestones import RECENT_DAYS, MilestonesView, Section


def listing(s: Section, key: str) -> None:
    """A list's table, or the sentence saying there is nothing in it."""
    if s.table.empty:
        st.write(s.empty)
    else:
        render.table(s.table, key=key)


def lists(ctx: Context, v: MilestonesView) -> None:
    """Blocked, recently done, most re-planned, most slipped, classes per department, and the whole tracker."""
    lang = ctx.lang
    for heading, s, help_key in (
        (t("milestones.blocked", lang), v.blocked, None),
        (t("milestones.recent", lang, days=RECENT_DAYS), v.recent, None),
        (t("milestones.replanned", lang), v.replanned, "milestones.replanned_help"),
        (t("milestones.slipped", lang), v.slipped, "milestones.slipped_help"),
    ):
        st.header(heading)
        if help_key:
            st.caption(t(help_key, lang))
        listing(s, f"milestones.milestones.{s.table.id}_none")  # the keys the page's tables had before its view
    st.header(t("milestones.by_department", lang))
    render.card(ctx, v.by_department)
    st.header(t("milestones.all", lang))
    listing(v.tracker, "milestones.all")
    full = v.tracker.table.frame()
    csv_download(ctx, t("milestones.download", lang), full, f"milestones-{ctx.region_id}", key="milestones.download")
