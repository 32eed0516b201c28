"""Sign-in through an identity provider (OpenID Connect, Streamlit's st.login), mapped onto the accounts file.

Configured in `.streamlit/secrets.toml` `[auth]` (docs/officials.md). The provider says who the
person is (`st.user.email`); the accounts file says what they may do: an email that no account
lists is refused, and so is one the provider marks as unverified.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from shafaf.auth.accounts import load_accounts, official_for_email
from shafaf.auth.model import Official


def _auth_section() -> Mapping[str, Any]:
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets.toml, or an unreadable one: no identity provider
        return {}
    return section if isinstance(section, Mapping) else {}


def providers() -> list[str | None]:
    """The configured providers: None for the unnamed one in [auth], then each [auth.NAME] by name."""
    section = _auth_section()
    out: list[str | None] = [None] if "client_id" in section else []
    out += [name for name, v in section.items() if isinstance(v, Mapping) and "client_id" in v]
    return out


def is_configured() -> bool:
    """True when secrets.toml configures at least one identity provider."""
    return bool(providers())


def provider_identity() -> str | None:
    """The email the identity provider vouches for in this session, or None (not signed in there, unverified)."""
    if not is_configured():
        return None
    user = st.user
    if not user.get("is_logged_in"):
        return None
    email = user.get("email")
    if not isinstance(email, str) or not email or user.get("email_verified") is False:
        return None
    return email


def official_from_provider(accounts_file: Any) -> tuple[Official | None, str | None]:
    """(the official the provider's email maps to, or None; that email, or None when nobody is signed in there)."""
    email = provider_identity()
    if email is None:
        return None, None
    return official_for_email(load_accounts(accounts_file), email), email


def log_out_of_provider() -> None:
    """Forget the provider's identity cookie too, so an ended sign-in cannot come back by itself."""
    if is_configured() and st.user.get("is_logged_in"):
        st.logout()
