"""Drawing the Departments page's own pieces: the adoption measure's choice, the scorecard table, links."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.narrative import provenance_caption, with_provenance
from shafaf.ui import render
from shafaf.ui.chart_card import csv_download
from shafaf.ui.context import Context
from shafaf.ui.layout import source_line
from shafaf.ui.tables import data_table
from shafaf.views import departments
from shafaf.views.base import BadParam
from shafaf.views.departments import DepartmentsView, Scorecard
from shafaf.views.model import Link

METRIC_KEY = "departments.metric"


def view(ctx: Context) -> DepartmentsView:
    """The view with the reader's adoption measure (the widget's value); its default when that is none of them."""
    chosen = st.session_state.get(METRIC_KEY)
    try:
        return render.build(departments, ctx, {"metric": chosen} if chosen else None)
    except BadParam:
        return render.build(departments, ctx)


def metric_select(v: DepartmentsView, lang: str) -> None:
    """The choice of adoption measure, when the data has more than one."""
    options = v.metric_options
    if len(options) > 1:
        st.selectbox(
            t("departments.metric", lang),
            list(options),
            format_func=lambda m: options[m],
            key=METRIC_KEY,
            placeholder=t("app.choose_one", lang),
        )


def scorecard_table(ctx: Context, s: Scorecard) -> None:
    """The scorecard with each department's monthly series drawn in its cell, and its CSV (without the series)."""
    frame = s.table.frame()
    trend = None if s.trend is None else s.table.labels()[s.trend]
    if s.table.provenance is not None:  # its two columns before the drawn series, which stays last
        frame = with_provenance(frame, s.table.provenance, ctx.lang)
        if trend is not None:
            frame = frame[[c for c in frame.columns if c != trend] + [trend]]
    config = None if trend is None else {trend: st.column_config.LineChartColumn(trend, y_min=0)}
    data_table(frame, answer=s.table.answer_label(), key="departments.scorecard", column_config=config)
    caption = source_line(ctx)
    if s.table.provenance is not None:
        caption = f"{caption} · {md(provenance_caption(s.table.provenance, ctx.lang))}"
    st.caption(caption)
    shown = frame if trend is None else frame.drop(columns=[trend])
    csv_download(ctx, t("departments.download", ctx.lang), shown, s.download, key="departments.download")


def links(xs: Sequence[Link], *, icon: str) -> None:
    """Links to other pages keeping the reader's region, language and data version."""
    for x in xs:
        render.link(x, icon=icon)
