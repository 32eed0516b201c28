"""Officials: roles, what a publisher may publish, the session record and when a sign-in expires."""

from __future__ import annotations

import pytest

from shafaf.auth import Official
from shafaf.auth.model import from_record, session_expired, to_record

IDLE, MAX = 30 * 60, 8 * 3600


def test_publisher_may_publish_only_their_departments() -> None:
    o = Official("amina", "Amina", "publisher", frozenset({"health", "education"}))
    assert o.may_publish("health") and o.may_publish("education")
    assert not o.may_publish("finance")
    assert not o.may_publish("")
    assert not o.is_admin


def test_publisher_of_all_departments_and_admin() -> None:
    assert Official("p", "P", "publisher", None).may_publish("anything")
    admin = Official("root", "Root", "admin", None)
    assert admin.is_admin and admin.may_publish("finance")


def test_admin_is_never_limited_by_department() -> None:
    assert Official("root", "Root", "admin", frozenset({"health"})).departments is None


def test_roles_admin_satisfies_publisher_not_the_other_way() -> None:
    pub = Official("p", "P", "publisher", None)
    admin = Official("a", "A", "admin", None)
    assert pub.has_role("publisher") and not pub.has_role("admin")
    assert admin.has_role("publisher") and admin.has_role("admin")
    with pytest.raises(ValueError):
        pub.has_role("superuser")
    with pytest.raises(ValueError):
        Official("x", "X", "superuser", None)


def test_record_round_trip() -> None:
    o = Official("amina", "Amina Khan", "publisher", frozenset({"health", "education"}))
    rec = to_record(o, 1000.0)
    assert rec == {
        "username": "amina",
        "display_name": "Amina Khan",
        "role": "publisher",
        "departments": ["education", "health"],
        "signed_in_at": 1000.0,
        "last_seen": 1000.0,
        "method": "password",
    }
    assert from_record(rec) == o
    assert from_record({**rec, "departments": None}).departments is None


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "amina",
        {},
        {"username": "", "role": "publisher"},
        {"username": "a", "role": "root"},
        {"username": "a", "role": "publisher", "departments": "health"},  # a string is not a list of ids
        {"username": "a", "role": "publisher", "departments": [1, 2]},
    ],
)
def test_malformed_record_names_nobody(bad: object) -> None:
    assert from_record(bad) is None


def _rec(signed_in: float, last_seen: float) -> dict[str, float]:
    return {"signed_in_at": signed_in, "last_seen": last_seen}


def test_session_expires_when_idle() -> None:
    assert not session_expired(_rec(0, 0), IDLE, IDLE, MAX)
    assert session_expired(_rec(0, 0), IDLE + 1, IDLE, MAX)
    assert not session_expired(_rec(0, 100), IDLE + 1, IDLE, MAX)  # seen since: still alive


def test_session_expires_at_the_absolute_limit_however_active() -> None:
    assert not session_expired(_rec(0, MAX - 5), MAX, IDLE, MAX)
    assert session_expired(_rec(0, MAX), MAX + 1, IDLE, MAX)


@pytest.mark.parametrize(
    "rec",
    [{}, {"signed_in_at": "0", "last_seen": 0}, {"signed_in_at": True, "last_seen": 0}, _rec(10_000, 10_000)],
)
def test_session_without_valid_times_or_from_the_future_is_expired(rec: dict) -> None:
    assert session_expired(rec, 100, IDLE, MAX)
