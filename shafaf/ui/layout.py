"""What every page shows around its content: banners, notices, the title, the source line."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable

import streamlit as st

from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.settings import load_settings
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


# Admission: a process-wide cap on page bodies running at once (config.yaml max_concurrent_renders).
# On 2 cores more concurrent runs only share the same CPU and all get slower; past ~100 Streamlit stops
# answering keepalives. A run that cannot get a turn shows "busy, retrying" and reruns itself.
ADMISSION_WAIT_SECONDS = 2.0  # how long a run waits for a turn before saying it is busy
RETRY_PAUSE_SECONDS = 1.0  # pause before the automatic retry
MAX_RETRIES = 30  # then stop and offer a button, so an abandoned tab does not retry forever
RETRIES_KEY = "perf.retries"


@functools.cache
def _slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


def admission() -> threading.BoundedSemaphore | None:
    """The process-wide semaphore of page runs (None when config.yaml sets no limit)."""
    size = load_settings().max_concurrent_renders
    return _slots(size) if size > 0 else None


def _busy(lang: str) -> None:
    """No turn came: say so, then retry by itself (a few times), never a frozen page or a traceback."""
    tries = int(st.session_state.get(RETRIES_KEY, 0))
    if tries >= MAX_RETRIES:
        st.session_state[RETRIES_KEY] = 0
        st.warning(t("perf.still_busy", lang), icon=":material/hourglass_empty:")
        st.button(t("perf.try_again", lang), key="perf.try_again")
        return
    st.session_state[RETRIES_KEY] = tries + 1
    st.info(t("perf.busy", lang), icon=":material/hourglass_top:")
    time.sleep(RETRY_PAUSE_SECONDS)
    st.rerun()


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
    slots = admission()
    if slots is not None and not slots.acquire(timeout=ADMISSION_WAIT_SECONDS):
        _busy(ctx.lang)
        return
    st.session_state[RETRIES_KEY] = 0
    try:
        body(ctx)
    except Exception:  # the public never sees a traceback; the log keeps it for the operators
        log.exception("page %s failed", title_key)
        st.error(t("app.unavailable", ctx.lang))
    finally:
        if slots is not None:
            slots.release()
    st.caption(source_line(ctx))
