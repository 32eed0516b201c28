"""Digital service: one initiative in full (facts, milestones and re-plans, rollout, targets, funding, its record,
updates); without a chosen service, the services of the region to choose from. Citizens' feedback is live data
outside the snapshot: the page draws it (shafaf.ui.feedback), not this view."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from shafaf import metrics, narrative, public_record
from shafaf.charts.rollout import rollout_stage_bar_chart
from shafaf.charts.timeline import timeline_milestones_chart
from shafaf.contract.schema import STAGES
from shafaf.fmt import date, is_missing, is_rtl, number
from shafaf.i18n import t
from shafaf.views import outcome_cards
from shafaf.views.base import Filters, meta
from shafaf.views.model import NOT_JSON, Card, Chart, Figure, Link, Meta, Text, from_frame, table

if TYPE_CHECKING:
    from shafaf.reads import Reads, Tables

PAGE = "initiative"
PARAMS: tuple[str, ...] = ()
LEGEND = ("path", "baseline", "replan", "planned", "actual", "as_of")
WITHDRAWN_COLUMNS = ("milestone", "plans", "class", "days_late", "withdrawn_on", "reason")
HISTORY_COLUMNS = ("published", "as_of", "change", "what", "before", "after", "reason")


@dataclass(frozen=True)
class Fact:
    """One fact about a service: its raw `value` (an id, a date, a flag) and the words the page shows."""

    id: str
    label: str
    value: Any
    text: str
    from_package: bool = dataclasses.field(default=False, metadata=NOT_JSON)  # a package's text: escaped


@dataclass(frozen=True)
class Service:
    """What the service is: name, status (code and words), its description, facts, budget and website."""

    initiative_id: str
    name: str
    status: str
    status_text: str
    summary: Text | None
    facts: tuple[Fact, ...]
    budget: Figure
    website: str | None


@dataclass(frozen=True)
class Update:
    """One status update of the service: its date, title and body in the reader's language."""

    date: dt.date
    title: str
    body: str


@dataclass(frozen=True)
class InitiativeView:
    """What the Digital service page shows (`service` None: the chooser, `choose` and `choices`, only)."""

    meta: Meta
    region: str
    choose: Text | None
    choices: tuple[Link, ...]
    service: Service | None
    notice: Text | None
    timeline: Card | None
    withdrawn: Card | None
    rollout: Card | None
    targets: tuple[Card, ...]
    funding: tuple[Card, ...]
    history: Card | None
    updates: tuple[Update, ...]


def build(reads: Reads, filters: Filters, lang: str) -> InitiativeView:
    """The Digital service page of `filters.initiative_id` (or the chooser) in `filters.region_id`, in `lang`."""
    tb = reads.tables()
    rid, iid = filters.region_id, filters.initiative_id
    region = tb.name("region", rid, lang)
    sc = reads.scope(rid)
    empty = dict(service=None, notice=None, timeline=None, withdrawn=None, rollout=None, history=None)
    if iid is None:
        ids = sorted(sc.initiatives, key=lambda i: tb.name("initiative", i, lang))
        choose = t("initiative.choose" if ids else "initiative.choose_none", lang, region=region)
        choices = tuple(Link(PAGE, tb.name("initiative", i, lang), {"initiative": i}) for i in ids)
        return InitiativeView(
            meta(reads, PAGE, filters, lang),
            region,
            Text("choose", choose),
            choices,
            **empty,
            targets=(),
            funding=(),
            updates=(),
        )
    row = tb.initiatives.set_index("initiative_id", drop=False).loc[iid]
    notice = (
        None if iid in sc.initiatives else Text("not_in_region", t("initiative.not_in_region", lang, region=region))
    )
    return InitiativeView(
        meta=meta(reads, PAGE, filters, lang),
        region=region,
        choose=None,
        choices=(),
        service=_service(tb, row, lang),
        notice=notice,
        timeline=_timeline(reads, iid, sc, lang),
        withdrawn=_withdrawn(reads, iid, sc, lang),
        rollout=_rollout(reads, iid, rid, sc, lang),
        targets=_targets(reads, iid, sc, lang),
        funding=_funding(reads, iid, lang),
        history=_history(reads, iid, lang),
        updates=_updates(reads, iid, lang),
    )


