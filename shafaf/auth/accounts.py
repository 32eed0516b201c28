"""The officials' accounts file (YAML, mode 0600, outside git): read strictly, written atomically.

    accounts:
      - username: amina
        display_name: Amina Khan
        role: publisher            # publisher | admin
        departments: [health]      # department ids, or `all`
        password_hash: $argon2id$v=19$m=65536,t=3,p=4$...
        email: amina@example.gov   # optional: the identity provider's email (OIDC); no password needed

A file that cannot be read or has a malformed entry raises AccountsError naming the problem,
and nobody signs in with it (the sign-in page says sign-in is unavailable).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shafaf.auth.model import ROLES, Official
from shafaf.auth.passwords import is_argon2id, verify_password

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
FIELDS = {"username", "display_name", "role", "departments", "password_hash", "email"}


class AccountsError(Exception):
    """The accounts file is unreadable or malformed (the message says where)."""


@dataclass(frozen=True)
class Account:
    """One official's entry in the accounts file."""

    username: str
    display_name: str
    role: str
    departments: frozenset[str] | None  # None: all departments
    password_hash: str | None = None
    email: str | None = None

    def official(self) -> Official:
        """The signed-in official this account becomes."""
        return Official(self.username, self.display_name, self.role, None if self.role == "admin" else self.departments)

    def to_yaml(self) -> dict[str, Any]:
        """The entry as written to the file."""
        out: dict[str, Any] = {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "departments": "all" if self.departments is None else sorted(self.departments),
        }
        if self.password_hash:
            out["password_hash"] = self.password_hash
        if self.email:
            out["email"] = self.email
        return out


def normalise_username(value: str) -> str:
    """User names are compared without surrounding spaces and case."""
    return value.strip().lower()


def _entry(path: Path, i: int, raw: Any) -> Account:
    where = f"{path}: account {i + 1}"
    if not isinstance(raw, dict):
        raise AccountsError(f"{where}: must be a mapping of username, display_name, role, departments, ...")
    unknown = sorted(set(map(str, raw)) - FIELDS)
    if unknown:
        raise AccountsError(f"{where}: unknown field(s) {', '.join(unknown)}")
    username = raw.get("username")
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        raise AccountsError(f"{where}: username must be 2-64 lowercase letters, digits, '.', '_' or '-'")
    where = f"{path}: account {username!r}"
    role = raw.get("role")
    if role not in ROLES:
        raise AccountsError(f"{where}: role must be one of {', '.join(ROLES)}")
    display = raw.get("display_name", username)
    if not isinstance(display, str) or not display.strip():
        raise AccountsError(f"{where}: display_name must be text")
    deps = raw.get("departments", "all" if role == "admin" else None)
    if deps == "all":
        departments = None
    elif isinstance(deps, list) and deps and all(isinstance(d, str) and d for d in deps):
        departments = frozenset(deps)
    else:
        raise AccountsError(f"{where}: departments must be a list of department ids, or all")
    pw = raw.get("password_hash")
    if pw is not None and (not isinstance(pw, str) or not is_argon2id(pw)):
        raise AccountsError(f"{where}: password_hash must be an argon2id hash (python -m shafaf account passwd)")
    email = raw.get("email")
    if email is not None and (not isinstance(email, str) or not EMAIL.fullmatch(email)):
        raise AccountsError(f"{where}: email must be an email address")
    if pw is None and email is None:
        raise AccountsError(f"{where}: needs a password_hash or an email (for the identity provider)")
    return Account(username, display.strip(), role, departments, pw, email.lower() if email else None)


def load_accounts(path: Path) -> dict[str, Account]:
    """The accounts in `path` by user name; {} when the file does not exist; AccountsError when malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise AccountsError(f"{path}: cannot be read ({e.__class__.__name__})") from e
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise AccountsError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from e
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) != {"accounts"} or not isinstance(data["accounts"], list | None):
        raise AccountsError(f"{path}: must have one key, accounts, holding a list of accounts")
    out: dict[str, Account] = {}
    emails: set[str] = set()
    for i, raw in enumerate(data["accounts"] or []):
        acc = _entry(path, i, raw)
        if acc.username in out:
            raise AccountsError(f"{path}: account {acc.username!r} is listed twice")
        if acc.email and acc.email in emails:
            raise AccountsError(f"{path}: email {acc.email!r} belongs to two accounts")
        emails.add(acc.email or "")
        out[acc.username] = acc
    return out


def save_accounts(path: Path, accounts: dict[str, Account]) -> None:
    """Write the accounts atomically (a temporary file renamed over the old one), readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(
        {"accounts": [a.to_yaml() for _, a in sorted(accounts.items())]}, allow_unicode=True, sort_keys=False
    )
    header = "# Shafaf officials' accounts: written by `python -m shafaf account`; keep out of git (mode 0600).\n"
    fd, tmp = tempfile.mkstemp(prefix=".officials-", suffix=".tmp", dir=path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(header + body)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a crash
    finally:
        os.close(dir_fd)


def authenticate(accounts: dict[str, Account], username: str, password: str) -> Official | None:
    """The official whose user name and password match, else None; always one hash check, known user or not."""
    account = accounts.get(normalise_username(username))
    stored = account.password_hash if account else None
    if not verify_password(stored, password) or account is None:
        return None
    return account.official()


def official_for_email(accounts: dict[str, Account], email: str | None) -> Official | None:
    """The official whose account has this identity-provider email (case-insensitive), else None."""
    if not email:
        return None
    wanted = email.strip().lower()
    for account in accounts.values():
        if account.email and account.email == wanted:
            return account.official()
    return None
