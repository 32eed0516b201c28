"""Funding: committed against disbursed, in one currency per chart (amounts in different currencies never add up)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import OKABE_ITO, axis_labels, base_layout, full_text, money_axis, plain


def funding_committed_bar_chart(
    funding: pd.DataFrame,
    title: str,
    *,
    currency: str,
    committed_name: str,
    disbursed_name: str,
    rtl: bool = False,
) -> go.Figure:
    """Grouped horizontal bars, committed and disbursed, one pair per row of `funding`.

    `funding` has label, committed, disbursed, flag (words shown on the disbursed bar, e.g. "above
    committed", empty otherwise) in one currency; bars with a flag are also hatched, so colour is not the only cue.
    """
    labels = axis_labels(funding["label"])
    full = full_text(funding["label"])
    flags = [plain(f) if isinstance(f, str) and f else "" for f in funding["flag"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=funding["committed"],
            y=labels,
            orientation="h",
            name=plain(committed_name),
            customdata=full,
            marker={"color": OKABE_ITO[4]},
            hovertemplate="%{customdata}<br>"
            + plain(committed_name)
            + ": %{x:,.0f} "
            + plain(currency)
            + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=funding["disbursed"],
            y=labels,
            orientation="h",
            name=plain(disbursed_name),
            customdata=full,
            marker={"color": OKABE_ITO[0], "pattern": {"shape": ["/" if f else "" for f in flags]}},
            text=flags,
            textposition="outside",
            textangle=0,
            cliponaxis=False,
            hovertemplate="%{customdata}<br>"
            + plain(disbursed_name)
            + ": %{x:,.0f} "
            + plain(currency)
            + "<extra></extra>",
        )
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left", title=None, automargin=True)
    fig.update_xaxes(autorange="reversed" if rtl else True)
    room = money_axis(fig, currency)
    fig = base_layout(fig, title, rtl=rtl, height=170 + 48 * max(len(labels), 1))
    fig.update_layout(margin={"l" if rtl else "r": room})  # the last amount's label stays inside the chart
    fig.update_layout(legend={"y": 1.0, "yanchor": "bottom"})  # above the bars: short charts have no room below
    return fig
