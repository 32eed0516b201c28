"""Overview: how is digitalisation going in this region? Headline figures, usage trends, milestones, what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from shafaf import metrics, narrative, public_record
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.fmt import is_rtl, month, number, percent
from shafaf.i18n import t
from shafaf.metrics import MILESTONE_CLASSES
from shafaf.views.base import Filters, meta
from shafaf.views.model import Card, Chart, Figure, Meta, Table, Text, from_frame, table

if TYPE_CHECKING:
    from shafaf.reads import Reads

PAGE = "overview"
PARAMS: tuple[str, ...] = ()
TREND_MONTHS = 24


@dataclass(frozen=True)
class Update:
    """One status update: its date, title, who it is about (a service's name, or programme-wide) and body."""

    date: dt.date
    title: str
    initiative_id: str | None
    about: str
    body: str


@dataclass(frozen=True)
class OverviewView:
    """What the Overview shows."""

    meta: Meta
    region: str
    headline: Text
    reach: Text
    figures: tuple[Figure, ...]
    usage: tuple[Figure, ...]
    trends: tuple[Card, ...]
    milestones: Card
    changes: Table
    updates: tuple[Update, ...]


def build(reads: Reads, filters: Filters, lang: str) -> OverviewView:
    """The Overview of `filters.region_id` in `lang`."""
    tb = reads.tables()
    rid = filters.region_id
    s = reads.summary(rid)
    region = tb.name("region", rid, lang)
    is_leaf = not metrics.children(tb.regions, rid)
    headline = (
        narrative.regions_leaf_sentence(s["initiatives_live"], s["initiatives"], region, lang)
        if is_leaf
        else narrative.reach_sentence(s, region, lang)
    )
    reach_help = t("reach.rule", lang)
    figures = [
        Figure(
            "initiatives", t("overview.initiatives", lang), s["initiatives"], "count", number(s["initiatives"], lang)
        ),
        Figure(
            "initiatives_live",
            t("overview.live", lang),
            s["initiatives_live"],
            "count",
            number(s["initiatives_live"], lang),
            help=reach_help,
        ),
    ]
    if is_leaf:  # "1 of 1 local areas" says nothing about a local area: what has not reached it does
        n = s["initiatives_by_reach"]["not_reached"]
        figures.append(Figure("not_reached", t("reach.not_reached", lang), n, "count", number(n, lang)))
    else:
        text = t("overview.n_of_m", lang, n=number(s["regions_reached"], lang), m=number(s["leaf_regions"], lang))
        figures.append(Figure("regions_reached", t("overview.reached", lang), s["regions_reached"], "count", text))
    figures.append(
        Figure(
            "on_time_rate", t("overview.on_time", lang), s["on_time_rate"], "percent", percent(s["on_time_rate"], lang)
        )
    )
    usage, trends = _usage(reads, rid, s, region, lang)
    sc = reads.scope(rid)
    return OverviewView(
        meta=meta(reads, PAGE, filters, lang),
        region=region,
        headline=Text("headline", headline),
        reach=Text("reach", narrative.reach_counts_sentence(s["initiatives_by_reach"], lang), help=reach_help),
        figures=tuple(figures),
        usage=usage,
        trends=trends,
        milestones=_milestones(s, region, rid, lang),
        changes=_changes(reads, lang),
        updates=_updates(reads, tuple(sorted(sc.initiatives)), lang),
    )


def _usage(reads: Reads, rid: str, s: dict, region: str, lang: str) -> tuple[tuple[Figure, ...], tuple[Card, ...]]:
    tb = reads.tables()
    heads = s["metrics"]
    if not heads:
        return (), ()
    defs = tb.metric_defs.set_index("metric")
    figures, cards = [], []
    values = reads.metric_values(rid, tuple(sorted(reads.scope(rid).initiatives)))
    for metric, h in heads.items():
        unit = str(defs.loc[metric, "unit"])
        label = tb.name("metric", metric, lang, "label")
        delta = delta_text = None
        if h["value"] is not None and h["previous_value"] is not None:
            delta = h["value"] - h["previous_value"]
            delta_text = narrative.metric_delta(delta, unit, lang)
        figures.append(
            Figure(
                metric,
                label,
                h["value"],
                unit,
                t("app.no_data", lang) if h["value"] is None else narrative.metric_value(h["value"], unit, lang),
                help=t(
                    "overview.metric_help", lang, month=month(h["month"], lang), per_1000=number(h["per_1000"], lang, 1)
                ),
                delta=delta,
                delta_text=delta_text,
                lower_is_better=metrics.lower_is_better(unit),
            )
        )
        v = values[values["metric"] == metric].dropna(subset=["value"]).tail(TREND_MONTHS)
        months = list(pd.to_datetime(v["month"]))
        rows = pd.DataFrame({"month": [m.date() for m in months], "value": v["value"].astype("float64").round(2)})
        shown = pd.DataFrame({t("overview.col_month", lang): [month(m, lang) for m in months], label: rows["value"]})
        cards.append(
            Card(
                id=f"overview-trend-{metric}",
                title=t("overview.trend_title", lang, metric=label, region=region),
                summary=narrative.metric_trend_sentence(label, unit, h, lang),
                chart=None
                if v.empty
                else Chart("line", partial(metric_trend_line_chart, v, "", label, rtl=is_rtl(lang))),
                table=table(
                    f"trend-{metric}",
                    rows,
                    {"month": t("overview.col_month", lang), "value": label},
                    shown=shown,
                ),
                filename=f"{metric}-{rid}",
                provenance=metrics.figure_provenance(v, tb.metric_defs, [metric]),
            )
        )
    return tuple(figures), tuple(cards)


def _milestones(s: dict, region: str, rid: str, lang: str) -> Card:
    # a milestone withdrawn while overdue stays in the picture as its own bar: it is counted as missed
    classes = [*MILESTONE_CLASSES, *(["withdrawn_overdue"] if s["withdrawn_overdue"] else [])]
    by_class = {**s["milestones"], "withdrawn_overdue": s["withdrawn_overdue"]}
    counts = pd.DataFrame(
        {
            "class": classes,
            "label": [t(f"milestone_class.{c}", lang) for c in classes],
            "count": [by_class[c] for c in classes],
        }
    )
    return Card(
        id="overview-milestones",
        title=t("overview.milestones_title", lang, region=region),
        summary=narrative.milestones_sentence(s["milestones"], s["on_time_rate"], lang, s["withdrawn_overdue"]),
        chart=None
        if counts["count"].sum() == 0
        else Chart("bar", partial(milestone_class_bar_chart, counts, "", rtl=is_rtl(lang))),
        table=table(
            "milestones",
            counts,
            {"class": "class", "label": t("overview.col_class", lang), "count": t("overview.col_count", lang)},
            shown=counts[["label", "count"]].rename(
                columns={"label": t("overview.col_class", lang), "count": t("overview.col_count", lang)}
            ),
        ),
        filename=f"milestones-{rid}",
    )


def _changes(reads: Reads, lang: str) -> Table:
    tb = reads.tables()
    changes = reads.changes(reads.snapshot_id)
    shown = public_record.changes_table(changes, lambda e, i, f: tb.name(e, i, lang, f), lang)
    return from_frame("changes", shown, ("change", "what", "before", "after", "reason"))


def _updates(reads: Reads, initiative_ids: tuple[str, ...], lang: str) -> tuple[Update, ...]:
    tb = reads.tables()
    out = []
    for u in reads.updates(initiative_ids).itertuples(index=False):
        iid = u.initiative_id if isinstance(u.initiative_id, str) else None
        out.append(
            Update(
                date=pd.Timestamp(u.date).date(),
                title=tb.translations.get(("update", u.update_id, "title", lang)) or u.title,
                initiative_id=iid,
                about=tb.name("initiative", iid, lang) if iid else t("overview.programme_wide", lang),
                body=tb.translated("update", u.update_id, "body", lang, u.body),
            )
        )
    return tuple(out)
