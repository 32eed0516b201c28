"""Who an official is and how long a sign-in lasts: pure data and rules, no Streamlit, no files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("publisher", "admin")
# What each role may do, as the set of roles it satisfies: an admin can do whatever a publisher can.
SATISFIES: dict[str, frozenset[str]] = {"publisher": frozenset({"publisher"}), "admin": frozenset(ROLES)}


@dataclass(frozen=True)
class Official:
    """A signed-in official: account name, name to show, role and the departments they may publish."""

    username: str  # account name (or the OIDC email)
    display_name: str
    role: str  # "publisher" | "admin"
    departments: frozenset[str] | None  # department ids a publisher may publish; None = all (admins: None)

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (allowed: {', '.join(ROLES)})")
        if self.role == "admin" and self.departments is not None:
            # an admin is never limited by department; a record saying otherwise is not trusted
            object.__setattr__(self, "departments", None)

    def may_publish(self, department_id: str) -> bool:
        """True when this official may publish rows of `department_id`."""
        return self.departments is None or department_id in self.departments

    @property
    def is_admin(self) -> bool:
        """True for an administrator."""
        return self.role == "admin"

    def has_role(self, role: str) -> bool:
        """True when this official may do what `role` may (an admin satisfies 'publisher')."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (allowed: {', '.join(ROLES)})")
        return role in SATISFIES[self.role]


def departments_of(value: Iterable[str] | None) -> frozenset[str] | None:
    """None stays None (all departments); a list becomes a frozenset."""
    return None if value is None else frozenset(value)


def to_record(official: Official, now: float, method: str = "password") -> dict[str, Any]:
    """The session-state record of a sign-in that starts at `now` (epoch seconds); `method` is password or oidc."""
    return {
        "username": official.username,
        "display_name": official.display_name,
        "role": official.role,
        "departments": None if official.departments is None else sorted(official.departments),
        "signed_in_at": now,
        "last_seen": now,
        "method": method,
    }


def from_record(record: Any) -> Official | None:
    """The official a session-state record names, or None when the record is malformed."""
    if not isinstance(record, Mapping):
        return None
    username, display, role = record.get("username"), record.get("display_name"), record.get("role")
    deps = record.get("departments")
    if not isinstance(username, str) or not username or role not in ROLES:
        return None
    if deps is not None and (isinstance(deps, str) or not all(isinstance(d, str) for d in deps)):
        return None
    return Official(username, display if isinstance(display, str) and display else username, role, departments_of(deps))


def session_expired(record: Mapping[str, Any], now: float, idle_seconds: float, max_seconds: float) -> bool:
    """True when a sign-in has been idle too long, is older than the absolute limit, or has no valid times."""
    signed_in, last_seen = record.get("signed_in_at"), record.get("last_seen")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (signed_in, last_seen)):
        return True
    if signed_in > now + 60 or last_seen > now + 60:  # from the future: forged or a clock jump; do not trust it
        return True
    return now - last_seen > idle_seconds or now - signed_in > max_seconds
