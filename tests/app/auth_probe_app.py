"""A test entry point: the sign-in page plus a page guarded by require_official(role from session state)."""

import streamlit as st

from shafaf.auth import require_official
from tests.pkgtools import ROOT


def guarded() -> None:
    role = st.session_state.get("probe.role", "publisher")
    official = require_official(role)
    st.markdown(f"allowed: {official.username}")


pg = st.navigation(
    [
        st.Page(guarded, title="Guarded", url_path="guarded", default=True),
        st.Page(str(ROOT / "pages" / "officials" / "sign_in.py"), url_path="sign-in"),
    ]
)
pg.run()
