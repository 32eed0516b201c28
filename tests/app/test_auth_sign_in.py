"""The sign-in page with a test accounts file (SHAFAF_ACCOUNTS): right and wrong passwords, lockout, sign-out."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY
from shafaf.auth.accounts import Account, save_accounts
from shafaf.auth.passwords import hash_password
from shafaf.auth.ratelimit import LIMITER
from tests.pkgtools import ROOT

SIGN_IN = "pages/officials/sign_in.py"
PW = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "officials.yaml"
    save_accounts(
        path,
        {
            "amina": Account("amina", "Amina Khan", "publisher", frozenset({"health"}), hash_password(PW, CHEAP)),
            "root": Account("root", "Root Admin", "admin", None, hash_password("admin password 1", CHEAP)),
        },
    )
    monkeypatch.setenv("SHAFAF_ACCOUNTS", str(path))
    monkeypatch.setenv("SHAFAF_DB", str(tmp_path / "nothing-published" / "shafaf.duckdb"))
    LIMITER.clear()
    yield path
    LIMITER.clear()


def sign_in_page(**session: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in session.items():
        at.session_state[k] = v
    at.run()
    return at.switch_page(SIGN_IN).run()


def submit(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="auth.username").input(username)
    at.text_input(key="auth.password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "warning", "error", "success", "info") for e in at.get(kind)]


def test_sign_in_with_the_right_password(accounts: Path) -> None:
    at = submit(sign_in_page(), "amina", PW)
    assert not at.exception
    record = at.session_state[SESSION_KEY]
    assert {k: record[k] for k in ("username", "role", "departments")} == {
        "username": "amina",
        "role": "publisher",
        "departments": ["health"],
    }
    assert "Signed in as **Amina Khan** (publisher)" in texts(at)
    assert "You are signed in. Sign out when you have finished." in texts(at)


def test_password_is_never_kept_in_session_state(accounts: Path) -> None:
    for password in (PW, "a wrong password"):
        at = submit(sign_in_page(), "amina", password)
        state = at.session_state._state._state  # Streamlit's SessionState: user keys and every widget's value
        kept = [
            part
            for part in ("_old_state", "_new_session_state", "_new_widget_state")
            if password in repr(getattr(state, part))
        ]
        assert kept == [], password
    assert "amina" in repr(state._new_widget_state)  # after a failure the form is there: the check sees its values


@pytest.mark.parametrize(("username", "password"), [("amina", "wrong password!!"), ("nobody", PW), ("Amina", "")])
def test_wrong_user_or_password_gets_the_same_generic_error(accounts: Path, username: str, password: str) -> None:
    at = submit(sign_in_page(), username, password)
    assert not at.exception
    assert SESSION_KEY not in at.session_state
    expected = "Enter your user name and password." if not password else "Wrong user name or password."
    assert expected in texts(at)


def test_five_failures_lock_the_user_name_even_for_the_right_password(accounts: Path) -> None:
    at = sign_in_page()
    for _ in range(5):
        at = submit(at, "amina", "wrong password!!")
    assert "Too many failed sign-ins. Try again in 15 minutes." in texts(at)
    at = submit(sign_in_page(), "amina", PW)  # a new session, the right password: still locked
    assert SESSION_KEY not in at.session_state
    assert "Too many failed sign-ins. Try again in 15 minutes." in texts(at)
    at = submit(sign_in_page(), "root", "admin password 1")  # another user name is not locked
    assert at.session_state[SESSION_KEY]["username"] == "root"


def test_one_client_guessing_many_user_names_is_locked(accounts: Path) -> None:
    at = sign_in_page()
    for i in range(20):
        at = submit(at, f"guess{i}", "wrong password!!")
    at = submit(at, "root", "admin password 1")
    assert SESSION_KEY not in at.session_state
    assert any(s.startswith("Too many failed sign-ins") for s in texts(at))


def test_sign_out_ends_the_sign_in(accounts: Path) -> None:
    at = submit(sign_in_page(), "root", "admin password 1")
    assert at.session_state[SESSION_KEY]["role"] == "admin"
    at.button(key="auth.sign_out_main").click().run()
    assert SESSION_KEY not in at.session_state
    assert at.text_input(key="auth.username")  # the form is back


def test_malformed_accounts_file_signs_nobody_in(accounts: Path) -> None:
    accounts.write_text("accounts:\n  - {username: amina, role: admin, password_hash: secret}\n", encoding="utf-8")
    at = sign_in_page()
    assert not at.exception
    assert (
        "Sign-in is not available because the accounts file could not be read. An administrator must fix it."
        in texts(at)
    )
    assert not at.get("text_input")


def test_no_accounts_says_how_to_add_one(accounts: Path) -> None:
    accounts.unlink()
    at = sign_in_page()
    assert any("python -m shafaf account add" in s for s in texts(at))
    assert not at.get("text_input")


def test_sign_in_page_in_urdu_is_right_to_left_and_translated(accounts: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = "ur"
    at.run()
    at.switch_page(SIGN_IN).run()
    assert not at.exception
    assert at.title[0].value == "سائن ان"
    assert at.text_input(key="auth.username").label == "صارف نام"


def test_sign_in_expires_when_the_clock_moves_past_the_idle_limit(
    accounts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shafaf.auth import session

    now = [1_800_000_000.0]
    monkeypatch.setattr(session, "clock", lambda: now[0])
    at = submit(sign_in_page(), "amina", PW)
    assert at.session_state[SESSION_KEY]["signed_in_at"] == now[0]
    now[0] += 29 * 60  # active within the idle limit: still signed in, and seen now
    at.run()
    assert at.session_state[SESSION_KEY]["last_seen"] == now[0]
    now[0] += 31 * 60
    at.run()
    assert SESSION_KEY not in at.session_state
    assert any(s.startswith("Your sign-in has ended") for s in texts(at))
    assert at.text_input(key="auth.username")
