"""The accounts file and passwords: argon2id hashes, a strict reader, an atomic 0600 writer, sign-in checks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from shafaf.auth import Official, passwords
from shafaf.auth.accounts import (
    Account,
    AccountsError,
    authenticate,
    load_accounts,
    official_for_email,
    save_accounts,
)
from shafaf.auth.passwords import WeakPassword, hash_password, verify_password

# cheap parameters for tests: verification reads the parameters from the hash itself
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PW = "correct horse battery"


def _accounts() -> dict[str, Account]:
    return {
        "amina": Account("amina", "Amina Khan", "publisher", frozenset({"health"}), hash_password(PW, CHEAP)),
        "root": Account("root", "Root", "admin", None, hash_password("admin password 1", CHEAP)),
        "sso": Account("sso", "Single Sign-On", "publisher", None, None, "sso.user@example.gov"),
    }


def test_hash_is_argon2id_and_verifies_only_the_right_password() -> None:
    h = hash_password(PW)
    assert h.startswith("$argon2id$") and PW not in h
    assert verify_password(h, PW)
    assert not verify_password(h, PW + "x")
    assert not verify_password(h, "")
    assert not verify_password("not a hash", PW)


def test_default_parameters_are_at_least_rfc_9106_low_memory() -> None:
    params = passwords.HASHER
    assert (params.time_cost, params.memory_cost) >= (3, 64 * 1024)


def test_short_passwords_are_refused() -> None:
    with pytest.raises(WeakPassword):
        hash_password("elevenchars")
    assert hash_password("twelve chars", CHEAP)


def test_unknown_user_costs_one_real_hash_check(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = passwords.HASHER

    class Counting:
        def verify(self, h: str, pw: str) -> bool:
            calls.append(h)
            return real.verify(h, pw)

        def hash(self, pw: str) -> str:
            return real.hash(pw)

    monkeypatch.setattr(passwords, "HASHER", Counting())
    accounts = _accounts()
    assert authenticate(accounts, "nobody", PW) is None
    assert authenticate(accounts, "sso", PW) is None  # an identity-provider account has no password
    assert authenticate(accounts, "amina", "wrong password!") is None
    assert len(calls) == 3  # the same work whether or not the user exists, so timing does not tell
    # the dummy hash has the real parameters, so it costs what a real account costs
    assert calls[0].startswith("$argon2id$v=19$m=65536,t=3")


def test_authenticate_returns_the_official() -> None:
    accounts = _accounts()
    assert authenticate(accounts, "amina", PW) == Official("amina", "Amina Khan", "publisher", frozenset({"health"}))
    assert authenticate(accounts, "  Amina ", PW) == accounts["amina"].official()  # names ignore case and spaces
    assert authenticate(accounts, "root", "admin password 1").is_admin


def test_email_maps_to_an_account() -> None:
    accounts = _accounts()
    assert official_for_email(accounts, "SSO.User@example.gov") == accounts["sso"].official()
    assert official_for_email(accounts, "stranger@example.gov") is None
    assert official_for_email(accounts, None) is None
    assert official_for_email(accounts, "") is None


def test_round_trip_is_atomic_and_private(tmp_path: Path) -> None:
    path = tmp_path / "deploy" / "officials.yaml"
    accounts = _accounts()
    old = os.umask(0o000)  # even with a permissive umask the file is the owner's only
    try:
        save_accounts(path, accounts)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_accounts(path) == accounts
    assert [p.name for p in path.parent.iterdir()] == ["officials.yaml"]  # no temporary file left
    text = path.read_text(encoding="utf-8")
    assert "departments: all" in text and PW not in text


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "officials.yaml"
    save_accounts(path, _accounts())
    before = path.read_bytes()

    def broken(*a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        save_accounts(path, {})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["officials.yaml"]


def test_missing_or_empty_file_has_no_accounts(tmp_path: Path) -> None:
    assert load_accounts(tmp_path / "none.yaml") == {}
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert load_accounts(tmp_path / "empty.yaml") == {}


HASH = hash_password(PW, CHEAP)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accounts: [", "not valid YAML"),
        ("- a\n- b\n", "one key, accounts"),
        ("accounts: {}\n", "one key, accounts"),
        ("accounts:\n  - just a name\n", "must be a mapping"),
        (f"accounts:\n  - {{username: Amina, role: admin, password_hash: '{HASH}'}}\n", "username must be"),
        (f"accounts:\n  - {{username: amina, role: root, password_hash: '{HASH}'}}\n", "role must be"),
        (f"accounts:\n  - {{username: amina, role: publisher, password_hash: '{HASH}'}}\n", "departments must be"),
        (
            f"accounts:\n  - {{username: amina, role: publisher, departments: health, password_hash: '{HASH}'}}\n",
            "departments",
        ),
        ("accounts:\n  - {username: amina, role: admin, password_hash: plaintext-password}\n", "argon2id"),
        ("accounts:\n  - {username: amina, role: admin}\n", "password_hash or an email"),
        ("accounts:\n  - {username: amina, role: admin, email: not-an-email}\n", "email must be"),
        (f"accounts:\n  - {{username: amina, role: admin, password: x, password_hash: '{HASH}'}}\n", "unknown field"),
        (
            f"accounts:\n  - {{username: amina, role: admin, password_hash: '{HASH}'}}\n"
            f"  - {{username: amina, role: admin, password_hash: '{HASH}'}}\n",
            "listed twice",
        ),
        (
            "accounts:\n  - {username: a1, role: admin, email: x@y.org}\n  - {username: a2, role: admin, email: X@y.org}\n",
            "two accounts",
        ),
    ],
)
def test_malformed_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "officials.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AccountsError, match=message) as e:
        load_accounts(path)
    assert str(path) in str(e.value)


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "officials.yaml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(AccountsError, match="cannot be read"):
        load_accounts(path)
