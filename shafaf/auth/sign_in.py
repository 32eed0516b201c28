"""The sign-in page's body: the password form (and the identity provider's button), or who is signed in.

Passwords are read from the form and dropped at once: never logged, never kept in session state.
Every failure says only "wrong user name or password"; failures are counted per user name and
per client (ratelimit.LIMITER), and a locked name or client is not even checked until its time is up.
"""

from __future__ import annotations

import logging
import math
import secrets

import streamlit as st

from shafaf.auth import oidc
from shafaf.auth.accounts import Account, AccountsError, authenticate, load_accounts, normalise_username
from shafaf.auth.ratelimit import LIMITER
from shafaf.auth.session import EXPIRED_KEY, REFUSED_KEY, sign_in_session, sign_out
from shafaf.auth.ui import OfficialsView
from shafaf.fmt import md, plural
from shafaf.i18n import t
from shafaf.navigation import OFFICIAL_PAGES
from shafaf.settings import load_settings

log = logging.getLogger("shafaf")
FORM_KEY, USER_KEY, PASSWORD_KEY = "auth.form", "auth.username", "auth.password"
CLIENT_ID_KEY = "auth.client_id"
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; a cap keeps one request cheap


def client_key() -> str:
    """Who is trying, for the rate limit: the client's address, else (local, tests) this browser session."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:  # (AppTest hands out a mock object here)
        return f"client:{ip}"
    if CLIENT_ID_KEY not in st.session_state:
        st.session_state[CLIENT_ID_KEY] = secrets.token_hex(8)
    return f"client:session:{st.session_state[CLIENT_ID_KEY]}"


def _locked(lang: str, seconds: float) -> None:
    st.error(plural("auth.locked", max(1, math.ceil(seconds / 60)), lang), icon=":material/timer:")


def attempt(accounts: dict[str, Account], username: str, password: str, lang: str) -> bool:
    """Check one sign-in attempt against the accounts and the rate limit; True when it signed someone in."""
    user = normalise_username(username)[:64]
    if not user or not password:
        st.warning(t("auth.empty", lang))
        return False
    keys = [f"user:{user}", client_key()]
    wait = LIMITER.retry_after(keys)
    if wait > 0:
        _locked(lang, wait)
        return False
    official = authenticate(accounts, user, password[:MAX_PASSWORD_CHARS])
    if official is None:
        wait = LIMITER.record_failure(keys)
        # the typed name is logged only when it is an account's: a password typed into the wrong box stays out
        log.warning("failed sign-in for %s", user if user in accounts else "an unknown user name")
        st.error(t("auth.wrong", lang), icon=":material/error:")
        if wait > 0:
            _locked(lang, wait)
        return False
    LIMITER.reset(f"user:{user}")
    sign_in_session(official)
    return True


def _password_form(accounts: dict[str, Account], lang: str) -> None:
    with st.form(FORM_KEY, clear_on_submit=True, enter_to_submit=True):
        username = st.text_input(t("auth.username", lang), key=USER_KEY, max_chars=64, autocomplete="username")
        password = st.text_input(
            t("auth.password", lang),
            key=PASSWORD_KEY,
            type="password",
            max_chars=MAX_PASSWORD_CHARS,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    # the password leaves session state at once; the form clears both boxes in the browser
    st.session_state.pop(PASSWORD_KEY, None)
    if submitted and attempt(accounts, username, password, lang):
        st.rerun()


def _provider_buttons(lang: str) -> None:
    refused = st.session_state.get(REFUSED_KEY)
    if refused:
        st.error(t("auth.oidc_not_authorised", lang, email=md(refused)), icon=":material/block:")
        st.button(t("auth.oidc_switch", lang), key="auth.oidc_switch", on_click=sign_out)
        return
    for provider in oidc.providers():
        label = t("auth.oidc_button", lang, provider=md(provider.title()) if provider else t("auth.oidc_default", lang))
        if st.button(label, key=f"auth.oidc.{provider or 'default'}", icon=":material/badge:"):
            st.login(provider)


def body(view: OfficialsView) -> None:
    """Who is signed in and where they can go, or the ways to sign in."""
    lang = view.lang
    if view.official is not None:
        st.success(t("auth.signed_in_already", lang), icon=":material/verified_user:")
        for p in OFFICIAL_PAGES:
            if p.role is not None and view.official.has_role(p.role):
                st.page_link(p.path, label=t(f"pages.{p.key}", lang), icon=p.icon)
        st.button(t("auth.sign_out", lang), key="auth.sign_out_main", on_click=sign_out, icon=":material/logout:")
        return
    if st.session_state.pop(EXPIRED_KEY, False):
        st.info(t("auth.expired", lang), icon=":material/timer_off:")
    st.markdown(t("auth.intro", lang))
    try:
        accounts = load_accounts(load_settings().accounts_file)
    except AccountsError as e:  # the operators see why in the log; nobody signs in with a broken file
        log.error("accounts file: %s", e)
        st.error(t("auth.accounts_broken", lang), icon=":material/error:")
        return
    with_provider = oidc.is_configured()
    if with_provider:
        _provider_buttons(lang)
    if not accounts and not with_provider:
        st.info(t("auth.no_accounts", lang))
        return
    if any(a.password_hash for a in accounts.values()):
        if with_provider:
            st.markdown(t("auth.oidc_or", lang))
        _password_form(accounts, lang)
