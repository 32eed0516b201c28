"""What every page shows around its content: banners, notices, the title, the source line."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.ui import context, rtl
from shafaf.ui.fmt import date, md

log = logging.getLogger("shafaf")


def source_line(ctx: context.Context) -> str:
    """'Source: PUBLISHER · data as of DATE', escaped for markdown."""
    meta = ctx.tables.meta
    return t("card.source", ctx.lang, publisher=md(meta.get("publisher", "")), as_of=date(meta.get("as_of"), ctx.lang))


SWITCH_KEY = "layout.language"


def _switch_language() -> None:
    """The switch's callback: the URL's lang= changes, the sidebar's select follows it on this rerun."""
    code = st.session_state.get(SWITCH_KEY)
    if code == DEFAULT_LANG:
        del st.query_params["lang"]
    elif code in LANGUAGES:
        st.query_params["lang"] = code


def language_switch(lang: str) -> None:
    """Buttons for every language, each named in its own script; the other URL parameters stay as they are."""
    st.session_state[SWITCH_KEY] = lang
    with st.container(key="shafaf-language-switch"):
        st.segmented_control(
            t("filters.language", lang),
            list(LANGUAGES),
            format_func=lambda code: LANGUAGES[code]["name"],
            key=SWITCH_KEY,
            required=True,
            on_change=_switch_language,
            label_visibility="collapsed",
        )


def page(title_key: str, body: Callable[[context.Context], None]) -> None:
    """Run a page: the banners and title, then its body; a failure shows a short message, never a traceback."""
    ctx = context.get()
    lang = ctx.lang if ctx else st.session_state.get("filters.lang", DEFAULT_LANG)
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    rtl.apply(lang)
    language_switch(lang)
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
