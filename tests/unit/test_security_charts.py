"""Every chart builder on hostile package text: Plotly renders a subset of HTML (<a href>, <b>, <img> is
dropped but <a> links work) in titles, labels, hover text and legends, so data text must arrive escaped,
without bidi controls, and shortened (a 5,000-character name must not squeeze the plot away)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from shafaf.charts.adoption import adoption_matrix_chart
from shafaf.charts.data_quality import completeness_bar_chart, freshness_bar_chart
from shafaf.charts.departments import departments_on_time_bar_chart
from shafaf.charts.funding import funding_committed_bar_chart
from shafaf.charts.metrics import metric_trend_line_chart
from shafaf.charts.milestones import milestone_class_bar_chart
from shafaf.charts.regions import regions_tile_chart
from shafaf.charts.rollout import rollout_stage_bar_chart
from shafaf.charts.targets import targets_status_bar_chart, targets_trajectory_line_chart
from shafaf.charts.theme import LABEL_MAX, TITLE_MAX, plain, shorten
from shafaf.charts.timeline import timeline_milestones_chart
from shafaf.charts.tracker import tracker_class_department_chart, tracker_overdue_bar_chart

LONG = "W" * 5000
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>click</a>",
    "<b>bold</b><br><i>it</i>",
    "\u202egnp.exe\u2066isolated\u2069\u202bembedded\u202c",
    LONG,
]


def hostile(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def texts(n: int, start: int = 0) -> list[str]:
    return [hostile(start + i) for i in range(n)]


MONTHS = pd.to_datetime(["2026-01-01", "2026-02-01"])
TITLE = "Title " + "".join(PAYLOADS)

BUILDERS: dict[str, Callable[[], go.Figure]] = {
    "adoption_matrix_chart": lambda: adoption_matrix_chart(
        pd.DataFrame(
            {
                "region_id": ["r1", "r1", "r2", "r2"],
                "region": [hostile(0), hostile(0), hostile(5), hostile(5)],
                "initiative_id": ["i1", "i2", "i1", "i2"],
                "initiative": [hostile(1), hostile(2), hostile(1), hostile(2)],
                "stage": ["live", None, "pilot", "scaled"],
                "text": texts(4, 3),
            }
        ),
        TITLE,
    ),
    "freshness_bar_chart": lambda: freshness_bar_chart(
        pd.DataFrame({"label": texts(6), "months_behind": [0, 1, 2, 3, None, 5], "text": texts(6, 1)}),
        TITLE,
        hostile(2),
    ),
    "completeness_bar_chart": lambda: completeness_bar_chart(
        pd.DataFrame({"label": texts(6), "share": [0.1, 0.2, 0.3, 0.4, None, 0.6], "text": texts(6, 1)}),
        TITLE,
        hostile(3),
    ),
    "departments_on_time_bar_chart": lambda: departments_on_time_bar_chart(
        pd.DataFrame({"department": texts(6), "on_time_rate": [0.1, 0.2, None, 0.4, 0.5, 0.6], "text": texts(6, 2)}),
        TITLE,
    ),
    "funding_committed_bar_chart": lambda: funding_committed_bar_chart(
        pd.DataFrame(
            {
                "label": texts(6),
                "committed": [1.0, 2, 3, 4, 5, 6],
                "disbursed": [2.0, 1, 3, 5, 4, 7],
                "flag": texts(6, 3),
            }
        ),
        TITLE,
        currency=hostile(0),
        committed_name=hostile(1),
        disbursed_name=hostile(2),
    ),
    "metric_trend_line_chart": lambda: metric_trend_line_chart(
        pd.DataFrame({"month": MONTHS, "value": [1.0, 2.0]}), TITLE, hostile(0) + hostile(5)
    ),
    "milestone_class_bar_chart": lambda: milestone_class_bar_chart(
        pd.DataFrame({"class": ["overdue"] * 6, "label": texts(6), "count": [1, 2, 3, 4, 5, 6]}), TITLE
    ),
    "regions_tile_chart": lambda: regions_tile_chart(
        pd.DataFrame(
            {
                "region_id": list("abcdef"),
                "name": texts(6),
                "value": [0.1, None, 0.3, 0.4, 0.5, 0.6],
                "value_text": texts(6, 1),
            }
        ),
        TITLE,
        colorbar_title=hostile(4) + hostile(2),
        percent=True,
    ),
    "rollout_stage_bar_chart": lambda: rollout_stage_bar_chart(
        pd.DataFrame({"area": texts(6), "stage": ["live"] * 6, "label": texts(6, 2), "count": [1, 2, 3, 4, 5, 6]}),
        TITLE,
    ),
    "targets_trajectory_line_chart": lambda: targets_trajectory_line_chart(
        pd.DataFrame({"month": MONTHS, "value": [1.0, 2.0]}),
        pd.DataFrame({"month": MONTHS, "value": [2.0, 3.0]}),
        TITLE,
        actual_name=hostile(0) + hostile(5),
        target_name=hostile(2) + hostile(4),
        y_title=hostile(3),
    ),
    "targets_status_bar_chart": lambda: targets_status_bar_chart(
        pd.DataFrame({"status": ["on_track"] * 6, "label": texts(6), "count": [1, 2, 3, 4, 5, 6]}), TITLE
    ),
    "timeline_milestones_chart": lambda: timeline_milestones_chart(
        pd.DataFrame(
            {
                "milestone_id": [f"m{i}" for i in range(6)],
                "label": texts(6),
                "class": ["overdue"] * 6,
                "effective_baseline_date": pd.to_datetime(["2026-01-31"] * 6),
                "planned_date": pd.to_datetime(["2026-09-30"] * 6),
                "actual_date": pd.to_datetime([None, "2025-10-15"] * 3),
            }
        ),
        pd.DataFrame({"milestone_id": ["m0"], "old_planned_date": pd.to_datetime(["2026-03-31"])}),
        TITLE,
        names={k: hostile(i) for i, k in enumerate(["path", "baseline", "replan", "planned", "actual", "as_of"])},
        as_of="2026-10-31",
    ),
    "tracker_overdue_bar_chart": lambda: tracker_overdue_bar_chart(
        pd.DataFrame(
            {
                "milestone_id": [f"m{i}" for i in range(6)],
                "label": texts(6),
                "days_late": [1, 2, 3, 4, 5, 6],
                "text": texts(6, 1),
            }
        ),
        TITLE,
    ),
    "tracker_class_department_chart": lambda: tracker_class_department_chart(
        pd.DataFrame(
            {"department": texts(6), "class": ["overdue"] * 6, "class_label": texts(6, 2), "count": [1, 2, 3, 4, 5, 6]}
        ),
        TITLE,
    ),
}

# what Plotly would render as markup: any tag but the chart's own line breaks and hover <extra>
RAW_TAG = re.compile(r"<(?!/?(br|extra)>)[a-zA-Z/!]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strings(node: Any) -> Iterator[str]:
    """Every string in a figure's JSON (data, layout, annotations)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from strings(v)