def _day(v: Any) -> dt.date | None:
    return None if is_missing(v) else pd.Timestamp(v).date()


def _service(tb: Tables, row: pd.Series, lang: str) -> Service:
    iid, status = str(row["initiative_id"]), str(row["status"])
    summary = tb.translated("initiative", iid, "summary", lang, row["summary"])
    open_source = None if is_missing(row["open_source"]) else bool(row["open_source"])
    answer = (
        t("app.no_data", lang)
        if open_source is None
        else t("initiative.answer_yes" if open_source else "initiative.answer_no", lang)
    )
    facts = (
        Fact(
            "department",
            t("initiative.department", lang),
            row["department_id"],
            tb.name("department", row["department_id"], lang),
            from_package=True,
        ),
        Fact(
            "function",
            t("initiative.function", lang),
            row["function"],
            tb.name("function", row["function"], lang, "label"),
            from_package=True,
        ),
        Fact("open_source", t("initiative.open_source", lang), open_source, answer),
        Fact("start_date", t("initiative.start_date", lang), _day(row["start_date"]), date(row["start_date"], lang)),
        Fact(
            "target_date", t("initiative.target_date", lang), _day(row["target_date"]), date(row["target_date"], lang)
        ),
    )
    budget = None if is_missing(row["budget"]) else float(row["budget"])
    website = row["website"]
    return Service(
        initiative_id=iid,
        name=tb.name("initiative", iid, lang),
        status=status,
        status_text=t(f"initiative.status_{status}", lang),
        summary=Text("summary", summary) if summary else None,
        facts=facts,
        budget=Figure(
            "budget",
            t("initiative.budget", lang),
            budget,
            "currency",
            number(budget, lang),
            help=t("initiative.budget_help", lang),
        ),
        website=website if isinstance(website, str) and website.lower().startswith(("https://", "http://")) else None,
    )


def _timeline(reads: Reads, iid: str, sc: metrics.Scope, lang: str) -> Card:
    """Every milestone: baseline, each re-plan, current plan and actual, with its class in words."""
    tb = reads.tables()
    only = dataclasses.replace(sc, initiatives=frozenset({iid}))
    ms = metrics.milestones_in(tb.milestones, only)
    ms = metrics.classify_milestones(ms, tb.as_of).sort_values(["planned_date", "milestone_id"])
    replans = reads.replans(iid)
    replans = replans[replans["milestone_id"].isin(ms["milestone_id"])].copy()
    words = [
        t(f"milestone_class.{c}", lang) + (f" ({t('initiative.blocked', lang)})" if b else "")
        for c, b in zip(ms["class"], ms["blocked"], strict=True)
    ]
    titles = [tb.name("milestone", m, lang, "title") for m in ms["milestone_id"]]
    ms = ms.assign(label=[f"{ti} · {w}" for ti, w in zip(titles, words, strict=True)])
    earlier = {m: sorted(g["old_planned_date"]) for m, g in replans.groupby("milestone_id")}
    areas = [
        tb.name("region", r, lang) if isinstance(r, str) else t("initiative.whole_service", lang)
        for r in ms["region_id"]
    ]
    rows = pd.DataFrame(
        {
            "milestone_id": ms["milestone_id"].to_numpy(),
            "milestone": titles,
            "class": ms["class"].to_numpy(),
            "blocked": ms["blocked"].to_numpy(),
            "area": areas,
            "baseline_date": [_day(d) for d in ms["effective_baseline_date"]],
            "earlier_dates": [[_day(d) for d in earlier.get(m, [])] for m in ms["milestone_id"]],
            "planned_date": [_day(d) for d in ms["planned_date"]],
            "actual_date": [_day(d) for d in ms["actual_date"]],
            "slippage_days": ms["slippage_days"].to_numpy(),
            "note": [None if is_missing(n) else str(n) for n in ms["note"]],
        }
    )
    heads = {
        "milestone_id": "milestone_id",
        "milestone": t("initiative.col_milestone", lang),
        "class": t("initiative.col_class", lang),
        "blocked": t("initiative.blocked", lang),
        "area": t("initiative.col_area", lang),
        "baseline_date": t("initiative.col_baseline", lang),
        "earlier_dates": t("initiative.col_earlier", lang),
        "planned_date": t("initiative.col_planned", lang),
        "actual_date": t("initiative.col_actual", lang),
        "slippage_days": t("initiative.col_slippage", lang),
        "note": t("initiative.col_note", lang),
    }
    shown = pd.DataFrame(
        {
            heads["milestone"]: titles,
            heads["class"]: words,
            heads["area"]: areas,
            heads["baseline_date"]: [date(d, lang) for d in ms["effective_baseline_date"]],
            heads["earlier_dates"]: [", ".join(date(d, lang) for d in earlier.get(m, [])) for m in ms["milestone_id"]],
            heads["planned_date"]: [date(d, lang) for d in ms["planned_date"]],
            heads["actual_date"]: [date(d, lang) if not pd.isna(d) else "" for d in ms["actual_date"]],
            heads["slippage_days"]: ms["slippage_days"],
            heads["note"]: ms["note"].fillna(""),
        }
    )
    names = {k: t(f"initiative.legend_{k}", lang) for k in LEGEND}
    chart = partial(timeline_milestones_chart, ms, replans, "", names=names, as_of=tb.as_of, rtl=is_rtl(lang))
    return Card(
        id="initiative-timeline",
        title=t("initiative.timeline_title", lang, name=tb.name("initiative", iid, lang)),
        summary=narrative.timeline_sentence(metrics.milestone_counts(ms), int(ms["blocked"].sum()), len(replans), lang),
        chart=None if ms.empty else Chart("timeline", chart),
        table=table("milestones", rows, heads, shown=shown),
        filename=f"milestones-{iid}",
    )


