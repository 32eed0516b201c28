"""Sign-in through an identity provider (st.login, mocked by AppTest's user): the email maps onto an account."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY
from shafaf.auth.accounts import Account, save_accounts
from shafaf.auth.ratelimit import LIMITER
from tests.authtools import official_record
from tests.pkgtools import ROOT

SIGN_IN = "pages/officials/sign_in.py"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 64,
    "client_id": "shafaf",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "http://localhost:8080/realms/shafaf/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "officials.yaml"
    save_accounts(
        path,
        {"sara": Account("sara", "Sara Ahmadzai", "publisher", frozenset({"health"}), None, "sara@example.gov")},
    )
    monkeypatch.setenv("SHAFAF_ACCOUNTS", str(path))
    monkeypatch.setenv("SHAFAF_DB", str(tmp_path / "nothing-published" / "shafaf.duckdb"))
    LIMITER.clear()
    return path


def sign_in_page(user: dict | None, auth: dict | None = AUTH, **session: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    if auth is not None:
        at.secrets["auth"] = auth
    if user is not None:
        at.user = user
    for k, v in session.items():
        at.session_state[k] = v
    at.run()
    return at.switch_page(SIGN_IN).run()


def texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "warning", "error", "success", "info") for e in at.get(kind)]


def test_provider_email_of_an_account_signs_in_with_its_role_and_departments() -> None:
    at = sign_in_page({"is_logged_in": True, "email": "Sara@Example.gov", "email_verified": True})
    assert not at.exception
    rec = at.session_state[SESSION_KEY]
    assert (rec["username"], rec["role"], rec["departments"], rec["method"]) == (
        "sara",
        "publisher",
        ["health"],
        "oidc",
    )
    assert "Signed in as **Sara Ahmadzai** (publisher)" in texts(at)


def test_unknown_email_is_not_authorised() -> None:
    at = sign_in_page({"is_logged_in": True, "email": "stranger@example.gov"})
    assert not at.exception
    assert SESSION_KEY not in at.session_state
    assert any(s.startswith("The account stranger@example") and "not allowed" in s for s in texts(at))


def test_unverified_email_is_not_trusted() -> None:
    at = sign_in_page({"is_logged_in": True, "email": "sara@example.gov", "email_verified": False})
    assert SESSION_KEY not in at.session_state


def test_without_a_provider_configured_st_user_is_ignored() -> None:
    at = sign_in_page({"is_logged_in": True, "email": "sara@example.gov"}, auth=None)
    assert SESSION_KEY not in at.session_state
    assert not [b for b in at.button if b.label.startswith("Sign in with")]


def test_sign_in_page_offers_the_provider() -> None:
    at = sign_in_page({"is_logged_in": False})
    assert [b.label for b in at.button if b.label.startswith("Sign in with")] == [
        "Sign in with your organisation's account"
    ]
    named = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"], "keycloak": dict(AUTH)}
    at = sign_in_page({"is_logged_in": False}, auth=named)
    assert [b.label for b in at.button if b.label.startswith("Sign in with")] == ["Sign in with Keycloak"]


def test_expired_provider_sign_in_also_logs_out_of_the_provider() -> None:
    # else the provider's 30-day cookie would sign the person straight back in
    user = {"is_logged_in": True, "email": "sara@example.gov"}
    old = {**official_record("sara", idle_seconds=3600), "method": "oidc"}
    at = sign_in_page(user, **{SESSION_KEY: old})
    assert SESSION_KEY not in at.session_state
    assert not at.user.get("is_logged_in")


def test_sign_out_of_a_provider_sign_in_logs_out_of_the_provider() -> None:
    at = sign_in_page({"is_logged_in": True, "email": "sara@example.gov"})
    assert at.session_state[SESSION_KEY]["method"] == "oidc"
    at.button(key="auth.sign_out_main").click().run()
    assert SESSION_KEY not in at.session_state
    assert not at.user.get("is_logged_in")
