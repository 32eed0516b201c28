"""The publishing desk's logic, for the /publish and /admin pages (no Streamlit: testable with bytes).

An upload is written to a private temporary folder (removed afterwards, whatever happens), checked
by the same validation as `validate`, previewed against the current snapshot and published by the
same `load_package` as `load`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from shafaf.contract.problems import PackageError, Problem
from shafaf.csv_safe import safe_csv
from shafaf.history import action_text, json_list, total_rows, with_audit_columns
from shafaf.i18n import t
from shafaf.store.audit import Actor, read_refusals
from shafaf.store.changes import ChangeSet, withdrawals
from shafaf.store.deployment import Deployment, StoreError
from shafaf.store.preview import Preview, preview_package
from shafaf.store.publish import ANY, BuildExtras, LoadResult, load_package, rollback
from shafaf.store.record import WITHDRAWABLE

log = logging.getLogger("shafaf")
UPLOAD_SUFFIXES = (".zip", ".xlsx")
Progress = Callable[[str], None]


class UploadError(Exception):
    """An upload the desk will not open; `key` names the message in the desk: text catalogue."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def safe_name(name: str) -> str:
    """The upload's file name reduced to a harmless base name (it is archived with the snapshot)."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:80] or "upload"
    return f"{stem}.{suffix.lower()}" if dot else stem


def check_upload_name_and_size(name: str, size: int, max_bytes: int) -> None:
    """Refuse a file that is not .zip/.xlsx, is empty, or is larger than the limit (checked on the server)."""
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise UploadError("wrong_type")
    if size == 0:
        raise UploadError("empty")
    if size > max_bytes:
        raise UploadError("too_big", size_mb=f"{size / 2**20:.1f}", max_mb=f"{max_bytes / 2**20:.0f}")


@contextmanager
def saved_upload(name: str, data: bytes, max_bytes: int) -> Iterator[Path]:
    """The upload as a file in a private temporary folder, removed when the block ends."""
    check_upload_name_and_size(name, len(data), max_bytes)
    folder = Path(tempfile.mkdtemp(prefix="shafaf-upload-"))  # mode 0700: only this server's user
    try:
        path = folder / safe_name(name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def actor_of(username: str, display_name: str, departments: frozenset[str] | None) -> Actor:
    """The audit actor for a signed-in official."""
    return Actor.official(username, display_name, departments)


def upload_sha256(data: bytes) -> str:
    """The hash the desk keys a preview by (the same as the package hash of a .zip/.xlsx)."""
    return hashlib.sha256(data).hexdigest()


def _unreadable(name: str, message: str, sha: str, prev: str | None) -> Preview:
    return Preview(safe_name(name), sha, prev, [Problem(safe_name(name), None, None, message)], 1)


def check_upload(
    name: str,
    data: bytes,
    db_path: Path,
    *,
    departments: frozenset[str] | None,
    max_bytes: int,
    memory_limit: str = "3GB",
    progress: Progress = lambda _m: None,
) -> Preview:
    """Validate an upload and preview it against the current snapshot; never changes the deployment.

    Raises UploadError for a wrong type, empty or oversized file. A file that cannot be read as a
    package (corrupt, a zip bomb, unsafe entries) comes back as a Preview with one problem.
    """
    prev = Deployment(db_path).current_id()
    with saved_upload(name, data, max_bytes) as path:
        try:
            return preview_package(
                path, db_path, allowed_departments=departments, memory_limit=memory_limit, progress=progress
            )
        except PackageError as e:
            return _unreadable(name, str(e).replace(str(path.parent) + "/", ""), upload_sha256(data), prev)
        except StoreError:
            raise
        except Exception:  # a corrupt archive or workbook can fail in the zip or Excel reader in many ways
            log.warning("upload %s could not be read", safe_name(name), exc_info=True)
            return _unreadable(name, "the file could not be read as a .zip or .xlsx package", upload_sha256(data), prev)


def publish_upload(
    name: str,
    data: bytes,
    db_path: Path,
    *,
    actor: Actor,
    expected_previous: str | None,
    max_bytes: int,
    lock_wait_seconds: float = 60,
    memory_limit: str = "3GB",
    progress: Progress = lambda _m: None,
    reasons: Mapping[str, str] | None = None,
    confirmation: str | None = None,
    extras: BuildExtras | None = None,
) -> LoadResult:
    """Publish a previewed upload with `load_package` (refused when the current snapshot moved on).

    `extras`: load_package's hook (the static edition, built by the page when `static_site` is on).

    `reasons` and `confirmation` are cleaned (trimmed, length-limited; empty ones dropped) and go to the record.
    """
    cleaned = {k: r for k, v in (reasons or {}).items() if (r := clean_reason(v))}
    with saved_upload(name, data, max_bytes) as path:
        return load_package(
            path,
            db_path,
            lock_wait_seconds=lock_wait_seconds,
            memory_limit=memory_limit,
            progress=progress,
            by=actor,
            expected_previous=expected_previous,
            reasons=cleaned,
            confirmation=clean_reason(confirmation),
            extras=extras,
        )


def roll_back(
    db_path: Path,
    snapshot_id: str,
    *,
    actor: Actor,
    lock_wait_seconds: float = 60,
    memory_limit: str = "3GB",
    expected_previous: str | None = ANY,
    extras: BuildExtras | None = None,
) -> LoadResult:
    """An administrator's roll-back from the browser (same code as `python -m shafaf rollback`).

    `expected_previous`: the snapshot current when the administrator chose the roll back (refused if it moved on).
    """
    return rollback(
        db_path,
        snapshot_id,
        by=actor,
        lock_wait_seconds=lock_wait_seconds,
        memory_limit=memory_limit,
        expected_previous=expected_previous,
        extras=extras,
    )


# -- tables for the pages ---------------------------------------------------------------------


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Problems as a table: file, row, column, message (headers in `lang`)."""
    return pd.DataFrame(
        {
            t("desk.col_file", lang): [p.file for p in problems],
            t("desk.col_row", lang): pd.array([p.row for p in problems], dtype="Int64"),
            t("desk.col_column", lang): [p.column or "" for p in problems],
            t("desk.col_message", lang): [p.message for p in problems],
        }
    )


