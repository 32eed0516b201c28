"""The /admin page: the publication record (who, when, hash, counts, action), refused attempts, roll back."""

from __future__ import annotations

import streamlit as st

from shafaf.auth.ui import OfficialsView
from shafaf.i18n import t
from shafaf.officials import desk
from shafaf.settings import load_settings
from shafaf.site_build import snapshot_site
from shafaf.store.deployment import Deployment, LockTimeout, StoreError
from shafaf.ui import data

CONFIRM_KEY = "desk.rollback_confirm"  # (snapshot id awaiting confirmation, the current one when it was chosen)
DONE_KEY = "desk.rollback_done"  # (rolled back to, new snapshot id)


def _ask(snapshot_id: str, current: str) -> None:
    st.session_state[CONFIRM_KEY] = (snapshot_id, current)


def _cancel() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def body(view: OfficialsView) -> None:
    """History, refused attempts, and roll back with a confirmation step."""
    lang, official = view.lang, view.official
    assert official is not None
    settings = load_settings()
    dep = Deployment(settings.database)
    cur = data.current()
    if cur is None:
        st.info(t("app.no_data_published", lang))
        return
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(t("desk.rolled_back", lang, snapshot=done[0], new=done[1]), icon=":material/check_circle:")

    st.header(t("desk.admin_history", lang))
    st.dataframe(desk.admin_history_frame(data.publishes(cur.path), lang), hide_index=True, key="admin.history")

    st.header(t("desk.admin_refused", lang))
    refused = desk.refusals_frame(settings.database, lang)
    if refused.empty:
        st.caption(t("desk.no_refusals", lang))
    else:
        st.dataframe(refused, hide_index=True, key="admin.refused")

    st.header(t("desk.rollback_title", lang))
    st.markdown(t("desk.rollback_help", lang))
    earlier = [s.snapshot_id for s in reversed(dep.snapshots()) if s.snapshot_id != cur.snapshot_id]
    if not earlier:
        st.caption(t("desk.rollback_none", lang))
        return
    choice = st.selectbox(t("desk.rollback_choose", lang), earlier, key="admin.rollback_choice")
    armed = st.session_state.get(CONFIRM_KEY)
    pending, armed_on = armed if isinstance(armed, tuple) and len(armed) == 2 else (None, None)
    if pending is not None and armed_on != cur.snapshot_id:
        # someone published since the roll back was chosen: confirming now would replace figures never shown here
        st.session_state.pop(CONFIRM_KEY, None)
        st.warning(t("desk.rollback_stale", lang, current=cur.snapshot_id), icon=":material/warning:")
        pending = None
    if pending is None or pending not in earlier:
        st.button(
            t("desk.rollback_button", lang, snapshot=choice),
            key="admin.rollback",
            on_click=_ask,
            args=(choice, cur.snapshot_id),
            icon=":material/undo:",
        )
        return
    st.warning(t("desk.rollback_confirm", lang, snapshot=pending, current=cur.snapshot_id), icon=":material/warning:")
    yes, no = st.columns(2)
    no.button(t("desk.rollback_cancel", lang), key="admin.rollback_cancel", on_click=_cancel)
    if yes.button(t("desk.rollback_yes", lang, snapshot=pending), type="primary", key="admin.rollback_yes"):
        st.session_state.pop(CONFIRM_KEY, None)
        try:
            with st.status(t("desk.publishing", lang)):
                result = desk.roll_back(
                    settings.database,
                    pending,
                    actor=desk.actor_of(official.username, official.display_name, official.departments),
                    lock_wait_seconds=settings.lock_wait_seconds,
                    memory_limit=settings.load_memory_limit,
                    expected_previous=armed_on,  # checked again under the publish lock
                    extras=snapshot_site(lambda _m: None) if settings.static_site else None,
                )
        except LockTimeout:
            st.error(t("desk.busy", lang), icon=":material/hourglass:")
            return
        except StoreError:
            st.error(t("desk.failed", lang), icon=":material/error:")
            return
        if result.refused == "stale":
            st.warning(t("desk.rollback_stale", lang, current=Deployment(settings.database).current_id()))
            return
        if result.snapshot_id is None:
            st.error(t("desk.failed", lang), icon=":material/error:")
            st.dataframe(desk.problems_frame(result.problems, lang), hide_index=True, key="admin.rollback_problems")
            return
        st.session_state[DONE_KEY] = (pending, result.snapshot_id)
        st.rerun()
