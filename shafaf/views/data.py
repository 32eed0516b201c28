"""About the data: the package's facts, the methodology, the measures, how fresh and complete the figures are,
and every publication (with a link to the Overview as it was)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from shafaf import metrics, narrative
from shafaf.charts.data_quality import completeness_bar_chart, freshness_bar_chart
from shafaf.fmt import date, is_rtl, percent, plural
from shafaf.fmt import month as fmt_month
from shafaf.history import public_history_frame
from shafaf.i18n import t
from shafaf.views.base import Filters, meta
from shafaf.views.model import KEEP_NONE, Card, Chart, Link, Meta, Table, Text, from_frame, table

if TYPE_CHECKING:
    from shafaf.reads import Reads

PAGE = "data"
PARAMS: tuple[str, ...] = ()
METHOD_KEYS = "stage in_region reached coverage milestones baseline metrics per_1000 missing history".split()
HISTORY_COLUMNS = (
    "snapshot_id published as_of published_by action departments_changed rows package_sha256 package".split()
)


@dataclass(frozen=True)
class DataView:
    """What About the data shows."""

    meta: Meta
    facts: Table
    methodology: tuple[Text, ...]
    measures: Table
    freshness: Card
    completeness: Card
    history: Table
    versions: tuple[Link, ...]


def build(reads: Reads, filters: Filters, lang: str, latest: Reads | None = None) -> DataView:
    """About the data for `filters.region_id` in `lang`.

    `latest`: the newest snapshot's reads, whose record lists every publication (the page passes it when it
    shows an earlier snapshot); by default this snapshot's own record, up to it.
    """
    newest = latest or reads
    pubs = newest.publishes()
    tb = reads.tables()
    history = public_history_frame(pubs, lang, lambda d: tb.name("department", d, lang))
    versions = []
    for earlier in pubs["snapshot_id"]:
        params = {"snapshot": str(earlier)} if earlier != newest.snapshot_id else {}
        if lang != "en":
            params["lang"] = lang
        versions.append(Link("overview", t("about.view_this", lang, snapshot=earlier), params, KEEP_NONE))
    return DataView(
        meta=meta(reads, PAGE, filters, lang),
        facts=_facts(reads, lang),
        methodology=tuple(Text(k, t(f"about.method_{k}", lang)) for k in METHOD_KEYS),
        measures=_measures(reads, lang),
        freshness=_freshness(reads, lang),
        completeness=_completeness(reads, filters.region_id, lang),
        history=from_frame("history", history, HISTORY_COLUMNS),
        versions=tuple(versions),
    )


def _facts(reads: Reads, lang: str) -> Table:
    tb = reads.tables()
    m = tb.meta
    raw = [
        ("title", m.get("title"), m.get("title")),
        ("publisher", m.get("publisher"), tb.translated("package", "package", "publisher", lang, m.get("publisher"))),
        ("license", m.get("license"), m.get("license")),
        ("as_of", m.get("as_of"), date(m.get("as_of"), lang)),
        ("published_at", m.get("published_at"), date(m.get("published_at"), lang)),
        ("snapshot", reads.snapshot_id, reads.snapshot_id),
        ("demo", bool(m.get("demo")), t("about.answer_yes" if m.get("demo") else "about.answer_no", lang)),
    ]
    if m.get("source_url"):
        raw.append(("source_url", m["source_url"], m["source_url"]))
    labels = [t(f"about.{k}", lang) for k, _, _ in raw]
    rows = pd.DataFrame({"fact": [k for k, _, _ in raw], "label": labels, "value": [v for _, v, _ in raw]})
    heads = {"fact": "fact", "label": t("about.col_fact", lang), "value": t("about.col_fact_value", lang)}
    shown = pd.DataFrame(
        list(zip(labels, [s for _, _, s in raw], strict=True)), columns=[heads["label"], heads["value"]]
    )
    return table("facts", rows, heads, shown=shown)


def _measures(reads: Reads, lang: str) -> Table:
    tb = reads.tables()
    defs = tb.metric_defs

    def how(aggregate: str, weight: object) -> str:
        if aggregate == "sum":
            return t("about.how_sum", lang)
        if isinstance(weight, str):
            return t("about.how_weighted", lang, weight=tb.name("metric", weight, lang, "label"))
        return t("about.how_mean", lang)

    rows = pd.DataFrame(
        {
            "metric": defs["metric"].to_numpy(),
            "measure": [tb.name("metric", m, lang, "label") for m in defs["metric"]],
            "unit": defs["unit"].to_numpy(),
            "how": [how(a, w) for a, w in zip(defs["aggregate"], defs["weight"], strict=True)],
            "headline": [bool(h) for h in defs["headline"]],
        }
    )
    heads = {
        "metric": "metric",
        "measure": t("about.col_measure", lang),
        "unit": t("about.col_unit", lang),
        "how": t("about.col_how", lang),
        "headline": t("about.col_headline", lang),
    }
    shown = pd.DataFrame(
        {
            heads["measure"]: rows["measure"],
            heads["unit"]: [
                t(f"about.unit_{u}", lang) if u in ("count", "people", "percent") else u for u in rows["unit"]
            ],
            heads["how"]: rows["how"],
            heads["headline"]: [t("about.answer_yes" if h else "about.answer_no", lang) for h in rows["headline"]],
        }
    )
    return table("measures", rows, heads, shown=shown)


def _freshness(reads: Reads, lang: str) -> Card:
    """The newest month each department reported, most months behind first (never reported before all)."""
    tb = reads.tables()
    fresh = reads.freshness().set_index("department_id")
    behind: dict[str, int | None] = {}
    rows = []
    for dep in tb.departments["department_id"]:
        latest = fresh["latest_month"].get(dep) if dep in fresh.index else None
        n = metrics.months_behind(latest, tb.as_of)
        behind[dep] = n
        rows.append(
            {
                "department_id": dep,
                "label": tb.name("department", dep, lang),
                "latest_month": None if n is None else pd.Timestamp(latest).date().replace(day=1),
                "latest": t("about.never", lang) if n is None else fmt_month(latest, lang),
                "months_behind": n,
                "reporting": int(fresh["reporting_initiatives_count"].get(dep, 0)) if dep in fresh.index else 0,
                "text": t("about.never", lang)
                if n is None
                else (t("about.up_to_date", lang) if n == 0 else plural("about.months_behind", n, lang)),
            }
        )
    cols = ["department_id", "label", "latest_month", "latest", "months_behind", "reporting", "text"]
    fdf = pd.DataFrame(rows, columns=cols).sort_values("months_behind", na_position="first", ascending=False)
    heads = {
        "department_id": "department_id",
        "department": t("about.col_department", lang),
        "latest_month": t("about.col_latest_month", lang),
        "months_behind": t("about.col_months_behind", lang),
        "reporting_count": t("about.col_reporting", lang),
    }
    out = fdf[["department_id", "label", "latest_month", "months_behind", "reporting"]].set_axis(list(heads), axis=1)
    shown = pd.DataFrame(
        {
            heads["department"]: fdf["label"],
            heads["latest_month"]: fdf["latest"],
            heads["months_behind"]: fdf["months_behind"].astype("Int64"),
            heads["reporting_count"]: fdf["reporting"],
        }
    )
    chart = partial(freshness_bar_chart, fdf, "", t("about.freshness_axis", lang), rtl=is_rtl(lang))
    # over every measure, the rows of the months the departments last reported
    latest = {pd.Timestamp(m) for m in fdf["latest_month"] if m is not None and not pd.isna(m)}
    values = reads.metric_values(tb.root_id, tuple(sorted(tb.initiatives["initiative_id"])))
    values = values[pd.to_datetime(values["month"]).isin(latest)] if not values.empty else values
    return Card(
        id="data-freshness",
        title=t("about.freshness_title", lang),
        summary=narrative.freshness_sentence(behind, lang),
        chart=Chart("bar", chart) if len(fdf) else None,
        table=table("freshness", out.astype({"months_behind": "Int64"}), heads, shown=shown),
        filename="freshness",
        provenance=metrics.figure_provenance(values, tb.metric_defs, list(tb.metric_defs["metric"])),
    )


def _completeness(reads: Reads, rid: str, lang: str) -> Card:
    """Per measure: of the local areas where a service is live, how many reported in the newest month."""
    tb = reads.tables()
    sc = reads.scope(rid)
    reported = reads.reported_leaves(rid, tuple(sorted(sc.initiatives)))
    crow = []
    for metric in tb.metric_defs["metric"]:
        r = reported[reported["metric"] == metric]
        if r.empty:
            n_rep, n_live, month = 0, metrics.reporting_completeness(set(), sc, tb.leaf_stages)[1], None
        else:
            month = r["month"].max()
            n_rep, n_live = metrics.reporting_completeness(
                set(r.loc[r["month"] == month, "leaf_id"]), sc, tb.leaf_stages
            )
        crow.append(
            {
                "metric": metric,
                "label": tb.name("metric", metric, lang, "label"),
                "month_raw": None if month is None else pd.Timestamp(month).date(),
                "month": fmt_month(month, lang),
                "reported": n_rep,
                "live": n_live,
                "share": n_rep / n_live if n_live else None,
                "text": f"{n_rep} / {n_live}" if n_live else t("app.no_data", lang),
            }
        )
    cols = ["metric", "label", "month_raw", "month", "reported", "live", "share", "text"]
    cdf = pd.DataFrame(crow, columns=cols)
    # each measure's rows in the month it is counted in
    counted = {(m, pd.Timestamp(d)) for m, d in zip(cdf["metric"], cdf["month_raw"], strict=True) if d is not None}
    values = reads.metric_values(rid, tuple(sorted(sc.initiatives)))
    if not values.empty:
        keys = zip(values["metric"], pd.to_datetime(values["month"]), strict=True)
        values = values[[k in counted for k in keys]]
    heads = {
        "metric": "metric",
        "measure": t("about.col_measure", lang),
        "month": t("about.col_month", lang),
        "reported_count": t("about.col_reported", lang),
        "live_count": t("about.col_live", lang),
        "share": t("about.col_share", lang),
    }
    rows = pd.DataFrame(
        {
            "metric": cdf["metric"],
            "measure": cdf["label"],
            "month": cdf["month_raw"],
            "reported_count": cdf["reported"],
            "live_count": cdf["live"],
            "share": cdf["share"],
        }
    )
    shown = pd.DataFrame(
        {
            heads["measure"]: cdf["label"],
            heads["month"]: cdf["month"],
            heads["reported_count"]: cdf["reported"],
            heads["live_count"]: cdf["live"],
            heads["share"]: [percent(s, lang) for s in cdf["share"]],
        }
    )
    chart = partial(completeness_bar_chart, cdf, "", t("about.completeness_axis", lang), rtl=is_rtl(lang))
    return Card(
        id="data-completeness",
        title=t("about.completeness_title", lang),
        summary=narrative.completeness_sentence(
            list(zip(cdf["label"], cdf["reported"], cdf["live"], strict=True)), lang
        ),
        chart=Chart("bar", chart) if len(cdf) else None,
        table=table("completeness", rows, heads, shown=shown),
        filename=f"completeness-{rid}",
        provenance=metrics.figure_provenance(values, tb.metric_defs, list(cdf["metric"])),
    )
