"""/api/v1/<page>.json: every public page's view model over HTTP, beside the app (docs/api.md).

A Starlette route mounted next to Streamlit's own (st.App(routes=...), app.py): a request runs no script
and opens no session. It reads the same per-snapshot `Reads` as the pages (shafaf.ui.data.reads), and
keeps each answer's bytes per (snapshot, page, parameters), so a crowd asking for the same page costs
one build. Errors are short JSON messages, never a traceback.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shafaf.ui import data
from shafaf.views import VIEWS, UnknownPage, module, render_json
from shafaf.views.base import SHARED_PARAMS, BadParam, UnknownId

log = logging.getLogger("shafaf")

PREFIX = "/api/v1"
CACHE_ENTRIES = 512  # answers kept (about 10-60 kB each): a bounded memory cost, oldest dropped first
MAX_PARAM_CHARS = 200  # a parameter longer than any id or search text is refused, not looked up
HEADERS = {"Cache-Control": "public, max-age=60", "X-Content-Type-Options": "nosniff"}

_cache: OrderedDict[tuple[str, str, tuple[tuple[str, str], ...]], bytes] = OrderedDict()
_lock = threading.Lock()


def _error(status: int, message: str) -> Response:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json", headers=HEADERS)


def answer(page: str, query: Mapping[str, str]) -> tuple[int, bytes, str | None]:
    """(status, JSON body, snapshot id) for GET /api/v1/<page>.json?<query>; no Starlette here, for tests."""
    try:
        view = module(page)
    except UnknownPage as e:
        return 404, _message(str(e)), None
    if any(len(v) > MAX_PARAM_CHARS for v in query.values()):
        return 400, _message(f"a parameter is longer than {MAX_PARAM_CHARS} characters"), None
    latest = data.current()
    if latest is None:
        return 503, _message("nothing is published yet"), None
    snap = latest
    if query.get("snapshot"):
        snap = data.snapshot(query["snapshot"])  # type: ignore[assignment]
        if snap is None:
            return 404, _message(f"unknown snapshot: {query['snapshot']!r}"), None
    wanted = set(SHARED_PARAMS) | set(view.PARAMS)
    params = tuple(sorted((k, v) for k, v in query.items() if k in wanted and k != "snapshot"))
    key = (snap.snapshot_id, page, params)
    with _lock:
        body = _cache.get(key)
        if body is not None:
            _cache.move_to_end(key)
    if body is None:
        try:
            doc = render_json(data.reads(snap.path), page, dict(params))
        except UnknownId as e:
            return 404, _message(str(e)), snap.snapshot_id
        except BadParam as e:
            return 400, _message(str(e)), snap.snapshot_id
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with _lock:
            _cache[key] = body
            while len(_cache) > CACHE_ENTRIES:
                _cache.popitem(last=False)
    return 200, body, snap.snapshot_id


def _message(text: str) -> bytes:
    return json.dumps({"error": text}, ensure_ascii=False).encode("utf-8")


async def page_json(request: Request) -> Response:
    """The Starlette endpoint: the view model of one page as JSON, built off the event loop."""
    page = str(request.path_params["page"])
    try:
        status, body, sid = await run_in_threadpool(answer, page, dict(request.query_params))
    except Exception:  # the public never sees a traceback; the log keeps it for the operators
        log.exception("api %s failed", page)
        return _error(500, "this page's data is unavailable just now")
    headers = dict(HEADERS)
    if sid is not None:
        headers["X-Shafaf-Snapshot"] = sid
    return Response(body, status_code=status, media_type="application/json", headers=headers)


async def index(request: Request) -> Response:
    """/api/v1/: the pages there are."""
    body = json.dumps({"api_version": 1, "pages": [f"{PREFIX}/{p}.json" for p in VIEWS]}).encode("utf-8")
    return Response(body, media_type="application/json", headers=HEADERS)


def routes() -> list[Route]:
    """The API's routes, for st.App(routes=...)."""
    return [
        Route(f"{PREFIX}/", index, methods=["GET"]),
        Route(PREFIX + "/{page}.json", page_json, methods=["GET"]),
    ]