def problems_csv(problems: list[Problem]) -> bytes:
    """The problem report as a formula-safe CSV (file,row,column,message)."""
    return safe_csv(problems_frame(problems, "en").set_axis(["file", "row", "column", "message"], axis=1))


def counts_frame(changes: ChangeSet, lang: str) -> pd.DataFrame:
    """Rows new / changed / removed per table (tables without changes left out)."""
    rows = [(f"{n}.csv", c.new, c.changed, c.removed) for n, c in changes.tables.items() if c.total]
    return pd.DataFrame(
        rows,
        columns=[
            t("desk.col_table", lang),
            t("desk.col_new", lang),
            t("desk.col_changed", lang),
            t("desk.col_removed", lang),
        ],
    )


def departments_frame(changes: ChangeSet, departments: frozenset[str] | None, lang: str) -> pd.DataFrame:
    """The departments whose rows change, and whether the official may publish them."""
    rows = [
        (
            d,
            changes.department_names.get(d, d),
            t("about.answer_yes" if departments is None or d in departments else "about.answer_no", lang),
        )
        for d in sorted(changes.departments)
    ]
    if changes.shared_rows or changes.shared_yaml:
        rows.append(
            ("-", t("desk.shared", lang), t("about.answer_yes" if departments is None else "about.answer_no", lang))
        )
    return pd.DataFrame(
        rows, columns=[t("desk.col_department_id", lang), t("desk.col_department", lang), t("desk.col_yours", lang)]
    )


def rows_frame(changes: ChangeSet, table: str, lang: str) -> pd.DataFrame:
    """The changed rows of one table for display (first ROW_LIMIT), change kinds in `lang`."""
    df = changes.tables[table].rows.copy()
    if df.empty:
        return df
    df["change"] = [t(f"desk.change_{c}", lang) for c in df["change"]]
    df = df.rename(
        columns={
            "change": t("desk.col_change", lang),
            "key": t("desk.col_key", lang),
            "departments": t("desk.col_department_id", lang),
            "what_changed": t("desk.col_what_changed", lang),
        }
    )
    return df.rename(columns=lambda c: c[4:] if c.startswith("row.") else c).astype("string")


