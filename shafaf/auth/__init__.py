"""Officials' sign-in: who is signed in, what their role allows, and the checks pages make.

The implementation is in submodules: model (Official, pure), session (Streamlit session state),
accounts and passwords (the accounts file), ratelimit (failed sign-ins), oidc (st.login).
See shafaf/auth/session.py for how tests simulate a signed-in official.
"""

from typing import Any

from shafaf.auth.model import ROLES, Official

_SESSION_NAMES = {"SESSION_KEY", "current_official", "require_official", "sign_in_session", "sign_out"}


def __getattr__(name: str) -> Any:
    """The session's names, imported on first use: the session needs Streamlit, which the command line
    (`python -m shafaf`, through shafaf.auth.commands) would otherwise import for every command."""
    if name in _SESSION_NAMES:
        from shafaf.auth import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ROLES",
    "SESSION_KEY",
    "Official",
    "current_official",
    "require_official",
    "sign_in_session",
    "sign_out",
]
