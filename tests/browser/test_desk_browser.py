"""The publishing desk in a real browser: sign in, a broken workbook's problems, a valid package's preview,
publish, new figures on the Overview, roll back as admin, old figures again; a publisher of one department
refused; oversized, corrupt and zip-bomb uploads refused with the deployment unchanged."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from shafaf.fmt import plural
from shafaf.i18n import t
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from tests.authtools import TEST_PASSWORD, write_test_accounts
from tests.browser import axe_allowlist
from tests.browser.conftest import real_console_errors, visit
from tests.browser.harness import DESKTOP, running_server, wait_ready
from tests.pkgtools import ROOT, copy_fixture, replace_in, tree_digest, workbook_bytes, zip_bomb_bytes, zip_bytes

DEMO = ROOT / "data" / "demo"
SLOW = 90_000  # ms: a publish of the demo data on a busy 2-core machine


@dataclass
class Desk:
    """The server's base URL and its deployment."""

    base: str
    db: Path
    folder: Path


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The dashboard with the April demo package published (snapshot 000001) and test accounts."""
    folder = tmp_path_factory.mktemp("desk")
    db = folder / "deploy" / "shafaf.duckdb"
    assert load_package(DEMO / "2026-04", db).snapshot_id == "000001"
    accounts = write_test_accounts(folder / "officials.yaml")
    mp = pytest.MonkeyPatch()
    mp.setenv("SHAFAF_ACCOUNTS", str(accounts))  # the server process inherits it
    try:
        with running_server(db, folder / "server.log") as base:
            yield Desk(base, db, folder)
    except RuntimeError as e:
        pytest.fail(str(e))
    finally:
        mp.undo()


def _main(page: Any) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _sign_in(page: Any, username: str) -> None:
    page.get_by_label(t("auth.username"), exact=True).fill(username)
    page.get_by_label(t("auth.password"), exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name=t("auth.submit"), exact=True).click()
    wait_ready(page)


def _go(page: Any, title: str) -> None:
    """Follow the sidebar menu to a page (in this session: a reload would start a new, signed-out one)."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    link = nav.get_by_role("link", name=title, exact=True)
    if not link.is_visible():
        more = page.locator('[data-testid="stSidebarNavViewButton"]')
        if more.count():
            more.first.click()
    link.click()
    wait_ready(page, timeout=SLOW)


def _upload(page: Any, name: str, data: bytes, mime: str = "application/zip") -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    wait_ready(page, timeout=SLOW)


def _axe(page: Any) -> None:
    report = axe_allowlist.run_axe(page)
    assert report.failing == [], "\n".join(n.describe() for n in report.failing)


def _figures(page: Any) -> list[str]:
    return [m.inner_text() for m in page.locator('[data-testid="stMetricValue"]').all()]


def _unchanged(desk: Desk) -> dict[str, str]:
    return {k: v for k, v in tree_digest(desk.db.parent).items() if k not in (".publish.lock", "audit.jsonl")}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_publish_and_roll_back_in_the_browser(desk_server: Desk, browser: Any, tmp_path: Path) -> None:
    v = visit(browser, f"{desk_server.base}/", **DESKTOP)
    page = v.page
    try:
        old_figures = _figures(page)
        assert "data as of 2026-04-30" in _main(page) and old_figures

        _go(page, t("pages.sign_in"))
        _sign_in(page, "root")
        _go(page, t("pages.publish"))
        assert page.locator("h1").first.inner_text().strip() == t("pages.publish")

        # a broken workbook: its problems, counted, in a table, with a report to download
        bad = copy_fixture(tmp_path / "bad")
        replace_in(bad / "metrics.csv", "i1,a,transactions,2026-01,100,", "i1,a,transactions,2026-13,100,")
        replace_in(bad / "initiatives.csv", "i2,Pay,dep1,payments,in_progress,,", "i2,Pay,dep9,payments,in_progress,,")
        before = _unchanged(desk_server)
        _upload(page, "broken.xlsx", workbook_bytes(bad), XLSX)
        assert plural("desk.problems_found", 2) in _main(page)
        assert page.locator('[data-testid="stDataFrame"]').count() >= 1
        assert page.get_by_role("button", name=t("desk.download_report")).is_visible()
        assert _unchanged(desk_server) == before
        _axe(page)

        # a valid package: the preview, then publish
        _upload(page, "october.zip", zip_bytes(DEMO / "2026-10"))
        text = _main(page)
        assert t("desk.valid") in text and t("desk.preview") in text
        assert t("desk.preview_against", snapshot="000001") in text
        assert t("desk.replans", n=5) in text
        _axe(page)
        publish = page.get_by_role("button", name=t("desk.publish"), exact=True)
        assert publish.is_enabled()
        publish.click()
        page.get_by_text(t("desk.published", snapshot="000002")).wait_for(timeout=SLOW)
        wait_ready(page, timeout=SLOW)
        assert Deployment(desk_server.db).current_id() == "000002"

        # the public Overview shows the new figures
        page.get_by_role("link", name=t("desk.see_overview")).click()
        wait_ready(page, timeout=SLOW)
        assert "data as of 2026-10-31" in _main(page)
        new_figures = _figures(page)
        assert new_figures and new_figures != old_figures

        # roll back as admin, after a confirmation; the old figures come back as snapshot 000003
        _go(page, t("pages.admin"))
        assert "Amina" not in _main(page)  # nobody but root and the command line published yet
        _axe(page)
        page.get_by_role("button", name=t("desk.rollback_button", snapshot="000001")).click()
        wait_ready(page)
        assert Deployment(desk_server.db).current_id() == "000002"
        page.get_by_role("button", name=t("desk.rollback_yes", snapshot="000001")).click()
        page.get_by_text(t("desk.rolled_back", snapshot="000001", new="000003")).wait_for(timeout=SLOW)
        wait_ready(page, timeout=SLOW)
        assert Deployment(desk_server.db).current_id() == "000003"
        _go(page, t("pages.overview"))
        assert "data as of 2026-04-30" in _main(page)
        assert _figures(page) == old_figures

        # the public history says who published (departments, never people) and shows the roll-back
        _go(page, t("pages.data"))
        assert t("about.history") in _main(page)
        assert real_console_errors(v) == [] and v.outside_requests == []
    finally:
        page.close()


