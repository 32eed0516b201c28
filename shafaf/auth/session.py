"""The signed-in official of a Streamlit session: stored in session state, expired when idle or old.

A sign-in is a plain record in `st.session_state[SESSION_KEY]` (never a password or a hash):
`{"username", "display_name", "role", "departments" (list of ids, or None for all),
"signed_in_at", "last_seen", "method"}` with times in epoch seconds and method "password" (the
default when absent) or "oidc". `current_official()` ends it after
`session_idle_minutes` without a rerun or `session_max_hours` after signing in (config.yaml).

Tests simulate a signed-in official with AppTest by setting the record before the first run:

    at = AppTest.from_file(str(ROOT / "dashboard.py"))
    at.session_state[SESSION_KEY] = official_record("pub", role="publisher", departments=["health"])
    at.run()
    at.switch_page("pages/officials/sign_in.py").run()

(`official_record` builds the record with the current time; see tests/authtools.py.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from shafaf.auth import oidc
from shafaf.auth.accounts import AccountsError
from shafaf.auth.model import ROLES, Official, from_record, session_expired, to_record
from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.settings import Settings, load_settings

log = logging.getLogger("shafaf")

SESSION_KEY = "auth.official"
EXPIRED_KEY = "auth.expired"  # set when a sign-in has just expired, so the next notice can say so
REFUSED_KEY = "auth.oidc_refused"  # the identity provider's email that no account lists (the page says so)
# absolute, so a link to it resolves whichever entry point registered it (the app's, or a test's)
# what an official's pages keep between reruns (a preview of their upload, an armed roll back, an outcome):
# it ends with the sign-in, so the next official in the same tab does not find it waiting, one click away
SIGNED_IN_STATE = ("desk.preview", "desk.published", "desk.rollback_confirm", "desk.rollback_done", "feedback.done")
SIGN_IN_PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "officials" / "sign_in.py")

# the clock sessions are timed by; tests replace it to move time forward
clock: Callable[[], float] = time.time


def session_lang() -> str:
    """The reader's language as the entry point's filters chose it (English before they ran)."""
    lang = st.session_state.get("filters.lang", DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def sign_in_session(official: Official, method: str = "password") -> None:
    """Start a sign-in for `official` in this session (the sign-in page calls it after checking a password)."""
    st.session_state.pop(EXPIRED_KEY, None)
    st.session_state.pop(REFUSED_KEY, None)
    st.session_state[SESSION_KEY] = to_record(official, clock(), method)
    log.info("official %s signed in (%s, %s)", official.username, official.role, method)


def _forget_signed_in_state() -> None:
    for key in SIGNED_IN_STATE:
        st.session_state.pop(key, None)


def sign_out() -> None:
    """End this session's sign-in (and the identity provider's cookie, for a provider's sign-in)."""
    record = st.session_state.pop(SESSION_KEY, None)
    _forget_signed_in_state()
    st.session_state.pop(EXPIRED_KEY, None)
    st.session_state.pop(REFUSED_KEY, None)
    oidc.log_out_of_provider()
    if isinstance(record, dict):
        log.info("official %s signed out", record.get("username"))


def _from_provider(settings: Settings) -> Official | None:
    """A sign-in from the identity provider's email, when it maps onto an account (once per email and session)."""
    email = oidc.provider_identity()
    if email is None or st.session_state.get(REFUSED_KEY) == email:
        return None
    try:
        official, _ = oidc.official_from_provider(settings.accounts_file)
    except AccountsError as e:  # the sign-in page says sign-in is unavailable; nobody is signed in
        log.error("accounts file: %s", e)
        return None
    if official is None:
        st.session_state[REFUSED_KEY] = email
        log.warning("identity provider sign-in refused: no account has that email")
        return None
    sign_in_session(official, "oidc")
    return official


def current_official() -> Official | None:
    """The signed-in official, or None; ends an expired or malformed sign-in and records this visit."""
    record = st.session_state.get(SESSION_KEY)
    settings = load_settings()
    if record is None:
        return _from_provider(settings)
    official = from_record(record)
    now = clock()
    if official is None or session_expired(
        record, now, settings.session_idle_minutes * 60, settings.session_max_hours * 3600
    ):
        st.session_state.pop(SESSION_KEY, None)
        _forget_signed_in_state()
        st.session_state[EXPIRED_KEY] = official is not None
        # else the provider's 30-day cookie would sign the person straight back in
        oidc.log_out_of_provider()
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
