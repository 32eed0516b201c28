"""The public record in words: what a publish changed, a service's history, withdrawn rows (pure, no streamlit).

The rows come from changes_by_snapshot, history_by_initiative and withdrawn_by_initiative (shafaf/sql/);
`name(entity, id, field)` gives a current name in the reader's language (the app's Tables.name), and a
withdrawn row, no longer in the snapshot, is named from its last published version.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from shafaf.fmt import date, number
from shafaf.i18n import t

Namer = Callable[[str, str, str], str]
# what comes first in "What changed": the changes that could hide slippage
KIND_ORDER = ("withdrawn", "replan", "returned", "status", "stage", "funding", "removed", "metrics_removed")
ENTITY = {"milestones": "milestone", "rollouts": "rollout", "targets": "target", "regions": "region"}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT


def _row(row_json: Any) -> dict[str, Any]:
    if _missing(row_json) or not row_json:
        return {}
    try:
        out = json.loads(str(row_json))
    except ValueError:
        return {}
    return out if isinstance(out, dict) else {}


def _stage(stage: Any, lang: str) -> str:
    return "" if _missing(stage) else t(f"initiative.stage_{stage}", lang)


def describe(entity: str, entity_id: str, title: Any, row_json: Any, name: Namer, lang: str) -> str:
    """A changed row in words: a milestone's title, 'Area · stage' for a rollout, never a raw key when a name exists."""
    row = _row(row_json)
    kind = ENTITY.get(entity, entity)
    if kind == "milestone":
        text = row.get(f"title:{lang}") or (None if _missing(title) else title) or row.get("title")
        return str(text or name("milestone", entity_id, "title"))
    if kind == "rollout":
        parts = entity_id.replace("/", "|").split("|")
        area = name("region", parts[1], "name") if len(parts) > 1 else ""
        return " · ".join(p for p in (area, _stage(parts[2] if len(parts) > 2 else None, lang)) if p)
    if kind == "target":
        parts = entity_id.split("|")
        if len(parts) == 4:
            area = name("region", parts[1], "name") if parts[1] else t("record.whole_service", lang)
            return f"{name('metric', parts[2], 'label')} · {area} · {parts[3][:7]}"
    if kind == "funding":
        funder = row.get("funder") or (None if _missing(title) else title) or entity_id.split("|")[0]
        currency = row.get("currency") or (entity_id.split("|")[-1] if "|" in entity_id else "")
        return f"{funder} ({currency})" if currency else str(funder)
    if kind == "initiative":
        return row.get(f"name:{lang}") or name("initiative", entity_id, "name")
    if kind == "metrics":
        return name("initiative", entity_id, "name")
    text = row.get(f"name:{lang}") or row.get(f"title:{lang}") or (None if _missing(title) else title)
    return str(text or entity_id)


def _status(entity: str, value: Any, lang: str) -> str:
    if _missing(value):
        return "—"
    if entity == "initiative":
        return t(f"initiative.status_{value}", lang)
    if entity == "rollout":
        return _stage(value, lang)
    return t(f"record.ms_status_{value}", lang)


def _values(kind: str, entity: str, old: Any, new: Any, lang: str) -> tuple[str, str]:
    """(before, after) of one change in words."""
    if kind == "withdrawn":
        before = "—" if _missing(old) else _when(old, lang)
        after = (
            t("record.withdrawn_late", lang, days=number(int(float(new)), lang))
            if not _missing(new)
            else t("record.withdrawn_word", lang)
        )
        return before, after
    if kind == "returned":
        return t("record.withdrawn_word", lang), t("record.back_word", lang)
    if kind in ("status", "stage"):
        return _status(entity, old, lang), _status(entity, new, lang)
    if kind == "funding":
        return (
            t("record.as_of_value", lang, date=_when(old, lang)),
            t("record.as_of_value", lang, date=_when(new, lang)),
        )
    if kind == "metrics_removed":
        return "—", t("record.metric_rows", lang, count=number(int(float(new)), lang))
    return ("—" if _missing(old) else _when(old, lang)), ("—" if _missing(new) else _when(new, lang))


