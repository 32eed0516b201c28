"""Summary sentences of the Initiative page, on hand-made figures."""

from __future__ import annotations

from shafaf.narrative import rollout_sentence, timeline_sentence


def test_timeline_sentence_counts_every_class_and_replans() -> None:
    counts = {"done_on_time": 3, "done_late": 1, "overdue": 1, "upcoming": 2, "cancelled": 0}
    assert timeline_sentence(counts, 1, 2, "en") == (
        "Of 7 milestones: 3 done on time, 1 done late, 1 overdue, 2 upcoming, 0 cancelled; 1 blocked. "
        "Re-plans recorded since publication began: 2."
    )
    empty = dict.fromkeys(counts, 0)
    assert timeline_sentence(empty, 0, 0, "en") == "This service has no milestones here."


def test_rollout_sentence() -> None:
    assert rollout_sentence(3, 5, 8, "Peshawar Division", "en") == (
        "Live in 3 of 8 local areas of Peshawar Division; reached at any stage in 5."
    )
    assert rollout_sentence(0, 0, 0, "X", "en") == "X has no local areas."


def test_rollout_sentence_when_no_leaf_is_under_the_department() -> None:
    assert rollout_sentence(0, 0, 0, "X", "en", area_leaves=3) == (
        "None of the local areas of X is under this service's department, so its coverage here is no data."
    )


def test_one_milestone_is_singular() -> None:
    # "Of 1 milestones" read wrong (issue 12, point 5): CLDR's "one" form for English
    one = {"done_on_time": 0, "done_late": 0, "overdue": 1, "upcoming": 0, "cancelled": 0}
    assert timeline_sentence(one, 1, 0, "en").startswith("Of 1 milestone: 0 done on time")
    assert timeline_sentence({**one, "upcoming": 1}, 1, 0, "en").startswith("Of 2 milestones:")