def _withdrawn(reads: Reads, iid: str, sc: metrics.Scope, lang: str) -> Card | None:
    """Milestones left out of a later package: still on the record, with every planned date and the reason."""
    gone = reads.withdrawn()
    gone = metrics.withdrawn_milestones_in(gone[gone["initiative_id"] == iid], sc)
    if gone.empty:
        return None
    counts = metrics.withdrawn_counts(gone)
    shown = public_record.withdrawn_milestones_table(gone, lang)
    return Card(
        id="initiative-withdrawn",
        title=t("record.withdrawn_title", lang, name=reads.tables().name("initiative", iid, lang)),
        summary=t("record.withdrawn_summary", lang, count=counts["withdrawn"], overdue=counts["withdrawn_overdue"]),
        chart=None,
        table=from_frame("withdrawn", shown, WITHDRAWN_COLUMNS),
        filename=f"withdrawn-milestones-{iid}",
    )


def _history(reads: Reads, iid: str, lang: str) -> Card:
    """Every re-plan, withdrawal, status and stage change since the first publication, newest first."""
    tb = reads.tables()
    shown = public_record.history_table(reads.service_history(iid), lambda e, i, f: tb.name(e, i, lang, f), lang)
    return Card(
        id="initiative-history",
        title=t("record.history_title", lang, name=tb.name("initiative", iid, lang)),
        summary=t("record.history_summary", lang, count=len(shown)) if len(shown) else t("record.history_none", lang),
        chart=None,
        table=from_frame("history", shown, HISTORY_COLUMNS),
        filename=f"history-{iid}",
    )


