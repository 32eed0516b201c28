"""The benchmark's own arithmetic: plotted points, percentiles, verdicts and the markdown table."""

from __future__ import annotations

import base64
import json
import re
import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_server
import run_all
import wsclient


def test_points_count_every_per_point_array_of_every_trace() -> None:
    spec = {
        "data": [
            {"type": "bar", "x": ["a", "b", "c"], "y": [1, 2, 3]},
            {"type": "heatmap", "z": [[1, 2], [3, 4], [5, 6]], "x": [1, 2], "y": [1, 2, 3]},
            {"type": "pie", "values": [1, 2], "labels": ["p", "q"]},
        ],
        "layout": {"title": {"text": "not points"}},
    }
    assert wsclient.count_points(json.dumps(spec)) == 6 + (6 + 2 + 3) + 2


def test_points_count_plotly_typed_arrays() -> None:
    data = base64.b64encode(struct.pack("<5d", 1, 2, 3, 4, 5)).decode()
    spec = {"data": [{"x": {"dtype": "f8", "bdata": data}, "y": {"dtype": "f8", "bdata": data, "shape": "5"}}]}
    assert wsclient.count_points(json.dumps(spec)) == 10


def test_points_of_a_broken_spec_are_zero() -> None:
    assert wsclient.count_points("{not json") == 0


def test_rerun_message_names_the_page_and_query() -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(wsclient.rerun_message("region=pk-kp", "regions"))
    assert msg.WhichOneof("type") == "rerun_script"
    assert msg.rerun_script.query_string == "region=pk-kp"
    assert msg.rerun_script.page_name == "regions"


@pytest.mark.parametrize(("q", "expected"), [(50, 3), (95, 5), (100, 5), (0, 1)])
def test_percentile_is_nearest_rank(q: float, expected: float) -> None:
    assert bench_server.percentile([5, 1, 4, 2, 3], q) == expected


def test_percentile_of_nothing_is_none() -> None:
    assert bench_server.percentile([], 50) is None


def summary(**over: float) -> dict[str, float]:
    base = {
        "warm_p50_s": 0.2,
        "warm_p95_s": 0.5,
        "cold_s": 1.5,
        "c25_p95_s": 2.0,
        "c25_errors": 0,
        "c25_rss_mb": 900.0,
        "kb_per_view": 120.0,
        "points_per_view": 5000,
        "load_ratio": 2.5,
        "load_peak_mb": 3000.0,
    }
    return base | over


def test_verdicts_pass_within_every_target() -> None:
    v = run_all.verdicts(summary())
    assert set(v) == set(run_all.TARGETS)
    assert set(v.values()) == {"PASS"}


@pytest.mark.parametrize(
    ("key", "value", "target"),
    [
        ("warm_p50_s", 0.31, "warm_p50_s"),
        ("warm_p95_s", 0.81, "warm_p95_s"),
        ("cold_s", 2.1, "cold_s"),
        ("c25_p95_s", 3.5, "c25_p95_s"),
        ("c25_errors", 1, "c25_errors"),
        ("c25_rss_mb", 1100.0, "server_mb"),
        ("kb_per_view", 301.0, "kb_per_view"),
        ("points_per_view", 20_001, "points_per_view"),
        ("load_ratio", 3.2, "load_ratio"),
        ("load_peak_mb", 5000.0, "load_peak_mb"),
    ],
)
def test_verdicts_miss_past_each_target(key: str, value: float, target: str) -> None:
    v = run_all.verdicts(summary(**{key: value}))
    assert v[target] == "MISS"
    assert [k for k, x in v.items() if x == "MISS"] == [target]


def test_absent_figures_are_not_judged() -> None:
    assert run_all.verdicts({"warm_p50_s": 0.1}) == {"warm_p50_s": "PASS"}


