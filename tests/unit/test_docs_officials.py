"""docs/officials.md documents every `account` subcommand and option, the rate limits and the expiry keys."""

from __future__ import annotations

import argparse

from shafaf.__main__ import _parser
from shafaf.auth import ratelimit
from tests.pkgtools import ROOT

DOC = (ROOT / "docs" / "officials.md").read_text(encoding="utf-8")


def _account_subcommands() -> dict[str, argparse.ArgumentParser]:
    top = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    account = top.choices["account"]
    return dict(next(a for a in account._actions if isinstance(a, argparse._SubParsersAction)).choices)


def test_every_account_subcommand_and_option_is_documented() -> None:
    subs = _account_subcommands()
    assert set(subs) == {"add", "list", "remove", "passwd"}
    for name, parser in subs.items():
        assert f"python -m shafaf account {name}" in DOC, name
        for action in parser._actions:
            for opt in action.option_strings:
                if opt not in ("-h", "--help"):
                    assert opt in DOC, f"account {name} {opt} is not in docs/officials.md"


def test_rate_limits_in_the_docs_are_the_code_s() -> None:
    minutes = ratelimit.WINDOW_SECONDS // 60
    assert f"{ratelimit.MAX_FAILURES} failed sign-ins for one user name within {minutes} minutes" in DOC
    assert f"{ratelimit.MAX_FAILURES * ratelimit.CLIENT_FACTOR} failed sign-ins from one client" in DOC
    assert f"for {ratelimit.LOCKOUT_SECONDS // 60} minutes" in DOC


def test_expiry_keys_and_defaults_are_documented() -> None:
    from shafaf.settings import KEYS

    for key in ("session_idle_minutes", "session_max_hours", "accounts_file"):
        assert f"`{key}`" in DOC
    assert f"| `session_idle_minutes` | `{KEYS['session_idle_minutes'][1]}` |" in DOC
    assert f"| `session_max_hours` | `{KEYS['session_max_hours'][1]}` |" in DOC
