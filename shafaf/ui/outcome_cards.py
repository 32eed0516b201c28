"""Target and funding cards shared by the Initiative and Outcomes pages (one rule, one look)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from shafaf import metrics, narrative
from shafaf.charts.funding import funding_committed_bar_chart
from shafaf.charts.targets import targets_trajectory_line_chart
from shafaf.fmt import date, is_rtl, month, percent
from shafaf.i18n import t
from shafaf.ui.chart_card import chart_card
from shafaf.ui.context import Context


def area_name(ctx: Context, target_region_id: Any) -> str:
    """The area a target was set for: a region's name, or 'whole service'."""
    if isinstance(target_region_id, str):
        return ctx.tables.name("region", target_region_id, ctx.lang)
    return t("initiative.whole_service", ctx.lang)


def series_frames(
    points: pd.DataFrame, values: pd.DataFrame, initiative_id: str, target_region_id: Any, metric: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(target points, actual values) of one target series."""

    def pick(df: pd.DataFrame) -> pd.DataFrame:
        same_area = (
            df["target_region_id"] == target_region_id
            if isinstance(target_region_id, str)
            else df["target_region_id"].isna()
        )
        return df[(df["initiative_id"] == initiative_id) & (df["metric"] == metric) & same_area]

    counts = [c for c in metrics.STATUS_COUNTS if c in values]
    return pick(points)[["month", "value"]], pick(values)[["month", "value", *counts]]


def target_card(ctx: Context, status: dict[str, Any], points: pd.DataFrame, values: pd.DataFrame, key: str) -> None:
    """One target series: actual against target, with on track / off track / no data in words."""
    lang, tb = ctx.lang, ctx.tables
    metric, unit = status["metric"], status["unit"]
    label = tb.name("metric", metric, lang, "label")
    p, a = series_frames(points, values, status["initiative_id"], status["target_region_id"], metric)
    first = pd.to_datetime(p["month"]).min() if not p.empty else None
    # the actual line from a year before the first target point, so the trend towards it is visible
    shown = a if first is None else a[pd.to_datetime(a["month"]) >= first - pd.DateOffset(months=12)]
    table = pd.merge(
        shown.rename(columns={"value": "actual"}),
        p.rename(columns={"value": "target"}),
        on="month",
        how="outer",
    ).sort_values("month")
    table = pd.DataFrame(
        {
            t("outcomes.col_month", lang): [month(m, lang) for m in pd.to_datetime(table["month"])],
            t("outcomes.actual", lang): table["actual"].astype("float64").round(2),
            t("outcomes.target", lang): table["target"].astype("float64").round(2),
        }
    )
    word = t(f"outcomes.status_{status['status']}", lang)
    provenance = metrics.figure_provenance(shown.assign(metric=metric), tb.metric_defs, [metric])
    chart_card(
        ctx,
        key=key,
        title=t("outcomes.trajectory_title", lang, metric=label, area=area_name(ctx, status["target_region_id"]))
        + f" · {word}",
        summary=narrative.target_sentence(status, label, unit, lang),
        fig=None
        if shown.empty and p.empty
        else targets_trajectory_line_chart(
            shown,
            p,
            "",
            actual_name=t("outcomes.actual", lang),
            target_name=t("outcomes.target", lang),
            y_title=label,
            rtl=is_rtl(lang),
        ),
        table=table,
        filename=f"target-{status['initiative_id']}-{metric}",
        provenance=provenance,
    )


def funding_table(ctx: Context, funding: pd.DataFrame) -> pd.DataFrame:
    """Funding rows for people: initiative, funder, currency, amounts, share and the flag in words."""
    lang, tb = ctx.lang, ctx.tables
    return pd.DataFrame(
        {
            t("outcomes.col_initiative", lang): [tb.name("initiative", i, lang) for i in funding["initiative_id"]],
            t("outcomes.col_funder", lang): [tb.translated("funding", f, "funder", lang, f) for f in funding["funder"]],
            t("outcomes.col_currency", lang): funding["currency"],
            t("outcomes.col_committed", lang): funding["committed"],
            t("outcomes.col_disbursed", lang): funding["disbursed"],
            t("outcomes.col_share", lang): [percent(s, lang) for s in funding["disbursed_share"]],
            t("outcomes.col_flag", lang): [
                t("outcomes.above_committed", lang) if o else "" for o in funding["over_committed"]
            ],
            t("outcomes.col_as_of", lang): [date(d, lang) for d in funding["as_of"]],
        }
    )


def funding_card(ctx: Context, totals: pd.DataFrame, by: str, title: str, key: str) -> None:
    """Committed against disbursed in one currency; `totals` from metrics.funding_totals, one currency, by funder or initiative."""
    lang, tb = ctx.lang, ctx.tables
    currency = str(totals["currency"].iloc[0])
    totals = totals.sort_values("committed", ascending=False, kind="stable")
    labels = [
        tb.name("initiative", x, lang) if by == "initiative_id" else tb.translated("funding", x, "funder", lang, x)
        for x in totals[by]
    ]
    flags = [t("outcomes.above_committed", lang) if o else "" for o in totals["over_committed"]]
    shares = [
        percent(d / c, lang) if c else t("app.no_data", lang)
        for c, d in zip(totals["committed"], totals["disbursed"], strict=True)
    ]
    table = pd.DataFrame(
        {
            t("outcomes.col_initiative" if by == "initiative_id" else "outcomes.col_funder", lang): labels,
            t("outcomes.col_currency", lang): currency,
            t("outcomes.col_committed", lang): totals["committed"].to_numpy(),
            t("outcomes.col_disbursed", lang): totals["disbursed"].to_numpy(),
            t("outcomes.col_share", lang): shares,
            t("outcomes.col_flag", lang): flags,
            t("outcomes.col_rows_over", lang): totals["rows_over"].to_numpy(),
        }
    )
    chart_df = pd.DataFrame(
        {
            "label": labels,
            "committed": totals["committed"].to_numpy(),
            "disbursed": totals["disbursed"].to_numpy(),
            "flag": flags,
        }
    )
    chart_card(
        ctx,
        key=key,
        title=title,
        summary=narrative.funding_sentence(
            float(totals["committed"].sum()),
            float(totals["disbursed"].sum()),
            currency,
            int(totals["rows_over"].sum()),
            lang,
        ),
        fig=funding_committed_bar_chart(
            chart_df,
            "",
            currency=currency,
            committed_name=t("outcomes.committed", lang),
            disbursed_name=t("outcomes.disbursed", lang),
            rtl=is_rtl(lang),
        ),
        table=table,
        filename=f"funding-{'initiative' if by == 'initiative_id' else by}-{currency}",
    )
