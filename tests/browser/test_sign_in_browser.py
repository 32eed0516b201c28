"""Officials sign in and out in a real browser: the form, a wrong password, the sidebar, sign-out, Urdu."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shafaf.i18n import t
from tests.authtools import TEST_PASSWORD, write_test_accounts
from tests.browser import axe_allowlist
from tests.browser.conftest import real_console_errors, visit
from tests.browser.harness import DESKTOP, publish_demo, running_server, wait_ready


@pytest.fixture(scope="module")
def officials_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the demo data with a test accounts file (SHAFAF_ACCOUNTS)."""
    folder = tmp_path_factory.mktemp("officials")
    publish_demo(folder / "shafaf.duckdb")
    accounts = write_test_accounts(folder / "officials.yaml")
    mp = pytest.MonkeyPatch()
    mp.setenv("SHAFAF_ACCOUNTS", str(accounts))  # the server process inherits it
    try:
        with running_server(folder / "shafaf.duckdb", folder / "server.log") as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))
    finally:
        mp.undo()


def _sign_in(page: Any, username: str, password: str, lang: str = "en", *, ok: bool = True) -> None:
    page.get_by_label(t("auth.username", lang), exact=True).fill(username)
    page.get_by_label(t("auth.password", lang), exact=True).fill(password)
    page.get_by_role("button", name=t("auth.submit", lang), exact=True).click()
    # what the rerun shows: the sign-out button, or the error (a busy machine may start the rerun late)
    expect = t("auth.sign_out", lang) if ok else t("auth.wrong", lang)
    page.get_by_text(expect, exact=True).first.wait_for(timeout=30_000)
    wait_ready(page)


def _sidebar(page: Any) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_sign_in_and_out(officials_server: str, browser: Any) -> None:
    v = visit(browser, f"{officials_server}/sign-in", **DESKTOP)
    page = v.page
    try:
        assert page.locator("h1").first.inner_text().strip() == "Sign in"
        _sign_in(page, "amina", "not the password!", ok=False)
        assert "Wrong user name or password." in page.locator('[data-testid="stMain"]').inner_text()
        assert page.get_by_label("Password", exact=True).input_value() == ""  # the form cleared itself

        _sign_in(page, "amina", TEST_PASSWORD)
        assert "Signed in as Amina Khan (publisher)" in _sidebar(page)
        assert "You are signed in." in page.locator('[data-testid="stMain"]').inner_text()
        assert TEST_PASSWORD not in page.content() and TEST_PASSWORD not in page.url

        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
        wait_ready(page)
        assert "Signed in as" not in _sidebar(page)
        assert page.get_by_label("User name", exact=True).is_visible()
        assert real_console_errors(v) == [] and v.outside_requests == []
    finally:
        page.close()


def test_sign_in_in_urdu_reads_right_to_left(officials_server: str, browser: Any) -> None:
    v = visit(browser, f"{officials_server}/sign-in?lang=ur", **DESKTOP)
    page = v.page
    try:
        assert page.evaluate("document.documentElement.getAttribute('dir')") == "rtl"
        _sign_in(page, "root", TEST_PASSWORD, "ur")
        assert t("auth.role_admin", "ur") in _sidebar(page)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["en", "ps"])
def test_sign_in_page_has_no_accessibility_violation_of_ours(officials_server: str, browser: Any, lang: str) -> None:
    v = visit(browser, f"{officials_server}/sign-in?lang={lang}", **DESKTOP)
    try:
        report = axe_allowlist.run_axe(v.page)
        assert report.failing == [], "\n".join(n.describe() for n in report.failing)
        _sign_in(v.page, "nobody", "wrong password!!", lang, ok=False)  # with the error message shown
        report = axe_allowlist.run_axe(v.page)
        assert report.failing == [], "\n".join(n.describe() for n in report.failing)
    finally:
        v.page.close()
