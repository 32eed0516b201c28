"""Summary sentences of the Milestones page, on hand-made figures."""

from __future__ import annotations

from shafaf import narrative


def test_overdue_sentence() -> None:
    assert narrative.overdue_sentence(4, "Go-live (Portal)", 1035, "en") == (
        "Overdue milestones: 4. The most late, Go-live (Portal), is 1,035 days past its planned date."
    )
    assert narrative.overdue_sentence(0, None, None, "en") == "No milestone is overdue."


def test_due_sentence() -> None:
    assert narrative.due_sentence(3, 60, "en") == "Milestones due in the next 60 days: 3."


def test_overdue_department_sentence() -> None:
    assert narrative.overdue_department_sentence(["Health"], 3, "en") == "Health has the most overdue milestones (3)."
    assert narrative.overdue_department_sentence(["A", "B"], 1, "en") == (
        "2 departments share the most overdue milestones (1 each): A, B."
    )
    assert narrative.overdue_department_sentence(["A", "B", "C", "D", "E"], 1, "en") == (
        "5 departments share the most overdue milestones (1 each): A, B, C and 2 more."
    )
    assert narrative.overdue_department_sentence([], 0, "en") == "No department has an overdue milestone."
