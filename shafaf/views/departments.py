"""Departments: which departments deliver, and which fall behind? The scorecard of every department in a region,
or (with the department filter) one department's own page: its services, their milestones and their use."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from shafaf import metrics, narrative
from shafaf.charts.departments import departments_on_time_bar_chart
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.contract.schema import STATUSES
from shafaf.fmt import is_missing, is_rtl, month, number, percent
from shafaf.i18n import t
from shafaf.metrics import MILESTONE_CLASSES
from shafaf.views.base import BadParam, Filters, meta
from shafaf.views.model import INTERACTIVE, KEEP_PLACE, Card, Chart, Column, Figure, Link, Meta, Table, Text, table

if TYPE_CHECKING:
    from shafaf.reads import Reads, Tables

PAGE = "departments"
PARAMS: tuple[str, ...] = ("metric",)  # the adoption measure: a headline `sum` metric (default: the first)
TREND_MONTHS = 12


@dataclass(frozen=True)
class Scorecard:
    """Every department of the region: one row each (the table and its download), then the on-time card."""

    intro: Text
    coverage_help: Text
    table: Table
    download: str  # the CSV's file name (without the snapshot id)
    trend: str | None  # the id of the table's column holding each department's monthly series, when a metric is shown
    on_time: Card
    open_one: Text


@dataclass(frozen=True)
class Department:
    """The department the filter chose: its name (the page's heading) and where it sits."""

    department_id: str
    name: str
    seat: Text  # "Government: Khyber Pakhtunkhwa · Sector: Police"


@dataclass(frozen=True)
class Portfolio:
    """What one department runs in the region: its figures, services, their milestones and their use."""

    sentence: Text
    figures: tuple[Figure, ...]
    services: Table
    open_service: Text
    links: tuple[Link, ...]  # each service's own page, in the table's order
    milestones: Card
    tracker: Link
    adoption: Card | None  # None when the data has no headline `sum` metric


@dataclass(frozen=True)
class DepartmentsView:
    """What the Departments page shows: the scorecard, or one department (department filter), or a notice."""

    meta: Meta
    region: str
    metric: str | None
    metric_options: Mapping[str, str] = field(metadata=INTERACTIVE)  # the metric select: id -> label, in order
    notice: Text | None  # no department (or no service of the chosen department) in the region
    scorecard: Scorecard | None  # without the department filter
    department: Department | None  # with it
    portfolio: Portfolio | None  # with it, when the department has a service in the region


def metric_options(tb: Tables, lang: str) -> dict[str, str]:
    """The headline `sum` metrics (the adoption measures), id -> label, in their declared order."""
    return {m: tb.name("metric", m, lang, "label") for m in metrics.headline_sum_metrics(tb.metric_defs)}


def build(reads: Reads, filters: Filters, lang: str) -> DepartmentsView:
    """The Departments page of `filters.region_id` (one department's page with `filters.department_id`) in `lang`."""
    tb = reads.tables()
    options = metric_options(tb, lang)
    metric = filters.params.get("metric") or next(iter(options), None)
    if metric is not None and metric not in options:
        raise BadParam(f"unknown metric: {metric!r} (one of {', '.join(options) or 'none'})")
    region = tb.name("region", filters.region_id, lang)
    notice = scorecard = department = portfolio = None
    did = filters.department_id
    if did is None:
        scorecard = _scorecard(reads, filters.region_id, region, metric, lang)
        if scorecard is None:
            notice = Text("none", t("departments.none", lang, region=region))
    else:
        department = _department(tb, did, lang)
        portfolio = _portfolio(reads, filters.region_id, region, department, metric, lang)
        if portfolio is None:
            notice = Text("no_services", t("departments.no_services", lang, department=department.name, region=region))
    return DepartmentsView(
        meta=meta(reads, PAGE, filters, lang),
        region=region,
        metric=metric,
        metric_options=options,
        notice=notice,
        scorecard=scorecard,
        department=department,
        portfolio=portfolio,
    )


def months_window(tb: Tables) -> list[pd.Timestamp]:
    """The first days of the newest TREND_MONTHS months up to as_of."""
    return list(pd.date_range(metrics.window_start(tb.as_of, TREND_MONTHS), periods=TREND_MONTHS, freq="MS"))


def series(values: pd.DataFrame, department_id: str, metric: str, months: list[pd.Timestamp]) -> list[float | None]:
    """One department's values of `metric` for each month of the window (None where there is no data)."""
    v = values[(values["department_id"] == department_id) & (values["metric"] == metric)]
    by_month = {pd.Timestamp(m): x for m, x in zip(v["month"], v["value"], strict=True) if not pd.isna(x)}
    return [float(by_month[m]) if m in by_month else None for m in months]


def _figures(reads: Reads, region_id: str) -> tuple[metrics.Scope, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The region's scope, its classified milestones, its withdrawn milestones, and every department's scorecard row."""
    tb = reads.tables()
    sc = reads.scope(region_id)
    classified = metrics.classify_milestones(metrics.milestones_in(tb.milestones, sc).reset_index(drop=True), tb.as_of)
    gone = metrics.withdrawn_milestones_in(reads.withdrawn(), sc)
    card = metrics.department_scorecard(
        sc, tb.departments, tb.initiatives, classified, tb.closure, tb.leaf_stages, withdrawn=gone
    )
    return sc, classified, gone, card


def _units(x: Table, units: Mapping[str, str]) -> Table:
    """`x` with the unit of some columns said (JSON: `columns[].unit`)."""
    return dataclasses.replace(x, columns=tuple(Column(c.id, c.label, units.get(c.id)) for c in x.columns))


def _opt(v: Any) -> float | None:
    return None if is_missing(v) else float(v)


def _scorecard(reads: Reads, rid: str, region: str, metric: str | None, lang: str) -> Scorecard | None:
    tb = reads.tables()
    sc, _, _, card = _figures(reads, rid)
    if card.empty:
        return None
    card = card.assign(name=[tb.name("department", d, lang) for d in card["department_id"]])
    card = card.sort_values("name").reset_index(drop=True)
    labels = {
        "department_id": "department_id",
        "department": t("departments.col_department", lang),
        "services": t("departments.col_services", lang),
        "live": t("departments.col_live", lang),
        **{
            f"status_{s}": t("departments.declared_status", lang, status=t(f"departments.status_{s}", lang))
            for s in STATUSES
        },
        "on_time_rate": t("departments.col_on_time", lang),
        "overdue": t("milestone_class.overdue", lang),
        "coverage_median": t("departments.col_coverage", lang),
    }
    rates = [_opt(r) for r in card["on_time_rate"]]
    coverage = [_opt(c) for c in card["coverage_median"]]
    counts = ["services", "live", *(f"status_{s}" for s in STATUSES), "overdue"]
    rows = pd.DataFrame(
        {
            "department_id": card["department_id"],
            "department": card["name"],
            "services": card["initiatives"].astype(int),
            "live": card["live"].astype(int),
            **{f"status_{s}": card[f"status_{s}"].astype(int) for s in STATUSES},
            "on_time_rate": pd.array(rates, dtype=object),
            "overdue": card["overdue"].astype(int),
            "coverage_median": pd.array(coverage, dtype=object),
        }
    )
    shown = pd.DataFrame(
        {
            **{labels[c]: rows[c] for c in ("department", "services", "live", *(f"status_{s}" for s in STATUSES))},
            labels["on_time_rate"]: [percent(r, lang) for r in rates],
            labels["overdue"]: rows["overdue"],
            labels["coverage_median"]: [percent(c, lang) for c in coverage],
        }
    )
    units = {c: "count" for c in counts} | {"on_time_rate": "percent", "coverage_median": "percent"}
    trend, provenance = None, None
    if metric is not None:
        months = months_window(tb)
        label = tb.name("metric", metric, lang, "label")
        unit = str(tb.metric_defs.set_index("metric").loc[metric, "unit"])
        values = reads.department_metric_values(rid, tuple(sorted(sc.initiatives)), (metric,), TREND_MONTHS)
        lines = [series(values, d, metric, months) for d in card["department_id"]]
        labels |= {
            "latest": t("departments.col_latest", lang, metric=label, month=month(months[-1], lang)),
            "change": t("departments.col_change", lang, start=month(months[0], lang)),
            "trend": t("departments.col_trend", lang, metric=label, months=TREND_MONTHS),
        }
        rows["latest"] = pd.array([s[-1] for s in lines], dtype=object)
        rows["change"] = pd.array(
            [None if s[0] in (None, 0) or s[-1] is None else (s[-1] - s[0]) / s[0] for s in lines], dtype=object
        )
        rows["trend"] = lines
        shown[labels["latest"]] = [
            t("app.no_data", lang) if s[-1] is None else narrative.metric_value(s[-1], unit, lang) for s in lines
        ]
        shown[labels["change"]] = [narrative.change_words(s[0], s[-1], lang) for s in lines]
        shown[labels["trend"]] = [[float("nan") if x is None else x for x in s] for s in lines]
        units |= {"latest": unit, "change": "percent", "trend": unit}
        trend = "trend"
        provenance = metrics.figure_provenance(values, tb.metric_defs, [metric])
    scorecard = _units(
        table(
            "scorecard",
            rows,
            labels,
            shown=shown.reset_index(drop=True),
            answer="on_time_rate",
            provenance=provenance,
        ),
        units,
    )
    return Scorecard(
        intro=Text("intro", t("departments.intro", lang, region=region)),
        coverage_help=Text("coverage_help", t("departments.coverage_help", lang)),
        table=scorecard,
        download=f"departments-{rid}",
        trend=trend,
        on_time=_on_time(card, rates, region, rid, lang),
        open_one=Text("open_one", t("departments.open_one", lang)),
    )


def _on_time(card: pd.DataFrame, rates: list[float | None], region: str, rid: str, lang: str) -> Card:
    due = card["done_on_time"] + card["done_late"] + card["overdue"]
    words = [
        t("app.no_data", lang)
        if r is None
        else t("departments.rate_words", lang, rate=percent(r, lang), on_time=int(o), due=int(n))
        for r, o, n in zip(rates, card["done_on_time"], due, strict=True)
    ]
    chart = pd.DataFrame(
        {"department": list(card["name"]), "on_time_rate": card["on_time_rate"].to_numpy(), "text": words}
    )
    labels = {
        "department_id": "department_id",
        "department": t("departments.col_department", lang),
        "on_time_rate": t("departments.col_on_time", lang),
        "done_on_time": t("milestone_class.done_on_time", lang),
        "done_late": t("milestone_class.done_late", lang),
        "overdue": t("milestone_class.overdue", lang),
    }
    rows = pd.DataFrame(
        {
            "department_id": card["department_id"],
            "department": card["name"],
            "on_time_rate": pd.array(rates, dtype=object),
            **{c: card[c].astype(int) for c in ("done_on_time", "done_late", "overdue")},
        }
    )
    shown = pd.DataFrame(
        {
            labels["department"]: list(card["name"]),
            labels["on_time_rate"]: words,
            **{labels[c]: list(rows[c]) for c in ("done_on_time", "done_late", "overdue")},
        }
    )
    return Card(
        id="departments-on-time",
        title=t("departments.on_time_title", lang, region=region),
        summary=narrative.departments_on_time_sentence(
            [(n, r) for n, r in zip(card["name"], rates, strict=True) if r is not None], lang
        ),
        chart=Chart("bar", partial(departments_on_time_bar_chart, chart, "", rtl=is_rtl(lang))),
        table=_units(
            table("on_time", rows, labels, shown=shown),
            {"on_time_rate": "percent", "done_on_time": "count", "done_late": "count", "overdue": "count"},
        ),
        filename=f"departments-on-time-{rid}",
    )


def _department(tb: Tables, did: str, lang: str) -> Department:
    row = tb.departments.set_index("department_id").loc[did]
    sector = row.get("sector")
    seat = t("departments.seat", lang, region=tb.name("region", row["region_id"], lang))
    if isinstance(sector, str) and sector:
        seat += f" · {t('departments.sector', lang, sector=sector)}"
    return Department(did, tb.name("department", did, lang), Text("seat", seat))


def _portfolio(
    reads: Reads, rid: str, region: str, dept: Department, metric: str | None, lang: str
) -> Portfolio | None:
    tb = reads.tables()
    did, name = dept.department_id, dept.name
    home = str(tb.departments.set_index("department_id").loc[did, "region_id"])
    sc, classified, gone, card = _figures(reads, rid)
    mine = card[card["department_id"] == did]
    own = tb.initiatives[
        (tb.initiatives["department_id"] == did) & tb.initiatives["initiative_id"].isin(sc.initiatives)
    ]
    if mine.empty or own.empty:
        return None
    f = mine.iloc[0]
    rate, coverage = _opt(f["on_time_rate"]), _opt(f["coverage_median"])
    services, live = int(f["initiatives"]), int(f["live"])
    figures = (
        Figure("services", t("departments.col_services", lang), services, "count", number(services, lang)),
        Figure(
            "live",
            t("departments.col_live", lang),
            live,
            "count",
            number(live, lang),
            help=t("departments.col_live_help", lang),
        ),
        Figure("on_time_rate", t("departments.col_on_time", lang), rate, "percent", percent(rate, lang)),
        Figure(
            "coverage_median",
            t("departments.col_coverage", lang),
            coverage,
            "percent",
            percent(coverage, lang),
            help=t("departments.coverage_help", lang),
        ),
    )
    own = own.assign(name=[tb.name("initiative", i, lang) for i in own["initiative_id"]]).sort_values("name")
    ids = list(own["initiative_id"])
    cov = [metrics.coverage(i, sc, home, tb.closure, tb.leaf_stages) for i in ids]
    labels = {
        "initiative_id": "initiative_id",
        "service": t("departments.col_service", lang),
        "status": t("departments.col_status", lang),
        "coverage": t("departments.col_service_coverage", lang, region=region),
    }
    rows = pd.DataFrame(
        {"initiative_id": ids, "service": list(own["name"]), "status": list(own["status"]), "coverage": cov}
    )
    shown = pd.DataFrame(
        {
            labels["service"]: rows["service"],
            labels["status"]: [t(f"departments.status_{s}", lang) for s in rows["status"]],
            labels["coverage"]: [percent(c, lang) for c in cov],
        }
    )
    mine_ids = set(ids)
    ms = classified[classified["initiative_id"].isin(mine_ids)]
    return Portfolio(
        sentence=Text("sentence", narrative.department_sentence(name, region, services, live, rate, coverage, lang)),
        figures=figures,
        services=_units(table("services", rows, labels, shown=shown, answer="status"), {"coverage": "percent"}),
        open_service=Text("open_service", t("departments.open_service", lang)),
        links=tuple(
            Link("initiative", n, {"initiative": i}, KEEP_PLACE) for i, n in zip(ids, own["name"], strict=True)
        ),
        milestones=_milestones(ms, gone[gone["initiative_id"].isin(mine_ids)], name, region, did, rid, lang),
        tracker=Link("milestones", t("departments.open_tracker", lang), {"department": did}, KEEP_PLACE),
        adoption=None if metric is None else _adoption(reads, rid, region, did, name, tuple(sorted(ids)), metric, lang),
    )


def _milestones(ms: pd.DataFrame, gone: pd.DataFrame, name: str, region: str, did: str, rid: str, lang: str) -> Card:
    counts = metrics.milestone_counts(ms)
    late = metrics.withdrawn_counts(gone)["withdrawn_overdue"]
    rows = pd.DataFrame(
        {
            "class": list(MILESTONE_CLASSES),
            "label": [t(f"milestone_class.{c}", lang) for c in MILESTONE_CLASSES],
            "count": [counts[c] for c in MILESTONE_CLASSES],
        }
    )
    labels = {"class": "class", "label": t("departments.col_class", lang), "count": t("departments.col_count", lang)}
    return Card(
        id="departments-milestones",
        title=t("departments.milestones_title", lang, department=name, region=region),
        summary=narrative.milestones_sentence(counts, metrics.on_time_rate(counts, late), lang, late),
        chart=None if ms.empty else Chart("bar", partial(milestone_class_bar_chart, rows, "", rtl=is_rtl(lang))),
        table=_units(
            table(
                "milestones",
                rows,
                labels,
                shown=rows[["label", "count"]].rename(columns={"label": labels["label"], "count": labels["count"]}),
            ),
            {"count": "count"},
        ),
        filename=f"milestones-{did}-{rid}",
    )


def _adoption(
    reads: Reads,
    rid: str,
    region: str,
    did: str,
    name: str,
    initiative_ids: tuple[str, ...],
    metric: str,
    lang: str,
) -> Card:
    tb = reads.tables()
    label = tb.name("metric", metric, lang, "label")
    unit = str(tb.metric_defs.set_index("metric").loc[metric, "unit"])
    values = reads.department_metric_values(rid, initiative_ids, (metric,), TREND_MONTHS)
    months = months_window(tb)
    line = series(values, did, metric, months)
    trend = pd.DataFrame({"month": months, "value": pd.array(line, dtype="Float64")})
    known = trend.dropna(subset=["value"])
    rows = pd.DataFrame({"month": [m.date() for m in months], "value": pd.array(line, dtype=object)})
    shown = pd.DataFrame(
        {
            t("departments.col_month", lang): [month(m, lang) for m in months],
            label: [t("app.no_data", lang) if v is None else narrative.metric_value(v, unit, lang) for v in line],
        }
    )
    return Card(
        id="departments-adoption",
        title=t("departments.adoption_title", lang, metric=label, department=name, region=region),
        summary=narrative.adoption_trend_sentence(label, unit, trend, lang),
        chart=None
        if known.empty
        else Chart("line", partial(metric_trend_line_chart, known, "", label, rtl=is_rtl(lang))),
        table=_units(
            table("adoption", rows, {"month": t("departments.col_month", lang), "value": label}, shown=shown),
            {"value": unit},
        ),
        filename=f"{metric}-{did}-{rid}",
        provenance=metrics.figure_provenance(values[values["department_id"] == did], tb.metric_defs, [metric]),
    )
