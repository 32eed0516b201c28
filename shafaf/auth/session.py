"""The signed-in official of a Streamlit session: stored in session state, expired when idle or old.

A sign-in is a plain record in `st.session_state[SESSION_KEY]` (never a password or a hash):
`{"username", "display_name", "role", "departments" (list of ids, or None for all),
"signed_in_at", "last_seen"}` with times in epoch seconds. `current_official()` ends it after
`session_idle_minutes` without a rerun or `session_max_hours` after signing in (config.yaml).

Tests simulate a signed-in official with AppTest by setting the record before the first run:

    at = AppTest.from_file(str(ROOT / "dashboard.py"))
    at.session_state[SESSION_KEY] = official_record("pub", role="publisher", departments=["health"])
    at.run()
    at.switch_page("pages/officials/sign_in.py").run()

(`official_record` builds the record with the current time; see tests/authtools.py.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from shafaf.auth.model import ROLES, Official, from_record, session_expired, to_record
from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.settings import load_settings

SESSION_KEY = "auth.official"
EXPIRED_KEY = "auth.expired"  # set when a sign-in has just expired, so the next notice can say so
# absolute, so a link to it resolves whichever entry point registered it (the app's, or a test's)
SIGN_IN_PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "officials" / "sign_in.py")

# the clock sessions are timed by; tests replace it to move time forward
clock: Callable[[], float] = time.time


def session_lang() -> str:
    """The reader's language as the entry point's filters chose it (English before they ran)."""
    lang = st.session_state.get("filters.lang", DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def sign_in_session(official: Official) -> None:
    """Start a sign-in for `official` in this session (the sign-in page calls it after checking a password)."""
    st.session_state.pop(EXPIRED_KEY, None)
    st.session_state[SESSION_KEY] = to_record(official, clock())


def sign_out() -> None:
    """End this session's sign-in."""
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(EXPIRED_KEY, None)


def current_official() -> Official | None:
    """The signed-in official, or None; ends an expired or malformed sign-in and records this visit."""
    record = st.session_state.get(SESSION_KEY)
    if record is None:
        return None
    official = from_record(record)
    settings = load_settings()
    now = clock()
    if official is None or session_expired(
        record, now, settings.session_idle_minutes * 60, settings.session_max_hours * 3600
    ):
        st.session_state.pop(SESSION_KEY, None)
        st.session_state[EXPIRED_KEY] = official is not None
        return None
    # a new dict, not an in-place change: session state then sees the write
    st.session_state[SESSION_KEY] = {**record, "last_seen": now}
    return official


def require_official(role: str = "publisher") -> Official:
    """In a page: the signed-in official when their role allows `role`; otherwise a notice and st.stop()."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (allowed: {', '.join(ROLES)})")
    lang = session_lang()
    official = current_official()
    if official is None:
        expired = st.session_state.pop(EXPIRED_KEY, False)
        st.warning(t("auth.expired" if expired else "auth.sign_in_needed", lang), icon=":material/lock:")
        st.page_link(SIGN_IN_PAGE, label=t("auth.go_to_sign_in", lang), icon=":material/login:")
        st.stop()
    if not official.has_role(role):
        st.error(t("auth.not_allowed", lang), icon=":material/block:")
        st.stop()
    return official
