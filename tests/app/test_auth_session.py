"""The officials' sign-in as pages see it: require_official, roles, expiry, sign-out, the sign-in page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY
from tests.authtools import official_record
from tests.pkgtools import ROOT

PROBE = Path(__file__).parent / "auth_probe_app.py"
SIGN_IN = "pages/officials/sign_in.py"


def probe(role: str, record: dict | None) -> AppTest:
    at = AppTest.from_file(str(PROBE), default_timeout=30)
    at.session_state["probe.role"] = role
    if record is not None:
        at.session_state[SESSION_KEY] = record
    return at.run()


def texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "warning", "error", "success", "info") for e in at.get(kind)]


def test_nobody_signed_in_gets_a_sign_in_notice_and_a_link_not_the_page() -> None:
    at = probe("publisher", None)
    assert not at.exception
    assert "This page is for officials. Please sign in first." in texts(at)
    assert not [s for s in texts(at) if s.startswith("allowed")]
    links = at.get("page_link")
    assert len(links) == 1 and links[0].proto.page.endswith("sign-in")


@pytest.mark.parametrize("role", ["publisher", "admin"])
def test_signed_in_official_with_the_role_gets_the_page(role: str) -> None:
    at = probe("publisher", official_record("amina", role=role))
    assert not at.exception
    assert "allowed: amina" in texts(at)
    assert at.session_state[SESSION_KEY]["last_seen"] >= at.session_state[SESSION_KEY]["signed_in_at"]


def test_publisher_asking_for_an_admin_page_is_not_allowed_and_not_sent_to_sign_in() -> None:
    at = probe("admin", official_record("amina", role="publisher", departments=["health"]))
    assert not at.exception
    assert "Your account is not allowed to use this page. Ask an administrator if you need it." in texts(at)
    assert not [s for s in texts(at) if s.startswith("allowed")]
    assert not at.get("page_link")


def test_admin_gets_the_admin_page() -> None:
    assert "allowed: root" in texts(probe("admin", official_record("root", role="admin")))


@pytest.mark.parametrize(
    "record",
    [
        official_record("amina", idle_seconds=31 * 60),  # idle longer than session_idle_minutes (30)
        official_record("amina", age_seconds=8 * 3600 + 60),  # older than session_max_hours (8), though active
    ],
)
def test_expired_sign_in_ends_and_says_so(record: dict) -> None:
    at = probe("publisher", record)
    assert not at.exception
    assert SESSION_KEY not in at.session_state
    assert not [s for s in texts(at) if s.startswith("allowed")]
    assert any(s.startswith("Your sign-in has ended") for s in texts(at))


def test_a_forged_record_with_an_unknown_role_signs_nobody_in() -> None:
    rec = {**official_record("amina"), "role": "superuser"}
    at = probe("publisher", rec)
    assert not [s for s in texts(at) if s.startswith("allowed")]
    assert SESSION_KEY not in at.session_state


def test_sign_in_page_shows_who_is_signed_in_and_signs_out() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state[SESSION_KEY] = official_record("amina", display_name="Amina Khan", departments=["health"])
    at.run()
    at.switch_page(SIGN_IN).run()
    assert not at.exception
    assert "Signed in as **Amina Khan** (publisher)" in texts(at)
    at.button(key="auth.sign_out").click().run()
    assert SESSION_KEY not in at.session_state
    assert "Signed in as **Amina Khan** (publisher)" not in texts(at)
