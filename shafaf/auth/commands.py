"""`python -m shafaf account add|list|remove|passwd`: the officials' accounts file from the command line.

Exit codes as the other commands: 0 done; 1 refused or failed (nothing changed); 2 usage error.
Passwords are read with getpass (asked twice) or, with --password-stdin, from one line of
standard input; they are never echoed, logged or passed as arguments.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from shafaf.auth.accounts import USERNAME, Account, AccountsError, load_accounts, save_accounts
from shafaf.auth.model import ROLES
from shafaf.auth.passwords import MIN_PASSWORD_LENGTH, WeakPassword, hash_password
from shafaf.settings import load_settings

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A refusal with its exit code and message."""

    def __init__(self, message: str, code: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.code = code


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `account` and its subcommands on the main parser."""
    p = sub.add_parser("account", help="add, list, remove officials' accounts or change a password")
    p.add_argument(
        "--accounts", type=Path, help="accounts file (default: config.yaml accounts_file, or SHAFAF_ACCOUNTS)"
    )
    p.set_defaults(quiet=False)  # no progress lines: every subcommand is quick
    acc = p.add_subparsers(dest="account_command", required=True)

    a = acc.add_parser("add", help="add an account (asks for its password twice)")
    a.add_argument("username", help="2-64 lowercase letters, digits, '.', '_' or '-'")
    a.add_argument("--role", choices=ROLES, required=True)
    deps = a.add_mutually_exclusive_group()
    deps.add_argument("--department", action="append", metavar="ID", help="a department id it may publish (repeat)")
    deps.add_argument("--all-departments", action="store_true", help="may publish every department")
    a.add_argument("--display-name", help="the name shown when signed in (default: the user name)")
    a.add_argument("--email", help="the identity provider's email of this official (OIDC sign-in)")
    a.add_argument("--password-stdin", action="store_true", help="read the password from one line of standard input")
    a.add_argument(
        "--no-password", action="store_true", help="no password: signs in through the identity provider only"
    )
    a.add_argument("--db", type=Path, help="published database whose departments are checked (default: config.yaml)")

    acc.add_parser("list", help="list accounts (never their password hashes)")

    r = acc.add_parser("remove", help="remove an account")
    r.add_argument("username")

    w = acc.add_parser("passwd", help="set a new password for an account")
    w.add_argument("username")
    w.add_argument("--password-stdin", action="store_true", help="read the password from one line of standard input")
    for name, q in acc.choices.items():
        q.add_argument(
            "--accounts", type=Path, help="accounts file (default: config.yaml accounts_file, or SHAFAF_ACCOUNTS)"
        )
        q.prog = f"python -m shafaf account {name}"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            raise CommandError("the two passwords differ; nothing was changed")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CommandError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters; nothing was changed")
    return password


def _published_departments(db: Path | None) -> set[str] | None:
    """The department ids of the current snapshot, or None when nothing is published."""
    from shafaf import queries
    from shafaf.store.deployment import Deployment
    from shafaf.store.reader import open_snapshot

    path = db or load_settings().database
    if Deployment(path).current_id() is None:
        return None
    snap = open_snapshot(path)
    try:
        return set(queries.departments_by_id(snap.con)["department_id"])
    finally:
        snap.close()


def _add(args: argparse.Namespace, path: Path) -> str:
    if not USERNAME.fullmatch(args.username):
        raise CommandError(
            f"{args.username!r}: a user name is 2-64 lowercase letters, digits, '.', '_' or '-'", EXIT_USAGE
        )
    accounts = load_accounts(path)
    if args.username in accounts:
        raise CommandError(f"account {args.username!r} already exists (use `account passwd` or `account remove`)")
    if args.role == "publisher" and not (args.department or args.all_departments):
        raise CommandError("a publisher needs --department ID (repeatable) or --all-departments", EXIT_USAGE)
    if args.role == "admin" and args.department:
        raise CommandError("an admin may publish every department; drop --department", EXIT_USAGE)
    if args.no_password and not args.email:
        raise CommandError("--no-password needs --email (the identity provider's sign-in)", EXIT_USAGE)
    departments = None if args.role == "admin" or args.all_departments else frozenset(args.department)
    if departments:
        known = _published_departments(args.db)
        if known is None:
            print("warning: nothing is published yet, so the department ids were not checked", file=sys.stderr)
        elif departments - known:
            unknown = ", ".join(sorted(departments - known))
            raise CommandError(f"no department with the id(s) {unknown} in the current snapshot", EXIT_USAGE)
    email = args.email.strip().lower() if args.email else None
    if email and any(a.email == email for a in accounts.values()):
        raise CommandError(f"another account already has the email {email}")
    pw_hash = None if args.no_password else hash_password(_read_password(args.password_stdin))
    account = Account(
        args.username, (args.display_name or args.username).strip(), args.role, departments, pw_hash, email
    )
    save_accounts(path, {**accounts, args.username: account})
    return f"added {args.role} {args.username!r} to {path}"


def _list(args: argparse.Namespace, path: Path) -> str:
    accounts = load_accounts(path)
    lines = [
        f"{a.username}\t{a.role}\t{'all' if a.departments is None else ','.join(sorted(a.departments))}"
        f"\t{a.display_name}\t{'password' if a.password_hash else '-'}\t{a.email or '-'}"
        for a in accounts.values()
    ]
    return "\n".join([*lines, f"{len(accounts)} account{'s' if len(accounts) != 1 else ''} in {path}"])


def _existing(path: Path, username: str) -> dict[str, Account]:
    accounts = load_accounts(path)
    if username not in accounts:
        raise CommandError(f"no account {username!r} in {path}")
    return accounts


def _remove(args: argparse.Namespace, path: Path) -> str:
    accounts = _existing(path, args.username)
    del accounts[args.username]
    save_accounts(path, accounts)
    return f"removed {args.username!r} from {path}"


def _passwd(args: argparse.Namespace, path: Path) -> str:
    accounts = _existing(path, args.username)
    old = accounts[args.username]
    new_hash = hash_password(_read_password(args.password_stdin))
    accounts[args.username] = Account(old.username, old.display_name, old.role, old.departments, new_hash, old.email)
    save_accounts(path, accounts)
    return f"new password set for {args.username!r}"


SUBCOMMANDS: dict[str, Callable[[argparse.Namespace, Path], str]] = {
    "add": _add,
    "list": _list,
    "remove": _remove,
    "passwd": _passwd,
}


def cmd_account(args: argparse.Namespace, say: object = None) -> int:
    """Run one `account` subcommand; every expected failure is a message and an exit code."""
    path = args.accounts or load_settings().accounts_file
    try:
        print(SUBCOMMANDS[args.account_command](args, path))
    except CommandError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.code
    except (AccountsError, WeakPassword) as e:
        print(f"error: {e}; nothing was changed", file=sys.stderr)
        return EXIT_FAIL
    except OSError as e:
        print(f"error: {path}: cannot be written ({e.strerror or e}); nothing was changed", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK
