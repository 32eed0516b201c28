"""What every page shows around its content: banners, notices, the title, the source line."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from shafaf.i18n import t
from shafaf.ui import context
from shafaf.ui.fmt import date, md

log = logging.getLogger("shafaf")


def source_line(ctx: context.Context) -> str:
    """'Source: PUBLISHER · data as of DATE', escaped for markdown."""
    meta = ctx.tables.meta
    return t("card.source", ctx.lang, publisher=md(meta.get("publisher", "")), as_of=date(meta.get("as_of"), ctx.lang))


def page(title_key: str, body: Callable[[context.Context], None]) -> None:
    """Run a page: the banners and title, then its body; a failure shows a short message, never a traceback."""
    ctx = context.get()
    lang = ctx.lang if ctx else st.session_state.get("lang", "en")
    if ctx is None:
        st.title(t(f"pages.{title_key}", lang))
        st.info(t("app.no_data_published", lang))
        return
    if ctx.tables.meta.get("demo"):
        st.warning(t("app.demo_banner", ctx.lang), icon=":material/science:")
    if not ctx.is_latest:
        st.info(
            t(
                "app.old_snapshot",
                ctx.lang,
                date=date(ctx.tables.meta.get("published_at"), ctx.lang),
                snapshot=ctx.snap.snapshot_id,
            ),
            icon=":material/history:",
        )
    for notice in ctx.notices:
        st.warning(md(notice), icon=":material/help:")
    st.title(t(f"pages.{title_key}", ctx.lang))
    try:
        body(ctx)
    except Exception:  # the public never sees a traceback; the log keeps it for the operators
        log.exception("page %s failed", title_key)
        st.error(t("app.unavailable", ctx.lang))
    st.caption(source_line(ctx))
