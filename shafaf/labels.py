"""Labels for charts and tables that stay one per item when two items share a display name."""

from __future__ import annotations

from collections.abc import Iterable


def unique_labels(ids: Iterable[object], names: Iterable[object]) -> list[str]:
    """Each item's name, as "Name (id)" only where different ids share that name; one label per position."""
    pairs = [(str(i), str(n)) for i, n in zip(ids, names, strict=True)]
    ids_by_name: dict[str, set[str]] = {}
    for i, n in pairs:
        ids_by_name.setdefault(n, set()).add(i)
    return [f"{n} ({i})" if len(ids_by_name[n]) > 1 else n for i, n in pairs]
