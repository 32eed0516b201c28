"""A Streamlit websocket protocol client: one page view = one new session running one script.

It does what a browser's first message does (a `BackMsg` `rerun_script` with the page's query
string and URL path) and reads `ForwardMsg`s until the script has finished, without drawing
anything, so one process can drive many sessions (notes section 1.3 and Appendix A).
Measured per view: the seconds from sending the rerun to `script_finished`, the bytes of every
websocket frame received in that time, the number of plotted values (x/y/z... in every
`plotly_chart` element's figure JSON), the elements by type, and errors (a Python exception
element, `page_not_found`, a compile error, a refused connection or a time-out).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# plotly trace attributes that hold one value per plotted point
POINT_KEYS = ("x", "y", "z", "values", "lat", "lon", "r", "theta", "a", "b", "c")
FINISHED_EARLY_FOR_RERUN = 2
FINISHED_WITH_COMPILE_ERROR = 1
GAVE_UP_BUTTON_KEY = "perf.try_again"  # shafaf.ui.layout: the button a page shows when no turn came (overload)


@dataclass
class View:
    """One page view's measurements."""

    page: str
    query: str
    seconds: float = 0.0
    first_chart_s: float | None = None
    bytes_in: int = 0
    frames_in: int = 0
    bytes_out: int = 0
    points: int = 0
    charts: int = 0
    elements: dict[str, int] = field(default_factory=dict)
    reruns: int = 0
    error: str | None = None
    error_alerts: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON."""
        return asdict(self)


def count_points(spec_json: str) -> int:
    """Values plotted by one plotly figure: the length of every per-point array in every trace."""
    try:
        spec = json.loads(spec_json)
    except ValueError:
        return 0
    total = 0
    for trace in spec.get("data", []) if isinstance(spec, dict) else []:
        if not isinstance(trace, dict):
            continue
        for key in POINT_KEYS:
            total += _length(trace.get(key))
    return total


def _length(value: Any) -> int:
    if isinstance(value, list):
        # a 2-D z (heatmap) counts every cell
        return sum(len(v) if isinstance(v, list) else 1 for v in value)
    if isinstance(value, dict) and "bdata" in value:
        # plotly's typed-array encoding: {"dtype": "f8", "bdata": base64, "shape": "r, c"}
        shape = value.get("shape")
        if shape:
            n = 1
            for part in str(shape).split(","):
                n *= int(part)
            return n
        import base64

        size = {"f8": 8, "f4": 4, "i4": 4, "u4": 4, "i2": 2, "u2": 2, "i1": 1, "u1": 1}.get(value.get("dtype", "f8"), 8)
        return len(base64.b64decode(value["bdata"])) // size
    return 0


def rerun_message(query: str, page: str) -> bytes:
    """The first message a browser sends for URL `/<page>?<query>`."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.page_name = page
    return msg.SerializeToString()


async def view(
    base: str, page: str, query: str = "", *, timeout: float = 120.0, headers: dict[str, str] | None = None
) -> View:
    """Open a new session on `base` (http://host:port), run `/<page>?<query>` once, and measure it.

    `headers` go with the websocket's opening request (through a proxy: the browser's route cookie).
    """
    result = View(page=page, query=query)
    url = base.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"
    t0 = time.perf_counter()
    try:
        async with websockets.connect(
            url,
            subprotocols=["streamlit"],
            max_size=None,
            ping_interval=None,
            open_timeout=timeout,
            additional_headers=headers,
        ) as ws:
            out = rerun_message(query, page)
            result.bytes_out = len(out)
            t0 = time.perf_counter()
            await ws.send(out)
            await asyncio.wait_for(_read_until_finished(ws, result, t0), timeout)
    except TimeoutError:
        result.error = f"timeout after {timeout:.0f} s"
    except (OSError, websockets.WebSocketException) as e:
        result.error = f"{type(e).__name__}: {e}"
    result.seconds = time.perf_counter() - t0
    return result


async def _read_until_finished(ws: Any, result: View, t0: float) -> None:
    while True:
        raw = await ws.recv()
        result.bytes_in += len(raw)
        result.frames_in += 1
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            etype = el.WhichOneof("type") or "empty"
            result.elements[etype] = result.elements.get(etype, 0) + 1
            if etype == "plotly_chart":
                result.charts += 1
                result.points += count_points(el.plotly_chart.spec)
                if result.first_chart_s is None:
                    result.first_chart_s = time.perf_counter() - t0
            elif etype == "exception":
                result.error = result.error or f"exception: {el.exception.type}: {el.exception.message[:200]}"
            elif etype == "button" and el.button.id.endswith(GAVE_UP_BUTTON_KEY):
                # the app's admission control waited its limit for a turn and shows a button instead of the page
                result.error = result.error or "still busy: the page offered 'Try again' instead of its content"
            elif etype == "alert" and el.alert.format == el.alert.ERROR:
                result.error_alerts += 1
        elif kind == "page_not_found":
            result.error = result.error or "page not found"
        elif kind == "script_finished":
            if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                result.reruns += 1
                continue
            if msg.script_finished == FINISHED_WITH_COMPILE_ERROR:
                result.error = result.error or "compile error"
            return


def run_views(base: str, targets: list[tuple[str, str]], *, timeout: float = 120.0) -> list[View]:
    """Run each (page, query) one after another, each in a new session."""

    async def go() -> list[View]:
        return [await view(base, page, query, timeout=timeout) for page, query in targets]

    return asyncio.run(go())


def run_concurrent(
    base: str,
    targets: list[tuple[str, str]],
    sessions: int,
    *,
    views_per_session: int = 1,
    timeout: float = 120.0,
    headers: Callable[[int], dict[str, str]] | None = None,
) -> tuple[list[View], float]:
    """`sessions` clients start together; client i views targets[i % len], then the next, ...

    `headers(i)`: what client i sends with each websocket (through a proxy: its own route cookie).
    Returns every view and the wall seconds from the burst's start to its last view's end.
    """

    async def client(i: int) -> list[View]:
        views = []
        extra = headers(i) if headers else None
        for k in range(views_per_session):
            page, query = targets[(i + k) % len(targets)]
            views.append(await view(base, page, query, timeout=timeout, headers=extra))
        return views

    async def go() -> tuple[list[View], float]:
        t0 = time.perf_counter()
        done = await asyncio.gather(*(client(i) for i in range(sessions)))
        return [v for vs in done for v in vs], time.perf_counter() - t0

    return asyncio.run(go())
