"""Bytes and time to a fully rendered Overview in a real browser, on a phone, plain and on Fast 3G.

Starts `python -m shafaf.serve` over the demo data on a free port (or uses --url), then drives
Debian's Chromium (Playwright) at 390x844 through the Chrome DevTools Protocol:

- bytes: every HTTP response's encodedDataLength (Network.loadingFinished: headers and body as
  they crossed the wire; 0 for what the cache served) plus the WebSocket frames' payloads
  (Network.webSocketFrameReceived / Sent; binary frames are base64 in CDP, decoded here);
- time: from navigation start to the app fully rendered: connected, no script running, no
  skeleton, the page's h1 and every Plotly chart drawn (the last moment that became true);
- first visit: a new browser context (cold cache); repeat visit: the same page reloaded;
- Fast 3G: Network.emulateNetworkConditions with Chromium DevTools' preset (562.5 ms latency,
  1.6 Mbit/s x 0.9 down = 180,000 B/s, 750 kbit/s x 0.9 up = 84,375 B/s).

Example (from the repository root):
    python bench/browser_overview.py --repeat 3 --langs en,ur
Prints a table and writes bench/results/browser-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import PHONE, is_local, launch, publish_demo, running_server  # noqa: E402

FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
NO_THROTTLE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
# records performance.now() each time the page becomes fully rendered; the last one counts
RENDERED_WATCH = """(() => {
  window.__rendered = [];
  let was = false;
  const rendered = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED'
        || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector('[data-testid="stMainBlockContainer"] h1')) return false;
    if (document.querySelectorAll('[data-testid="stSkeleton"]').length) return false;
    const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
    const drawn = document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg');
    return charts.length > 0 && drawn.length >= charts.length;
  };
  const tick = () => {
    const now = rendered();
    if (now && !was) window.__rendered.push(performance.now());
    if (!now && was) window.__rendered.push(-performance.now());
    was = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""
STILL_RENDERED = """() => window.__rendered && window.__rendered.length > 0
  && window.__rendered[window.__rendered.length - 1] > 0
  && performance.now() - window.__rendered[window.__rendered.length - 1] > %d"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="measure a running dashboard at this base URL instead of starting one")
    p.add_argument("--path", default="/", help="the page to measure (default /, the Overview)")
    p.add_argument("--langs", default="en,ur", help="comma-separated languages (default en,ur)")
    p.add_argument("--networks", default="plain,fast3g", help="plain, fast3g or both (default both)")
    p.add_argument("--repeat", type=int, default=3, help="runs per scenario; the table shows medians (default 3)")
    p.add_argument("--quiet-ms", type=int, default=1500, help="rendered and unchanged this long = done")
    p.add_argument("--timeout", type=float, default=180, help="seconds one page view may take (default 180)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="where the JSON goes")
    return p.parse_args(argv)


def category(url: str, mime: str) -> str:
    """Where a response's bytes belong: Streamlit's frontend, fonts, our static files, the page, ..."""
    path = urlsplit(url).path
    if path.startswith("/app/static/"):
        return "ours: static (fonts)" if path.endswith((".woff2", ".woff", ".ttf")) else "ours: static"
    if path.endswith((".woff2", ".woff", ".ttf")) or "font" in mime:
        return "streamlit: fonts"
    if path.endswith(".js") or "javascript" in mime:
        return "streamlit: js"
    if path.endswith(".css") or mime == "text/css":
        return "streamlit: css"
    if "/_stcore/" in path:
        return "streamlit: _stcore (health, host-config)"
    if mime.startswith("image/"):
        return "images (favicon, icons)"
    if mime == "text/html":
        return "page html"
    return "other"


class Recorder:
    """Collects CDP Network events of one page view."""

    def __init__(self, cdp: Any) -> None:
        self.reset()
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.webSocketCreated", self._ws_created)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._ws_handshake)
        cdp.on("Network.webSocketFrameReceived", self._ws_in)
        cdp.on("Network.webSocketFrameSent", self._ws_out)

    def reset(self) -> None:
        """Forget everything (before a reload)."""
        self.responses: dict[str, dict[str, Any]] = {}
        self.ws_urls: list[str] = []
        self.ws_extensions: list[str] = []
        self.ws_in: list[tuple[float, int]] = []
        self.ws_out = 0

    def _response(self, e: dict[str, Any]) -> None:
        r = e["response"]
        self.responses.setdefault(e["requestId"], {"encoded": 0, "decoded": 0}).update(
            url=r["url"],
            mime=r.get("mimeType", ""),
            status=r.get("status"),
            cached=bool(r.get("fromDiskCache") or r.get("fromMemoryCache") or r.get("fromPrefetchCache")),
            encoding=next((v for k, v in (r.get("headers") or {}).items() if k.lower() == "content-encoding"), ""),
        )

    def _data(self, e: dict[str, Any]) -> None:
        self.responses.setdefault(e["requestId"], {"encoded": 0, "decoded": 0})["decoded"] += e.get("dataLength", 0)

    def _finished(self, e: dict[str, Any]) -> None:
        self.responses.setdefault(e["requestId"], {"encoded": 0, "decoded": 0})["encoded"] = int(
            e.get("encodedDataLength", 0)
        )

    def _from_cache(self, e: dict[str, Any]) -> None:
        self.responses.setdefault(e["requestId"], {"encoded": 0, "decoded": 0})["cached"] = True

    def _ws_created(self, e: dict[str, Any]) -> None:
        self.ws_urls.append(e["url"])

    def _ws_handshake(self, e: dict[str, Any]) -> None:
        headers = e["response"].get("headers") or {}
        self.ws_extensions.append(next((v for k, v in headers.items() if k.lower() == "sec-websocket-extensions"), ""))

    @staticmethod
    def _payload_len(frame: dict[str, Any]) -> int:
        data = frame.get("payloadData", "")
        if frame.get("opcode") == 2:  # binary: base64 in CDP
            return len(base64.b64decode(data))
        return len(data.encode("utf-8"))

    def _ws_in(self, e: dict[str, Any]) -> None:
        self.ws_in.append((float(e.get("timestamp", 0.0)), self._payload_len(e["response"])))

    def _ws_out(self, e: dict[str, Any]) -> None:
        self.ws_out += self._payload_len(e["response"])

    def summary(self) -> dict[str, Any]:
        """Bytes by category, the largest responses, and the websocket."""
        by_cat: dict[str, int] = defaultdict(int)
        decoded_by_cat: dict[str, int] = defaultdict(int)
        requests = 0
        cached = 0
        revalidated = 0
        outside: list[str] = []
        for r in self.responses.values():
            if "url" not in r:
                continue
            requests += 1
            cached += bool(r.get("cached")) or r["encoded"] == 0  # memory-cache hits report 0 bytes
            revalidated += r.get("status") == 304
            if not is_local(r["url"]):
                outside.append(r["url"])
            cat = category(r["url"], r.get("mime", ""))
            by_cat[cat] += r["encoded"]
            decoded_by_cat[cat] += r["decoded"]
        ws_in = sum(n for _, n in self.ws_in)
        largest = sorted((r for r in self.responses.values() if "url" in r), key=lambda r: r["encoded"], reverse=True)[
            :8
        ]
        http = sum(by_cat.values())
        return {
            "bytes_total": http + ws_in + self.ws_out,
            "bytes_http": http,
            "bytes_ws_received": ws_in,
            "bytes_ws_sent": self.ws_out,
            "ws_frames_received": len(self.ws_in),
            "ws_largest_frame": max((n for _, n in self.ws_in), default=0),
            "ws_extensions": self.ws_extensions,
            "http_requests": requests,
            "http_from_cache": cached,
            "http_not_modified": revalidated,
            "by_category": dict(sorted(by_cat.items(), key=lambda kv: -kv[1])),
            "decoded_by_category": dict(sorted(decoded_by_cat.items(), key=lambda kv: -kv[1])),
            "largest": [
                {
                    "url": urlsplit(r["url"]).path,
                    "encoded": r["encoded"],
                    "decoded": r["decoded"],
                    "encoding": r.get("encoding", ""),
                    "cached": r.get("cached", False),
                }
                for r in largest
            ],
            "outside_requests": outside,
            "responses": [
                {"url": r["url"], "encoded": r["encoded"], "decoded": r["decoded"]}
                for r in self.responses.values()
                if "url" in r
            ],
        }


def _timing(page: Any, quiet_ms: int, timeout_ms: float) -> dict[str, Any]:
    """Wait until the page has been fully rendered for `quiet_ms`; navigation timings in ms."""
    page.wait_for_function(STILL_RENDERED % quiet_ms, timeout=timeout_ms, polling=100)
    return page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0] || {};
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          const marks = window.__rendered;
          return {
            rendered_ms: marks[marks.length - 1],
            first_rendered_ms: marks.find(m => m > 0),
            dom_content_loaded_ms: nav.domContentLoadedEventEnd || null,
            load_ms: nav.loadEventEnd || null,
            first_contentful_paint_ms: fcp ? fcp.startTime : null,
            charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
            lang: document.documentElement.lang,
          };
        }"""
    )


