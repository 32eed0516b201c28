"""Officials' sign-in: who is signed in, what their role allows, and the checks pages make.

The implementation is in submodules: model (Official, pure), session (Streamlit session state),
accounts and passwords (the accounts file), ratelimit (failed sign-ins), oidc (st.login).
See shafaf/auth/session.py for how tests simulate a signed-in official.
"""

from shafaf.auth.model import ROLES, Official
from shafaf.auth.session import SESSION_KEY, current_official, require_official, sign_in_session, sign_out

__all__ = [
    "ROLES",
    "SESSION_KEY",
    "Official",
    "current_official",
    "require_official",
    "sign_in_session",
    "sign_out",
]
