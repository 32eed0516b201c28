"""The public record of publications: who published a snapshot (a department, never a person), when, what.

Shared by the public "About the data" page and the officials' desk, so it lives below both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from shafaf.fmt import date
from shafaf.i18n import t

AUDIT_COLUMNS = (
    "action",
    "rollback_of",
    "by_username",
    "by_name",
    "by_via",
    "by_departments",
    "departments_changed",
    "changes",
    "confirmation",
)


def with_audit_columns(publishes: pd.DataFrame) -> pd.DataFrame:
    """The publishes table with the audit columns present (NULL for snapshots from before they existed)."""
    out = publishes.copy()
    for c in AUDIT_COLUMNS:
        if c not in out.columns:
            out[c] = None
    return out


def json_list(value: Any) -> list[str]:
    """A JSON list of ids as strings ([] for NULL or anything that is not a JSON list)."""
    if not isinstance(value, str):
        return []
    try:
        v = json.loads(value)
    except json.JSONDecodeError:
        return []
    return [str(x) for x in v] if isinstance(v, list) else []


def total_rows(row_counts: Any) -> int | None:
    """The number of rows in a snapshot, from its row_counts JSON."""
    try:
        return int(sum(json.loads(row_counts).values()))
    except (TypeError, ValueError, AttributeError):
        return None


def published_by(row: pd.Series, department_name: Callable[[str], str]) -> str:
    """Who a publish is public as: the departments whose rows a department-bound official changed, else the publisher.

    Administrators and the command line publish for the whole package, so theirs is the package's publisher.
    Only the departments whose rows changed: an official may publish for several, and the others did not publish
    this one. User names are never public (see docs/publishing.md); administrators see them at /admin.
    """
    if json_list(row.get("by_departments")):
        changed = json_list(row.get("departments_changed"))
        if changed:
            return ", ".join(department_name(d) for d in changed)
    return str(row.get("publisher") or "")


def action_text(row: pd.Series, lang: str) -> str:
    """'Publication' or 'Roll back to snapshot N' in `lang`."""
    if row.get("action") == "rollback" and isinstance(row.get("rollback_of"), str):
        return t("desk.action_rollback", lang, snapshot=row["rollback_of"])
    return t("desk.action_load", lang)


def public_history_frame(publishes: pd.DataFrame, lang: str, department_name: Callable[[str], str]) -> pd.DataFrame:
    """The public publication history: when, as of, by which department (never a person), action, hash, rows."""
    p = with_audit_columns(publishes)
    return pd.DataFrame(
        {
            t("about.snapshot", lang): p["snapshot_id"],
            t("about.col_published", lang): [date(v, lang) for v in p["published_at"]],
            t("about.col_as_of", lang): [date(v, lang) for v in p["as_of"]],
            t("about.col_publisher", lang): [published_by(r, department_name) for _, r in p.iterrows()],
            t("desk.col_action", lang): [action_text(r, lang) for _, r in p.iterrows()],
            t("desk.col_changed_departments", lang): [
                ", ".join(department_name(d) for d in json_list(v)) for v in p["departments_changed"]
            ],
            t("desk.col_rows", lang): pd.array([total_rows(v) for v in p["row_counts"]], dtype="Int64"),
            t("desk.col_sha", lang): p["package_sha256"],
            t("about.col_package", lang): p["package_name"],
        }
    )
