"""The sign-in page's body: the password form (and the identity provider's button), or who is signed in."""

from __future__ import annotations

import streamlit as st

from shafaf.auth.session import sign_out
from shafaf.auth.ui import OfficialsView
from shafaf.i18n import t
from shafaf.navigation import OFFICIAL_PAGES


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
    st.markdown(t("auth.intro", lang))
