"""Outcomes: are the digital services of a region meeting their published targets, and is the money arriving?
Every target series judged by one published rule (metrics), with the chosen service's trajectories, and
funding committed against disbursed per funder and per service, one currency at a time (never converted)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from shafaf import metrics, narrative
from shafaf.charts.targets import targets_status_bar_chart
from shafaf.fmt import is_missing, is_rtl
from shafaf.i18n import t
from shafaf.views import outcome_cards
from shafaf.views.base import Filters, meta
from shafaf.views.model import Card, Chart, Meta, Table, Text, table

if TYPE_CHECKING:
    from shafaf.reads import Reads, Tables

PAGE = "outcomes"
PARAMS: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutcomesView:
    """What the Outcomes page shows (`targets` / `funding_lines` None when there is no row to list)."""

    meta: Meta
    region: str
    intro: Text
    status: Card
    targets: Table | None
    choose: Text | None  # without a chosen service: how to see its trajectories
    selected: Text | None  # the chosen service's heading, when it has targets here
    trajectories: tuple[Card, ...]
    funding_note: Text  # `funding_none`, or the note that currencies are never added together
    funding: tuple[Card, ...]
    funding_lines: Table | None


def in_scope(reads: Reads, filters: Filters) -> tuple[str, ...]:
    """Initiatives in the chosen region (metrics.scope), narrowed to the chosen department."""
    tb = reads.tables()
    ids = set(reads.scope(filters.region_id).initiatives)
    if filters.department_id:
        ids &= set(tb.initiatives.loc[tb.initiatives["department_id"] == filters.department_id, "initiative_id"])
    return tuple(sorted(ids))


def build(reads: Reads, filters: Filters, lang: str) -> OutcomesView:
    """The Outcomes page of `filters.region_id` (and department; initiative for the detail), in `lang`."""
    tb = reads.tables()
    region = tb.name("region", filters.region_id, lang)
    ids = in_scope(reads, filters)
    points, values, statuses = reads.targets(ids)
    rows = metrics.targets_in(statuses, reads.scope(filters.region_id))
    rows = rows[rows["initiative_id"].isin(ids)]
    iid = filters.initiative_id
    mine = rows[rows["initiative_id"] == iid] if iid is not None else rows.iloc[0:0]
    funding = reads.funding(ids)
    judged = sorted(set(rows["metric"]))
    provenance = (
        metrics.figure_provenance(metrics.target_values_shown(values, rows), tb.metric_defs, judged) if judged else None
    )
    return OutcomesView(
        meta=meta(reads, PAGE, filters, lang),
        region=region,
        intro=Text("intro", t("outcomes.intro", lang, region=region)),
        status=_status(rows, region, filters.region_id, lang, provenance),
        targets=None if rows.empty else _targets(tb, rows, lang, provenance),
        choose=Text("choose_for_detail", t("outcomes.choose_for_detail", lang)) if iid is None else None,
        selected=None
        if mine.empty
        else Text("selected", t("outcomes.selected", lang, name=tb.name("initiative", iid, lang))),
        trajectories=tuple(
            outcome_cards.target_card(tb, s, points, values, lang, f"outcomes-target-{i}")
            for i, s in enumerate(mine.to_dict("records"))
        ),
        funding_note=Text("funding_none", t("outcomes.funding_none", lang))
        if funding.empty
        else Text("funding_currency_note", t("outcomes.funding_currency_note", lang)),
        funding=_funding(tb, funding, lang),
        funding_lines=None if funding.empty else _funding_lines(tb, funding, lang),
    )


def _status(rows: pd.DataFrame, region: str, rid: str, lang: str, provenance: metrics.FigureProvenance | None) -> Card:
    """How many target series are on track, off track, without data."""
    n = rows["status"].value_counts()
    counts = pd.DataFrame(
        {
            "status": list(metrics.TARGET_STATUSES),
            "label": [t(f"outcomes.status_{s}", lang) for s in metrics.TARGET_STATUSES],
            "count": [int(n.get(s, 0)) for s in metrics.TARGET_STATUSES],
        }
    )
    heads = {"status": "status", "label": t("outcomes.col_status", lang), "count": t("initiative.col_count", lang)}
    return Card(
        id="outcomes-status",
        title=t("outcomes.status_title", lang, region=region),
        summary=narrative.targets_status_sentence(dict(zip(counts["status"], counts["count"], strict=True)), lang),
        chart=None if rows.empty else Chart("bar", partial(targets_status_bar_chart, counts, "", rtl=is_rtl(lang))),
        table=table("status", counts, heads, shown=counts[["label", "count"]].rename(columns=heads)),
        filename=f"targets-status-{rid}",
        provenance=provenance,
    )


def _value(v: object, unit: str, lang: str) -> str:
    return t("app.no_data", lang) if v is None or is_missing(v) else narrative.metric_value(v, unit, lang)


def _targets(tb: Tables, rows: pd.DataFrame, lang: str, provenance: metrics.FigureProvenance | None) -> Table:
    """Every target series in scope: its latest month's actual against the target then, judged."""
    raw = pd.DataFrame(
        {
            "initiative_id": rows["initiative_id"].to_numpy(),
            "initiative": [tb.name("initiative", i, lang) for i in rows["initiative_id"]],
            "metric": rows["metric"].to_numpy(),
            "measure": [tb.name("metric", m, lang, "label") for m in rows["metric"]],
            "target_region_id": [r if isinstance(r, str) else None for r in rows["target_region_id"]],
            "area": [outcome_cards.area_name(tb, r, lang) for r in rows["target_region_id"]],
            "status": rows["status"].to_numpy(),
            "month": [None if is_missing(m) else pd.Timestamp(m).date() for m in rows["month"]],
            "actual": rows["actual"].astype("float64").to_numpy(),
            "target": rows["target"].astype("float64").to_numpy(),
            "unit": rows["unit"].to_numpy(),
            "lower_is_better": [bool(low) for low in rows["lower_is_better"]],
        }
    )
    heads = {
        "initiative_id": "initiative_id",
        "initiative": t("outcomes.col_initiative", lang),
        "metric": "metric",
        "measure": t("outcomes.col_metric", lang),
        "target_region_id": "target_region_id",
        "area": t("outcomes.col_area", lang),
        "status": t("outcomes.col_status", lang),
        "month": t("outcomes.col_month", lang),
        "actual": t("outcomes.col_actual", lang),
        "target": t("outcomes.col_target", lang),
        "unit": "unit",
        "lower_is_better": t("outcomes.col_direction", lang),
    }
    units = rows["unit"]
    shown = pd.DataFrame(
        {
            heads["initiative"]: raw["initiative"],
            heads["measure"]: raw["measure"],
            heads["area"]: raw["area"],
            heads["status"]: [t(f"outcomes.status_{s}", lang) for s in rows["status"]],
            heads["month"]: rows["month"].fillna(t("app.no_data", lang)).to_numpy(),
            heads["actual"]: [_value(a, u, lang) for a, u in zip(rows["actual"], units, strict=True)],
            heads["target"]: [_value(v, u, lang) for v, u in zip(rows["target"], units, strict=True)],
            heads["lower_is_better"]: [
                t("outcomes.lower" if low else "outcomes.higher", lang) for low in rows["lower_is_better"]
            ],
        }
    )
    return table("targets", raw, heads, shown=shown, answer="status", provenance=provenance)


