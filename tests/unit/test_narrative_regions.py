"""Summary sentences of the Regions and Catalog pages."""

from __future__ import annotations

from shafaf import narrative


def test_range_sentence_variants() -> None:
    s = narrative.regions_range_sentence("Coverage", ("Swat", "90%"), ("Tank", "20%"), 2, "en")
    assert s.startswith("Coverage ranges from 90% in Swat to 20% in Tank.")
    assert s.endswith(" 2 areas have no data and are shown in grey.")
    one = narrative.regions_range_sentence("Coverage", ("Swat", "90%"), ("Tank", "20%"), 1, "en")
    assert one.endswith(" 1 area has no data and is shown in grey.")
    assert narrative.regions_range_sentence("Coverage", ("Swat", "90%"), ("Swat", "90%"), 0, "en") == (
        "Coverage: 90% in Swat."
    )
    assert "every area" in narrative.regions_range_sentence("Coverage", ("A", "100%"), ("B", "100%"), 0, "en")
    assert "no data" in narrative.regions_range_sentence("Coverage", None, None, 3, "en")


def test_left_behind_and_leaf_sentences() -> None:
    assert narrative.regions_left_behind_sentence(2, 5, "Peshawar", "60%", "en").startswith("2 of 5 areas of Peshawar")
    assert "No area of Peshawar" in narrative.regions_left_behind_sentence(0, 5, "Peshawar", "100%", "en")
    assert narrative.regions_leaf_sentence(13, 22, "Khyber", "en") == "In Khyber, 13 of 22 digital services are live."
    counts = {"live": 13, "pilot": 1, "planned": 0, "stopped": 1, "not_reached": 7}
    assert narrative.reach_counts_sentence(counts, "en") == (
        "13 live, 1 in pilot, 0 planned, 1 paused, stopped or retired, and 7 not reached: 22 digital services in all."
    )


def test_catalog_sentences() -> None:
    assert narrative.catalog_count_sentence(5, 22, "Swat", "en") == "Showing 5 of 22 digital services in Swat."
    assert "no digital services" in narrative.catalog_count_sentence(0, 0, "Swat", "en")
    assert narrative.catalog_overlaps_sentence(0, 0, "en") == "No overlaps in this area."
    assert "3 pairs" in narrative.catalog_overlaps_sentence(3, 2, "en")
    assert "95 of 154" in narrative.catalog_matrix_sentence(95, 154, 7, 22, "en")
    assert "nothing to show" in narrative.catalog_matrix_sentence(0, 0, 0, 0, "en")
