"""data_table: the declared answer column first and pinned, and the key the browser test reads it from."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from shafaf.ui.tables import ANSWER_MARK, answer_first, holder_key


def test_answer_first_keeps_the_rest_in_order() -> None:
    assert answer_first(["Service", "Department", "Stage", "Since"], "Stage") == [
        "Stage",
        "Service",
        "Department",
        "Since",
    ]
    assert answer_first(["Stage", "Service"], "Stage") == ["Stage", "Service"]
    with pytest.raises(ValueError, match="not among"):
        answer_first(["Service"], "Stage")  # a misspelt answer fails loudly, never a silently unordered table


def test_the_holder_key_carries_the_answer_in_any_script() -> None:
    assert holder_key("x.t", "Stage") == "table-x.t--answer-5374616765"  # "Stage" is 53 74 61 67 65
    key = holder_key("regions.leaf_table", "درجہ")
    assert key == "table-regions.leaf_table--answer-d8afd8b1d8acdb81"
    assert bytes.fromhex(key.split(ANSWER_MARK)[1]).decode("utf-8") == "درجہ"


def _app() -> None:
    import pandas as pd

    from shafaf.ui.tables import data_table

    frame = pd.DataFrame({"Service": ["A"], "Department": ["D"], "Stage": ["live"]})
    data_table(frame, answer="Stage", key="x.t")
    data_table(frame.style.map(lambda v: ""), answer=None, key="x.first")


def test_data_table_orders_and_pins_the_answer_and_hides_the_index() -> None:
    at = AppTest.from_function(_app).run()
    assert not at.exception
    declared, first = at.dataframe
    assert list(declared.proto.column_order) == ["Stage", "Service", "Department"]
    assert json.loads(declared.proto.columns) == {"Stage": {"pinned": True}, "_index": {"hidden": True}}
    # None: the table's first column is its answer (a Styler too)
    assert list(first.proto.column_order) == ["Service", "Department", "Stage"]
    holders = [b.key for b in at.main.children.values()]
    assert holders == ["table-x.t--answer-5374616765", "table-x.first--answer-53657276696365"]