def test_summary_takes_the_worst_page_and_the_25_session_memory() -> None:
    page = {
        "cold": {"seconds": 1.0, "error": None},
        "warm": {"p50_s": 0.1, "p95_s": 0.2, "bytes_in": 50_000, "points": 10, "errors": []},
    }
    slow = {
        "cold": {"seconds": 3.0, "error": None},
        "warm": {"p50_s": 0.4, "p95_s": 0.9, "bytes_in": 400_000, "points": 30_000, "errors": ["timeout"]},
    }
    conc = {"sessions": 25, "p95_s": 2.5, "errors": 0, "rss_peak_mb": 700.0, "hwm_mb": 800.0}
    s = run_all.summarize({"server": {"pages": [page, slow], "concurrency": [conc]}})
    assert (s["cold_s"], s["warm_p50_s"], s["warm_p95_s"]) == (3.0, 0.4, 0.9)
    assert (s["kb_per_view"], s["points_per_view"], s["view_errors"]) == (400.0, 30_000, 1)
    assert (s["c25_p95_s"], s["c25_rss_mb"], s["server_hwm_mb"]) == (2.5, 700.0, 800.0)


class FakeSocket:
    """Replays ForwardMsgs as a websocket would."""

    def __init__(self, messages: list[bytes]) -> None:
        self.messages = list(messages)

    async def recv(self) -> bytes:
        return self.messages.pop(0)


def forward(finished: int | None = None, chart_spec: str | None = None, button_id: str | None = None) -> bytes:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    if finished is not None:
        msg.script_finished = finished
    elif chart_spec is not None:
        msg.delta.new_element.plotly_chart.spec = chart_spec
    elif button_id is not None:
        msg.delta.new_element.button.id = button_id
    return msg.SerializeToString()


def read(messages: list[bytes]) -> wsclient.View:
    """Run the client's reader over `messages` in a thread of its own.

    A fresh thread has no event loop, whatever ran before in this process (Playwright's sync API
    leaves one running in the main thread when test files share a worker).
    """
    import asyncio
    import threading

    v = wsclient.View(page="", query="")
    errors: list[BaseException] = []

    def go() -> None:
        try:
            asyncio.run(wsclient._read_until_finished(FakeSocket(messages), v, 0.0))
        except BaseException as e:  # re-raised in the test's thread
            errors.append(e)

    t = threading.Thread(target=go)
    t.start()
    t.join()
    if errors:
        raise errors[0]
    return v


def test_a_view_reads_past_reruns_and_counts_bytes_and_points() -> None:
    spec = json.dumps({"data": [{"x": [1, 2], "y": [3, 4]}]})
    msgs = [forward(finished=2), forward(chart_spec=spec), forward(finished=0)]
    v = read(msgs)
    assert (v.reruns, v.charts, v.points, v.error) == (1, 1, 4, None)
    assert v.bytes_in == sum(len(m) for m in msgs) and v.frames_in == 3


def test_a_view_the_app_gave_up_waiting_for_is_an_error() -> None:
    v = read([forward(button_id="$$ID-0123abcd-perf.try_again"), forward(finished=0)])
    assert v.error and "still busy" in v.error
    other = read([forward(button_id="$$ID-0123abcd-catalog.more"), forward(finished=0)])
    assert other.error is None


def test_the_proxy_benchmark_gives_each_session_its_own_route_cookie_and_tabulates_each_burst() -> None:
    import bench_proxy

    cookies = {bench_proxy.route_cookie(i)["Cookie"] for i in range(50)}
    assert len(cookies) == 50 and all(re.fullmatch(r"shafaf_route=[0-9a-f]{32}", c) for c in cookies)
    burst = {
        "sessions": 25, "views": 75, "views_per_s": 3.07, "p50_s": 5.83, "p95_s": 11.97, "max_s": 19.8,
        "errors": 0, "server_cpu_s": 33.0, "server_cpu_s_per_replica": [16.25, 16.75], "cpu_per_view_s": 0.44,
        "load_average_before": [5.5, 6.0, 6.0], "load_average_after": [6.1, 6.0, 6.0],
    }  # fmt: skip
    report = {"date": "2026-12-03", "commit": "abc", "cores": 2, "views_per_session": 3, "command": "c",
              "runs": [{"replicas": 2, "bursts": [burst]}]}  # fmt: skip
    row = bench_proxy.markdown(report).splitlines()[-1]
    assert row == "| 2 | 25 | 75 | 3.07 | 5.83 | 11.97 | 19.80 | 0 | 33.0 (16.2 + 16.8) | 0.440 | 5.5 -> 6.1 |"
