"""About the data: where the figures come from, what they mean, how fresh and complete they are, the open
data, and every earlier publication. For everyone who wants to check the dashboard's figures."""

import streamlit as st

from shafaf.i18n import t
from shafaf.ui import data, layout, render
from shafaf.ui.context import Context
from shafaf.views import data as about


def body(ctx: Context) -> None:
    """The page's content: the About the data view model, drawn."""
    lang = ctx.lang
    # the record of publications is the newest snapshot's: an earlier one lists only those up to it
    v = render.build(about, ctx, latest=True)
    st.header(t("about.package", lang))
    # a dataframe shows plain text: the package's title, publisher, licence and link are not read as markdown
    render.table(v.facts, key="data.facts")
    st.header(t("about.methodology", lang))
    for x in v.methodology:
        st.markdown("- " + x.text)
    st.header(t("about.definitions", lang))
    render.table(v.measures, key="data.measures")
    st.header(t("about.freshness", lang))
    render.card(ctx, v.freshness)
    st.header(t("about.completeness", lang))
    render.card(ctx, v.completeness)
    st.header(t("about.open_data", lang))
    st.markdown(t("about.open_data_text", lang))
    st.download_button(
        t("about.download_zip", lang),
        data=data.open_data_zip_later(ctx.snap.path, ctx.snap.snapshot_id),
        file_name=f"shafaf-open-data-{ctx.snap.snapshot_id}.zip",
        mime="application/zip",
        key="data.download_zip",
        icon=":material/folder_zip:",
    )
    st.header(t("about.history", lang))
    st.markdown(t("about.history_text", lang))
    # "published by" is the publishing department (or the package's publisher), never a person's name
    render.table(v.history, key="data.history")
    for link in v.versions:
        render.link(link, icon=":material/history:")


layout.page("data", body)