def yaml_frame(changes: ChangeSet, lang: str) -> pd.DataFrame:
    """package.yaml changes: key, old, new, shared by all departments or not."""
    return pd.DataFrame(
        [
            (y.key, y.old or "", y.new or "", t("about.answer_yes" if y.shared else "about.answer_no", lang))
            for y in changes.yaml
        ],
        columns=[
            t("desk.col_key", lang),
            t("desk.col_old", lang),
            t("desk.col_new_value", lang),
            t("desk.col_shared", lang),
        ],
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One publish as the admin page lists it."""

    snapshot_id: str
    published_at: Any
    as_of: Any
    action: str | None
    rollback_of: str | None
    by_name: str | None
    by_username: str | None
    by_via: str | None
    sha256: str
    rows: int


def admin_history_frame(publishes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The full publication record for administrators: who (account), when, action, hash, counts."""
    p = with_audit_columns(publishes)
    return pd.DataFrame(
        {
            t("about.snapshot", lang): p["snapshot_id"],
            t("desk.col_when", lang): p["published_at"].astype("string"),
            t("about.col_as_of", lang): p["as_of"].astype("string"),
            t("desk.col_action", lang): [action_text(r, lang) for _, r in p.iterrows()],
            t("desk.col_who", lang): [
                ""
                if r["by_name"] is None or pd.isna(r["by_name"])
                else f"{r['by_name']} ({r['by_username']}, {r['by_via']})"
                for _, r in p.iterrows()
            ],
            t("desk.col_department_id", lang): [", ".join(json_list(v)) for v in p["departments_changed"]],
            t("desk.col_confirmation", lang): [_text(v) for v in p["confirmation"]],
            t("desk.col_rows", lang): pd.array([total_rows(v) for v in p["row_counts"]], dtype="Int64"),
            t("desk.col_sha", lang): p["package_sha256"],
            t("about.col_package", lang): p["package_name"],
        }
    )


def refusals_frame(db_path: Path, lang: str) -> pd.DataFrame:
    """The refused attempts of the deployment's audit.jsonl, newest first."""
    recs = list(reversed(read_refusals(Deployment(db_path).folder)))
    return pd.DataFrame(
        {
            t("desk.col_when", lang): [str(r.get("at", "")) for r in recs],
            t("desk.col_who", lang): [
                f"{(r.get('by') or {}).get('display_name', '')} ({(r.get('by') or {}).get('username', '')})"
                for r in recs
            ],
            t("desk.col_reason", lang): [
                t(f"desk.reason_{r.get('reason')}", lang)
                if r.get("reason") in ("departments", "stale", "unchanged")
                else str(r.get("reason"))
                for r in recs
            ],
            t("about.col_package", lang): [str(r.get("package_name", "")) for r in recs],
            t("desk.col_sha", lang): [str(r.get("package_sha256", "")) for r in recs],
            t("desk.col_message", lang): ["; ".join(map(str, r.get("problems") or [])) for r in recs],
        }
    )


# -- destructive publishes: removals by name, confirmation, reasons ------------------------------

DESTRUCTIVE_SHARE = 0.10  # removing more than this share of a table's rows needs a confirmation
REASON_MAX_CHARS = 500  # a confirmation or a reason: enough for a sentence or two, not a document
REASONS_ASKED_MAX = 50  # withdrawals and re-plans asked one by one; beyond, the confirmation stands for them
ORDER = ("milestones", "rollouts", "targets", "funding", "initiatives", "departments", "regions", "updates", "metrics")


@dataclass(frozen=True)
class Removal:
    """One row the package leaves out, named as a reader would name it."""

    table: str
    key: str  # the ChangeSet's row key
    name: str
    days_late: int | None  # an overdue milestone: days past its planned date on the package's as_of


@dataclass(frozen=True)
class Destruction:
    """Why a package is destructive (empty lists: it is not)."""

    overdue_withdrawn: list[Removal]
    big_removals: list[tuple[str, int, int]]  # (table, rows removed, rows in the current version)
    unlisted_milestones: int  # removed milestones beyond the listed ones: they may be overdue

    @property
    def destructive(self) -> bool:
        """True when Publish needs the official's confirmation and reason."""
        return bool(self.overdue_withdrawn or self.big_removals or self.unlisted_milestones)


def _text(v: Any) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def row_name(table: str, row: pd.Series) -> str:
    """A removed or changed row by name: a milestone's title, a region's name, a rollout's service/region/stage."""
    g = lambda c: _text(row.get(f"row.{c}"))  # noqa: E731
    if table == "milestones":
        return f"{g('title')} ({g('initiative_id')})"
    if table in ("regions", "departments", "initiatives"):
        return g("name") or _text(row.get("key"))
    if table == "rollouts":
        return f"{g('initiative_id')} · {g('region_id')} · {g('stage')}"
    if table in ("targets", "metrics"):
        return f"{g('initiative_id')} · {g('region_id')} · {g('metric')} · {g('month')[:7]}"
    if table == "funding":
        return f"{g('initiative_id')} · {g('funder')}"
    if table == "updates":
        return g("title") or _text(row.get("key"))
    return _text(row.get("key"))


def overdue_days(row: pd.Series, as_of: Any) -> int | None:
    """Days late of a milestone row (ChangeSet `row.` columns) on `as_of`, by the methodology's rule; else None."""
    from shafaf.metrics import milestone_class

    planned = row.get("row.planned_date")
    if as_of is None or planned is None or (isinstance(planned, float) and pd.isna(planned)):
        return None
    if milestone_class(planned, row.get("row.actual_date"), row.get("row.status"), as_of) != "overdue":
        return None
    return (pd.Timestamp(as_of) - pd.Timestamp(planned)).days


# tables without a key: a removed row with the same identity as a new row was replaced, not removed
KEYLESS_IDENTITY = {"funding": WITHDRAWABLE["funding"]}  # the record's identity of a funding line


def replaced_keys(changes: ChangeSet, table: str) -> set[str]:
    """Removed rows of a keyless table (funding) that a new row of the same identity replaces (its as_of moved)."""
    ident = KEYLESS_IDENTITY.get(table)
    tc = changes.tables.get(table)
    if ident is None or tc is None or tc.rows.empty:
        return set()
    rows = tc.rows
    cols = [f"row.{c}" for c in ident]  # a column the rows lack (an optional one: currency) is empty on both sides
    new = rows[rows["change"] == "new"]
    pool: dict[tuple[str, ...], int] = {}
    for _, r in new.iterrows():
        k = tuple(_text(r.get(c)) for c in cols)
        pool[k] = pool.get(k, 0) + 1
    out = set()
    for _, r in rows[rows["change"] == "removed"].iterrows():
        k = tuple(_text(r.get(c)) for c in cols)
        if pool.get(k, 0) > 0:
            pool[k] -= 1
            out.add(str(r["key"]))
    return out


def removals(changes: ChangeSet, as_of: Any) -> list[Removal]:
    """The listed removed rows, by name: overdue milestones first (latest first), then table by table.

    A funding line replaced by one of the same service and funder (its as_of moved) is a change, not a removal.
    """
    out: list[Removal] = []
    for table in sorted(changes.tables, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
        rows = changes.tables[table].rows
        if rows.empty:
            continue
        replaced = replaced_keys(changes, table)
        for _, r in rows[rows["change"] == "removed"].iterrows():
            if str(r["key"]) in replaced:
                continue
            late = overdue_days(r, as_of) if table == "milestones" else None
            out.append(Removal(table, str(r["key"]), row_name(table, r), late))
    return sorted(out, key=lambda r: (1, 0) if r.days_late is None else (0, -r.days_late))  # stable: table order


def destruction(changes: ChangeSet, previous_counts: dict[str, int], as_of: Any) -> Destruction:
    """Whether publishing withdraws an overdue milestone or removes more than 10% of a table's rows."""
    listed = removals(changes, as_of)
    overdue = [r for r in listed if r.days_late is not None]
    removed = {n: c.removed - len(replaced_keys(changes, n)) for n, c in changes.tables.items()}
    big = [
        (n, r, previous_counts[n])
        for n, r in removed.items()
        if r and previous_counts.get(n) and r > DESTRUCTIVE_SHARE * previous_counts[n]
    ]
    ms = changes.tables.get("milestones")
    unlisted = ms.removed - sum(1 for r in listed if r.table == "milestones") if ms else 0
    return Destruction(overdue, big, max(unlisted, 0))


def clean_reason(text: str | None) -> str | None:
    """An official's reason, trimmed, inner runs of space collapsed and cut at REASON_MAX_CHARS; None when empty."""
    if text is None:
        return None
    s = re.sub(r"\s+", " ", text).strip()[:REASON_MAX_CHARS].strip()
    return s or None


def publish_blocker(preview: Preview, *, confirmed: bool, confirmation: str | None) -> str | None:
    """Why Publish is disabled (a desk: text key), or None: it may be pressed.

    Checked again on the server when Publish is pressed: a disabled button is not a defence.
    """
    if not preview.may_publish:
        return "not_yours" if preview.refused else "invalid"
    assert preview.changes is not None
    if preview.previous_snapshot_id and preview.changes.nothing:
        return "nothing_changed"
    d = destruction(preview.changes, preview.previous_counts, preview.as_of)
    if d.destructive and not (confirmed and clean_reason(confirmation)):
        return "confirm_needed"
    return None


@dataclass(frozen=True)
class ReasonAsk:
    """A withdrawal or a re-plan the desk asks a reason for; `key` is load_package's reasons key."""

    key: str  # "<table>:<row key>"
    kind: str  # "withdrawn" | "replanned"
    name: str
    detail: str  # e.g. "planned 2024-01-15, 1,035 days late" or "2026-06-30 → 2027-03-31"


def reason_requests(changes: ChangeSet, as_of: Any) -> list[ReasonAsk]:
    """Each listed withdrawal, then each re-plan whose new row has no `change_note`; at most REASONS_ASKED_MAX."""
    out: list[ReasonAsk] = []
    # the store's own list of what this publish withdraws, keyed as load_package's `reasons` are
    # (a funding line by service, funder and currency: the ChangeSet numbers keyless rows instead)
    names = {(r.table, r.key): r for r in removals(changes, as_of)}
    asks: list[tuple[int | None, ReasonAsk]] = []
    for w in withdrawals(changes).itertuples(index=False):
        listed = names.get((w.table, str(w.row_key)))
        late = listed.days_late if listed is not None else None
        name = listed.name if listed is not None else f"{w.initiative_id} · {w.name or w.row_key}"
        asks.append((late, ReasonAsk(str(w.reason_key), "withdrawn", name, "" if late is None else str(late))))
    # as the preview lists removals: overdue milestones first (latest first), then table by table
    out += [a for _, a in sorted(asks, key=lambda x: (1, 0) if x[0] is None else (0, -x[0]))]
    ms = changes.tables.get("milestones")
    changed = ms.rows[ms.rows["change"] == "changed"] if ms is not None and not ms.rows.empty else pd.DataFrame()
    by_key = {str(k): row for k, (_, row) in zip(changed.get("key", []), changed.iterrows(), strict=False)}
    for _, rp in changes.replans.iterrows():
        row = by_key.get(str(rp["milestone_id"]))
        if row is not None and _text(row.get("row.change_note")):
            continue  # the package says why itself
        name = row_name("milestones", row) if row is not None else f"{rp['milestone_id']} ({rp['initiative_id']})"
        detail = f"{_text(rp['old_planned_date'])[:10]} → {_text(rp['new_planned_date'])[:10]}"
        out.append(ReasonAsk(f"milestones:{rp['milestone_id']}", "replanned", name, detail))
    return out[:REASONS_ASKED_MAX]


def removals_frame(items: list[Removal], lang: str) -> pd.DataFrame:
    """Removed rows by name for the preview: file, name, days late (overdue milestones)."""
    return pd.DataFrame(
        {
            t("desk.col_table", lang): [f"{r.table}.csv" for r in items],
            t("desk.col_name", lang): [r.name for r in items],
            t("desk.col_key", lang): [r.key for r in items],
            t("desk.col_days_late", lang): pd.array([r.days_late for r in items], dtype="Int64"),
        }
    )