def _funding(tb: Tables, funding: pd.DataFrame, lang: str) -> tuple[Card, ...]:
    """Per currency: by funder, then by service when more than one service has money in it."""
    if funding.empty:
        return ()
    by_funder = metrics.funding_totals(funding, "funder")
    by_initiative = metrics.funding_totals(funding, "initiative_id")
    cards: list[Card] = []
    for cur in sorted(funding["currency"].unique()):
        title = t("outcomes.funding_funder_title", lang, currency=cur)
        cards.append(
            outcome_cards.funding_card(
                tb, by_funder[by_funder["currency"] == cur], "funder", title, lang, f"outcomes-funder-{cur}"
            )
        )
        per_initiative = by_initiative[by_initiative["currency"] == cur]
        if len(per_initiative) < 2:  # one service: the funder chart already shows it all
            continue
        title = t("outcomes.funding_initiative_title", lang, currency=cur)
        cards.append(
            outcome_cards.funding_card(tb, per_initiative, "initiative_id", title, lang, f"outcomes-initiative-{cur}")
        )
    return tuple(cards)


def _funding_lines(tb: Tables, funding: pd.DataFrame, lang: str) -> Table:
    """Every funding line in scope, as published, with its disbursed share and the flag."""
    shown = outcome_cards.funding_table(tb, funding, lang)
    raw = pd.DataFrame(
        {
            "initiative_id": funding["initiative_id"].to_numpy(),
            "initiative": shown.iloc[:, 0].to_numpy(),
            "funder": shown.iloc[:, 1].to_numpy(),
            "currency": funding["currency"].to_numpy(),
            "committed": funding["committed"].astype("float64").to_numpy(),
            "disbursed": funding["disbursed"].astype("float64").to_numpy(),
            "disbursed_share": [None if is_missing(s) else float(s) for s in funding["disbursed_share"]],
            "above_committed": [bool(o) for o in funding["over_committed"]],
            "as_of": [None if is_missing(d) else pd.Timestamp(d).date() for d in funding["as_of"]],
        }
    )
    heads = {"initiative_id": "initiative_id", **dict(zip(raw.columns[1:], shown.columns, strict=True))}
    return table("funding_lines", raw, heads, shown=shown, answer="disbursed_share")
