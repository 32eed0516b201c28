"""GET a path through Starlette routes as ASGI, in process (no server, no network)."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.routing import BaseRoute


def asgi_get(routes: list[BaseRoute], path: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of GET `path` answered by `routes`."""
    app = Starlette(routes=routes)
    sent: list[dict] = []
    requested: list[bool] = []

    async def receive() -> dict:
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)  # the client stays connected until the response is sent (then cancelled)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
        "root_path": "",
        "http_version": "1.1",
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body
