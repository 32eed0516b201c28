"""Catalog: which digital services exist, what do they do, who runs them and where are they live?

For citizens (find a service by name or need), officials (overlapping tools of different departments doing
the same job in the same places) and donors (what is being built, and how far each service has reached).
"""

import streamlit as st

from shafaf.i18n import t
from shafaf.ui import catalog_parts, data, layout, paging, render
from shafaf.ui.chart_card import csv_download
from shafaf.ui.context import Context
from shafaf.views import catalog


def body(ctx: Context) -> None:
    """The page's content: the sentence of the region, then the listing (rerun alone when a widget changes)."""
    render.text(catalog.intro(data.reads(ctx.snap.path), render.filters(ctx), ctx.lang))
    listing(ctx)


@st.fragment
def listing(ctx: Context) -> None:
    """Search, the cards, the table, overlaps and the matrix. A fragment: searching reruns only this part."""
    lang = ctx.lang
    options = {o.id: o.label for o in catalog.function_options(data.reads(ctx.snap.path), render.filters(ctx), lang)}
    c1, c2, c3 = st.columns([2, 2, 1])
    query = c1.text_input(
        t("catalog.search", lang),
        key="catalog.search",
        help=t("catalog.search_help", lang),
        placeholder=t("catalog.search_placeholder", lang),
    )
    chosen = c2.multiselect(
        t("catalog.function", lang),
        list(options),
        format_func=lambda f: options.get(f, f),
        key="catalog.function",
        placeholder=t("app.choose_options", lang),
    )
    group = c3.radio(
        t("catalog.group", lang),
        catalog.GROUPS,
        format_func=lambda g: t(f"catalog.group_{g}", lang),
        key="catalog.group",
    )
    # a first page of cards (hundreds of bordered cards weigh a megabyte); the table and CSV list them all
    size = catalog.PAGE_SIZE
    limit = paging.limit("catalog", (ctx.region_id, ctx.department_id, lang, query, tuple(chosen), group), size)
    params = {"search": query, "function": ",".join(chosen), "group": group, "page": str(max(1, limit // size))}
    v = render.build(catalog, ctx, params)
    render.text(v.count)
    if v.no_match is not None:
        st.info(v.no_match.text)
    catalog_parts.groups(v.groups, lang)
    if v.paging.note is not None and v.paging.more_label is not None:
        st.markdown(v.paging.note.text)
        st.button(
            v.paging.more_label,
            key="catalog.show_more",
            on_click=paging.more,
            args=("catalog", size),
            icon=":material/expand_more:",
        )
    if not v.services.empty:
        with st.expander(t("catalog.table", lang)):
            render.table(v.services, key="catalog.table")
        csv_download(ctx, t("catalog.download", lang), v.services.frame(), v.services_filename, key="catalog.csv")
    # overlaps need the other departments' services too; the department filter keeps pairs involving it
    catalog_parts.overlaps(ctx, v.overlaps)
    st.header(t("catalog.matrix", lang))
    render.card(ctx, v.matrix)
    st.caption(v.matrix_note.text)


layout.page("catalog", body)
