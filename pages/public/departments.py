"""Departments: which departments deliver, and which fall behind? A scorecard per department for officials and
donors (services by status, milestones on time, coverage, adoption); with the department filter, one
department's own page (its services, their milestones and use) for anyone asking "what does this office run?"."""

import streamlit as st

from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.ui import layout, render
from shafaf.ui.context import Context
from shafaf.ui.departments_parts import links, metric_select, scorecard_table, view
from shafaf.views.departments import DepartmentsView


def scorecard(ctx: Context, v: DepartmentsView) -> None:
    """Every department of the region: one row each, then the on-time rate chart."""
    s = v.scorecard
    if s is None:
        st.info(md(v.notice.text if v.notice else ""))
        return
    st.markdown(md(s.intro.text))
    st.caption(s.coverage_help.text)
    metric_select(v, ctx.lang)
    scorecard_table(ctx, s)
    st.header(t("departments.on_time", ctx.lang))
    render.card(ctx, s.on_time)
    st.caption(s.open_one.text)


def department_page(ctx: Context, v: DepartmentsView) -> None:
    """One department: its services with status and coverage, its milestones, its adoption trend, links."""
    lang, d, p = ctx.lang, v.department, v.portfolio
    if d is not None:
        st.header(md(d.name))
        st.caption(md(d.seat.text))
    if p is None:
        st.info(md(v.notice.text if v.notice else ""))
        return
    render.text(p.sentence)
    render.figures(p.figures)
    st.header(t("departments.services", lang))
    render.table(p.services, key="departments.services")
    st.caption(p.open_service.text)
    links(p.links, icon=":material/rocket_launch:")
    st.header(t("departments.milestones", lang))
    render.card(ctx, p.milestones)
    links((p.tracker,), icon=":material/event:")
    if p.adoption is not None:
        st.header(t("departments.adoption", lang))
        metric_select(v, lang)
        render.card(ctx, p.adoption)


def body(ctx: Context) -> None:
    """The page's content: the Departments view model, drawn."""
    v = view(ctx)
    if v.department is None:
        scorecard(ctx, v)
    else:
        department_page(ctx, v)


layout.page("departments", body)
