"""Helpers for tests of the officials' area: a signed-in official's session record, an accounts file."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from shafaf.auth import Official
from shafaf.auth.model import to_record


def official_record(
    username: str = "pub",
    *,
    role: str = "publisher",
    departments: Iterable[str] | None = None,
    display_name: str | None = None,
    age_seconds: float = 0,
    idle_seconds: float = 0,
) -> dict[str, Any]:
    """What st.session_state[SESSION_KEY] holds for a sign-in `age_seconds` old, last seen `idle_seconds` ago.

    Set it before the first run: `at.session_state[SESSION_KEY] = official_record(...)`.
    """
    deps = None if departments is None else frozenset(departments)
    record = to_record(Official(username, display_name or username.title(), role, deps), time.time() - age_seconds)
    record["last_seen"] = time.time() - idle_seconds
    return record


TEST_PASSWORD = "a test password, 12+ chars"


def write_test_accounts(path: Path) -> Path:
    """An accounts file for tests: `amina` (publisher of the demo's kp-health department), `root` (admin).

    Both have TEST_PASSWORD, hashed with cheap argon2id parameters so tests stay fast.
    """
    from argon2 import PasswordHasher

    from shafaf.auth.accounts import Account, save_accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    save_accounts(
        path,
        {
            "amina": Account("amina", "Amina Khan", "publisher", frozenset({"kp-health"}), cheap.hash(TEST_PASSWORD)),
            "root": Account("root", "Root Admin", "admin", None, cheap.hash(TEST_PASSWORD)),
        },
    )
    return path
