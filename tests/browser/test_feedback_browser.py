"""Citizens' feedback in a real browser: a citizen answers in Urdu on a phone (390 px), the department's
publisher approves the comment and replies on the moderation page, and the public page then shows the
comment, the reply and the counts. Screenshots of the form and the section in Urdu and Pashto, at
390 and 1280 px, go to tests/browser/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shafaf.i18n import t
from shafaf.store.publish import load_package
from tests.authtools import write_test_accounts
from tests.browser.conftest import SCREENSHOTS, visit
from tests.browser.harness import DESKTOP, PHONE, running_server, wait_ready
from tests.browser.test_desk_browser import _go, _main, _sign_in
from tests.pkgtools import ROOT

SERVICE, DISTRICT = "health-card", "pk-kp-peshawar"
COMMENT = "کارڈ ہسپتال میں قبول نہیں ہوا"
REPLY = "ہم نے پشاور کے تمام ہسپتالوں کو نئی فہرست بھیج دی ہے"


@pytest.fixture(scope="module")
def feedback_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the April demo package, with the test officials' accounts."""
    folder = tmp_path_factory.mktemp("feedback")
    db = folder / "deploy" / "shafaf.duckdb"
    assert load_package(ROOT / "data" / "demo" / "2026-04", db).snapshot_id
    mp = pytest.MonkeyPatch()
    mp.setenv("SHAFAF_ACCOUNTS", str(write_test_accounts(folder / "officials.yaml")))
    mp.delenv("SHAFAF_FEEDBACK_DATABASE", raising=False)
    try:
        with running_server(db, folder / "server.log") as base:
            yield base
    except RuntimeError as e:
        pytest.fail(str(e))
    finally:
        mp.undo()


def _url(base: str, lang: str) -> str:
    return f"{base}/initiative?region={DISTRICT}&initiative={SERVICE}&lang={lang}"


def _section_shot(page: Any, lang: str, width: int, name: str) -> Path:
    """The feedback section, from its heading to the end of the page, at `width`."""
    height = int(page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight"))
    page.set_viewport_size({"width": width, "height": max(PHONE["height"], min(height, 16_000))})
    page.wait_for_timeout(300)
    box = page.get_by_role("heading", name=t("feedback.heading", lang)).bounding_box()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"feedback-{name}-{lang}-{width}.png"
    top = max(box["y"] - 8, 0)
    page.screenshot(path=str(path), clip={"x": 0, "y": top, "width": width, "height": min(height - top, 5000)})
    return path


def test_a_citizen_answers_in_urdu_an_official_replies_and_the_public_page_shows_it(
    feedback_server: str, browser: Any
) -> None:
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        v = visit(phone, _url(feedback_server, "ur"), **PHONE)
        page = v.page
        form = page.locator('[data-testid="stForm"]')
        form.scroll_into_view_if_needed()
        _section_shot(page, "ur", PHONE["width"], "form")
        form.get_by_text(t("feedback.answer_partly", "ur"), exact=True).click()
        form.locator("textarea").fill(COMMENT)
        form.get_by_role("button", name=t("feedback.send", "ur")).click()
        wait_ready(page)
        page.get_by_text(t("feedback.thanks", "ur")).wait_for()
        assert v.outside_requests == []
        page.close()
    finally:
        phone.close()

    # the publisher of the service's department: reply, then publish the comment
    v = visit(browser, f"{feedback_server}/", **DESKTOP)
    page = v.page
    try:
        _go(page, t("pages.sign_in"))
        _sign_in(page, "amina")
        _go(page, t("pages.feedback"))
        assert COMMENT in _main(page)
        page.get_by_label(t("feedback.reply"), exact=True).fill(REPLY)
        page.get_by_role("button", name=t("feedback.save_reply")).click()
        page.get_by_text(t("feedback.done_reply", id=1)).wait_for()
        page.get_by_role("button", name=t("feedback.approve"), exact=True).click()
        page.get_by_text(t("feedback.done_approve", id=1)).wait_for()
    finally:
        page.close()

    # the public page, in Urdu and Pashto, on a phone, then the same page widened to a desktop
    for lang in ("ur", "ps"):
        v = visit(browser, _url(feedback_server, lang), **PHONE)
        page = v.page
        try:
            main = _main(page)
            assert COMMENT in main and REPLY in main, lang
            assert t("feedback.you_said_title", lang) in main
            summary = t(
                "feedback.summary", lang, region=_region_name(lang), total="1", works="0", partly="1", does_not="0"
            )
            assert summary in main, (lang, summary)
            assert v.outside_requests == []
            _section_shot(page, lang, PHONE["width"], "section")
            _section_shot(page, lang, DESKTOP["width"], "section")
        finally:
            page.close()


def _region_name(lang: str) -> str:
    return {"ur": "پشاور", "ps": "پېښور"}[lang]
