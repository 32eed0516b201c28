"""Target and funding cards as view-model pieces, shared by the Digital service and Outcomes views (one rule, one look).

Pure: a card's title, summary, table (canonical column ids; `shown` exactly as the pages display it) and
chart spec, from the snapshot's tables and the target/funding frames of `shafaf.reads`. No Streamlit here;
`shafaf.ui.render.card` draws them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from shafaf import metrics, narrative
from shafaf.charts.funding import funding_committed_bar_chart
from shafaf.charts.targets import targets_trajectory_line_chart
from shafaf.fmt import date, is_rtl, month, percent
from shafaf.i18n import t
from shafaf.views.model import Card, Chart, table

if TYPE_CHECKING:
    from shafaf.reads import Tables


def area_name(tb: Tables, target_region_id: Any, lang: str) -> str:
    """The area a target was set for: a region's name, or 'whole service'."""
    if isinstance(target_region_id, str):
        return tb.name("region", target_region_id, lang)
    return t("initiative.whole_service", lang)


def series_frames(
    points: pd.DataFrame, values: pd.DataFrame, initiative_id: str, target_region_id: Any, metric: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(target points, actual values) of one target series (new frames: the inputs are left as they are)."""

    def pick(df: pd.DataFrame) -> pd.DataFrame:
        same_area = (
            df["target_region_id"] == target_region_id
            if isinstance(target_region_id, str)
            else df["target_region_id"].isna()
        )
        return df[(df["initiative_id"] == initiative_id) & (df["metric"] == metric) & same_area]

    counts = [c for c in metrics.STATUS_COUNTS if c in values]
    return pick(points)[["month", "value"]].copy(), pick(values)[["month", "value", *counts]].copy()


def target_card(
    tb: Tables, status: dict[str, Any], points: pd.DataFrame, values: pd.DataFrame, lang: str, key: str
) -> Card:
    """One target series: actual against target, with on track / off track / no data in words.

    Table columns: `month` (the first day, ISO), `actual`, `target` (rounded to 2 places; null where none).
    """
    metric, unit = status["metric"], status["unit"]
    label = tb.name("metric", metric, lang, "label")
    p, a = series_frames(points, values, status["initiative_id"], status["target_region_id"], metric)
    first = pd.to_datetime(p["month"]).min() if not p.empty else None
    # the actual line from a year before the first target point, so the trend towards it is visible
    shown = a if first is None else a[pd.to_datetime(a["month"]) >= first - pd.DateOffset(months=12)]
    merged = pd.merge(
        shown.rename(columns={"value": "actual"}),
        p.rename(columns={"value": "target"}),
        on="month",
        how="outer",
    ).sort_values("month")
    months = list(pd.to_datetime(merged["month"]))
    rows = pd.DataFrame(
        {
            "month": [m.date() for m in months],
            "actual": merged["actual"].astype("float64").round(2).to_numpy(),
            "target": merged["target"].astype("float64").round(2).to_numpy(),
        }
    )
    heads = {"month": t("outcomes.col_month", lang), "actual": t("outcomes.actual", lang)}
    heads["target"] = t("outcomes.target", lang)
    word = t(f"outcomes.status_{status['status']}", lang)
    chart = partial(
        targets_trajectory_line_chart,
        shown,
        p,
        "",
        actual_name=heads["actual"],
        target_name=heads["target"],
        y_title=label,
        rtl=is_rtl(lang),
    )
    return Card(
        id=key,
        title=t("outcomes.trajectory_title", lang, metric=label, area=area_name(tb, status["target_region_id"], lang))
        + f" · {word}",
        summary=narrative.target_sentence(status, label, unit, lang),
        chart=None if shown.empty and p.empty else Chart("line", chart),
        table=table(
            "target",
            rows,
            heads,
            shown=pd.DataFrame(
                {
                    heads["month"]: [month(m, lang) for m in months],
                    heads["actual"]: rows["actual"],
                    heads["target"]: rows["target"],
                }
            ),
        ),
        filename=f"target-{status['initiative_id']}-{metric}",
        provenance=metrics.figure_provenance(shown.assign(metric=metric), tb.metric_defs, [metric]),
    )


def funding_table(tb: Tables, funding: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Funding rows for people: initiative, funder, currency, amounts, share and the flag in words."""
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


def funding_card(tb: Tables, totals: pd.DataFrame, by: str, title: str, lang: str, key: str) -> Card:
    """Committed against disbursed in one currency; `totals` from metrics.funding_totals, by funder or initiative.

    Table columns: `funder` (or `initiative`), `currency`, `committed`, `disbursed`, `disbursed_share` (0..1,
    null when nothing was committed), `above_committed` (true/false), `rows_over` (funding rows disbursed
    above their commitment).
    """
    currency = str(totals["currency"].iloc[0])
    totals = totals.sort_values("committed", ascending=False, kind="stable")
    who = "initiative" if by == "initiative_id" else "funder"
    labels = [
        tb.name("initiative", x, lang) if by == "initiative_id" else tb.translated("funding", x, "funder", lang, x)
        for x in totals[by]
    ]
    flags = [t("outcomes.above_committed", lang) if o else "" for o in totals["over_committed"]]
    committed, disbursed = totals["committed"].to_numpy(), totals["disbursed"].to_numpy()
    shares = [d / c if c else None for c, d in zip(committed, disbursed, strict=True)]
    rows = pd.DataFrame(
        {
            who: labels,
            "currency": currency,
            "committed": committed,
            "disbursed": disbursed,
            "disbursed_share": shares,
            "above_committed": [bool(o) for o in totals["over_committed"]],
            "rows_over": totals["rows_over"].to_numpy(),
        }
    )
    heads = {
        who: t(f"outcomes.col_{who}", lang),
        "currency": t("outcomes.col_currency", lang),
        "committed": t("outcomes.col_committed", lang),
        "disbursed": t("outcomes.col_disbursed", lang),
        "disbursed_share": t("outcomes.col_share", lang),
        "above_committed": t("outcomes.col_flag", lang),
        "rows_over": t("outcomes.col_rows_over", lang),
    }
    shown = rows.rename(columns=heads).assign(
        **{
            heads["disbursed_share"]: [t("app.no_data", lang) if s is None else percent(s, lang) for s in shares],
            heads["above_committed"]: flags,
        }
    )
    chart_df = pd.DataFrame({"label": labels, "committed": committed, "disbursed": disbursed, "flag": flags})
    return Card(
        id=key,
        title=title,
        summary=narrative.funding_sentence(
            float(totals["committed"].sum()),
            float(totals["disbursed"].sum()),
            currency,
            int(totals["rows_over"].sum()),
            lang,
        ),
        chart=Chart(
            "bar",
            partial(
                funding_committed_bar_chart,
                chart_df,
                "",
                currency=currency,
                committed_name=t("outcomes.committed", lang),
                disbursed_name=t("outcomes.disbursed", lang),
                rtl=is_rtl(lang),
            ),
        ),
        table=table(f"funding-{currency}", rows, heads, shown=shown),
        filename=f"funding-{'initiative' if by == 'initiative_id' else by}-{currency}",
    )
