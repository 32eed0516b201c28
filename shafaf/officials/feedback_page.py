"""The /feedback page: citizens' comments on the official's services, approve or hide each, reply."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from shafaf.auth.model import Official
from shafaf.auth.ui import OfficialsView
from shafaf.feedback import view
from shafaf.feedback.model import MAX_REASON, MAX_REPLY, STATES, FeedbackError
from shafaf.feedback.moderation import act
from shafaf.feedback.store import FeedbackStoreError
from shafaf.fmt import date, md, month
from shafaf.i18n import t
from shafaf.settings import load_settings
from shafaf.store.audit import Actor
from shafaf.ui import data, feedback

DONE_KEY = "feedback.done"  # (kind, message) of the last action, shown on the next run
SHOWN = 50


def _act(official: Official, feedback_id: int, action: str, text_key: str, department_of: dict[str, str]) -> None:
    """A button's callback: do the action, keep what happened for the next run."""
    lang = st.session_state.get("filters.lang", "en")
    actor = Actor.official(official.username, official.display_name, official.departments)
    text = st.session_state.get(text_key) or None
    try:
        act(
            feedback.store(),
            Path(load_settings().database).absolute().parent,
            feedback_id,
            action,
            actor,
            text,
            department_of,
        )
    except FeedbackError as e:
        st.session_state[DONE_KEY] = ("error", t(f"feedback.invalid_{e.code}", lang))
        return
    except (FeedbackStoreError, OSError):
        st.session_state[DONE_KEY] = ("error", t("feedback.unavailable", lang))
        return
    if action != "reply":
        st.session_state[text_key] = ""
    st.session_state[DONE_KEY] = ("ok", t(f"feedback.done_{action}", lang, id=feedback_id))


def _card(official: Official, r: dict, names: dict[str, str], tb: data.Tables, lang: str, dep: dict[str, str]) -> None:
    fid = int(r["feedback_id"])
    state = t(f"feedback.state_{r['state']}", lang)
    with st.container(border=True, key=f"moderate-{fid}"):
        st.markdown(
            f"**{md(names.get(r['initiative_id'], r['initiative_id']))}** · "
            f"{md(tb.name('region', r['region_id'], lang))} · {month(r['month'], lang)} · "
            f"{feedback.answer_word(r['answer'], lang)} · {state} (#{fid})"
        )
        st.markdown(md(r["comment"]))
        if r["moderated_by"]:
            st.caption(
                t(
                    "feedback.moderated",
                    lang,
                    state=state,
                    who=md(r["moderated_by"]),
                    when=date(r["moderated_at"], lang),
                    reason=md(r["moderation_reason"] or "-"),
                )
            )
        reason_key = f"feedback.reason.{fid}"
        st.text_input(t("feedback.reason", lang), key=reason_key, max_chars=MAX_REASON)
        approve, hide = st.columns(2)
        approve.button(
            t("feedback.approve", lang),
            key=f"feedback.approve.{fid}",
            icon=":material/check:",
            on_click=_act,
            args=(official, fid, "approve", reason_key, dep),
        )
        hide.button(
            t("feedback.hide", lang),
            key=f"feedback.hide.{fid}",
            icon=":material/visibility_off:",
            on_click=_act,
            args=(official, fid, "hide", reason_key, dep),
        )
        reply_key = f"feedback.reply.{fid}"
        if reply_key not in st.session_state:
            st.session_state[reply_key] = r["reply"] or ""
        st.text_area(t("feedback.reply", lang), key=reply_key, max_chars=MAX_REPLY, height=90)
        st.button(
            t("feedback.save_reply", lang),
            key=f"feedback.save_reply.{fid}",
            icon=":material/reply:",
            on_click=_act,
            args=(official, fid, "reply", reply_key, dep),
        )
        if r["reply"]:
            st.caption(t("feedback.replied", lang, who=md(r["replied_by"]), when=date(r["reply_date"], lang)))


def body(v: OfficialsView) -> None:
    """The comments of the official's services, newest first, filtered by moderation state."""
    lang, official = v.lang, v.official
    assert official is not None
    cur = data.current()
    if cur is None:
        st.info(t("app.no_data_published", lang))
        return
    tb = data.tables(cur.path)
    dep = dict(zip(tb.initiatives["initiative_id"], tb.initiatives["department_id"], strict=True))
    names = {i: tb.name("initiative", i, lang) for i in dep}
    allowed = None if official.departments is None else {i for i, d in dep.items() if d in official.departments}
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        (st.success if done[0] == "ok" else st.error)(done[1])
    st.markdown(t("feedback.moderation_help", lang))
    state = st.segmented_control(
        t("feedback.show", lang),
        [*STATES, "all"],
        default="pending",
        format_func=lambda s: t(f"feedback.state_{s}", lang),
        key="feedback.state",
    )
    try:
        rows = feedback.store().rows()
    except (FeedbackStoreError, OSError):
        st.error(t("feedback.unavailable", lang))
        return
    queue = view.moderation_queue(rows, allowed, None if state in (None, "all") else state)
    st.caption(t("feedback.queue_count", lang, n=len(queue)))
    for r in queue[:SHOWN]:
        _card(official, r, names, tb, lang, dep)
