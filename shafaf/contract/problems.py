"""Validation problems and their `FILE:ROW:COLUMN: message` form (contract section 3)."""

from __future__ import annotations

from dataclasses import dataclass

from shafaf.contract.schema import FILE_ORDER


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a package; row is the line in the file (header = 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or ''}: {self.message}"


def sort_key(p: Problem) -> tuple[int, str, int, str, bool, str]:
    """Report order: files in contract order, then by row, column, message ('... and N more' last)."""
    order = FILE_ORDER.index(p.file) if p.file in FILE_ORDER else len(FILE_ORDER)
    return (order, p.file, -1 if p.row is None else p.row, p.column or "", p.message.startswith("... and "), p.message)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in report order, duplicates removed."""
    return sorted(set(problems), key=sort_key)


def show(value: object, limit: int = 60) -> str:
    """A value quoted for a message, shortened and with control characters made visible."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + text.replace("'", "\\'") + "'"


class PackageError(Exception):
    """The package cannot be opened at all (usage error: not found, wrong kind of file)."""
