"""`python -m shafaf account`: add, list, remove, passwd; exit codes 0/1/2; department ids checked when published."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from shafaf.__main__ import main
from shafaf.auth import passwords
from shafaf.auth.accounts import load_accounts
from shafaf.auth.passwords import verify_password
from shafaf.store.publish import load_package
from tests.pkgtools import ROOT, cli

PW = "a long enough password"


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "officials.yaml"
    monkeypatch.setenv("SHAFAF_ACCOUNTS", str(path))
    monkeypatch.setenv("SHAFAF_DB", str(tmp_path / "published" / "shafaf.duckdb"))
    # cheap hashes keep the tests fast; the parameters are read back from each hash
    monkeypatch.setattr(passwords, "HASHER", passwords.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return path


def run(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["account", *args])


def test_add_a_publisher_then_list_it(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    args = ["add", "amina", "--role", "publisher", "--department", "health", "--department", "education"]
    assert run(monkeypatch, *args, "--display-name", "Amina Khan", "--password-stdin", stdin=PW + "\n") == 0
    acc = load_accounts(env)["amina"]
    assert (acc.display_name, acc.role, acc.departments) == (
        "Amina Khan",
        "publisher",
        frozenset({"health", "education"}),
    )
    assert verify_password(acc.password_hash, PW)
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert "nothing is published yet" in capsys.readouterr().err  # warned, not refused
    assert run(monkeypatch, "list") == 0
    out = capsys.readouterr().out
    assert "amina\tpublisher\teducation,health\tAmina Khan\tpassword\t-" in out and "$argon2" not in out


def test_prompts_twice_and_refuses_a_mismatch(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([PW, PW + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run(monkeypatch, "add", "root", "--role", "admin") == 1
    assert not env.exists()
    answers = iter([PW, PW])
    assert run(monkeypatch, "add", "root", "--role", "admin") == 0
    assert load_accounts(env)["root"].departments is None


def test_short_password_is_refused(env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    assert run(monkeypatch, "add", "root", "--role", "admin", "--password-stdin", stdin="elevenchars\n") == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert not env.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["add", "amina", "--role", "publisher", "--password-stdin"],  # no departments
        ["add", "Amina Khan", "--role", "admin", "--password-stdin"],  # not a user name
        ["add", "root", "--role", "admin", "--department", "health", "--password-stdin"],
        ["add", "sso", "--role", "admin", "--no-password"],  # no way to sign in
        ["add", "amina", "--role", "superuser", "--password-stdin"],  # argparse
        ["add", "amina", "--role", "publisher", "--department", "x", "--all-departments"],  # argparse
    ],
)
def test_usage_errors_exit_2_and_change_nothing(env: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    try:
        code = run(monkeypatch, *args, stdin=PW + "\n")
    except SystemExit as e:  # argparse's own usage errors
        code = int(e.code or 0)
    assert code == 2
    assert not env.exists()


def test_email_only_account_for_the_identity_provider(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        run(
            monkeypatch,
            "add",
            "sara",
            "--role",
            "publisher",
            "--all-departments",
            "--email",
            "Sara@X.org",
            "--no-password",
        )
        == 0
    )
    acc = load_accounts(env)["sara"]
    assert (acc.email, acc.password_hash, acc.departments) == ("sara@x.org", None, None)
    assert run(monkeypatch, "add", "sara2", "--role", "admin", "--email", "sara@x.org", "--no-password") == 1


def test_duplicate_remove_and_passwd(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(monkeypatch, "add", "root", "--role", "admin", "--password-stdin", stdin=PW + "\n") == 0
    assert run(monkeypatch, "add", "root", "--role", "admin", "--password-stdin", stdin=PW + "\n") == 1
    new = "another long password"
    assert run(monkeypatch, "passwd", "root", "--password-stdin", stdin=new + "\n") == 0
    h = load_accounts(env)["root"].password_hash
    assert verify_password(h, new) and not verify_password(h, PW)
    assert run(monkeypatch, "passwd", "nobody", "--password-stdin", stdin=new + "\n") == 1
    assert run(monkeypatch, "remove", "nobody") == 1
    assert run(monkeypatch, "remove", "root") == 0
    assert load_accounts(env) == {}


def test_departments_are_checked_against_the_current_snapshot(
    env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    db = tmp_path / "published" / "shafaf.duckdb"
    assert load_package(ROOT / "tests" / "fixtures" / "tiny", db).snapshot_id
    args = ["add", "amina", "--role", "publisher", "--password-stdin"]
    assert run(monkeypatch, *args, "--department", "no_such_dep", stdin=PW + "\n") == 2
    assert "no_such_dep" in capsys.readouterr().err
    assert not env.exists()
    assert run(monkeypatch, *args, "--department", "dep1", stdin=PW + "\n") == 0
    assert "not checked" not in capsys.readouterr().err


def test_malformed_file_is_an_error_not_a_traceback(env: Path) -> None:
    env.write_text("accounts: [\n", encoding="utf-8")
    r = cli("account", "list", env={"SHAFAF_ACCOUNTS": str(env)})
    assert r.returncode == 1
    assert "not valid YAML" in r.stderr and "Traceback" not in r.stderr
    r = cli("account", "add", "x1", "--role", "admin", "--password-stdin", env={"SHAFAF_ACCOUNTS": str(env)})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert env.read_text(encoding="utf-8") == "accounts: [\n"
