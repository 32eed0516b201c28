"""The app through nginx with 1 and 2 public replicas: views per second and p95 at 25 and 50 sessions (issue 14).

The stack is the one `python -m shafaf.deploy run` starts (deploy/nginx.conf.template, sticky on a route
cookie), with the proxy's per-client websocket limits raised: every simulated visitor comes from
127.0.0.1, where real ones come from many addresses. Each simulated session carries its own route
cookie, as a browser does after its first page, so sessions spread over the replicas the way
browsers' would. The replicas are warmed first (every page x scope once on each, directly), so the
bursts measure warm views. Figures: views per second over the burst, p50/p95 per view, errors, the
replicas' CPU seconds (summed) and per view, and the load average before and after each burst.

    python bench/bench_proxy.py                       # the demo data, replicas 1 and 2, 25 and 50 sessions
    python bench/bench_proxy.py --db PATH --province ID --district ID --replicas 1,2 --concurrency 25,50
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import wsclient  # noqa: E402
from bench_server import percentile  # noqa: E402

from shafaf.deploy import running_stack  # noqa: E402

DEMO_PACKAGES = (ROOT / "data" / "demo" / "2026-04", ROOT / "data" / "demo" / "2026-10")
# raised for the benchmark only: one client address stands for every visitor (docs/deploy.md keeps the defaults)
BENCH_LIMITS = {"stream_rate": "1000r/s", "stream_burst": 1000, "stream_conn": 1000}


def log(msg: str) -> None:
    """Progress on stderr, time-stamped."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU seconds so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def route_cookie(_i: int) -> dict[str, str]:
    """A visitor's own route cookie (nginx hands each browser a random one on its first page)."""
    return {"Cookie": f"shafaf_route={secrets.token_hex(16)}"}


def burst(
    base: str, targets: list[tuple[str, str]], sessions: int, views: int, pids: tuple[int, ...]
) -> dict[str, Any]:
    """`sessions` visitors at once through the proxy, `views` page views each; the figures of the burst."""
    load_before = os.getloadavg()
    c0 = [cpu_seconds(p) for p in pids]
    done, wall = wsclient.run_concurrent(base, targets, sessions, views_per_session=views, headers=route_cookie)
    per_replica = [cpu_seconds(p) - c for p, c in zip(pids, c0, strict=True)]
    cpu = sum(per_replica)
    ok = [v.seconds for v in done if not v.error]
    errors = [v.error for v in done if v.error]
    return {
        "sessions": sessions,
        "views": len(done),
        "wall_s": wall,
        "views_per_s": len(done) / wall if wall else None,
        "p50_s": percentile(ok, 50),
        "p95_s": percentile(ok, 95),
        "max_s": max(ok) if ok else None,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "server_cpu_s": cpu,
        "server_cpu_s_per_replica": per_replica,
        "cpu_per_view_s": cpu / len(done) if done else None,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
    }


def markdown(report: dict[str, Any]) -> str:
    """The results as a markdown table."""
    lines = [
        f"# The app through nginx, {report['date']}",
        "",
        f"Commit `{report['commit'][:12]}`; {report['cores']} cores; {report['views_per_session']} views per session; "
        f"command: `{report['command']}`.",
        "",
        "| replicas | sessions | views | views/s | p50 s | p95 s | max s | errors | replicas' CPU s (each) "
        "| CPU s / view | load avg before -> after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for run in report["runs"]:
        for b in run["bursts"]:
            la0, la1 = b["load_average_before"][0], b["load_average_after"][0]
            each = " + ".join(f"{c:.1f}" for c in b["server_cpu_s_per_replica"])
            lines.append(
                f"| {run['replicas']} | {b['sessions']} | {b['views']} | {b['views_per_s']:.2f} | {b['p50_s'] or 0:.2f} "
                f"| {b['p95_s'] or 0:.2f} | {b['max_s'] or 0:.2f} | {b['errors']} | {b['server_cpu_s']:.1f} ({each}) "
                f"| {b['cpu_per_view_s'] or 0:.3f} | {la0:.1f} -> {la1:.1f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 1 when a view failed."""
    from shafaf.navigation import PAGES
    from shafaf.store.publish import load_package

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--db", type=Path, default=None, help="a deployment to serve (default: the demo data, published now)"
    )
    p.add_argument("--province", default="pk-kp", help="region id of the province scope (default: the demo's)")
    p.add_argument("--district", default="pk-kp-peshawar", help="region id of the district scope")
    p.add_argument("--replicas", default="1,2", help="public replica counts (default 1,2)")
    p.add_argument("--concurrency", default="25,50", help="session counts (default 25,50)")
    p.add_argument("--views-per-session", type=int, default=3, help="views each session makes (default 3)")
    p.add_argument("--out", type=Path, default=BENCH / "results", help="where <date>-proxy.json/.md go")
    p.add_argument("--label", default="proxy", help="suffix of the result files (default proxy)")
    a = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="shafaf-bench-proxy-"))
    db = a.db
    if db is None:
        db = work / "deploy" / "shafaf.duckdb"
        for pkg in DEMO_PACKAGES:
            load_package(pkg, db)
    scopes = ["", f"region={a.province}", f"region={a.district}"]
    targets = [(s.url_path, q) for s in PAGES for q in scopes]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    report: dict[str, Any] = {
        "date": f"{dt.date.today():%Y-%m-%d}",
        "commit": commit or "unknown",
        "cores": os.cpu_count(),
        "views_per_session": a.views_per_session,
        "command": "python bench/bench_proxy.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "limits": BENCH_LIMITS,
        "runs": [],
    }
    failed = False
    for n in [int(x) for x in a.replicas.split(",") if x.strip()]:
        with running_stack(work / f"nginx-{n}", db=db, replicas=n, **BENCH_LIMITS) as stack:  # type: ignore[arg-type]
            log(f"{n} replica(s) behind {stack.public_url}; warming each replica directly")
            for url in stack.replica_urls:
                wsclient.run_views(url, targets)
            run: dict[str, Any] = {"replicas": n, "bursts": []}
            for sessions in [int(x) for x in a.concurrency.split(",") if x.strip()]:
                b = burst(stack.public_url, targets, sessions, a.views_per_session, stack.replica_pids)
                run["bursts"].append(b)
                failed = failed or b["errors"] > 0
                log(
                    f"{n} replica(s), {sessions:3d} sessions: {b['views_per_s']:.2f} views/s  p95 {b['p95_s'] or 0:.2f} s  "
                    f"errors {b['errors']}  CPU/view {b['cpu_per_view_s'] or 0:.3f} s  "
                    f"load {b['load_average_before'][0]:.1f} -> {b['load_average_after'][0]:.1f}"
                )
            report["runs"].append(run)
    a.out.mkdir(parents=True, exist_ok=True)
    stem = a.out / f"{report['date']}-{a.label}"
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    log(f"wrote {stem}.json and .md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
