"""One-sentence plain-language summaries of what a chart shows, generated from the data.

Every number, percentage and month in a sentence goes through shafaf/fmt.py, and a count that
bends a word ("1 month", "3 months") is written with a plural entry chosen by CLDR's rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from shafaf.fmt import is_rtl, month, number, percent, percent_points, plural
from shafaf.i18n import t
from shafaf.metrics import FigureProvenance


def metric_value(v: Any, unit: str, lang: str = "en") -> str:
    """A metric value with its unit in words ('71.5%', '1,520', 'PKR 35.00')."""
    if unit == "percent":
        return percent_points(v, lang, 1)
    if unit in ("count", "people"):
        return number(v, lang)
    return f"{unit} {number(v, lang, 2)}"


def metric_delta(diff: float, unit: str, lang: str) -> str:
    """A change from the month before, its sign first ('+1,520', '-PKR 35.00'); percent in points ('+1.5 pp')."""
    sign = "-" if diff < 0 else "+"
    if unit == "percent":
        return sign + t("narrative.delta_points", lang, value=number(abs(diff), lang, 1))
    return sign + metric_value(abs(diff), unit, lang)


def milestones_sentence(
    counts: dict[str, int], on_time_rate: float | None, lang: str, withdrawn_overdue: int = 0
) -> str:
    """'Of 12 milestones due so far, 5 were done on time, 3 late and 4 are overdue.' (+ withdrawn while overdue)"""
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    total = sum(counts.values())
    if total == 0 and not withdrawn_overdue:
        return t("narrative.milestones_none", lang)
    if due == 0 and not withdrawn_overdue:
        return t(
            "narrative.milestones_none_due", lang, upcoming=number(counts["upcoming"], lang), total=number(total, lang)
        )
    text = t(
        "narrative.milestones",
        lang,
        due=number(due + withdrawn_overdue, lang),
        on_time=number(counts["done_on_time"], lang),
        late=number(counts["done_late"], lang),
        overdue=number(counts["overdue"], lang),
        rate=percent(on_time_rate or 0, lang),
    )
    if withdrawn_overdue:
        text += " " + t("narrative.withdrawn_overdue", lang, count=number(withdrawn_overdue, lang))
    return text


def metric_trend_sentence(label: str, unit: str, head: dict[str, Any], lang: str) -> str:
    """'Transactions were 1,710 in 2026-10, up 12% on the month before.'"""
    if head["value"] is None:
        return t("narrative.metric_none", lang, metric=label)
    value = metric_value(head["value"], unit, lang)
    prev = head["previous_value"]
    when = month(head["month"], lang)
    if prev is None:
        return t("narrative.metric_no_previous", lang, metric=label, value=value, month=when)
    if prev == 0 or head["value"] == prev:
        key = "narrative.metric_same" if head["value"] == prev else "narrative.metric_from_zero"
        return t(key, lang, metric=label, value=value, month=when)
    change = (head["value"] - prev) / prev
    key = "narrative.metric_up" if change > 0 else "narrative.metric_down"
    return t(key, lang, metric=label, value=value, month=when, change=percent(abs(change), lang))


def reach_sentence(summary: dict[str, Any], region: str, lang: str) -> str:
    """'In Peshawar, 14 of 22 digital services are live, reaching 30 of 36 districts.'"""
    return t(
        "narrative.reach",
        lang,
        region=region,
        live=number(summary["initiatives_live"], lang),
        total=number(summary["initiatives"], lang),
        reached=number(summary["regions_reached"], lang),
        leaves=number(summary["leaf_regions"], lang),
    )


def grid_gaps_sentence(gaps: dict[str, int], lang: str) -> str:
    """'12 of 40 district and service pairs where a service is meant to be are not live yet: ...'"""
    if not gaps["gaps"]:
        return t("grid.gaps_none", lang)
    return t(
        "grid.gaps",
        lang,
        gaps=number(gaps["gaps"], lang),
        meant=number(gaps["meant"], lang),
        services=number(gaps["services"], lang),
        leaves=number(gaps["leaves"], lang),
        total=number(gaps["all_leaves"], lang),
    )


def reach_counts_sentence(counts: dict[str, int], lang: str) -> str:
    """'15 live, 1 in pilot, 0 planned, 1 paused, stopped or retired, and 1 not reached: 18 digital services in all.'"""
    return t(
        "reach.counts",
        lang,
        live=number(counts["live"], lang),
        pilot=number(counts["pilot"], lang),
        planned=number(counts["planned"], lang),
        stopped=number(counts["stopped"], lang),
        none=number(counts["not_reached"], lang),
        total=number(sum(counts.values()), lang),
    )


def freshness_sentence(months_behind: dict[str, int | None], lang: str) -> str:
    """'12 of 16 departments have reported up to the latest month; 2 are three or more months behind and 1 has never reported.'"""
    total = len(months_behind)
    current = sum(1 for v in months_behind.values() if v == 0)  # "up to date" means 0 months behind, as in the chart
    late = sum(1 for v in months_behind.values() if v is not None and v >= 3)
    never = sum(1 for v in months_behind.values() if v is None)
    return t(
        "narrative.freshness",
        lang,
        current=plural("narrative.freshness_current", current, lang, total=number(total, lang)),
        late=plural("narrative.freshness_late", late, lang),
        never=plural("narrative.freshness_never", never, lang),
    )


def completeness_sentence(rows: list[tuple[str, int, int]], lang: str) -> str:
    """'The least complete measure is X: N of M live areas reported in MONTH.' (rows: label, reported, live)."""
    known = [(label, r, m) for label, r, m in rows if m > 0]
    if not known:
        return t("narrative.completeness_none", lang)
    label, r, m = min(known, key=lambda x: x[1] / x[2])
    return t("narrative.completeness", lang, metric=label, reported=number(r, lang), live=number(m, lang))


def timeline_sentence(counts: dict[str, int], blocked: int, replans: int, lang: str) -> str:
    """'Of 6 milestones, 3 were done on time, 1 late, 1 is overdue and 1 upcoming; 1 is blocked. Re-planned 2 times.'"""
    total = sum(counts.values())
    if total == 0:
        return t("initiative.timeline_none", lang)
    text = plural(
        "initiative.timeline_summary",
        total,
        lang,
        on_time=number(counts["done_on_time"], lang),
        late=number(counts["done_late"], lang),
        overdue=number(counts["overdue"], lang),
        upcoming=number(counts["upcoming"], lang),
        cancelled=number(counts["cancelled"], lang),
        blocked=number(blocked, lang),
    )
    return text + " " + t("initiative.timeline_replans", lang, n=number(replans, lang))


def rollout_sentence(
    live: int, reached: int, leaves: int, region: str, lang: str, *, area_leaves: int | None = None
) -> str:
    """'Live in 12 of 15 local areas of Peshawar Division, and reached (any stage) in 14.'

    `leaves` are the leaves counted for coverage (also under the department's region); `area_leaves`, when
    given, all the region's leaves, to tell "none of them is under the department" from "there are none".
    """
    if leaves == 0:
        key = "initiative.rollout_outside" if area_leaves else "initiative.rollout_none"
        return t(key, lang, region=region)
    return t(
        "initiative.rollout_summary",
        lang,
        live=number(live, lang),
        reached=number(reached, lang),
        leaves=number(leaves, lang),
        region=region,
    )


def target_sentence(status: dict[str, Any], metric: str, unit: str, lang: str) -> str:
    """'On track: Transactions were 127,014 in 2026-10 against a target of 128,000 for that month.'"""
    if status["actual"] is None:
        return t("outcomes.target_no_actual", lang, metric=metric)
    actual = metric_value(status["actual"], unit, lang)
    when = month(status["month"], lang)
    if status["target"] is None:
        return t("outcomes.target_no_target", lang, metric=metric, value=actual, month=when)
    target = metric_value(status["target"], unit, lang)
    key = {
        "on_track": "outcomes.target_on_track",
        "off_track": "outcomes.target_off_track",
    }.get(status["status"], "outcomes.target_stale")
    return t(key, lang, metric=metric, value=actual, month=when, target=target)


def targets_status_sentence(counts: dict[str, int], lang: str) -> str:
    """'Of 11 targets, 6 are on track, 5 off track and 0 have no recent data to judge.'"""
    total = sum(counts.values())
    if total == 0:
        return t("outcomes.targets_none", lang)
    return t(
        "outcomes.targets_summary",
        lang,
        total=number(total, lang),
        on_track=number(counts.get("on_track", 0), lang),
        off_track=number(counts.get("off_track", 0), lang),
        no_data=number(counts.get("no_data", 0), lang),
    )


def funding_sentence(committed: float, disbursed: float, currency: str, over: int, lang: str) -> str:
    """'PKR 970,000,000 committed, PKR 962,000,000 disbursed (99%); 1 funding line is above its commitment.'"""
    share = percent(disbursed / committed, lang) if committed else t("app.no_data", lang)
    text = t(
        "outcomes.funding_summary",
        lang,
        committed=metric_value(committed, currency, lang).removesuffix(".00"),
        disbursed=metric_value(disbursed, currency, lang).removesuffix(".00"),
        share=share,
    )
    if over:
        text += " " + t("outcomes.funding_over", lang, n=number(over, lang))
    return text


def overdue_sentence(n: int, worst: str | None, worst_days: int | None, lang: str) -> str:
    """'4 milestones are overdue; the most late, X (Service), is 120 days past its planned date.'"""
    if n == 0 or worst is None or worst_days is None:
        return t("milestones.overdue_sentence_none", lang)
    return t("milestones.overdue_sentence", lang, n=number(n, lang), worst=worst, days=number(worst_days, lang))


def due_sentence(n: int, days: int, lang: str) -> str:
    """'3 milestones are due in the next 30 days.'"""
    return t("milestones.due_sentence", lang, n=number(n, lang), days=number(days, lang))


def overdue_department_sentence(top: list[str], n: int, lang: str) -> str:
    """'Health Department has the most overdue milestones (3).'; ties are named (the first three, then a count)."""
    if not top or n == 0:
        return t("milestones.by_department_none_overdue", lang)
    if len(top) == 1:
        return t("milestones.by_department_sentence", lang, department=top[0], n=number(n, lang))
    more = t("milestones.and_more", lang, n=number(len(top) - 3, lang)) if len(top) > 3 else ""
    names = ", ".join(top[:3]) + more
    return t("milestones.by_department_tie", lang, k=number(len(top), lang), n=number(n, lang), departments=names)


def change_words(first: float | None, last: float | None, lang: str) -> str:
    """'up 12%', 'down 5%', 'no change', or 'no data' when either end is missing or the start is zero."""
    if first is None or last is None or first == 0:
        return t("app.no_data", lang)
    if first == last:
        return t("departments.change_same", lang)
    change = (last - first) / first
    return t(
        "departments.change_up" if change > 0 else "departments.change_down", lang, change=percent(abs(change), lang)
    )


def departments_on_time_sentence(rates: list[tuple[str, float]], lang: str) -> str:
    """'Of 12 departments with milestones due, X has the highest on-time rate (100%) and Y the lowest (20%).'"""
    if not rates:
        return t("departments.on_time_none", lang)
    best = max(rates, key=lambda r: r[1])
    worst = min(rates, key=lambda r: r[1])
    if len(rates) == 1:
        return t("departments.on_time_one", lang, department=best[0], rate=percent(best[1], lang))
    return t(
        "departments.on_time_sentence",
        lang,
        n=number(len(rates), lang),
        best=best[0],
        best_rate=percent(best[1], lang),
        worst=worst[0],
        worst_rate=percent(worst[1], lang),
    )


def department_sentence(
    name: str, region: str, services: int, live: int, rate: float | None, coverage: float | None, lang: str
) -> str:
    """'In Peshawar, Traffic Police runs 2 digital services (2 live); 75% of its milestones due were on time; median coverage 80%.'"""
    no_data = t("app.no_data", lang)
    return t(
        "departments.sentence",
        lang,
        department=name,
        region=region,
        services=number(services, lang),
        live=number(live, lang),
        rate=no_data if rate is None else percent(rate, lang),
        coverage=no_data if coverage is None else percent(coverage, lang),
    )


def adoption_trend_sentence(label: str, unit: str, trend: Any, lang: str) -> str:
    """'Transactions went from 1,200 in 2025-11 to 1,500 in 2026-10 (up 25%).' over the months with data."""
    known = trend.dropna(subset=["value"])
    if known.empty:
        return t("narrative.metric_none", lang, metric=label)
    first, last = known.iloc[0], known.iloc[-1]
    if len(known) == 1:
        return t(
            "departments.adoption_one",
            lang,
            metric=label,
            value=metric_value(float(last["value"]), unit, lang),
            month=month(last["month"], lang),
        )
    return t(
        "departments.adoption_sentence",
        lang,
        metric=label,
        first=metric_value(float(first["value"]), unit, lang),
        first_month=month(first["month"], lang),
        last=metric_value(float(last["value"]), unit, lang),
        last_month=month(last["month"], lang),
        change=change_words(float(first["value"]), float(last["value"]), lang),
    )


def regions_range_sentence(
    measure: str, high: tuple[str, str] | None, low: tuple[str, str] | None, no_data: int, lang: str
) -> str:
    """'Coverage ranges from 100% in Abbottabad to 20% in Torghar; 1 area has no data.' (high/low: name, value)."""
    if high is None or low is None:
        text = t("regions.range_none", lang, measure=measure)
    elif high == low:
        text = t("regions.range_one", lang, measure=measure, name=high[0], value=high[1])
    elif high[1] == low[1]:
        text = t("regions.range_same", lang, measure=measure, value=high[1])
    else:
        text = t("regions.range", lang, measure=measure, high=high[0], high_value=high[1], low=low[0], low_value=low[1])
    if no_data and high is not None:
        text += " " + plural("regions.range_no_data", no_data, lang)
    return text


def names_list(names: list[str], lang: str) -> str:
    """Names joined as a reader's language lists them ("A, B, C"; "A، B، C" right to left)."""
    return ("، " if is_rtl(lang) else ", ").join(names)


def regions_map_note(missing: list[str], within: dict[str, list[str]], lang: str, source: str | None = None) -> str:
    """Under the map: areas drawn inside a former district's shape, areas not on the map, and the map's source
    (`source`: the package's own boundaries; None: the bundled geoBoundaries)."""
    parts = [t("regions.map_within", lang, names=names_list(ns, lang), shape=shape) for shape, ns in within.items()]
    if missing:
        parts.append(t("regions.map_off", lang, names=names_list(missing, lang)))
    if source is None:
        parts.append(t("regions.map_attribution", lang))
    else:
        parts.append(t("regions.map_attribution_package", lang, source=source))
    return " ".join(parts)


def regions_left_behind_sentence(n: int, total: int, region: str, coverage: str, lang: str) -> str:
    """'2 of 5 areas of Peshawar Division are left behind (coverage there: 80%).' or that none is."""
    if n == 0:
        return t("regions.left_behind_none", lang, total=number(total, lang), region=region, coverage=coverage)
    return t(
        "regions.left_behind_some", lang, n=number(n, lang), total=number(total, lang), region=region, coverage=coverage
    )


def regions_leaf_sentence(live: int, total: int, region: str, lang: str) -> str:
    """'In Khyber, 12 of 22 digital services are live.' (reach_counts_sentence() says where the others stand)."""
    return t("reach.sentence_leaf", lang, region=region, live=number(live, lang), total=number(total, lang))


def catalog_count_sentence(shown: int, total: int, region: str, lang: str) -> str:
    """'Showing 5 of 22 digital services in Khyber Pakhtunkhwa.'"""
    if total == 0:
        return t("catalog.count_none", lang, region=region)
    return plural("catalog.count", total, lang, shown=number(shown, lang), region=region)


def catalog_overlaps_sentence(n: int, functions: int, lang: str) -> str:
    """'3 pairs of services from different departments do the same thing in the same places (2 functions).'"""
    if n == 0:
        return t("catalog.overlaps_none", lang)
    return plural("catalog.overlaps_some", n, lang, functions=plural("catalog.n_functions", functions, lang))


def catalog_matrix_sentence(live: int, cells: int, regions: int, services: int, lang: str) -> str:
    """'Across 7 areas and 22 services, 95 of 154 combinations are live or scaled up.'"""
    if cells == 0:
        return t("catalog.matrix_none", lang)
    return plural(
        "catalog.matrix_summary",
        cells,
        lang,
        live=number(live, lang),
        regions=plural("catalog.n_areas", regions, lang),
        services=plural("catalog.n_services", services, lang),
    )


def feedback_sentence(total: int, works: int, partly: int, does_not: int, region: str, lang: str) -> str:
    """'In Peshawar, 12 people answered: 7 said it works, 3 partly, 2 that it does not.'"""
    if total == 0:
        return t("feedback.summary_none", lang, region=region)
    return t(
        "feedback.summary",
        lang,
        region=region,
        total=number(total, lang),
        works=number(works, lang),
        partly=number(partly, lang),
        does_not=number(does_not, lang),
    )


# ---------------------------------------------------------------------------------- provenance (issue 11.6)


def provenance_words(p: FigureProvenance, lang: str) -> tuple[str, str]:
    """('self-reported by the departments', 'Estimated values in 2026-03; ...' or 'No estimated or provisional values')."""
    how = ", ".join(t(f"provenance.{k}", lang) for k in p.provenances)
    parts = [
        t(f"provenance.{kind}", lang, months=", ".join(month(m, lang) for m in months))
        for kind, months in (("estimated", p.estimated_months), ("provisional", p.provisional_months))
        if months
    ]
    return how, "; ".join(parts) if parts else t("provenance.normal", lang)


def provenance_caption(p: FigureProvenance, lang: str) -> str:
    """The source line's provenance part: 'How produced: verified independently · Estimated values in 2026-01'."""
    how, status = provenance_words(p, lang)
    return f"{t('provenance.how', lang, kinds=how)} · {status}"


def provenance_columns(p: FigureProvenance, lang: str) -> dict[str, str]:
    """The two columns a table of figures carries (heading -> the words on every row): how produced, status."""
    how, status = provenance_words(p, lang)
    return {t("provenance.col_how", lang): how, t("provenance.col_status", lang): status}


def with_provenance(table: pd.DataFrame, p: FigureProvenance, lang: str) -> pd.DataFrame:
    """`table` with two columns in words on every row: how the figures are produced, and their observation status."""
    return table.assign(**provenance_columns(p, lang))


def provenance_from_json(d: Mapping[str, Any]) -> FigureProvenance:
    """A provenance back from its JSON form (docs/api.md: kinds, ISO months), as the static edition reads it."""
    return FigureProvenance(
        tuple(d.get("provenances") or ()),
        tuple(dt.date.fromisoformat(m) for m in d.get("estimated_months") or ()),
        tuple(dt.date.fromisoformat(m) for m in d.get("provisional_months") or ()),
    )
