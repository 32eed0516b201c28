"""What every officials' page shows around its content: language, title, the sign-in check, who is signed in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from shafaf.auth.model import Official
from shafaf.auth.session import current_official, require_official, session_lang, sign_out
from shafaf.fmt import md
from shafaf.i18n import t
from shafaf.ui import context, layout, rtl

log = logging.getLogger("shafaf")


@dataclass(frozen=True)
class OfficialsView:
    """What an officials' page body gets: the language, the signed-in official, the public context (or None)."""

    lang: str
    official: Official | None
    ctx: context.Context | None


def signed_in_box(official: Official, lang: str) -> None:
    """The sidebar's 'signed in as NAME (ROLE)' and the sign-out button."""
    with st.sidebar.container(key="auth-signed-in"):
        st.markdown(
            t("auth.signed_in_as", lang, name=md(official.display_name), role=t(f"auth.role_{official.role}", lang))
        )
        if official.departments is not None:
            st.caption(t("auth.departments", lang, departments=md(", ".join(sorted(official.departments)))))
        st.button(t("auth.sign_out", lang), key="auth.sign_out", on_click=sign_out, icon=":material/logout:")


def officials_page(title_key: str, body: Callable[[OfficialsView], None], *, role: str | None = "publisher") -> None:
    """Run an officials' page: its title, then (when `role` is given) the sign-in check, then its body.

    role=None is for the sign-in page itself, which everyone may see. A failure in the body shows a
    short message, never a traceback.
    """
    lang = session_lang()
    rtl.apply(lang)
    layout.language_switch(lang)
    st.title(t(f"pages.{title_key}", lang))
    official = require_official(role) if role else current_official()
    if official is not None:
        signed_in_box(official, lang)
    try:
        body(OfficialsView(lang, official, context.get()))
    except Exception:  # officials never see a traceback either; the log keeps it for the operators
        log.exception("officials' page %s failed", title_key)
        st.error(t("app.unavailable", lang))