def _rollout(reads: Reads, iid: str, rid: str, sc: metrics.Scope, lang: str) -> Card:
    """The stage reached at each local area of the chosen region, grouped by the region's children."""
    tb = reads.tables()
    region = tb.name("region", rid, lang)
    children = set(tb.regions.loc[tb.regions["parent_id"] == rid, "region_id"])
    c = tb.closure[tb.closure["region_id"].isin(sc.leaves) & tb.closure["ancestor_id"].isin(children)]
    group = dict(zip(c["region_id"], c["ancestor_id"], strict=True))
    at = tb.leaf_stages[(tb.leaf_stages["initiative_id"] == iid) & tb.leaf_stages["leaf_id"].isin(sc.leaves)]
    stage = dict(zip(at["leaf_id"], at["stage"], strict=True))
    via = dict(zip(at["leaf_id"], at["via_region_id"], strict=True))
    leaves = sorted(sc.leaves, key=lambda r: (tb.name("region", group.get(r, r), lang), tb.name("region", r, lang)))
    rows = pd.DataFrame(
        {
            "area_group": [tb.name("region", group.get(r, r), lang) for r in leaves],
            "leaf_id": leaves,
            "leaf": [tb.name("region", r, lang) for r in leaves],
            "stage": [stage.get(r, "none") for r in leaves],
            "via": [tb.name("region", via[r], lang) if r in via else None for r in leaves],
        },
        columns=["area_group", "leaf_id", "leaf", "stage", "via"],
    )
    order = [*STAGES, "none"]
    counts = (
        rows.groupby(["area_group", "stage"], sort=False).size().rename("count").reset_index()
        if not rows.empty
        else pd.DataFrame(columns=["area_group", "stage", "count"])
    ).rename(columns={"area_group": "area"})
    counts = counts.assign(_o=counts["stage"].map(order.index)).sort_values(["_o", "area"]).drop(columns="_o")
    counts["label"] = [t(f"initiative.stage_{s}", lang) for s in counts["stage"]]
    dept = tb.initiatives.set_index("initiative_id").at[iid, "department_id"]
    dept_region = str(tb.departments.set_index("department_id").at[dept, "region_id"])
    # "Live in N of M" is the methodology's coverage: only the leaves also under the department's region
    live, reached, eligible = metrics.coverage_counts(iid, sc, dept_region, tb.closure, tb.leaf_stages)
    heads = {
        "area_group": t("initiative.col_area_group", lang),
        "leaf_id": "leaf_id",
        "leaf": t("initiative.col_leaf", lang),
        "stage": t("initiative.col_stage", lang),
        "via": t("initiative.col_via", lang),
    }
    shown = pd.DataFrame(
        {
            heads["area_group"]: rows["area_group"],
            heads["leaf"]: rows["leaf"],
            heads["stage"]: [t(f"initiative.stage_{s}", lang) for s in rows["stage"]],
            heads["via"]: rows["via"].fillna(""),
        }
    )
    return Card(
        id="initiative-rollout",
        title=t("initiative.rollout_title", lang, region=region, name=tb.name("initiative", iid, lang)),
        summary=narrative.rollout_sentence(live, reached, eligible, region, lang, area_leaves=len(rows)),
        chart=None if counts.empty else Chart("bar", partial(rollout_stage_bar_chart, counts, "", rtl=is_rtl(lang))),
        table=table("rollout", rows, heads, shown=shown),
        filename=f"rollout-{iid}-{rid}",
    )


def _targets(reads: Reads, iid: str, sc: metrics.Scope, lang: str) -> tuple[Card, ...]:
    """Each metric with targets: the actual trajectory against the target points, on track or not."""
    points, values, statuses = reads.targets((iid,))
    mine = metrics.targets_in(statuses, dataclasses.replace(sc, initiatives=frozenset({iid})))
    tb = reads.tables()
    return tuple(
        outcome_cards.target_card(tb, s, points, values, lang, f"initiative-target-{i}")
        for i, s in enumerate(mine.to_dict("records"))
    )


def _funding(reads: Reads, iid: str, lang: str) -> tuple[Card, ...]:
    """Committed against disbursed per funder, one card per currency."""
    funding = reads.funding((iid,))
    if funding.empty:
        return ()
    tb = reads.tables()
    totals = metrics.funding_totals(funding, "funder")
    return tuple(
        outcome_cards.funding_card(
            tb, g, "funder", t("outcomes.funding_title", lang, currency=cur), lang, f"initiative-funding-{cur}"
        )
        for cur, g in totals.groupby("currency", sort=True)
    )


def _updates(reads: Reads, iid: str, lang: str) -> tuple[Update, ...]:
    """The service's status updates, newest first."""
    tb = reads.tables()
    return tuple(
        Update(
            date=pd.Timestamp(u.date).date(),
            title=tb.translations.get(("update", u.update_id, "title", lang)) or u.title,
            body=tb.translated("update", u.update_id, "body", lang, u.body),
        )
        for u in reads.initiative_updates(iid).itertuples(index=False)
    )
