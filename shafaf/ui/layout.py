"""What every page shows around its content: banners, notices, the title, the source line."""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

from shafaf.fmt import date, isolate, md
from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.settings import load_settings
from shafaf.site.paths import app_view_path, chart_path
from shafaf.ui import context, rtl, site_routes

log = logging.getLogger("shafaf")


def source_line(ctx: context.Context) -> str:
    """'Source: PUBLISHER · data as of DATE', escaped for markdown."""
    meta, lang = ctx.tables.meta, ctx.lang
    publisher = ctx.tables.publisher(lang)
    return t("card.source", lang, publisher=isolate(md(publisher), lang), as_of=date(meta.get("as_of"), lang))


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
# answering keepalives. A run that cannot get a turn at once says "busy, retrying" and waits in place
# for one: no rerun, because a rerun redoes the entry point's work and so adds to the very load it
# waits out (measured: reruns took CPU per view from 0.54 s to 1.08 s at 50 sessions). The wait is in
# short steps, each touching the page, so a reader who leaves or changes a filter stops the wait.
ADMISSION_WAIT_SECONDS = 0.5  # how long a run waits for a turn before saying it is busy
QUEUE_WAIT_SECONDS = 30.0  # then how long it waits, saying so, before offering a button instead
WAIT_STEP_SECONDS = 0.5


@functools.cache
def _slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


def admission() -> threading.BoundedSemaphore | None:
    """The process-wide semaphore of page runs (None when config.yaml sets no limit)."""
    size = load_settings().max_concurrent_renders
    return _slots(size) if size > 0 else None


def _wait_for_turn(slots: threading.BoundedSemaphore, lang: str) -> bool:
    """Take a turn, saying "busy, retrying" while waiting for one; False (and a button) when none came."""
    if slots.acquire(timeout=ADMISSION_WAIT_SECONDS):
        return True
    notice = st.empty()
    waited = 0.0
    while waited < QUEUE_WAIT_SECONDS:
        # rewriting the notice is also where Streamlit stops this run if the reader has moved on
        notice.info(t("perf.busy", lang), icon=":material/hourglass_top:")
        if slots.acquire(timeout=WAIT_STEP_SECONDS):
            notice.empty()
            return True
        waited += WAIT_STEP_SECONDS
    notice.warning(t("perf.still_busy", lang), icon=":material/hourglass_empty:")
    st.button(t("perf.try_again", lang), key="perf.try_again")
    return False


def chart_page_url(ctx: context.Context, card_id: str) -> str | None:
    """The full URL of a chart card's own static page (to embed), when the current snapshot's edition has it."""
    if ctx.page is None:
        return None
    rel = app_view_path(ctx.page, ctx.lang, ctx.region_id, ctx.department_id, ctx.initiative_id, ctx.tables.root_id)
    url = site_routes.served(ctx.snap.snapshot_id, None if rel is None else chart_path(rel, card_id))
    if url is None:
        return None
    here = urlsplit(st.context.url or "")  # the reader's own address: where the server answers /site/ too
    return f"{here.scheme}://{here.netloc}{url}" if here.scheme in ("http", "https") and here.netloc else url


def plain_page_link(ctx: context.Context, page: str) -> None:
    """A small link to the static edition's page of what the reader sees (page, language, scope), when the
    current snapshot has it (shafaf.site.paths.app_view_path; shafaf.ui.site_routes.served); else nothing."""
    rel = app_view_path(page, ctx.lang, ctx.region_id, ctx.department_id, ctx.initiative_id, ctx.tables.root_id)
    url = site_routes.served(ctx.snap.snapshot_id, rel)
    if url is not None:  # our words and a URL of ids (A-Z a-z 0-9 . _ - ~): nothing from a package
        st.caption(f"[{t('site.plain_page', ctx.lang)}]({url})")


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
                as_of=date(ctx.tables.meta.get("as_of"), ctx.lang),
            ),
            icon=":material/history:",
        )
    for notice in ctx.notices:
        st.warning(md(notice), icon=":material/help:")
    st.title(t(f"pages.{title_key}", ctx.lang))
    plain_page_link(ctx, title_key)
    slots = admission()
    if slots is not None and not _wait_for_turn(slots, ctx.lang):
        return
    try:
        body(dataclasses.replace(ctx, page=title_key))
    except Exception:  # the public never sees a traceback; the log keeps it for the operators
        log.exception("page %s failed", title_key)
        st.error(t("app.unavailable", ctx.lang))
    finally:
        if slots is not None:
            slots.release()
    st.caption(source_line(ctx))