def test_a_publisher_of_one_department_cannot_publish_another_departments_rows(
    desk_server: Desk, browser: Any, tmp_path: Path
) -> None:
    v = visit(browser, f"{desk_server.base}/sign-in", **DESKTOP)
    page = v.page
    try:
        _sign_in(page, "amina")  # publisher of kp-health only
        _go(page, t("pages.publish"))
        current = Deployment(desk_server.db).current_id()
        # the package currently published, with the status of one initiative of another department changed
        edited = tmp_path / "edited"
        shutil.copytree(Deployment(desk_server.db).snapshot_file(current).parent / "package", edited)
        with (edited / "initiatives.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        dep_col, status_col = rows[0].index("department_id"), rows[0].index("status")
        target = next(r for r in rows[1:] if r[dep_col] != "kp-health")
        target[status_col] = "paused" if target[status_col] != "paused" else "live"
        with (edited / "initiatives.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        before = _unchanged(desk_server)

        _upload(page, "other-department.zip", zip_bytes(edited))
        text = _main(page)
        assert t("desk.valid") in text
        assert plural("desk.not_yours", 1) in text
        assert not page.get_by_role("button", name=t("desk.publish"), exact=True).is_enabled()
        assert _unchanged(desk_server) == before
        assert Deployment(desk_server.db).current_id() == current
    finally:
        page.close()


def test_oversized_corrupt_and_zip_bomb_uploads_are_refused_and_change_nothing(
    desk_server: Desk, browser: Any, tmp_path: Path
) -> None:
    v = visit(browser, f"{desk_server.base}/sign-in", **DESKTOP)
    page = v.page
    try:
        _sign_in(page, "root")
        _go(page, t("pages.publish"))
        before = tree_digest(desk_server.db.parent)

        _upload(page, "corrupt.zip", b"PK\x03\x04 not a zip at all" * 100)
        assert plural("desk.problems_found", 1) in _main(page)
        _upload(page, "corrupt.xlsx", b"garbage" * 100, XLSX)
        assert plural("desk.problems_found", 1) in _main(page)
        _upload(page, "bomb.zip", zip_bomb_bytes(60))
        assert plural("desk.problems_found", 1) in _main(page)
        assert tree_digest(desk_server.db.parent) == before

        # over the upload limit: refused in the browser before anything reaches the server
        huge = tmp_path / "huge.zip"
        with huge.open("wb") as f:
            f.truncate(51 * 2**20)  # sparse: 51 MB without writing them
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(huge))
        wait_ready(page, timeout=SLOW)
        uploader = page.locator('[data-testid="stFileUploader"]').inner_text()
        assert "50" in uploader and "MB" in uploader
        assert tree_digest(desk_server.db.parent) == before
        assert list(Path(desk_server.folder).glob("**/shafaf-upload-*")) == []
    finally:
        page.close()


def _summary(desk: Desk) -> dict[str, Any]:
    """`python -m shafaf summary --json` of the current snapshot, as an outside script would ask it."""
    out = subprocess.run(
        [sys.executable, "-m", "shafaf", "summary", "--json", "--quiet", "--db", str(desk.db)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout)


def _shown_text(page: Any) -> str:
    """What the page shows in words: its text, and the cells its data grids draw (their accessible tables),
    with every table's expander opened first."""
    for head in page.locator('[data-testid="stExpander"] summary').all():
        head.click()
    wait_ready(page, timeout=SLOW)
    grids = page.locator('[data-testid="stDataFrame"] table').all()
    return "\n".join([_main(page), *(g.text_content() or "" for g in grids)])


def _months_later(iso: str, months: int) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    y, m = y + (m - 1 + months) // 12, (m - 1 + months) % 12 + 1
    return f"{y:04d}-{m:02d}-{min(d, 28):02d}"


def test_a_destructive_package_needs_a_confirmation_and_a_reason(
    desk_server: Desk, browser: Any, tmp_path: Path
) -> None:
    """The issue's scenario: an overdue, blocked milestone left out and another moved nine months out."""
    v = visit(browser, f"{desk_server.base}/sign-in", **DESKTOP)
    page = v.page
    try:
        _sign_in(page, "root")
        _go(page, t("pages.publish"))
        current = Deployment(desk_server.db).current_id()
        assert current is not None
        before = _summary(desk_server)
        edited = tmp_path / "destructive"
        shutil.copytree(Deployment(desk_server.db).snapshot_file(current).parent / "package", edited)
        with (edited / "milestones.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        head = rows[0]
        mid, planned, actual = head.index("milestone_id"), head.index("planned_date"), head.index("actual_date")
        assert any(r[mid] == "ms-pa-3" for r in rows)  # "Live in Bajaur": blocked, planned 2023-12-31
        kept = [r for r in rows if r[mid] != "ms-pa-3"]
        moved = next(r for r in kept[1:] if not r[actual])
        moved[planned] = _months_later(moved[planned], 9)
        with (edited / "milestones.csv").open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(kept)

        _upload(page, "destructive.zip", zip_bytes(edited))
        text = _main(page)
        assert t("desk.valid") in text and t("desk.destructive") in text
        assert plural("desk.destructive_overdue", 1) in text
        assert text.index(t("desk.removals", n=1)) < text.index(t("desk.counts"))  # the removals come first
        assert "Withdrawn while" in text and "days late: Live in Bajaur (police-access)" in text  # by name
        publish = page.get_by_role("button", name=t("desk.publish"), exact=True)
        assert not publish.is_enabled()
        page.get_by_text(t("desk.confirm"), exact=True).click()
        wait_ready(page)
        assert not publish.is_enabled()  # ticked, but no reason yet
        page.locator('[data-testid="stTextInput"] input').first.fill("Bajaur moved to the federal service")
        page.locator('[data-testid="stTextInput"] input').first.press("Enter")
        wait_ready(page)
        box = page.get_by_label(t("desk.confirm_reason"), exact=True)
        box.fill("   ")
        box.press("Control+Enter")
        wait_ready(page)
        assert not publish.is_enabled()  # blanks are no reason
        box.fill("Checked with the department: Bajaur is served by the federal portal now")
        box.press("Control+Enter")
        wait_ready(page)
        assert publish.is_enabled()
        publish.click()
        new = f"{int(current) + 1:06d}"
        page.get_by_text(t("desk.published", snapshot=new)).wait_for(timeout=SLOW)
        wait_ready(page, timeout=SLOW)
        assert Deployment(desk_server.db).current_id() == new
        manifest = json.loads(
            (Deployment(desk_server.db).snapshot_file(new).parent / "manifest.json").read_text(encoding="utf-8")
        )
        assert manifest["audit"]["confirmation"] == (
            "Checked with the department: Bajaur is served by the federal portal now"
        )
        assert manifest["audit"]["reasons"] == {"milestones:ms-pa-3": "Bajaur moved to the federal service"}
        assert real_console_errors(v) == [] and v.outside_requests == []
    finally:
        page.close()

    # afterwards the public record shows it: the service's page, the tracker and the Overview
    after = _summary(desk_server)
    assert (after["withdrawn"], after["withdrawn_overdue"]) == (
        before["withdrawn"] + 1,
        before["withdrawn_overdue"] + 1,
    )
    reason, title, old_date = "Bajaur moved to the federal service", "Live in Bajaur", "2023-12-31"
    for path, words in (
        ("/initiative?initiative=police-access", (title, reason, old_date, t("record.history"))),
        (
            "/milestones",
            (
                title,
                old_date,
                t(
                    "record.overdue_withdrawn",
                    overdue=after["milestones"]["overdue"],
                    withdrawn=after["withdrawn_overdue"],
                ),
            ),
        ),
        ("/", (title, reason)),
    ):
        seen = visit(browser, desk_server.base + path, **DESKTOP, timeout=SLOW)
        try:
            text = _shown_text(seen.page)
            missing = [w for w in words if w not in text]
            assert missing == [], f"{path} does not show {missing}"
            assert real_console_errors(seen) == [] and seen.outside_requests == []
        finally:
            seen.page.close()
