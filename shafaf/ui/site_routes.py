"""/site/: the current snapshot's static edition (docs/site.md), served beside the app (st.App(routes=...), app.py).

The files are the ones `load` built into the current snapshot's folder (`static_site: true`; shafaf.site_build),
so /site/ and the app change to a new publish together: both follow the one current-snapshot link. Only
files below that folder with a known type are answered (no hidden files, no `..`, no symlink out); anything
else is a short 404 page. A snapshot without a static edition answers 404 too, never an older snapshot's.
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from shafaf.settings import load_settings
from shafaf.site.paths import PREFIX, is_chart_page, served_url
from shafaf.site_build import site_folder
from shafaf.ui import data

log = logging.getLogger("shafaf")

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".css": "text/css; charset=utf-8",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
FEED_TYPE = "application/atom+xml"
# no script runs on these pages: the strictest policy the pages allow; only the site itself may frame them
CSP = (
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)
HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP, "X-Frame-Options": "SAMEORIGIN"}


def frame_headers(rel: str) -> dict[str, str]:
    """The headers of /site/<rel>: a chart page (to embed) may also be framed by config.yaml's frame_ancestors
    (then without X-Frame-Options, which cannot name other origins); every other file only by the site itself."""
    origins = load_settings().frame_ancestors if is_chart_page(rel) else ()
    if not origins:
        return HEADERS
    return {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP + " " + " ".join(origins)}


def locate(rel: str) -> tuple[Path, str] | None:
    """(file, snapshot id) of /site/<rel> in the current snapshot's static edition, or None (404)."""
    current = data.current()
    if current is None:
        return None
    folder = site_folder(Path(current.path))
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    parts = rel.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    path = folder.joinpath(*parts)
    if path.suffix not in TYPES:
        return None
    try:
        real, base = path.resolve(strict=True), folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or not real.is_relative_to(base):
        return None
    return real, current.snapshot_id


def served(snapshot_id: str, rel: str | None) -> str | None:
    """The /site/ URL of `rel` (a path from the site's root) when `snapshot_id` is the current snapshot and its
    edition has that file; None otherwise (no site, an older snapshot, no such page)."""
    if rel is None:
        return None
    found = locate(rel)
    return served_url(rel) if found is not None and found[1] == snapshot_id else None


def _not_found() -> Response:
    body = "<!DOCTYPE html><html lang=en><title>Not found</title><p>There is no such page in the light edition."
    return Response(body, status_code=404, media_type="text/html; charset=utf-8", headers=HEADERS)


async def site_file(request: Request) -> Response:
    """One file of the static edition."""
    rel = str(request.path_params.get("path", ""))
    try:
        found = await run_in_threadpool(locate, rel)
    except Exception:  # the public never sees a traceback; the log keeps it for the operators
        log.exception("site %s failed", rel)
        return Response("unavailable just now", status_code=500, headers=HEADERS)
    if found is None:
        return _not_found()
    path, sid = found
    kind = FEED_TYPE if path.parent.name == "feeds" or path.name == "feed.xml" else TYPES[path.suffix]
    long_lived = path.suffix in (".woff2", ".css", ".svg")
    headers = {
        **frame_headers(rel),
        "Cache-Control": "public, max-age=86400" if long_lived else "public, max-age=60",
        "X-Shafaf-Snapshot": sid,
    }
    return FileResponse(path, media_type=kind, headers=headers)


async def site_root(request: Request) -> Response:
    """/site: to /site/, so the pages' relative links resolve."""
    return RedirectResponse(PREFIX + "/", status_code=308)


def routes() -> list[Route]:
    """The static edition's routes, for st.App(routes=...)."""
    return [
        Route(PREFIX, site_root, methods=["GET", "HEAD"]),
        Route(PREFIX + "/{path:path}", site_file, methods=["GET", "HEAD"]),
    ]
