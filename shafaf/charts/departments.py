"""Department scorecard charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from shafaf.charts.theme import NO_DATA, OKABE_ITO, axis_labels, base_layout, full_text, plain


def departments_on_time_bar_chart(rates: pd.DataFrame, title: str, *, rtl: bool = False) -> go.Figure:
    """Horizontal bars of the on-time rate (percent) per department, highest first.

    `rates` has department (name), on_time_rate (0-1, missing = no data) and text (the rate in words,
    "no data" when missing); a department without a rate gets an empty grey bar and its words.
    """
    r = rates.assign(_rate=pd.to_numeric(rates["on_time_rate"], errors="coerce").astype("float64"))
    r = r.sort_values("_rate", ascending=False, na_position="last")
    missing = r["_rate"].isna()
    fig = go.Figure(
        go.Bar(
            x=(r["_rate"] * 100).fillna(0).round(1),
            y=axis_labels(r["department"]),
            orientation="h",
            marker_color=[NO_DATA if m else OKABE_ITO[0] for m in missing],
            # on the bar only the rate (or "no data"): the whole sentence would run off a phone; it is in the hover
            text=[plain(x) if m else f"{v:.0f}%" for x, m, v in zip(r["text"], missing, r["_rate"] * 100, strict=True)],
            customdata=list(zip(full_text(r["department"]), [plain(x) for x in r["text"]], strict=True)),
            textposition="outside",
            textangle=0,
            cliponaxis=False,
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", side="right" if rtl else "left")
    # room past 100% for the words written beyond the bar's end
    fig.update_xaxes(range=[125, 0] if rtl else [0, 125], tickvals=[0, 25, 50, 75, 100], ticksuffix="%", title=None)
    return base_layout(fig, title, rtl=rtl, height=max(280, 60 + 28 * len(r)))
