"""Outcomes: are the digital services in this region meeting their published targets, and is the money
arriving? For donors (and anyone checking results against promises): every target judged by one published
rule, and funding committed against disbursed, per currency."""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative
from shafaf.charts.targets import targets_status_bar_chart
from shafaf.fmt import is_rtl, md
from shafaf.i18n import t
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card
from shafaf.ui.context import Context
from shafaf.ui.outcome_cards import area_name, funding_card, funding_table, target_card
from shafaf.ui.tables import data_table


def in_scope(ctx: Context) -> tuple[str, ...]:
    """Initiatives in the chosen region (metrics.scope), narrowed to the chosen department."""
    tb = ctx.tables
    sc = data.scope(ctx.snap.path, ctx.region_id)
    ids = set(sc.initiatives)
    if ctx.department_id:
        ids &= set(tb.initiatives.loc[tb.initiatives["department_id"] == ctx.department_id, "initiative_id"])
    return tuple(sorted(ids))


def targets_section(ctx: Context, ids: tuple[str, ...]) -> None:
    """Status counts of every target series in scope, the table, and the chosen service's trajectories."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    st.header(t("outcomes.targets", lang))
    points, values, statuses = data.targets(ctx.snap.path, ids)
    sc = data.scope(ctx.snap.path, ctx.region_id)
    rows = metrics.targets_in(statuses, sc)
    rows = rows[rows["initiative_id"].isin(ids)]
    n = rows["status"].value_counts()
    counts = pd.DataFrame(
        {
            "status": list(metrics.TARGET_STATUSES),
            "label": [t(f"outcomes.status_{s}", lang) for s in metrics.TARGET_STATUSES],
            "count": [int(n.get(s, 0)) for s in metrics.TARGET_STATUSES],
        }
    )
    chart_card(
        ctx,
        key="outcomes-status",
        title=t("outcomes.status_title", lang, region=region),
        summary=narrative.targets_status_sentence(dict(zip(counts["status"], counts["count"], strict=True)), lang),
        fig=None if rows.empty else targets_status_bar_chart(counts, "", rtl=rtl),
        table=counts[["label", "count"]].rename(
            columns={"label": t("outcomes.col_status", lang), "count": t("initiative.col_count", lang)}
        ),
        filename=f"targets-status-{ctx.region_id}",
    )
    if not rows.empty:
        units = rows["unit"]
        data_table(
            pd.DataFrame(
                {
                    t("outcomes.col_initiative", lang): [tb.name("initiative", i, lang) for i in rows["initiative_id"]],
                    t("outcomes.col_metric", lang): [tb.name("metric", m, lang, "label") for m in rows["metric"]],
                    t("outcomes.col_area", lang): [area_name(ctx, r) for r in rows["target_region_id"]],
                    t("outcomes.col_status", lang): [t(f"outcomes.status_{s}", lang) for s in rows["status"]],
                    t("outcomes.col_month", lang): rows["month"].fillna(t("app.no_data", lang)),
                    t("outcomes.col_actual", lang): [
                        t("app.no_data", lang) if a is None or a != a else narrative.metric_value(a, u, lang)
                        for a, u in zip(rows["actual"], units, strict=True)
                    ],
                    t("outcomes.col_target", lang): [
                        t("app.no_data", lang) if v is None or v != v else narrative.metric_value(v, u, lang)
                        for v, u in zip(rows["target"], units, strict=True)
                    ],
                    t("outcomes.col_direction", lang): [
                        t("outcomes.lower" if low else "outcomes.higher", lang) for low in rows["lower_is_better"]
                    ],
                }
            ),
            answer=t("outcomes.col_status", lang),
            key="outcomes.targets",
        )
    iid = ctx.initiative_id
    if iid is None:
        st.caption(t("outcomes.choose_for_detail", lang))
        return
    mine = rows[rows["initiative_id"] == iid]
    if mine.empty:
        return
    st.subheader(md(t("outcomes.selected", lang, name=tb.name("initiative", iid, lang))))
    cols = st.columns(2)
    for i, status in enumerate(mine.to_dict("records")):
        with cols[i % 2]:
            target_card(ctx, status, points, values, key=f"outcomes-target-{i}")


def funding_section(ctx: Context, ids: tuple[str, ...]) -> None:
    """Committed against disbursed per funder and per service, one chart per currency."""
    lang = ctx.lang
    st.header(t("outcomes.funding", lang))
    funding = data.funding(ctx.snap.path, ids)
    if funding.empty:
        st.write(t("outcomes.funding_none", lang))
        return
    st.caption(t("outcomes.funding_currency_note", lang))
    by_funder = metrics.funding_totals(funding, "funder")
    by_initiative = metrics.funding_totals(funding, "initiative_id")
    for currency in sorted(funding["currency"].unique()):
        funding_card(
            ctx,
            by_funder[by_funder["currency"] == currency],
            "funder",
            t("outcomes.funding_funder_title", lang, currency=currency),
            key=f"outcomes-funder-{currency}",
        )
        per_initiative = by_initiative[by_initiative["currency"] == currency]
        if len(per_initiative) < 2:  # one service: the funder chart already shows it all
            continue
        funding_card(
            ctx,
            per_initiative,
            "initiative_id",
            t("outcomes.funding_initiative_title", lang, currency=currency),
            key=f"outcomes-initiative-{currency}",
        )
    st.subheader(t("outcomes.funding_lines", lang))
    data_table(funding_table(ctx, funding), answer=t("outcomes.col_share", lang), key="outcomes.funding_lines")


def body(ctx: Context) -> None:
    """The page's content."""
    region = ctx.tables.name("region", ctx.region_id, ctx.lang)
    st.markdown(md(t("outcomes.intro", ctx.lang, region=region)))
    ids = in_scope(ctx)
    targets_section(ctx, ids)
    funding_section(ctx, ids)


layout.page("outcomes", body)
