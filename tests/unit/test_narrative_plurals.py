"""Plural forms (CLDR one/other for en, ur and ps) in the sentences that used to say "pair(s)", "area(s)",
"problem(s)", "row(s)", "minute(s)": no sentence bends around a count any more (issue 12.5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shafaf import narrative
from shafaf.fmt import plural

I18N = Path(__file__).resolve().parents[2] / "shafaf" / "i18n"


def test_catalog_count_by_the_total() -> None:
    assert narrative.catalog_count_sentence(1, 1, "Swat", "en") == "Showing 1 of 1 digital service in Swat."
    assert narrative.catalog_count_sentence(1, 2, "Swat", "en") == "Showing 1 of 2 digital services in Swat."
    assert narrative.catalog_count_sentence(1, 1, "سوات", "ur") == "سوات کی 1 ڈیجیٹل خدمت میں سے 1 دکھائی جا رہی ہے۔"
    assert narrative.catalog_count_sentence(1, 3, "سوات", "ps") == "په سوات کې له 3 ډیجیټل خدمتونو څخه 1 ښودل کېږي."


def test_overlaps_pairs_and_functions_each_bend() -> None:
    assert narrative.catalog_overlaps_sentence(1, 1, "en") == (
        "1 pair of services from different departments does the same thing in the same places (1 function)."
    )
    assert narrative.catalog_overlaps_sentence(3, 2, "en") == (
        "3 pairs of services from different departments do the same thing in the same places (2 functions)."
    )


def test_matrix_sentence_by_cells_areas_and_services() -> None:
    assert narrative.catalog_matrix_sentence(0, 1, 1, 1, "en") == (
        "Across 1 area and 1 service, 0 of 1 combination is live or scaled up."
    )
    assert narrative.catalog_matrix_sentence(95, 154, 7, 22, "en") == (
        "Across 7 areas and 22 services, 95 of 154 combinations are live or scaled up."
    )


@pytest.mark.parametrize(
    ("key", "n", "expected"),
    [
        (
            "desk.problems_found",
            1,
            "The package has 1 problem. Nothing was published. Fix it and upload the package again.",
        ),
        (
            "desk.problems_found",
            2,
            "The package has 2 problems. Nothing was published. Fix them and upload the package again.",
        ),
        ("desk.destructive_overdue", 1, "it withdraws 1 overdue milestone"),
        ("desk.destructive_overdue", 4, "it withdraws 4 overdue milestones"),
        ("auth.locked", 1, "Too many failed sign-ins. Try again in 1 minute."),
        ("auth.locked", 15, "Too many failed sign-ins. Try again in 15 minutes."),
    ],
)
def test_desk_and_sign_in_counts(key: str, n: int, expected: str) -> None:
    assert plural(key, n, "en") == expected


def test_pashto_and_urdu_singulars_differ_where_the_noun_does() -> None:
    assert plural("desk.problems_found", 1, "ur").startswith("پیکج میں 1 مسئلہ ہے۔")
    assert plural("desk.problems_found", 2, "ur").startswith("پیکج میں 2 مسئلے ہیں۔")
    assert plural("desk.problems_found", 1, "ps").startswith("په کڅوړه کې 1 ستونزه ده.")


def test_no_message_in_any_language_bends_around_a_count_with_parentheses() -> None:
    for lang in ("en", "ur", "ps"):
        text = (I18N / f"{lang}.yaml").read_text(encoding="utf-8")
        assert "(s)" not in text, f"{lang}.yaml still has a '(s)' plural"
        yaml.safe_load(text)
