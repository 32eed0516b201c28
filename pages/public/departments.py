"""Departments: which departments deliver, and which fall behind? A scorecard per department for officials and
donors (services by status, milestones on time, coverage, adoption); with the department filter, one
department's own page (its services, their milestones and use) for anyone asking "what does this office run?"."""

import pandas as pd
import streamlit as st

from shafaf import metrics, narrative
from shafaf.charts.departments import departments_on_time_bar_chart
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.contract.schema import STATUSES
from shafaf.fmt import is_rtl, md, month, number, percent
from shafaf.i18n import t
from shafaf.metrics import MILESTONE_CLASSES
from shafaf.ui import data, layout
from shafaf.ui.chart_card import chart_card, csv_download
from shafaf.ui.context import Context
from shafaf.ui.tables import data_table

INITIATIVE_PAGE = "pages/public/initiative.py"
MILESTONES_PAGE = "pages/public/milestones.py"
TREND_MONTHS = 12


def keep_params() -> dict[str, str]:
    """The URL filters a link keeps (region, language, data version)."""
    return {k: v for k, v in st.query_params.to_dict().items() if k in ("region", "lang", "snapshot")}


def adoption_metric_options(ctx: Context) -> list[str]:
    """The headline `sum` metrics, in their declared order."""
    defs = ctx.tables.metric_defs
    return list(defs.loc[defs["headline"].fillna(False).astype(bool) & (defs["aggregate"] == "sum"), "metric"])


def adoption_metric(ctx: Context) -> str | None:
    """The headline `sum` metric the adoption figures show (a choice when there are several)."""
    options = adoption_metric_options(ctx)
    if len(options) <= 1:
        return options[0] if options else None
    return st.selectbox(
        t("departments.metric", ctx.lang),
        options,
        format_func=lambda m: ctx.tables.name("metric", m, ctx.lang, "label"),
        key="departments.metric",
        placeholder=t("app.choose_one", ctx.lang),
    )


def months_window(ctx: Context) -> list[pd.Timestamp]:
    """The first days of the newest TREND_MONTHS months up to as_of."""
    start = metrics.window_start(ctx.tables.as_of, TREND_MONTHS)
    return list(pd.date_range(start, periods=TREND_MONTHS, freq="MS"))


def series(values: pd.DataFrame, department_id: str, metric: str, months: list[pd.Timestamp]) -> list[float | None]:
    """One department's values of `metric` for each month of the window (None where there is no data)."""
    v = values[(values["department_id"] == department_id) & (values["metric"] == metric)]
    by_month = {pd.Timestamp(m): x for m, x in zip(v["month"], v["value"], strict=True) if not pd.isna(x)}
    return [float(by_month[m]) if m in by_month else None for m in months]


def scope_figures(ctx: Context) -> tuple[metrics.Scope, pd.DataFrame, pd.DataFrame]:
    """The region's scope, its classified milestones, and the scorecard of every department in it."""
    tb = ctx.tables
    sc = data.scope(ctx.snap.path, ctx.region_id)
    classified = metrics.classify_milestones(metrics.milestones_in(tb.milestones, sc).reset_index(drop=True), tb.as_of)
    gone = metrics.withdrawn_milestones_in(data.withdrawn(ctx.snap.path), sc)
    card = metrics.department_scorecard(
        sc, tb.departments, tb.initiatives, classified, tb.closure, tb.leaf_stages, withdrawn=gone
    )
    return sc, classified, card


