"""Target and funding cards shared by the Initiative and Outcomes pages, drawn from shafaf.views.outcome_cards."""

from __future__ import annotations

from typing import Any

import pandas as pd

from shafaf.ui import render
from shafaf.ui.context import Context
from shafaf.views import outcome_cards as cards


def area_name(ctx: Context, target_region_id: Any) -> str:
    """The area a target was set for: a region's name, or 'whole service'."""
    return cards.area_name(ctx.tables, target_region_id, ctx.lang)


def target_card(ctx: Context, status: dict[str, Any], points: pd.DataFrame, values: pd.DataFrame, key: str) -> None:
    """One target series: actual against target, with on track / off track / no data in words."""
    render.card(ctx, cards.target_card(ctx.tables, status, points, values, ctx.lang, key))


def funding_table(ctx: Context, funding: pd.DataFrame) -> pd.DataFrame:
    """Funding rows for people: initiative, funder, currency, amounts, share and the flag in words."""
    return cards.funding_table(ctx.tables, funding, ctx.lang)


def funding_card(ctx: Context, totals: pd.DataFrame, by: str, title: str, key: str) -> None:
    """Committed against disbursed in one currency; `totals` from metrics.funding_totals, one currency."""
    render.card(ctx, cards.funding_card(ctx.tables, totals, by, title, ctx.lang, key))
