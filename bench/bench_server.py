"""Page views against the REAL server: cold and warm render time, bytes, points, query floor, concurrency.

    python bench/bench_server.py --db DEPLOYMENT/shafaf.duckdb --province PK.P01 --district PK.P01.D01.X01 \
        [--pages all] [--repeat 7] [--concurrency 10,25,50] [--json-out FILE]

`python -m shafaf.serve` runs on a free port with SHAFAF_DB=--db; `wsclient.py` plays the browser
(one new websocket session per page view). For every page x scope (root, a province, a district):

  cold   a freshly started server, one view (so connections, small tables and the page's cached
         queries are all computed; as after a publish). The server is `serve_traced.py`, which
         records the DuckDB statements the view sends (a pickle write per statement).
  query  the floor: those statements replayed on a fresh read-only connection to the same snapshot,
         each on its own cursor and fetched to a DataFrame as the app does: the first replay
         (`query_cold_s`) and the median of three more (`query_warm_s`).
  warm   one untraced server for the rest: one view to fill the caches, then --repeat views:
         p50 and p95 seconds, websocket bytes received, plotted points.
  concurrency  for each N in --concurrency, N sessions start at once, each viewing
         --views-per-session page x scope views in turn (session i starts at target i); p50/p95
         latency of every view, views per second, errors, and the server's VmRSS (sampled every
         0.1 s) and VmHWM from /proc/<pid>/status.

Prints progress on stderr and writes one JSON document (--json-out, else stdout).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import wsclient  # noqa: E402


def log(msg: str) -> None:
    """Progress on stderr, time-stamped."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0-100); None for no values."""
    if not values:
        return None
    s = sorted(values)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def proc_status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process in MB (from /proc/<pid>/status)."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return out


