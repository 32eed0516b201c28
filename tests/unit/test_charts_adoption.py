"""The adoption matrix: stage as colour code and words in every cell."""

from __future__ import annotations

import pandas as pd
import pytest

from shafaf.charts.adoption import CODES, adoption_matrix_chart
from shafaf.charts.theme import LABEL_PX_PER_CHAR, OTHER_MARGIN, PHONE_PAPER

CELLS = pd.DataFrame(
    {
        "region": ["North", "North", "South", "South"],
        "initiative": ["Portal", "<i>Pay</i>", "Portal", "<i>Pay</i>"],
        "stage": ["live", None, "pilot", "scaled"],
        "text": ["Live 2/3", "Not reached", "Pilot", "Scaled up"],
    }
)


def test_matrix_rows_columns_codes_and_text() -> None:
    fig = adoption_matrix_chart(CELLS, "Stages")
    h = fig.data[0]
    assert list(h.y) == ["North", "South"]
    assert list(h.x) == ["Portal", "&lt;i&gt;Pay&lt;/i&gt;"]
    assert [list(r) for r in h.z] == [[CODES.index("live"), 0], [CODES.index("pilot"), CODES.index("scaled")]]
    assert [list(r) for r in h.text] == [["Live 2/3", "Not reached"], ["Pilot", "Scaled up"]]
    assert h.texttemplate == "%{text}" and h.showscale is False
    assert h.zmin == -0.5 and h.zmax == len(CODES) - 0.5


def test_matrix_colours_one_per_stage_and_rtl_mirrors_columns() -> None:
    fig = adoption_matrix_chart(CELLS, "Stages", rtl=True)
    scale = fig.data[0].colorscale
    assert len({c for _, c in scale}) == len(CODES)
    assert fig.layout.xaxis.autorange == "reversed"
    assert adoption_matrix_chart(CELLS, "Stages").layout.xaxis.autorange is True


def test_matrix_keeps_two_services_with_the_same_name_apart() -> None:
    cells = pd.DataFrame(
        {
            "region_id": ["n", "n"],
            "region": ["North", "North"],
            "initiative_id": ["i1", "i2"],
            "initiative": ["Portal", "Portal"],
            "stage": ["live", "pilot"],
            "text": ["Live", "Pilot"],
        }
    )
    h = adoption_matrix_chart(cells, "Stages").data[0]
    assert list(h.x) == ["Portal<br>(i1)", "Portal<br>(i2)"]  # column labels wrap at 10 characters
    assert [list(r) for r in h.z] == [[CODES.index("live"), CODES.index("pilot")]]
    assert [list(r) for r in h.text] == [["Live", "Pilot"]]


def _many(n_cols: int, n_rows: int = 3) -> pd.DataFrame:
    rows = [
        {"region": f"District {r}", "initiative": f"Online Service number {c}", "stage": "live", "text": "Live"}
        for r in range(n_rows)
        for c in range(n_cols)
    ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("rtl", [False, True])
def test_a_crowded_matrix_gives_each_column_room_for_its_label(rtl: bool) -> None:
    # 22 services beside 36 districts' names were a pile of letters at 390 and at 1280 px: Plotly writes
    # every category label however narrow its column
    fig = adoption_matrix_chart(_many(22), "Stages", rtl=rtl)
    labels = list(fig.data[0].x)
    widest = max(len(line) for text in labels for line in text.split("<br>")) * LABEL_PX_PER_CHAR
    margin = fig.layout.margin.r if rtl else fig.layout.margin.l
    plot = fig.layout.width - margin - OTHER_MARGIN
    assert fig.layout.width > PHONE_PAPER
    assert plot / len(labels) >= widest + 8  # a gap between neighbours' labels
    assert fig.layout.xaxis.autotickangles == (0,)  # and still level


def test_a_matrix_that_fits_a_phone_keeps_the_chart_width() -> None:
    assert adoption_matrix_chart(CELLS, "Stages").layout.width is None
