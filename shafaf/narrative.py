"""One-sentence plain-language summaries of what a chart shows, generated from the data."""

from __future__ import annotations

from typing import Any

from shafaf.i18n import t


def _n(v: float, digits: int = 0) -> str:
    return f"{v:,.{digits}f}"


def metric_value(v: Any, unit: str) -> str:
    """A metric value with its unit in words ('71.5%', '1,520', 'PKR 35')."""
    if unit == "percent":
        return f"{v:,.1f}%"
    if unit in ("count", "people"):
        return _n(v)
    return f"{unit} {v:,.2f}"


def milestones_sentence(counts: dict[str, int], on_time_rate: float | None, lang: str) -> str:
    """'Of 12 milestones due so far, 5 were done on time, 3 late and 4 are overdue.'"""
    due = counts["done_on_time"] + counts["done_late"] + counts["overdue"]
    total = sum(counts.values())
    if total == 0:
        return t("narrative.milestones_none", lang)
    if due == 0:
        return t("narrative.milestones_none_due", lang, upcoming=counts["upcoming"], total=total)
    return t(
        "narrative.milestones",
        lang,
        due=due,
        on_time=counts["done_on_time"],
        late=counts["done_late"],
        overdue=counts["overdue"],
        rate=f"{100 * (on_time_rate or 0):.0f}",
    )


def metric_trend_sentence(label: str, unit: str, head: dict[str, Any], lang: str) -> str:
    """'Transactions were 1,710 in 2026-10, up 12% on the month before.'"""
    if head["value"] is None:
        return t("narrative.metric_none", lang, metric=label)
    value = metric_value(head["value"], unit)
    prev = head["previous_value"]
    if prev is None:
        return t("narrative.metric_no_previous", lang, metric=label, value=value, month=head["month"])
    if prev == 0 or head["value"] == prev:
        key = "narrative.metric_same" if head["value"] == prev else "narrative.metric_from_zero"
        return t(key, lang, metric=label, value=value, month=head["month"])
    change = (head["value"] - prev) / prev * 100
    key = "narrative.metric_up" if change > 0 else "narrative.metric_down"
    return t(key, lang, metric=label, value=value, month=head["month"], change=f"{abs(change):.0f}")


def reach_sentence(summary: dict[str, Any], region: str, lang: str) -> str:
    """'In Peshawar, 14 of 22 digital services are live, reaching 30 of 36 districts.'"""
    return t(
        "narrative.reach",
        lang,
        region=region,
        live=summary["initiatives_live"],
        total=summary["initiatives"],
        reached=summary["regions_reached"],
        leaves=summary["leaf_regions"],
    )


def freshness_sentence(months_behind: dict[str, int | None], lang: str) -> str:
    """'12 of 16 departments reported last month; 2 are 3 or more months behind; 2 never reported.'"""
    total = len(months_behind)
    current = sum(1 for v in months_behind.values() if v is not None and v <= 1)
    late = sum(1 for v in months_behind.values() if v is not None and v >= 3)
    never = sum(1 for v in months_behind.values() if v is None)
    return t("narrative.freshness", lang, current=current, total=total, late=late, never=never)


def completeness_sentence(rows: list[tuple[str, int, int]], lang: str) -> str:
    """'The least complete measure is X: N of M live areas reported in MONTH.' (rows: label, reported, live)."""
    known = [(label, r, m) for label, r, m in rows if m > 0]
    if not known:
        return t("narrative.completeness_none", lang)
    label, r, m = min(known, key=lambda x: x[1] / x[2])
    return t("narrative.completeness", lang, metric=label, reported=r, live=m)
