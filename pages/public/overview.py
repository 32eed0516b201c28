"""Overview: how is digitalisation going in this region? The headline figures for everyone; what changed."""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative, public_record
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.fmt import date, is_rtl, isolate, md, month, number, percent
from shafaf.i18n import t
from shafaf.metrics import MILESTONE_CLASSES
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table

TREND_MONTHS = 24


def body(ctx: Context) -> None:
    """The page's content."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    s = data.summary(ctx.snap.path, ctx.region_id)
    region = tb.name("region", ctx.region_id, lang)
    is_leaf = not metrics.children(tb.regions, ctx.region_id)
    if is_leaf:
        st.markdown(md(narrative.regions_leaf_sentence(s["initiatives_live"], s["initiatives"], region, lang)))
    else:
        st.markdown(md(narrative.reach_sentence(s, region, lang)))
    st.markdown(narrative.reach_counts_sentence(s["initiatives_by_reach"], lang), help=t("reach.rule", lang))

    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.initiatives", lang), number(s["initiatives"], lang))
    c2.metric(t("overview.live", lang), number(s["initiatives_live"], lang), help=t("reach.rule", lang))
    if is_leaf:  # "1 of 1 local areas" says nothing about a local area: what has not reached it does
        c3.metric(t("reach.not_reached", lang), number(s["initiatives_by_reach"]["not_reached"], lang))
    else:
        c3.metric(
            t("overview.reached", lang),
            t("overview.n_of_m", lang, n=number(s["regions_reached"], lang), m=number(s["leaf_regions"], lang)),
        )
    c4.metric(t("overview.on_time", lang), percent(s["on_time_rate"], lang))

    defs = tb.metric_defs.set_index("metric")
    heads = s["metrics"]
    if heads:
        st.header(t("overview.usage", lang))
        cols = st.columns(min(len(heads), 4))
        for i, (metric, h) in enumerate(heads.items()):
            unit = str(defs.loc[metric, "unit"])
            label = tb.name("metric", metric, lang, "label")
            delta, diff = None, 0.0
            if h["value"] is not None and h["previous_value"] is not None:
                # the sign comes first: Streamlit draws a falling arrow only for a leading "-"
                diff = h["value"] - h["previous_value"]
                delta = narrative.metric_delta(diff, unit, lang)
            cols[i % len(cols)].metric(
                md(label),
                t("app.no_data", lang) if h["value"] is None else narrative.metric_value(h["value"], unit, lang),
                delta=delta,
                delta_color="off" if diff == 0 else ("inverse" if metrics.lower_is_better(unit) else "normal"),
                help=t(
                    "overview.metric_help",
                    lang,
                    month=month(h["month"], lang),
                    per_1000=number(h["per_1000"], lang, 1),
                ),
            )
        sc = data.scope(ctx.snap.path, ctx.region_id)
        values = data.metric_values(ctx.snap.path, ctx.region_id, tuple(sorted(sc.initiatives)))
        for metric, h in heads.items():
            label = tb.name("metric", metric, lang, "label")
            unit = str(defs.loc[metric, "unit"])
            v = values[values["metric"] == metric].dropna(subset=["value"]).tail(TREND_MONTHS)
            table = pd.DataFrame(
                {
                    t("overview.col_month", lang): [month(m, lang) for m in pd.to_datetime(v["month"])],
                    label: v["value"].astype("float64").round(2),
                }
            )
            chart_card(
                ctx,
                key=f"overview-trend-{metric}",
                title=t("overview.trend_title", lang, metric=label, region=region),
                summary=narrative.metric_trend_sentence(label, unit, h, lang),
                fig=None if v.empty else metric_trend_line_chart(v, "", label, rtl=rtl),
                table=table,
                filename=f"{metric}-{ctx.region_id}",
                provenance=metrics.figure_provenance(v, tb.metric_defs, [metric]),
            )

    st.header(t("overview.milestones", lang))
    counts = pd.DataFrame(
        {
            "class": list(MILESTONE_CLASSES),
            "label": [t(f"milestone_class.{c}", lang) for c in MILESTONE_CLASSES],
            "count": [s["milestones"][c] for c in MILESTONE_CLASSES],
        }
    )
    chart_card(
        ctx,
        key="overview-milestones",
        title=t("overview.milestones_title", lang, region=region),
        summary=narrative.milestones_sentence(s["milestones"], s["on_time_rate"], lang, s["withdrawn_overdue"]),
        fig=None if counts["count"].sum() == 0 else milestone_class_bar_chart(counts, "", rtl=rtl),
        table=counts[["label", "count"]].rename(
            columns={"label": t("overview.col_class", lang), "count": t("overview.col_count", lang)}
        ),
        filename=f"milestones-{ctx.region_id}",
    )

    st.header(t("overview.changes", lang))
    changes = data.changes(ctx.snap.path, ctx.snap.snapshot_id)
    if changes.empty:
        st.write(t("overview.no_changes", lang))
    else:
        data_table(
            public_record.changes_table(changes, lambda e, i, f: tb.name(e, i, lang, f), lang),
            answer=None,
            key="overview.changes",
        )

    st.header(t("overview.updates", lang))
    sc = data.scope(ctx.snap.path, ctx.region_id)
    updates = data.updates(ctx.snap.path, tuple(sorted(sc.initiatives)))
    if updates.empty:
        st.write(t("overview.no_updates", lang))
    for u in updates.itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**{md(_title(tb, u, lang))}**")
            who = (
                tb.name("initiative", u.initiative_id, lang)
                if isinstance(u.initiative_id, str)
                else t("overview.programme_wide", lang)
            )
            st.caption(f"{date(u.date, lang)} · {md(who)}")
            st.markdown(isolate(md(tb.translated("update", u.update_id, "body", lang, u.body)), lang))


def _title(tb: data.Tables, u: object, lang: str) -> str:
    return tb.translations.get(("update", u.update_id, "title", lang)) or u.title  # type: ignore[attr-defined]


layout.page("overview", body)
