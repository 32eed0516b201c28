"""Overload: when every page-run slot is taken, a page says "busy, retrying" and waits in place, then offers a button."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from shafaf.i18n import t
from shafaf.settings import load_settings
from shafaf.ui import layout
from tests.app.conftest import app, page


@pytest.fixture
def slots(demo: Path, monkeypatch: pytest.MonkeyPatch) -> threading.BoundedSemaphore:
    """The process-wide slots, with short waits so a test does not sit through the real ones."""
    monkeypatch.setattr(layout, "ADMISSION_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(layout, "QUEUE_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(layout, "WAIT_STEP_SECONDS", 0.05)
    sem = layout.admission()
    assert sem is not None
    return sem


def _hold_all(sem: threading.BoundedSemaphore) -> int:
    n = 0
    while sem.acquire(blocking=False):
        n += 1
    return n


def _texts(at: object) -> list[str]:
    return [e.value for kind in ("info", "warning") for e in getattr(at, kind)]


def test_the_limit_comes_from_config_yaml() -> None:
    assert load_settings().max_concurrent_renders == 4
    assert layout.admission() is layout.admission()  # one semaphore for the whole process


@pytest.mark.parametrize("lang", ["en", "ur", "ps"])
def test_busy_page_waits_then_offers_a_button(slots: threading.BoundedSemaphore, lang: str) -> None:
    held = _hold_all(slots)
    assert held == 4
    try:
        at = page("pages/public/regions.py", lang=lang)
        assert not at.exception and not at.error
        # it waited QUEUE_WAIT_SECONDS, then replaced "busy, retrying" with "still busy" and a button
        assert t("perf.still_busy", lang) in _texts(at)
        assert t("perf.busy", lang) not in _texts(at)
        assert [b.label for b in at.button] == [t("perf.try_again", lang)]
        assert not at.get("plotly_chart")  # the page body did not run
    finally:
        for _ in range(held):
            slots.release()
    # with a free slot the same session shows the page, and gives the slot back
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert t("perf.still_busy", lang) not in _texts(at)
    assert at.get("plotly_chart")
    assert _hold_all(slots) == 4
    for _ in range(4):
        slots.release()


def test_a_slot_freed_while_waiting_lets_the_page_through(slots: threading.BoundedSemaphore) -> None:
    held = _hold_all(slots)
    # free one slot after the first attempt has given up: the run waiting in place gets it
    threading.Timer(0.15, slots.release).start()
    try:
        at = app()
        assert not at.exception and not at.error
        assert t("perf.still_busy", "en") not in _texts(at)
        assert t("perf.busy", "en") not in _texts(at)
        assert at.get("plotly_chart")
    finally:
        for _ in range(held - 1):
            slots.release()
    assert _hold_all(slots) == 4
    for _ in range(4):
        slots.release()
