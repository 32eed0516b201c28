"""Summary sentences of the Overview and About-the-data pages, on hand-made figures."""

from __future__ import annotations

from shafaf import narrative


def test_metric_trend_sentences() -> None:
    head = {"month": "2026-10", "value": 1100.0, "previous_value": 1000.0, "per_1000": None}
    assert narrative.metric_trend_sentence("Transactions", "count", head, "en") == (
        "Transactions: 1,100 in 2026-10, up 10% on the month before."
    )
    head = {"month": "2026-10", "value": 45.0, "previous_value": 60.0, "per_1000": None}
    assert narrative.metric_trend_sentence("Satisfaction", "percent", head, "en") == (
        "Satisfaction: 45.0% in 2026-10, down 25% on the month before."
    )
    head = {"month": "2026-10", "value": 3.5, "previous_value": None, "per_1000": None}
    assert narrative.metric_trend_sentence("Cost", "PKR", head, "en") == (
        "Cost: PKR 3.50 in 2026-10; there is no figure for the month before."
    )
    none = {"month": None, "value": None, "previous_value": None, "per_1000": None}
    assert narrative.metric_trend_sentence("Users", "people", none, "en") == "There is no data on Users here."


def test_milestones_sentence() -> None:
    counts = {"done_on_time": 1, "done_late": 1, "overdue": 2, "upcoming": 1, "cancelled": 1}
    assert narrative.milestones_sentence(counts, 0.25, "en") == (
        "Of 4 milestones due so far, 1 were done on time, 1 late and 2 are overdue (25% on time)."
    )
    counts = {"done_on_time": 0, "done_late": 0, "overdue": 0, "upcoming": 3, "cancelled": 0}
    assert narrative.milestones_sentence(counts, None, "en") == "None of the 3 milestones is due yet; 3 are upcoming."


def test_reach_sentence() -> None:
    s = {"initiatives": 22, "initiatives_live": 18, "regions_reached": 30, "leaf_regions": 36}
    assert narrative.reach_sentence(s, "Khyber Pakhtunkhwa", "en") == (
        "In Khyber Pakhtunkhwa, 18 of 22 digital services are live, reaching 30 of 36 local areas."
    )


def test_freshness_and_completeness_sentences() -> None:
    # only 0 months behind is up to date (b, 1 month behind, is not), as in the freshness chart and table
    # one of each: the verbs agree with 1 (CLDR's "one"), not "1 have" / "1 are"
    assert narrative.freshness_sentence({"a": 0, "b": 1, "c": 4, "d": None}, "en") == (
        "1 of 4 departments has reported up to the latest month; 1 is three or more months behind "
        "and 1 has never reported."
    )
    assert narrative.freshness_sentence({"a": 0, "b": 0, "c": 4, "e": 5, "d": None, "f": None}, "en") == (
        "2 of 6 departments have reported up to the latest month; 2 are three or more months behind "
        "and 2 have never reported."
    )
    assert narrative.freshness_sentence({"a": 1}, "en") == (
        "0 of 1 departments have reported up to the latest month; 0 are three or more months behind "
        "and 0 have never reported."
    )
    assert narrative.freshness_sentence({"a": 0, "c": 4, "d": None}, "ur") == (
        "3 میں سے 1 محکمے نے تازہ ترین مہینے تک رپورٹ دی ہے؛ 1 محکمہ تین یا اس سے زیادہ مہینے پیچھے ہے"
        " اور 1 محکمے نے کبھی رپورٹ نہیں دی۔"
    )
    assert narrative.freshness_sentence({"a": 4, "c": 4, "d": None, "e": None}, "ps") == (
        "له 4 محکمو څخه 0 محکمو تر وروستۍ میاشتې پورې راپور ورکړی دی؛ 2 محکمې درې یا زیاتې میاشتې شاته دي"
        " او 2 محکمو هېڅکله راپور نه دی ورکړی."
    )
    rows = [("Transactions", 30, 36), ("Users", 12, 36), ("Nothing live", 0, 0)]
    assert narrative.completeness_sentence(rows, "en") == (
        "The least complete measure is Users: 12 of 36 areas with a live service reported in its latest month."
    )
    assert narrative.completeness_sentence([("X", 0, 0)], "en").startswith("There are no live services")


def test_metric_delta_puts_the_sign_first_and_percent_in_points() -> None:
    assert narrative.metric_delta(-35, "PKR", "en") == "-PKR 35.00"  # a fall starts with "-": a falling arrow
    assert narrative.metric_delta(35, "PKR", "en") == "+PKR 35.00"
    assert narrative.metric_delta(1520, "count", "en") == "+1,520"
    assert narrative.metric_delta(-2.5, "percent", "en") == "-2.5 pp"
    assert narrative.metric_delta(0, "people", "en") == "+0"