def _when(value: Any, lang: str) -> str:
    """A date from the record (a DATE, a timestamp or ISO text) in the reader's language; other values as they are."""
    text = str(value)
    return date(text[:10], lang) if _ISO_DATE.match(text) else text


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def changes_table(changes: pd.DataFrame, name: Namer, lang: str) -> pd.DataFrame:
    """'What changed' for readers: withdrawals and re-plans first, rows named, before/after in words, the reason."""
    rows = []
    for r in changes.to_dict("records"):
        kind, entity = str(r["kind"]), str(r["entity"])
        before, after = _values(kind, entity, r["old_value"], r["new_value"], lang)
        rows.append(
            {
                "_rank": _kind_rank(kind),
                t("record.col_change", lang): t(f"change.{kind}", lang),
                t("record.col_what", lang): describe(
                    entity, str(r["entity_id"]), r["title"], r["row_json"], name, lang
                ),
                t("record.col_before", lang): before,
                t("record.col_after", lang): after,
                t("record.col_reason", lang): "" if _missing(r["reason"]) else str(r["reason"]),
            }
        )
    cols = [t(f"record.col_{c}", lang) for c in ("change", "what", "before", "after", "reason")]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows).sort_values("_rank", kind="stable").drop(columns="_rank")[cols].reset_index(drop=True)


def history_table(history: pd.DataFrame, name: Namer, lang: str) -> pd.DataFrame:
    """A service's history for readers, newest publication first: date published, as_of, change, what, reason."""
    cols = [t(f"record.col_{c}", lang) for c in ("published", "as_of", "change", "what", "before", "after", "reason")]
    if history.empty:
        return pd.DataFrame(columns=cols)
    h = history.assign(_rank=[_kind_rank(str(k)) for k in history["kind"]])
    h = h.sort_values(["published_at", "snapshot_id", "_rank"], ascending=[False, False, True], kind="stable")
    rows = []
    for r in h.to_dict("records"):
        kind, entity = str(r["kind"]), str(r["entity"])
        before, after = _values(kind, entity, r["old_value"], r["new_value"], lang)
        rows.append(
            [
                _when(r["published_at"], lang),
                _when(r["as_of"], lang),
                t(f"change.{kind}", lang),
                describe(entity, str(r["entity_id"]), r["title"], None, name, lang),
                before,
                after,
                "" if _missing(r["reason"]) else str(r["reason"]),
            ]
        )
    return pd.DataFrame(rows, columns=cols)


def withdrawn_milestones_table(withdrawn: pd.DataFrame, lang: str, name: Namer | None = None) -> pd.DataFrame:
    """Withdrawn milestones for readers: title, every planned date, class and days late when withdrawn, reason.

    With `name`, a column after the title names each milestone's service (for lists of many services)."""
    cols = [t(f"record.col_{c}", lang) for c in ("milestone", "plans", "class", "days_late", "withdrawn_on", "reason")]
    rows = []
    for r in withdrawn.to_dict("records"):
        plans = r.get("planned_dates")
        plans = [] if plans is None or (not hasattr(plans, "__len__")) else list(plans)
        cls = r["milestone_class"]
        rows.append(
            [
                describe("milestones", str(r["row_key"]), r["title"], r["row_json"], lambda _e, i, _f: i, lang),
                " → ".join(_when(d, lang) for d in plans) or _when(r["planned_date"], lang),
                "" if _missing(cls) else t(f"milestone_class.{cls}", lang),
                "" if _missing(r["days_late"]) else number(int(r["days_late"]), lang),
                _when(r["published_at"], lang),
                "" if _missing(r["reason"]) else str(r["reason"]),
            ]
        )
    out = pd.DataFrame(rows, columns=cols)
    if name is not None:
        services = [name("initiative", str(i), "name") for i in withdrawn["initiative_id"]]
        out.insert(1, t("record.col_service", lang), services)
    return out
