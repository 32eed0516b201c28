"""Milestones: which milestones are overdue, due soon, blocked, re-planned or slipping, and whose are they?

The tracker over the milestones in the region, narrowed by the department and service filters (the headline
figures and the withdrawn ones), then by the page's own filters (`class`, `search`, `horizon`: every list).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from shafaf import metrics, narrative, public_record
from shafaf.charts.tracker import tracker_class_department_chart, tracker_overdue_bar_chart
from shafaf.fmt import date, is_rtl, number, percent
from shafaf.i18n import t
from shafaf.metrics import MILESTONE_CLASSES
from shafaf.views.base import BadParam, Filters, meta
from shafaf.views.model import Card, Chart, Column, Figure, Meta, Table, Text, table

if TYPE_CHECKING:
    from shafaf.reads import Reads

PAGE = "milestones"
PARAMS: tuple[str, ...] = ("class", "search", "horizon")
HORIZONS = (30, 60, 90)  # days ahead the "due soon" list looks; the first is the default
RECENT_DAYS = 90
TOP = 15  # rows in the "most re-planned" and "most slipped" lists
CHART_MAX = 30  # overdue milestones drawn; the table lists them all
SEARCH_MAX = 100  # characters of the search text (the page's text box takes no more)

OVERDUE_COLUMNS = ("milestone", "initiative", "department", "area", "planned", "days_late", "class", "note")
TRACKER_COLUMNS = (
    "milestone",
    "initiative",
    "department",
    "area",
    "class",
    "blocked",
    "baseline",
    "planned",
    "actual",
    "days_late",
    "slippage",
    "replans",
    "plans",
    "note",
    "id",
)


@dataclass(frozen=True)
class Section:
    """One list of the tracker: its table, and the sentence the page shows instead when the table is empty."""

    table: Table
    empty: str


@dataclass(frozen=True)
class MilestonesView:
    """What the Milestones page shows.

    `figures` and `withdrawn` cover the whole scope (region, department, service); every list and card below
    the page's filters covers the milestones of the chosen `classes` matching `search`.
    """

    meta: Meta
    region: str
    intro: Text
    figures: tuple[Figure, ...]
    overdue_withdrawn: Text | None
    classes: tuple[str, ...]
    search: str
    horizon: int
    filtered: Text | None
    overdue: Card
    due: Text
    due_soon: Section
    blocked: Section
    recent: Section
    replanned: Section
    slipped: Section
    by_department: Card
    tracker: Section
    withdrawn: Card | None


def build(reads: Reads, filters: Filters, lang: str) -> MilestonesView:
    """The tracker of `filters` (scope and the page's own `class`, `search`, `horizon`) in `lang`."""
    classes, search, horizon = _params(filters.params)
    tb = reads.tables()
    region = tb.name("region", filters.region_id, lang)
    everything = _tracker(reads, filters, lang)
    counts = metrics.milestone_counts(everything)
    gone = _withdrawn(reads, filters)
    late = metrics.withdrawn_counts(gone)["withdrawn_overdue"]
    rate = metrics.on_time_rate(counts, late)
    blocked_n = int(metrics.open_blocked(everything).sum())
    figures = (
        Figure("total", t("milestones.kpi_total", lang), len(everything), "count", number(len(everything), lang)),
        Figure(
            "overdue", t("milestone_class.overdue", lang), counts["overdue"], "count", number(counts["overdue"], lang)
        ),
        Figure("blocked", t("milestones.kpi_blocked", lang), blocked_n, "count", number(blocked_n, lang)),
        Figure("on_time_rate", t("milestones.kpi_on_time", lang), rate, "percent", percent(rate, lang)),
    )
    ms = _search(everything[everything["class"].isin(classes)], search)
    shown = t("milestones.filtered", lang, shown=len(ms), total=len(everything))
    due = metrics.due_within(ms, tb.as_of, horizon)
    rid = filters.region_id
    return MilestonesView(
        meta=meta(reads, PAGE, filters, lang),
        region=region,
        intro=Text("intro", t("milestones.intro", lang, region=region, as_of=date(tb.as_of, lang))),
        figures=figures,
        overdue_withdrawn=None
        if gone.empty
        else Text(
            "overdue_withdrawn",
            t("record.overdue_withdrawn", lang, overdue=number(counts["overdue"], lang), withdrawn=number(late, lang)),
        ),
        classes=classes,
        search=search,
        horizon=horizon,
        filtered=None if len(ms) == len(everything) else Text("filtered", shown),
        overdue=_overdue(ms, region, rid, lang),
        due=Text("due", narrative.due_sentence(len(due), horizon, lang)),
        due_soon=_section(
            "due_soon",
            "due_none",
            due,
            ("milestone", "initiative", "department", "area", "planned", "class"),
            "planned",
            lang,
        ),
        blocked=_section(
            "blocked",
            "blocked_none",
            ms[metrics.open_blocked(ms)].sort_values(["planned_date", "milestone_id"]),
            ("milestone", "initiative", "department", "area", "planned", "class", "days_late", "note"),
            "days_late",
            lang,
        ),
        recent=_section(
            "recent",
            "recent_none",
            metrics.done_within(ms, tb.as_of, RECENT_DAYS),
            ("milestone", "initiative", "department", "area", "planned", "actual", "done"),
            "done",
            lang,
            days=RECENT_DAYS,
        ),
        replanned=_section(
            "replanned",
            "replanned_none",
            ms[ms["replan_count"] > 0].sort_values(["replan_count", "milestone_id"], ascending=[False, True]).head(TOP),
            ("milestone", "initiative", "department", "replans", "plans", "class"),
            "replans",
            lang,
        ),
        slipped=_section(
            "slipped",
            "slipped_none",
            ms[ms["slippage_days"].fillna(0) > 0]
            .sort_values(["slippage_days", "milestone_id"], ascending=[False, True])
            .head(TOP),
            ("milestone", "initiative", "department", "baseline", "planned", "actual", "slippage", "class"),
            "slippage",
            lang,
        ),
        by_department=_by_department(ms, region, rid, lang),
        tracker=Section(
            _table("tracker", ms.sort_values(["planned_date", "milestone_id"]), TRACKER_COLUMNS, lang, "class"),
            t("milestones.none", lang),
        ),
        withdrawn=None if gone.empty else _withdrawn_card(reads, gone, late, region, rid, lang),
    )


def _params(params: Any) -> tuple[tuple[str, ...], str, int]:
    """(classes, search text, horizon) from the page's own parameters; BadParam for a value they do not take.

    `class` is a comma-separated list of milestone classes (absent: every class; empty: none, as when a reader
    clears the filter); `search` at most SEARCH_MAX characters; `horizon` one of HORIZONS (absent: the first).
    """
    raw = params.get("class")
    classes = MILESTONE_CLASSES if raw is None else tuple(c.strip() for c in str(raw).split(",") if c.strip())
    unknown = [c for c in classes if c not in MILESTONE_CLASSES]
    if unknown:
        raise BadParam(
            f"unknown class: {unknown[0]!r} (one or more of {', '.join(MILESTONE_CLASSES)}, comma-separated)"
        )
    search = str(params.get("search") or "")
    if len(search) > SEARCH_MAX:
        raise BadParam(f"search: at most {SEARCH_MAX} characters, not {len(search)}")
    text = str(params.get("horizon") or HORIZONS[0])
    if text not in {str(h) for h in HORIZONS}:
        raise BadParam(f"unknown horizon: {text!r} (one of {', '.join(str(h) for h in HORIZONS)} days)")
    return tuple(c for c in MILESTONE_CLASSES if c in classes), search, int(text)


def _owner(reads: Reads) -> dict[str, str]:
    tb = reads.tables()
    return dict(zip(tb.initiatives["initiative_id"], tb.initiatives["department_id"], strict=True))


def _tracker(reads: Reads, filters: Filters, lang: str) -> pd.DataFrame:
    """Milestones in scope (region, then department and service filters), classified, with names and re-plans."""
    tb = reads.tables()
    ms = metrics.milestones_in(tb.milestones, reads.scope(filters.region_id))
    ms = ms.assign(department_id=ms["initiative_id"].map(_owner(reads)))
    if filters.department_id:
        ms = ms[ms["department_id"] == filters.department_id]
    if filters.initiative_id:
        ms = ms[ms["initiative_id"] == filters.initiative_id]
    ms = metrics.classify_milestones(ms.reset_index(drop=True), tb.as_of)
    ms["days_late"] = metrics.days_late(ms, tb.as_of)
    replans = reads.replan_counts(tuple(sorted(set(ms["initiative_id"]))))
    ms = ms.merge(replans, on="milestone_id", how="left")
    ms["replan_count"] = ms["replan_count"].fillna(0).astype(int)
    whole = t("milestones.whole_service", lang)
    ms["title_text"] = [tb.name("milestone", m, lang, "title") for m in ms["milestone_id"]]
    ms["initiative"] = [tb.name("initiative", i, lang) for i in ms["initiative_id"]]
    ms["department"] = [tb.name("department", d, lang) for d in ms["department_id"]]
    ms["area"] = [tb.name("region", r, lang) if isinstance(r, str) else whole for r in ms["region_id"]]
    ms["class_text"] = [
        t(f"milestone_class.{c}", lang) + (f" ({t('milestones.blocked_word', lang)})" if b else "")
        for c, b in zip(ms["class"], ms["blocked"], strict=True)
    ]
    return _cells(ms, lang)


def _withdrawn(reads: Reads, filters: Filters) -> pd.DataFrame:
    """Withdrawn milestones in the same scope as the tracker (region, then department and service filters)."""
    gone = metrics.withdrawn_milestones_in(reads.withdrawn(), reads.scope(filters.region_id))
    if filters.department_id:
        gone = gone[gone["initiative_id"].map(_owner(reads)) == filters.department_id]
    if filters.initiative_id:
        gone = gone[gone["initiative_id"] == filters.initiative_id]
    return gone


def _search(ms: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose title, service, department, area, note or id contains `text` (any case; plain text, no patterns)."""
    needle = text.strip().casefold()
    if not needle:
        return ms
    hay = (
        ms["title_text"]
        + "\n"
        + ms["initiative"]
        + "\n"
        + ms["department"]
        + "\n"
        + ms["area"]
        + "\n"
        + ms["note"].fillna("").astype(str)
        + "\n"
        + ms["milestone_id"]
    )
    return ms[hay.str.casefold().str.contains(needle, regex=False)]


def _plans(old: object, new: object) -> list[pd.Timestamp]:
    """The plan before the first re-plan, then each new plan; [] for a milestone never re-planned."""
    if isinstance(old, str) or not hasattr(old, "__len__") or len(old) == 0:  # no re-plan: a missing value
        return []
    olds, news = list(old), list(new)  # type: ignore[call-overload]
    return [pd.Timestamp(d) for d in [olds[0], *news]]


@functools.lru_cache(maxsize=8192)
def _date(d: pd.Timestamp, lang: str) -> str:
    """fmt.date, once per day and language (Babel's date patterns are slow: a tracker has hundreds of dates)."""
    return date(d, lang)


@functools.lru_cache(maxsize=8192)
def _number(n: int, lang: str) -> str:
    """fmt.number, once per whole number and language."""
    return number(n, lang)


def _day(d: Any) -> pd.Timestamp | None:
    return None if pd.isna(d) else pd.Timestamp(d)


def _int(v: Any) -> int | None:
    return None if pd.isna(v) else int(v)


# column id -> (the tracker's column of raw values, its column of the cells the page shows)
CELLS = {
    "milestone": ("title_text", "title_text"),
    "initiative": ("initiative", "initiative"),
    "department": ("department", "department"),
    "area": ("area", "area"),
    "class": ("class", "class_text"),
    "blocked": ("blocked", "blocked_text"),
    "baseline": ("baseline_day", "baseline_text"),
    "planned": ("planned_day", "planned_text"),
    "actual": ("actual_day", "actual_text"),
    "days_late": ("days_late_n", "days_late_text"),
    "slippage": ("slippage_n", "slippage_text"),
    "replans": ("replan_count", "replan_count"),
    "plans": ("plans", "plans_text"),
    "done": ("class", "done_text"),
    "note": ("note_text", "note_text"),
    "id": ("milestone_id", "milestone_id"),
}
UNITS = {"days_late": "days", "slippage": "days", "replans": "count", "count": "count"}  # the JSON's column units


def _cells(ms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The tracker with every cell a table shows (in `lang`) and its raw value (for the JSON), once per milestone."""
    d = partial(_date, lang=lang)
    plans = [_plans(o, n) for o, n in zip(ms["old_planned_dates"], ms["new_planned_dates"], strict=True)]
    done = {c: t(f"milestones.done_{c}", lang) for c in ("done_on_time", "done_late")}
    cells = {
        "blocked_text": [t("milestones.yes", lang) if b else "" for b in ms["blocked"]],
        "baseline_day": [_day(x) for x in ms["effective_baseline_date"]],
        "planned_day": [_day(x) for x in ms["planned_date"]],
        "actual_day": [_day(x) for x in ms["actual_date"]],
        "days_late_n": [_int(x) for x in ms["days_late"]],
        "slippage_n": [_int(x) for x in ms["slippage_days"]],
        "plans": plans,
        "plans_text": [" → ".join(d(p) for p in ps) for ps in plans],
        "done_text": [done.get(c, "") for c in ms["class"]],
        "note_text": list(ms["note"].fillna("").astype(str)),
    }
    out = ms.assign(**{k: pd.Series(v, index=ms.index, dtype=object) for k, v in cells.items()})
    out["baseline_text"] = [t("app.no_data", lang) if x is None else d(x) for x in out["baseline_day"]]
    out["planned_text"] = [t("app.no_data", lang) if x is None else d(x) for x in out["planned_day"]]
    out["actual_text"] = ["" if x is None else d(x) for x in out["actual_day"]]
    out["days_late_text"] = ["" if x is None else _number(x, lang) for x in out["days_late_n"]]
    out["slippage_text"] = [t("app.no_data", lang) if x is None else _number(x, lang) for x in out["slippage_n"]]
    return out


def _table(table_id: str, ms: pd.DataFrame, names: tuple[str, ...], lang: str, answer: str | None = None) -> Table:
    """Tracker rows as a table: raw values under column ids (with `id` always), the page's cells under headings."""
    ids = names if "id" in names else (*names, "id")
    rows = ms[[CELLS[n][0] for n in ids]].set_axis(list(ids), axis=1)
    shown = ms[[CELLS[n][1] for n in names]].set_axis([t(f"milestones.col_{n}", lang) for n in names], axis=1)
    labels = {n: t(f"milestones.col_{n}", lang) for n in ids}
    return _with_units(table(table_id, rows, labels, shown=shown.reset_index(drop=True), answer=answer))


def _with_units(x: Table) -> Table:
    """`x` with the unit of each column that has one (days, counts)."""
    return dataclasses.replace(x, columns=tuple(Column(c.id, c.label, UNITS.get(c.id)) for c in x.columns))


def _section(
    table_id: str, empty: str, ms: pd.DataFrame, names: tuple[str, ...], answer: str, lang: str, **values: object
) -> Section:
    """A list of the tracker with `answer` first, and its sentence `milestones.<empty>` for when it is empty."""
    return Section(_table(table_id, ms, names, lang, answer), t(f"milestones.{empty}", lang, **values))


def _overdue(ms: pd.DataFrame, region: str, rid: str, lang: str) -> Card:
    """Overdue milestones, most late first: the chart draws the CHART_MAX most late, the table lists them all."""
    overdue = ms[ms["class"] == "overdue"].sort_values(["days_late", "milestone_id"], ascending=[False, True])
    drawn = overdue.head(CHART_MAX)
    bars = pd.DataFrame(
        {
            "milestone_id": drawn["milestone_id"],
            "label": [f"{m} · {i}" for m, i in zip(drawn["title_text"], drawn["initiative"], strict=True)],
            "days_late": drawn["days_late"],
            "text": [
                t("milestones.days_late_text", lang, days=number(d, lang))
                + (f" ({t('milestones.blocked_word', lang)})" if b else "")
                for d, b in zip(drawn["days_late"], drawn["blocked"], strict=True)
            ],
        }
    )
    worst = overdue.iloc[0] if not overdue.empty else None
    return Card(
        id="milestones-overdue",
        title=t(
            "milestones.overdue_title_top" if len(overdue) > CHART_MAX else "milestones.overdue_title",
            lang,
            region=region,
            n=CHART_MAX,
        ),
        summary=narrative.overdue_sentence(
            len(overdue),
            None if worst is None else f"{worst['title_text']} ({worst['initiative']})",
            None if worst is None else int(worst["days_late"]),
            lang,
        ),
        chart=None if overdue.empty else Chart("bar", partial(tracker_overdue_bar_chart, bars, "", rtl=is_rtl(lang))),
        table=_table("overdue", overdue, OVERDUE_COLUMNS, lang),
        filename=f"overdue-milestones-{rid}",
    )


def _by_department(ms: pd.DataFrame, region: str, rid: str, lang: str) -> Card:
    """Milestones per department and class (classes in their order), and the department with the most overdue."""
    per = (
        ms.groupby(["department", "class"], sort=False).size().rename("count").reset_index()
        if not ms.empty
        else pd.DataFrame(columns=["department", "class", "count"])
    )
    per = per.assign(_o=per["class"].map(list(MILESTONE_CLASSES).index)).sort_values(["department", "_o"])
    per = per.drop(columns="_o").reset_index(drop=True)
    per["count"] = per["count"].astype(int)
    per["class_label"] = [t(f"milestone_class.{c}", lang) for c in per["class"]]
    overdue_by = per[per["class"] == "overdue"].sort_values(["count", "department"], ascending=[False, True])
    most = int(overdue_by["count"].max()) if not overdue_by.empty else 0
    labels = {c: t(f"milestones.col_{c}", lang) for c in ("department", "class", "count")}
    return Card(
        id="milestones-by-department",
        title=t("milestones.by_department_title", lang, region=region),
        summary=narrative.overdue_department_sentence(
            list(overdue_by.loc[overdue_by["count"] == most, "department"]), most, lang
        ),
        chart=None if per.empty else Chart("bar", partial(tracker_class_department_chart, per, "", rtl=is_rtl(lang))),
        table=_with_units(
            table(
                "by_department",
                per[["department", "class", "count"]],
                labels,
                shown=pd.DataFrame(
                    {
                        labels["department"]: per["department"],
                        labels["class"]: per["class_label"],
                        labels["count"]: per["count"],
                    }
                ),
            )
        ),
        filename=f"milestones-by-department-{rid}",
    )


def _withdrawn_card(reads: Reads, gone: pd.DataFrame, late: int, region: str, rid: str, lang: str) -> Card:
    """The withdrawn milestones in scope, each with its every planned date and the reason given (the record)."""
    tb = reads.tables()
    shown = public_record.withdrawn_milestones_table(gone, lang, lambda e, i, f: tb.name(e, i, lang, f))
    plans = [
        [str(d)[:10] for d in p] if p is not None and hasattr(p, "__len__") and len(p) else [str(pl)[:10]]
        for p, pl in zip(gone["planned_dates"], gone["planned_date"], strict=True)
    ]
    rows = pd.DataFrame(
        {
            "milestone": list(shown.iloc[:, 0]),
            "service": list(shown.iloc[:, 1]),
            "plans": pd.Series(plans, dtype=object),
            "class": [None if pd.isna(c) else c for c in gone["milestone_class"]],
            "days_late": [_int(d) for d in gone["days_late"]],
            "withdrawn_on": [None if pd.isna(d) else pd.Timestamp(d).date() for d in gone["published_at"]],
            "reason": [None if pd.isna(r) else str(r) for r in gone["reason"]],
        }
    )
    ids = ("milestone", "service", "plans", "class", "days_late", "withdrawn_on", "reason")
    return Card(
        id="milestones-withdrawn",
        title=t("record.tracker_withdrawn_title", lang, region=region),
        summary=t("record.withdrawn_summary", lang, count=len(gone), overdue=late),
        chart=None,
        table=_with_units(table("withdrawn", rows, dict(zip(ids, shown.columns, strict=True)), shown=shown)),
        filename=f"withdrawn-milestones-{rid}",
    )