def figure_strings(fig: go.Figure) -> list[str]:
    return list(strings(json.loads(fig.to_json())))


@pytest.mark.parametrize("name", BUILDERS)
def test_no_raw_html_reaches_the_figure(name: str) -> None:
    found = [s for s in figure_strings(BUILDERS[name]()) if RAW_TAG.search(s)]
    assert found == [], found[:3]


@pytest.mark.parametrize("name", BUILDERS)
def test_the_payloads_do_reach_the_figure_escaped(name: str) -> None:
    """The check above looks at the right place: each builder shows the hostile text, as text."""
    joined = "\n".join(figure_strings(BUILDERS[name]()))
    assert "&lt;" in joined and "&gt;" in joined


@pytest.mark.parametrize("name", BUILDERS)
def test_no_bidi_controls_reach_the_figure(name: str) -> None:
    found = [s for s in figure_strings(BUILDERS[name]()) if BIDI.search(s)]
    assert found == [], found[:3]


@pytest.mark.parametrize("name", BUILDERS)
def test_long_text_is_shortened_in_the_figure(name: str) -> None:
    """No label, legend or hover text carries the 5,000-character name: the table behind the chart does."""
    longest = max(len(s) for s in figure_strings(BUILDERS[name]()) if "W" * 50 in s or s.startswith("Title"))
    assert longest < 2 * TITLE_MAX + 100, longest


def test_plain_escapes_strips_and_shortens() -> None:
    assert plain("<b>x</b> & 'y'") == "&lt;b&gt;x&lt;/b&gt; &amp; &#x27;y&#x27;"
    assert plain("a\u202eb\u2066c\u2069d\u202a") == "abcd"
    assert plain("\u200cنام\u200d") == "\u200cنام\u200d"  # the joiners Urdu and Pashto spelling needs stay
    assert len(plain(LONG)) == LABEL_MAX
    # shortened before escaping: an entity is never cut in two
    cut = plain("&" * 500)
    assert cut.count("&amp;") == LABEL_MAX - 1 and "…" in cut


def test_shorten_keeps_the_end_so_ids_in_labels_stay_apart() -> None:
    a, b = shorten("N" * 100 + " (i1)", 60), shorten("N" * 100 + " (i2)", 60)
    assert len(a) == 60 and a != b and a.endswith("(i1)")
