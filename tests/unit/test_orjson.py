"""orjson is installed and pinned, and Plotly (hence st.plotly_chart) serialises figures with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import plotly.graph_objects as go
import plotly.io as pio
import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_orjson_is_pinned_in_requirements() -> None:
    pins = [line.strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert f"orjson=={orjson.__version__}" in pins


def test_plotly_figure_json_goes_through_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = orjson.dumps

    def spy(obj: Any, *args: Any, **kw: Any) -> bytes:
        calls.append(obj)
        return real(obj, *args, **kw)

    monkeypatch.setattr(orjson, "dumps", spy)
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    # exactly what st.plotly_chart does with a figure (streamlit/elements/plotly_chart.py)
    text = pio.to_json(fig, validate=False)
    assert calls, "plotly did not use orjson"
    assert orjson.loads(text)["data"][0]["type"] == "bar"