def measure(browser: Any, url: str, network: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """One first visit (new context) and one repeat visit (reload) of `url`."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.add_init_script(RENDERED_WATCH)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", FAST_3G if network == "fast3g" else NO_THROTTLE)
        rec = Recorder(cdp)
        runs = []
        for visit in ("first", "repeat"):
            rec.reset()
            t0 = time.perf_counter()
            if visit == "first":
                page.goto(url, wait_until="commit", timeout=args.timeout * 1000)
            else:
                page.reload(wait_until="commit", timeout=args.timeout * 1000)
            timing = _timing(page, args.quiet_ms, args.timeout * 1000)
            wall = time.perf_counter() - t0
            page.wait_for_timeout(200)  # late CDP events (loadingFinished of the last responses)
            runs.append({"network": network, "visit": visit, "wall_s": round(wall, 2), **timing, **rec.summary()})
        return runs
    finally:
        context.close()


def _median(rows: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(r[key] or 0) for r in rows)


def table(runs: list[dict[str, Any]]) -> str:
    """Medians per scenario, as a Markdown table."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in runs:
        groups[(r["lang_asked"], r["network"], r["visit"])].append(r)
    lines = [
        "| lang | network | visit | total KB | HTTP KB | WebSocket in KB | requests (from cache / 304) | rendered s | DCL s | runs |",
        "|---|---|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for (lang, network, visit), rows in sorted(groups.items()):
        lines.append(
            f"| {lang} | {network} | {visit} | {_median(rows, 'bytes_total') / 1000:,.1f} | "
            f"{_median(rows, 'bytes_http') / 1000:,.1f} | {_median(rows, 'bytes_ws_received') / 1000:,.1f} | "
            f"{_median(rows, 'http_requests'):.0f} ({_median(rows, 'http_from_cache'):.0f} / "
            f"{_median(rows, 'http_not_modified'):.0f}) | "
            f"{_median(rows, 'rendered_ms') / 1000:.2f} | {_median(rows, 'dom_content_loaded_ms') / 1000:.2f} | "
            f"{len(rows)} |"
        )
    return "\n".join(lines)


def breakdown(runs: list[dict[str, Any]]) -> str:
    """Where the bytes of a plain first visit go (first run of each language)."""
    out = []
    for r in runs:
        if r["network"] == "plain" and r["visit"] == "first" and r.get("run") == 0:
            out.append(f"\n{r['lang_asked']}, first visit, bytes on the wire by category:")
            for cat, n in r["by_category"].items():
                dec = r["decoded_by_category"].get(cat, 0)
                out.append(f"  {cat:<42} {n / 1000:>9,.1f} KB  (uncompressed {dec / 1000:,.1f} KB)")
            out.append(
                f"  {'websocket received (payload)':<42} {r['bytes_ws_received'] / 1000:>9,.1f} KB  "
                f"in {r['ws_frames_received']} frames, largest {r['ws_largest_frame'] / 1000:,.1f} KB, "
                f"extensions {r['ws_extensions'] or ['none']}"
            )
            out.append(
                "  largest responses: "
                + ", ".join(f"{x['url']} {x['encoded'] / 1000:,.0f} KB" for x in r["largest"][:5])
            )
    return "\n".join(out)


def gzip_estimate(run: dict[str, Any]) -> dict[str, int]:
    """What the run's HTTP bytes would be if the server (or a proxy before it) gzipped text responses."""
    import gzip
    import urllib.request

    total_now = total_gz = 0
    for r in run["responses"]:
        path = urlsplit(r["url"]).path
        if r["encoded"] <= 0 or not is_local(r["url"]) or not path.endswith((".js", ".css", ".html", "/")):
            total_now += max(r["encoded"], 0)
            total_gz += max(r["encoded"], 0)
            continue
        try:
            with urllib.request.urlopen(r["url"], timeout=10) as resp:
                body = resp.read()
        except OSError:
            continue
        total_now += r["encoded"]
        total_gz += len(gzip.compress(body, compresslevel=6)) + max(r["encoded"] - len(body), 0)
    return {"http_bytes": total_now, "http_bytes_if_gzipped": total_gz}


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 1 when a page view failed or a request left the machine."""
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    langs = [x.strip() for x in args.langs.split(",") if x.strip()]
    networks = [x.strip() for x in args.networks.split(",") if x.strip()]
    runs: list[dict[str, Any]] = []
    with ExitStack() as stack:
        base = args.url
        if not base:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="shafaf-browser-bench-")))
            publish_demo(tmp / "shafaf.duckdb")
            base = stack.enter_context(running_server(tmp / "shafaf.duckdb", tmp / "server.log"))
        p = stack.enter_context(sync_playwright())
        browser = launch(p)
        stack.callback(browser.close)
        # warm the server's caches once, so that every measured view pays the browser's cost only
        warm = browser.new_page()
        for lang in langs:
            warm.goto(f"{base.rstrip('/')}{args.path}?lang={lang}")
            warm.wait_for_timeout(3000)
        warm.close()
        for i in range(args.repeat):
            for lang in langs:
                for network in networks:
                    sep = "&" if "?" in args.path else "?"
                    url = f"{base.rstrip('/')}{args.path}{sep}lang={lang}"
                    for r in measure(browser, url, network, args):
                        r.update(run=i, lang_asked=lang)
                        runs.append(r)
                        print(
                            f"run {i} {lang} {network:<6} {r['visit']:<6} {r['bytes_total'] / 1000:9,.1f} KB "
                            f"rendered {r['rendered_ms'] / 1000:6.2f} s",
                            flush=True,
                        )
        first = next((r for r in runs if r["network"] == "plain" and r["visit"] == "first"), None)
        gz = gzip_estimate(first) if first else {}
    print()
    print(table(runs))
    print(breakdown(runs))
    if gz:
        print(
            f"\nwith gzip on text responses (a reverse proxy), a first visit's HTTP bytes would go from "
            f"{gz['http_bytes'] / 1000:,.0f} KB to about {gz['http_bytes_if_gzipped'] / 1000:,.0f} KB"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"browser-{stamp}.json"
    import playwright

    path.write_text(
        json.dumps(
            {
                "when": dt.datetime.now().isoformat(timespec="seconds"),
                "host": {"cores": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine()},
                "chromium": browser_version(),
                "playwright": getattr(playwright, "__version__", ""),
                "git_commit": _git_commit(),
                "viewport": PHONE,
                "fast_3g": FAST_3G,
                "path": args.path,
                "quiet_ms": args.quiet_ms,
                "runs": runs,
                "gzip_estimate_first_plain": gz,
                "table": table(runs),
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"\nwrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 1 if any(r["outside_requests"] for r in runs) else 0


def browser_version() -> str:
    """Debian Chromium's version string."""
    try:
        return subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


if __name__ == "__main__":
    sys.exit(main())