def scorecard(ctx: Context) -> None:
    """Every department of the region: one row each, then the on-time rate chart."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    sc, _, card = scope_figures(ctx)
    if card.empty:
        st.info(md(t("departments.none", lang, region=region)))
        return
    card = card.assign(name=[tb.name("department", d, lang) for d in card["department_id"]]).sort_values("name")
    st.markdown(md(t("departments.intro", lang, region=region)))
    st.caption(t("departments.coverage_help", lang))

    metric = adoption_metric(ctx)
    months = months_window(ctx)
    table = pd.DataFrame(
        {
            t("departments.col_department", lang): card["name"],
            t("departments.col_services", lang): card["initiatives"].astype(int),
            t("departments.col_live", lang): card["live"].astype(int),
            **{
                t("departments.declared_status", lang, status=t(f"departments.status_{s}", lang)): card[
                    f"status_{s}"
                ].astype(int)
                for s in STATUSES
            },
            t("departments.col_on_time", lang): [percent(r, lang) for r in card["on_time_rate"]],
            t("milestone_class.overdue", lang): card["overdue"].astype(int),
            t("departments.col_coverage", lang): [percent(c, lang) for c in card["coverage_median"]],
        }
    )
    if metric is not None:
        label = tb.name("metric", metric, lang, "label")
        unit = str(tb.metric_defs.set_index("metric").loc[metric, "unit"])
        values = data.department_metric_values(
            ctx.snap.path, ctx.region_id, tuple(sorted(sc.initiatives)), (metric,), TREND_MONTHS
        )
        lines = [series(values, d, metric, months) for d in card["department_id"]]
        latest_col = t("departments.col_latest", lang, metric=label, month=month(months[-1], lang))
        trend_col = t("departments.col_trend", lang, metric=label, months=TREND_MONTHS)
        change_col = t("departments.col_change", lang, start=month(months[0], lang))
        table[latest_col] = [
            t("app.no_data", lang) if s[-1] is None else narrative.metric_value(s[-1], unit, lang) for s in lines
        ]
        table[change_col] = [narrative.change_words(s[0], s[-1], lang) for s in lines]
        data_table(
            table.assign(**{trend_col: [[x if x is not None else float("nan") for x in s] for s in lines]}),
            answer=t("departments.col_on_time", lang),
            key="departments.scorecard",
            column_config={trend_col: st.column_config.LineChartColumn(trend_col, y_min=0)},
        )
    else:
        data_table(table, answer=t("departments.col_on_time", lang), key="departments.scorecard")
    csv_download(
        ctx, t("departments.download", lang), table, f"departments-{ctx.region_id}", key="departments.download"
    )

    st.header(t("departments.on_time", lang))
    due = card["done_on_time"] + card["done_late"] + card["overdue"]
    rates = pd.DataFrame(
        {
            "department": card["name"],
            "on_time_rate": card["on_time_rate"],
            "text": [
                t("app.no_data", lang)
                if pd.isna(r)
                else t("departments.rate_words", lang, rate=percent(r, lang), on_time=int(o), due=int(n))
                for r, o, n in zip(card["on_time_rate"], card["done_on_time"], due, strict=True)
            ],
        }
    )
    chart_card(
        ctx,
        key="departments-on-time",
        title=t("departments.on_time_title", lang, region=region),
        summary=narrative.departments_on_time_sentence(
            [(n, r) for n, r in zip(card["name"], card["on_time_rate"], strict=True) if not pd.isna(r)], lang
        ),
        fig=departments_on_time_bar_chart(rates, "", rtl=rtl),
        table=pd.DataFrame(
            {
                t("departments.col_department", lang): card["name"],
                t("departments.col_on_time", lang): rates["text"],
                t("milestone_class.done_on_time", lang): card["done_on_time"].astype(int),
                t("milestone_class.done_late", lang): card["done_late"].astype(int),
                t("milestone_class.overdue", lang): card["overdue"].astype(int),
            }
        ),
        filename=f"departments-on-time-{ctx.region_id}",
    )
    st.caption(t("departments.open_one", lang))


def department_page(ctx: Context, department_id: str) -> None:
    """One department: its services with status and coverage, its milestones, its adoption trend, links."""
    lang, tb = ctx.lang, ctx.tables
    rtl = is_rtl(lang)
    region = tb.name("region", ctx.region_id, lang)
    name = tb.name("department", department_id, lang)
    row = tb.departments.set_index("department_id").loc[department_id]
    st.header(md(name))
    sector = row.get("sector")
    seat = tb.name("region", row["region_id"], lang)
    st.caption(
        md(
            t("departments.seat", lang, region=seat)
            + (f" · {t('departments.sector', lang, sector=sector)}" if isinstance(sector, str) and sector else "")
        )
    )
    sc, classified, card = scope_figures(ctx)
    mine = card[card["department_id"] == department_id]
    own = tb.initiatives[
        (tb.initiatives["department_id"] == department_id) & tb.initiatives["initiative_id"].isin(sc.initiatives)
    ]
    if mine.empty or own.empty:
        st.info(md(t("departments.no_services", lang, department=name, region=region)))
        return
    figures = mine.iloc[0]
    st.markdown(
        md(
            narrative.department_sentence(
                name,
                region,
                int(figures["initiatives"]),
                int(figures["live"]),
                None if pd.isna(figures["on_time_rate"]) else float(figures["on_time_rate"]),
                None if pd.isna(figures["coverage_median"]) else float(figures["coverage_median"]),
                lang,
            )
        )
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("departments.col_services", lang), number(figures["initiatives"], lang))
    c2.metric(t("departments.col_live", lang), number(figures["live"], lang), help=t("departments.col_live_help", lang))
    c3.metric(t("departments.col_on_time", lang), percent(figures["on_time_rate"], lang))
    c4.metric(
        t("departments.col_coverage", lang),
        percent(figures["coverage_median"], lang),
        help=t("departments.coverage_help", lang),
    )

    # Its services
    st.header(t("departments.services", lang))
    own = own.assign(name=[tb.name("initiative", i, lang) for i in own["initiative_id"]]).sort_values("name")
    cov = [metrics.coverage(i, sc, str(row["region_id"]), tb.closure, tb.leaf_stages) for i in own["initiative_id"]]
    data_table(
        pd.DataFrame(
            {
                t("departments.col_service", lang): own["name"],
                t("departments.col_status", lang): [t(f"departments.status_{s}", lang) for s in own["status"]],
                t("departments.col_service_coverage", lang, region=region): [percent(c, lang) for c in cov],
            }
        ),
        answer=t("departments.col_status", lang),
        key="departments.services",
    )
    keep = keep_params()
    st.caption(t("departments.open_service", lang))
    for iid, label in zip(own["initiative_id"], own["name"], strict=True):
        st.page_link(
            INITIATIVE_PAGE,
            label=md(label),
            query_params={**keep, "initiative": iid},
            icon=":material/rocket_launch:",
        )

    # Its milestones
    st.header(t("departments.milestones", lang))
    ms = classified[classified["initiative_id"].isin(set(own["initiative_id"]))]
    counts = metrics.milestone_counts(ms)
    gone = metrics.withdrawn_milestones_in(data.withdrawn(ctx.snap.path), sc)
    late = metrics.withdrawn_counts(gone[gone["initiative_id"].isin(set(own["initiative_id"]))])["withdrawn_overdue"]
    class_counts = pd.DataFrame(
        {
            "class": list(MILESTONE_CLASSES),
            "label": [t(f"milestone_class.{c}", lang) for c in MILESTONE_CLASSES],
            "count": [counts[c] for c in MILESTONE_CLASSES],
        }
    )
    chart_card(
        ctx,
        key="departments-milestones",
        title=t("departments.milestones_title", lang, department=name, region=region),
        summary=narrative.milestones_sentence(counts, metrics.on_time_rate(counts, late), lang, late),
        fig=None if ms.empty else milestone_class_bar_chart(class_counts, "", rtl=rtl),
        table=class_counts[["label", "count"]].rename(
            columns={"label": t("departments.col_class", lang), "count": t("departments.col_count", lang)}
        ),
        filename=f"milestones-{department_id}-{ctx.region_id}",
    )
    st.page_link(
        MILESTONES_PAGE,
        label=t("departments.open_tracker", lang),
        query_params={**keep, "department": department_id},
        icon=":material/event:",
    )

    # Its adoption trend
    if adoption_metric_options(ctx):
        st.header(t("departments.adoption", lang))
    metric = adoption_metric(ctx)
    if metric is None:
        return
    label = tb.name("metric", metric, lang, "label")
    unit = str(tb.metric_defs.set_index("metric").loc[metric, "unit"])
    values = data.department_metric_values(
        ctx.snap.path, ctx.region_id, tuple(sorted(own["initiative_id"])), (metric,), TREND_MONTHS
    )
    months = months_window(ctx)
    line = series(values, department_id, metric, months)
    trend = pd.DataFrame({"month": months, "value": pd.array(line, dtype="Float64")})
    shown = trend.dropna(subset=["value"])
    chart_card(
        ctx,
        key="departments-adoption",
        title=t("departments.adoption_title", lang, metric=label, department=name, region=region),
        summary=narrative.adoption_trend_sentence(label, unit, trend, lang),
        fig=None if shown.empty else metric_trend_line_chart(shown, "", label, rtl=rtl),
        table=pd.DataFrame(
            {
                t("departments.col_month", lang): [month(m, lang) for m in months],
                label: [t("app.no_data", lang) if v is None else narrative.metric_value(v, unit, lang) for v in line],
            }
        ),
        filename=f"{metric}-{department_id}-{ctx.region_id}",
        provenance=metrics.figure_provenance(
            values[values["department_id"] == department_id], tb.metric_defs, [metric]
        ),
    )


def body(ctx: Context) -> None:
    """The page's content."""
    if ctx.department_id:
        department_page(ctx, ctx.department_id)
    else:
        scorecard(ctx)


layout.page("departments", body)
