"""Summary sentences of the Outcomes page (and the target and funding cards), on hand-made figures."""

from __future__ import annotations

from shafaf.narrative import funding_sentence, target_sentence, targets_status_sentence


def status(**kw: object) -> dict[str, object]:
    return {"status": "on_track", "month": "2026-10", "actual": 127014.0, "target": 128000.0} | kw


def test_target_sentence_says_the_status_in_words() -> None:
    assert target_sentence(status(), "Transactions", "count", "en") == (
        "On track. Transactions: 127,014 in 2026-10; the target for that month is 128,000."
    )
    assert target_sentence(status(status="off_track", actual=49.2, target=63.3), "Take-up", "percent", "en") == (
        "Off track. Take-up: 49.2% in 2026-10; the target for that month is 63.3%."
    )
    stale = target_sentence(status(status="no_data", month="2026-05"), "Transactions", "count", "en")
    assert stale.startswith("No data to judge.") and "2026-05" in stale
    assert target_sentence(status(status="no_data", target=None), "T", "count", "en").startswith("No data to judge.")
    assert target_sentence(status(status="no_data", actual=None, month=None, target=None), "T", "count", "en") == (
        "No data. There is no figure for T yet."
    )


def test_targets_status_sentence() -> None:
    assert targets_status_sentence({"on_track": 6, "off_track": 5, "no_data": 0}, "en") == (
        "Of 11 targets, 6 are on track, 5 are off track and 0 have no recent figure or no target yet to judge."
    )
    assert targets_status_sentence({"on_track": 0, "off_track": 0, "no_data": 0}, "en") == (
        "There are no published targets here."
    )


def test_funding_sentence_keeps_the_currency_and_flags_overspend() -> None:
    assert funding_sentence(970_000_000, 962_000_000, "PKR", 0, "en") == (
        "PKR 970,000,000 committed and PKR 962,000,000 disbursed (99% of the commitment)."
    )
    assert funding_sentence(10, 12, "USD", 1, "en").endswith("(120% of the commitment). Disbursed above committed: 1.")
    assert "no data" in funding_sentence(0, 0, "USD", 0, "en")
