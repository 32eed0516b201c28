"""What the public sees of feedback, and what the open data holds: pure functions over the store's rows."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from shafaf.feedback.model import ANSWERS

COMMENT_COLUMNS = [
    "feedback_id",
    "initiative_id",
    "region_id",
    "month",
    "answer",
    "comment",
    "lang",
    "reply",
    "reply_date",
]
COUNT_COLUMNS = ["initiative_id", "region_id", "month", "answer", "count"]


@dataclass(frozen=True)
class PublicFeedback:
    """One service's feedback in a scope: counts per month, approved comments, replies."""

    counts: pd.DataFrame  # month, works, partly, does_not, total: one row per month, oldest first
    comments: list[dict[str, Any]]  # approved comments, newest first
    replies: list[dict[str, Any]]  # approved comments with the department's reply, newest reply first

    @property
    def total(self) -> int:
        """Every submission counted in the scope."""
        return int(self.counts["total"].sum()) if not self.counts.empty else 0

    def answered(self, answer: str) -> int:
        """How many answered `answer` in the scope."""
        return int(self.counts[answer].sum()) if not self.counts.empty else 0


def month_counts(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Submissions per month and answer (all of them, moderated or not), zeros filled, oldest month first."""
    frame = pd.DataFrame(list(rows), columns=["month", "answer"])
    if frame.empty:
        return pd.DataFrame(columns=["month", *ANSWERS, "total"])
    table = frame.groupby(["month", "answer"]).size().unstack("answer", fill_value=0)
    table = table.reindex(columns=list(ANSWERS), fill_value=0).sort_index()
    table["total"] = table.sum(axis=1)
    return table.reset_index().rename_axis(None, axis=1).astype({a: int for a in [*ANSWERS, "total"]})


def public_feedback(rows: Iterable[Mapping[str, Any]], regions: Collection[str] | None = None) -> PublicFeedback:
    """The public's view of one service's rows, limited to `regions` (None: everywhere)."""
    mine = [r for r in rows if regions is None or r["region_id"] in regions]
    approved = [r for r in mine if r["state"] == "approved" and r["comment"]]
    comments = sorted(approved, key=lambda r: r["feedback_id"], reverse=True)
    replies = sorted(
        (r for r in approved if r["reply"]), key=lambda r: (r["reply_date"], r["feedback_id"]), reverse=True
    )
    return PublicFeedback(month_counts(mine), [dict(r) for r in comments], [dict(r) for r in replies])


def open_data_comments(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The approved comments and their replies, as published: never a pending or hidden text, never a hash."""
    keep = [{c: r[c] for c in COMMENT_COLUMNS} for r in rows if r["state"] == "approved" and r["comment"]]
    return pd.DataFrame(keep, columns=COMMENT_COLUMNS)


def open_data_counts(counts: Iterable[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    """Submissions per service, district, month and answer (all submissions)."""
    return pd.DataFrame(list(counts), columns=COUNT_COLUMNS)


def moderation_queue(
    rows: Iterable[Mapping[str, Any]], allowed: Collection[str] | None, state: str | None
) -> list[dict[str, Any]]:
    """The comments an official may moderate (services in `allowed`; None: all) in `state` (None: any), newest first."""
    out = [
        dict(r)
        for r in rows
        if r["comment"]
        and (allowed is None or r["initiative_id"] in allowed)
        and (state is None or r["state"] == state)
    ]
    return sorted(out, key=lambda r: r["feedback_id"], reverse=True)