class Server:
    """`python -m shafaf.serve` (or bench/serve_traced.py) on a free port over one deployment."""

    def __init__(self, db: Path, log_path: Path, trace: Path | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable]
        cmd += [str(BENCH / "serve_traced.py")] if trace else ["-m", "shafaf.serve"]
        cmd += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        env = {**os.environ, "SHAFAF_DB": str(db)}
        if trace:
            env["SHAFAF_BENCH_TRACE"] = str(trace)
        self._log = log_path.open("a")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.started_s = self._wait_healthy()

    def _wait_healthy(self, timeout: float = 90) -> float:
        t0 = time.perf_counter()
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                pass
            if self.proc.poll() is not None or time.perf_counter() - t0 > timeout:
                self.stop()
                raise RuntimeError(f"the server did not start; see {self._log.name}")
            time.sleep(0.1)

    def memory(self) -> dict[str, float]:
        """The server's VmRSS / VmHWM in MB."""
        return proc_status_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        """The server's user + system CPU seconds so far (from /proc/<pid>/stat)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Terminate (then kill) the server."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def read_trace(path: Path, offset: int) -> tuple[list[tuple[str, str, Any]], int]:
    """The statements appended to a trace file since byte `offset`, and the new offset."""
    out = []
    with path.open("rb") as f:
        f.seek(offset)
        while True:
            try:
                out.append(pickle.load(f))
            except EOFError:
                break
        return out, f.tell()


def replay(snapshot: Path, statements: list[tuple[str, str, Any]], warm_runs: int = 3) -> dict[str, Any]:
    """Seconds to run `statements` on a fresh read-only connection: first replay, median of the next ones.

    The connection is opened the app's way (`connect_read_only`, with its settings and lock-down),
    outside the timing; the configuration statements that opening sends (SET / RESET / PRAGMA) are
    part of connecting, not of the page, and are not replayed.
    """
    import duckdb

    from shafaf.store.reader import connect_read_only

    con = connect_read_only(snapshot)
    setup = [s for s in statements if s[1].lstrip().upper().startswith(("SET ", "RESET ", "PRAGMA "))]
    todo = [s for s in statements if s not in setup and s[2] != "<unpicklable>"]
    skipped = sum(1 for s in statements if s[2] == "<unpicklable>")

    def once() -> float:
        t0 = time.perf_counter()
        for kind, sql, params in todo:
            with con.cursor() as cur:
                if kind == "execute":
                    res = cur.execute(sql, params)
                else:
                    res = cur.sql(sql, params=params)
                try:
                    res.df()
                except (duckdb.Error, AttributeError):  # a statement without a result set
                    pass
        return time.perf_counter() - t0

    try:
        first = once()
        warm = [once() for _ in range(warm_runs)]
    finally:
        con.close()
    return {
        "statements": len(todo),
        "setup_statements": len(setup),
        "unreplayed": skipped,
        "cold_s": first,
        "warm_s": statistics.median(warm),
    }


def current_snapshot(db: Path) -> Path:
    """The current snapshot file of a deployment."""
    from shafaf.store.deployment import Deployment

    dep = Deployment(db)
    sid = dep.current_id()
    if sid is None:
        raise SystemExit(f"nothing is published at {db}")
    return dep.snapshot_file(sid)


def view_summary(v: wsclient.View) -> dict[str, Any]:
    """The per-view fields kept in the JSON."""
    return {
        "seconds": round(v.seconds, 4),
        "bytes_in": v.bytes_in,
        "frames_in": v.frames_in,
        "points": v.points,
        "charts": v.charts,
        "error": v.error,
        "error_alerts": v.error_alerts,
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 1 when any view failed."""
    from shafaf.navigation import PAGES

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, required=True, help="the deployment (SHAFAF_DB) to serve")
    p.add_argument("--province", required=True, help="region id of the province scope")
    p.add_argument("--district", required=True, help="region id of the district scope")
    p.add_argument("--pages", default="all", help="comma-separated url paths ('' or 'overview' = root page), or all")
    p.add_argument("--repeat", type=int, default=7, help="warm views per page and scope (default 7)")
    p.add_argument(
        "--target-budget",
        type=float,
        default=60,
        help="stop repeating a page x scope after this many seconds, once two warm views are done (default 60)",
    )
    p.add_argument("--concurrency", default="10,25,50", help="session counts (default 10,25,50; '' for none)")
    p.add_argument("--views-per-session", type=int, default=3, help="views each concurrent session makes (default 3)")
    p.add_argument("--no-cold", action="store_true", help="skip the cold views and the query floor")
    p.add_argument("--timeout", type=float, default=120, help="seconds before a view counts as failed (default 120)")
    p.add_argument("--work", type=Path, default=None, help="where logs and the trace go (default: next to --db)")
    p.add_argument("--json-out", type=Path, default=None, help="write the JSON here (default: stdout)")
    a = p.parse_args(argv)

    work = a.work or a.db.parent
    work.mkdir(parents=True, exist_ok=True)
    server_log = work / "server.log"
    snapshot = current_snapshot(a.db)
    if a.pages == "all":
        pages = [s.url_path for s in PAGES]
    else:
        pages = ["" if x.strip() in ("", "overview") else x.strip() for x in a.pages.split(",")]
    scopes = {"root": "", "province": f"region={a.province}", "district": f"region={a.district}"}
    targets = [(pg, sc) for pg in pages for sc in scopes]
    rows: dict[tuple[str, str], dict[str, Any]] = {
        (pg, sc): {"page": "/" + pg, "scope": sc, "query": scopes[sc]} for pg, sc in targets
    }
    report: dict[str, Any] = {
        "db": str(a.db),
        "snapshot": str(snapshot),
        "snapshot_bytes": snapshot.stat().st_size,
        "load_average_start": os.getloadavg(),
        "cores": os.cpu_count(),
        "repeat": a.repeat,
        "views_per_session": a.views_per_session,
    }

    if not a.no_cold:
        trace = work / "trace.pkl"
        trace.write_bytes(b"")
        starts = []
        for pg, sc in targets:
            srv = Server(a.db, server_log, trace=trace)
            starts.append(srv.started_s)
            try:
                _, offset = read_trace(trace, 0)
                c0 = srv.cpu_seconds()
                (v,) = wsclient.run_views(srv.base, [(pg, scopes[sc])], timeout=a.timeout)
                cpu = srv.cpu_seconds() - c0
                statements, _ = read_trace(trace, offset)
            finally:
                srv.stop()
            q = replay(snapshot, statements)
            row = rows[(pg, sc)]
            row["cold"] = view_summary(v) | {"server_cpu_s": cpu}
            row["queries"] = q
            log(
                f"cold  /{pg:<12} {sc:<9} {v.seconds:7.3f} s  {v.bytes_in / 1000:7.1f} KB  "
                f"{v.points:6d} pts  queries {q['statements']:3d}: {q['cold_s']:.3f} s cold, "
                f"{q['warm_s']:.3f} s warm" + (f"  ERROR {v.error}" if v.error else "")
            )
        report["server_start_s_median"] = statistics.median(starts)

    srv = Server(a.db, server_log)
    try:
        report["server_rss_idle_mb"] = srv.memory()
        for pg, sc in targets:
            views, cpu = [], []
            t0 = time.perf_counter()
            for k in range(1 + a.repeat):
                # a page slower than the budget gets fewer repeats (at least two), not a stalled run
                if k > 2 and time.perf_counter() - t0 > a.target_budget:
                    break
                c0 = srv.cpu_seconds()
                views += wsclient.run_views(srv.base, [(pg, scopes[sc])], timeout=a.timeout)
                cpu.append(srv.cpu_seconds() - c0)
            first, rest = views[0], views[1:]
            secs = [v.seconds for v in rest]
            row = rows[(pg, sc)]
            row["warm"] = {
                "first_on_server": view_summary(first),
                "p50_s": percentile(secs, 50),
                "p95_s": percentile(secs, 95),
                "max_s": max(secs),
                "views": len(secs),
                "cpu_p50_s": percentile(cpu[1:], 50),
                "bytes_in": rest[-1].bytes_in,
                "points": rest[-1].points,
                "charts": rest[-1].charts,
                "elements": rest[-1].elements,
                "errors": [v.error for v in views if v.error],
                "error_alerts": max(v.error_alerts for v in views),
            }
            log(
                f"warm  /{pg:<12} {sc:<9} p50 {row['warm']['p50_s']:.3f} s  p95 {row['warm']['p95_s']:.3f} s  "
                f"CPU p50 {row['warm']['cpu_p50_s']:.3f} s  "
                f"{rest[-1].bytes_in / 1000:7.1f} KB  {rest[-1].points:6d} pts"
                + (f"  ERRORS {row['warm']['errors'][:2]}" if row["warm"]["errors"] else "")
            )
        report["server_rss_after_warm_mb"] = srv.memory()

        conc = []
        for n in [int(x) for x in a.concurrency.split(",") if x.strip()]:
            peak = {"rss": 0.0}
            stop = threading.Event()

            def sample(peak: dict[str, float] = peak, stop: threading.Event = stop) -> None:
                while not stop.is_set():
                    peak["rss"] = max(peak["rss"], srv.memory().get("VmRSS", 0.0))
                    stop.wait(0.1)

            sampler = threading.Thread(target=sample, daemon=True)
            load_before = os.getloadavg()
            c0 = srv.cpu_seconds()
            sampler.start()
            views, wall = wsclient.run_concurrent(
                srv.base, targets, n, views_per_session=a.views_per_session, timeout=a.timeout
            )
            stop.set()
            sampler.join()
            burst_cpu = srv.cpu_seconds() - c0
            ok = [v.seconds for v in views if not v.error]
            errors = [v.error for v in views if v.error]
            mem = srv.memory()
            entry = {
                "sessions": n,
                "views": len(views),
                "p50_s": percentile(ok, 50),
                "p95_s": percentile(ok, 95),
                "max_s": max(ok) if ok else None,
                "wall_s": wall,
                "views_per_s": len(views) / wall if wall else None,
                "errors": len(errors),
                "server_cpu_s": burst_cpu,
                "busy_retries": sum(v.reruns for v in views),
                "error_samples": sorted(set(errors))[:5],
                "errors_by_page": {
                    pg: sum(1 for v in views if v.error and "/" + v.page == pg)
                    for pg in sorted({"/" + v.page for v in views if v.error})
                },
                "rss_peak_mb": peak["rss"],
                "hwm_mb": mem.get("VmHWM"),
                "load_average_before": load_before,
            }
            conc.append(entry)
            log(
                f"conc  {n:3d} sessions x {a.views_per_session}: p50 {entry['p50_s'] or 0:.3f} s  "
                f"p95 {entry['p95_s'] or 0:.3f} s  {entry['views_per_s']:.2f} views/s  errors {len(errors)}  "
                f"RSS peak {entry['rss_peak_mb']:.0f} MB  HWM {entry['hwm_mb'] or 0:.0f} MB"
            )
        report["concurrency"] = conc
        report["server_memory_end_mb"] = srv.memory()
    finally:
        srv.stop()

    report["load_average_end"] = os.getloadavg()
    report["pages"] = list(rows.values())
    text = json.dumps(report, indent=2, default=str)
    if a.json_out:
        a.json_out.parent.mkdir(parents=True, exist_ok=True)
        a.json_out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    failed = any(
        (r.get("cold") or {}).get("error") or (r.get("warm") or {}).get("errors") for r in report["pages"]
    ) or any(c["errors"] for c in report.get("concurrency", []))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
