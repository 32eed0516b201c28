"""Unique labels: a name stays as it is unless another item shares it."""

from __future__ import annotations

from shafaf.labels import unique_labels


def test_only_colliding_names_carry_their_id() -> None:
    assert unique_labels(["a", "b", "c", "a"], ["X", "X", "Y", "X"]) == ["X (a)", "X (b)", "Y", "X (a)"]
    assert unique_labels([], []) == []
