"""Time `shafaf validate` and `shafaf load` on a data package against a bare DuckDB read.

Each step runs in a fresh child process, so its wall time includes interpreter start-up and
imports, and its peak resident memory (from wait4's rusage) is that process's alone:

  baseline  a fresh DuckDB file; CREATE TABLE metrics AS SELECT * FROM read_csv/read_parquet;
            CHECKPOINT; close. The cheapest possible way to get the metrics into DuckDB.
  validate  python -m shafaf validate PACKAGE
  load      python -m shafaf load PACKAGE --db FRESH_FOLDER/shafaf.duckdb

Targets (set by the lead engineer): load within 3x the baseline's seconds; peak RSS < 4 GB.

Example:
    python bench/bench_load.py /tmp/shafaf-bench/pkg-csv --repeat 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

REPO_ROOT = Path(__file__).resolve().parent.parent
LOAD_RATIO_TARGET = 3.0
PEAK_RSS_TARGET_MB = 4096.0
SHOWN_LINES = 40  # child output lines echoed per run; the log file keeps them all

BASELINE_CODE = """
import json, sys, duckdb
src, db = sys.argv[1], sys.argv[2]
reader = "read_parquet" if src.endswith(".parquet") else "read_csv"
con = duckdb.connect(db)
con.execute("SET enable_progress_bar = false")
con.execute(f"CREATE TABLE metrics AS SELECT * FROM {reader}('" + src.replace("'", "''") + "')")
con.execute("CHECKPOINT")
rows = con.execute("SELECT count(*) FROM metrics").fetchone()[0]
con.close()
print(json.dumps({"rows": rows}))
"""


@dataclass
class Run:
    """One timed run of one step."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    load_avg_before: float | None = None
    db_bytes: int | None = None
    timed_out: bool = False
    output_tail: list[str] = field(default_factory=list)


@dataclass
class StepResult:
    """All runs of one step and their summary."""

    step: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    skipped: str | None = None

    @property
    def seconds(self) -> float | None:
        """Median wall seconds over the runs."""
        return statistics.median(r.seconds for r in self.runs) if self.runs else None

    @property
    def cpu_seconds(self) -> float | None:
        """Median CPU seconds (user + system) over the runs."""
        return statistics.median(r.cpu_seconds for r in self.runs) if self.runs else None

    @property
    def peak_rss_mb(self) -> float | None:
        """Highest peak RSS over the runs, in MB."""
        return max(r.peak_rss_mb for r in self.runs) if self.runs else None

    @property
    def ok(self) -> bool:
        """True when every run exited 0."""
        return bool(self.runs) and all(r.exit_code == 0 and not r.timed_out for r in self.runs)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("package", type=Path, help="a data package folder (see bench/generate.py)")
    p.add_argument("--repeat", type=int, default=1, help="runs per step; seconds are the median (default 1)")
    p.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results", help="where the JSON and log go")
    p.add_argument("--workdir", type=Path, default=None, help="where fresh databases are made (default: a temp folder)")
    p.add_argument(
        "--steps",
        default="baseline,validate,load,reload",
        help="comma-separated subset of baseline,validate,load,reload (default: all)",
    )
    p.add_argument("--timeout", type=float, default=3600, help="seconds before a step is killed (default 3600)")
    p.add_argument("--no-warm-cache", action="store_true", help="do not read the package once before timing")
    p.add_argument("--keep", action="store_true", help="keep the databases made in the work folder")
    p.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        help="before each run, wait up to this many seconds for the 1-minute load average to fall "
        "below half the cores (default 0: do not wait)",
    )
    p.add_argument("--quiet", action="store_true", help="do not echo the steps' output")
    return p.parse_args(argv)


def metrics_file(package: Path) -> Path:
    """The package's metrics.csv or metrics.parquet."""
    for name in ("metrics.csv", "metrics.parquet"):
        if (package / name).is_file():
            return package / name
    raise SystemExit(f"{package} has no metrics.csv or metrics.parquet")


def folder_bytes(path: Path) -> int:
    """Total size of the files under path."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def warm_cache(package: Path) -> None:
    """Read every file once so the first timed step does not pay for cold disk reads."""
    for f in package.iterdir():
        if f.is_file():
            with f.open("rb") as fh:
                while fh.read(1 << 24):
                    pass


def run_child(cmd: list[str], env: dict[str, str], log: TextIO, timeout: float, quiet: bool) -> Run:
    """Run cmd in a fresh process; return wall and CPU time, its own peak RSS and exit code."""
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    timed_out = False

    def on_timeout(_signum: int, _frame: object) -> None:
        nonlocal timed_out
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)

    old = signal.signal(signal.SIGALRM, on_timeout)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    tail: list[str] = []
    shown = 0
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            stamp = f"+{time.perf_counter() - start:7.2f}s "
            log.write(stamp + line)
            tail = (tail + [line.rstrip("\n")])[-SHOWN_LINES:]
            if not quiet:
                if shown < SHOWN_LINES:
                    print("    " + stamp + line, end="", flush=True)
                elif shown == SHOWN_LINES:
                    print("    ... (more output in the log file)", flush=True)
                shown += 1
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped by wait4 above
    log.flush()
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=rss_mb,
        exit_code=code,
        load_avg_before=load_avg,
        timed_out=timed_out,
        output_tail=tail,
    )


def wait_idle(max_seconds: float) -> None:
    """Wait until the 1-minute load average is below half the cores, or max_seconds pass."""
    if max_seconds <= 0 or not hasattr(os, "getloadavg"):
        return
    limit = 0.5 * (os.cpu_count() or 1)
    deadline = time.monotonic() + max_seconds
    while os.getloadavg()[0] >= limit and time.monotonic() < deadline:
        time.sleep(2)


def versions() -> dict[str, str | None]:
    """Versions of the interpreter, DuckDB and the repository."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    try:
        import duckdb

        out["duckdb"] = duckdb.__version__
    except ImportError:
        out["duckdb"] = None
    try:
        git = ["git", "-C", str(REPO_ROOT)]
        rev = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
        dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=False)
        out["git_commit"] = (rev.stdout.strip() or None) if rev.returncode == 0 else None
        out["git_dirty"] = "yes" if dirty.stdout.strip() else "no"
    except OSError:
        out["git_commit"] = None
    return out


def host() -> dict[str, object]:
    """What machine the figures come from."""
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gb": mem_gb, "platform": platform.platform()}


def shafaf_cli_present() -> bool:
    """True when the repository has the shafaf command line."""
    return (REPO_ROOT / "shafaf" / "__main__.py").is_file()


def fmt(value: float | None, spec: str) -> str:
    """A number for the table, or '-', padded to the width in spec."""
    width = int("".join(ch for ch in spec.split(".")[0] if ch.isdigit()) or 0)
    return "-".rjust(width) if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    package = args.package.resolve()
    if not package.is_dir():
        print(f"{package} is not a folder", file=sys.stderr)
        return 2
    metrics = metrics_file(package)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = set(steps) - {"baseline", "validate", "load", "reload"}
    if unknown or args.repeat < 1:
        print(f"unknown steps {sorted(unknown)} or bad --repeat", file=sys.stderr)
        return 2

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    args.out.mkdir(parents=True, exist_ok=True)
    log_path = args.out / f"load-{stamp}.log"
    json_path = args.out / f"load-{stamp}.json"
    work = Path(tempfile.mkdtemp(prefix="shafaf-bench-", dir=args.workdir))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"

    if not args.no_warm_cache:
        warm_cache(package)

    print(f"package {package} ({metrics.name}, {metrics.stat().st_size / 1e6:,.1f} MB)")
    print(f"python {sys.executable}; work folder {work}; log {log_path}")
    results: list[StepResult] = []
    rows: int | None = None
    with log_path.open("w", encoding="utf-8") as log:
        for step in steps:
            if step != "baseline" and not shafaf_cli_present():
                results.append(StepResult(step, [], skipped="shafaf/__main__.py not found"))
                print(f"\n== {step}: skipped (shafaf CLI not found in {REPO_ROOT})")
                continue
            result = StepResult(step, [])
            for i in range(args.repeat):
                run_dir = work / f"{step}-{i + 1}"
                run_dir.mkdir()
                db = run_dir / ("baseline.duckdb" if step == "baseline" else "shafaf.duckdb")
                if step == "baseline":
                    cmd = [sys.executable, "-c", BASELINE_CODE, str(metrics), str(db)]
                elif step == "validate":
                    cmd = [sys.executable, "-m", "shafaf", "validate", str(package)]
                else:
                    cmd = [sys.executable, "-m", "shafaf", "load", str(package), "--db", str(db)]
                    if step == "reload":  # the same package again: a second snapshot, compared with the first
                        cmd.append("--allow-unchanged")
                result.command = [c if c != BASELINE_CODE else "<baseline code>" for c in cmd]
                child_env = dict(env, SHAFAF_DB=str(db))
                if step == "reload":
                    # an untimed first publish, so the timed one is a second snapshot of the deployment
                    print(f"\n== reload run {i + 1}/{args.repeat}: first publish (not timed)", flush=True)
                    log.write(f"== reload run {i + 1}: first publish (not timed)\n")
                    setup = run_child(cmd, child_env, log, args.timeout, quiet=True)
                    if setup.exit_code != 0:
                        print(f"   -> first publish failed (exit {setup.exit_code})", flush=True)
                print(f"\n== {step} run {i + 1}/{args.repeat}: {' '.join(result.command)}", flush=True)
                log.write(f"== {step} run {i + 1}: {' '.join(result.command)}\n")
                wait_idle(args.wait_idle)
                run = run_child(cmd, child_env, log, args.timeout, args.quiet)
                if step != "validate":
                    run.db_bytes = folder_bytes(run_dir)
                if step == "baseline" and run.exit_code == 0:
                    try:
                        rows = int(json.loads(run.output_tail[-1])["rows"])
                    except (ValueError, KeyError, IndexError):
                        pass
                print(
                    f"   -> {run.seconds:.2f} s ({run.cpu_seconds:.2f} s CPU; load average before "
                    f"{fmt(run.load_avg_before, '.2f')}), peak RSS {run.peak_rss_mb:,.0f} MB, exit {run.exit_code}"
                    + (" (TIMED OUT)" if run.timed_out else ""),
                    flush=True,
                )
                result.runs.append(run)
                if not args.keep:
                    shutil.rmtree(run_dir, ignore_errors=True)
            results.append(result)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)

    by_step = {r.step: r for r in results}
    base = by_step.get("baseline")
    base_s = base.seconds if base and base.ok else None
    print(f"\nmetrics rows: {rows:,}" if rows is not None else "\nmetrics rows: unknown")
    base_cpu = base.cpu_seconds if base and base.ok else None
    print(f"{'step':10s} {'seconds':>9s} {'peak RSS MB':>12s} {'x baseline':>11s} {'CPU s':>8s} {'CPU x':>6s}  exit")
    for r in results:
        ratio = (r.seconds / base_s) if (r.seconds is not None and base_s) else None
        cpu_ratio = (r.cpu_seconds / base_cpu) if (r.cpu_seconds is not None and base_cpu) else None
        codes = ",".join(str(x.exit_code) for x in r.runs) or (f"skipped: {r.skipped}" if r.skipped else "-")
        print(
            f"{r.step:10s} {fmt(r.seconds, '9.2f')} {fmt(r.peak_rss_mb, '12,.0f')} {fmt(ratio, '11.2f')}"
            f" {fmt(r.cpu_seconds, '8.2f')} {fmt(cpu_ratio, '6.2f')}  {codes}"
        )
    busy = [x.load_avg_before for r in results for x in r.runs if x.load_avg_before is not None]
    if busy and max(busy) > 0.5 * (os.cpu_count() or 1):
        print(
            f"note: the machine was busy (1-minute load average up to {max(busy):.1f} on {os.cpu_count()} cores "
            "before a run); wall times are noisy, compare the CPU columns too"
        )

    verdicts: dict[str, str] = {}
    for name in ("load", "reload"):
        load = by_step.get(name)
        if not (load and load.runs):
            continue
        if not load.ok:
            verdicts[f"{name}_ok"] = "FAIL"
        if base_s and load.seconds is not None:
            ratio = load.seconds / base_s
            verdicts[f"{name}_time"] = "PASS" if ratio <= LOAD_RATIO_TARGET and load.ok else "MISS"
            print(f"{name} time: {ratio:.2f}x baseline (target <= {LOAD_RATIO_TARGET:g}x): {verdicts[f'{name}_time']}")
    for r in results:
        if r.step != "baseline" and r.peak_rss_mb is not None:
            verdicts[f"{r.step}_memory"] = "PASS" if r.peak_rss_mb < PEAK_RSS_TARGET_MB else "MISS"
            print(
                f"{r.step} peak RSS: {r.peak_rss_mb:,.0f} MB (target < {PEAK_RSS_TARGET_MB:,.0f} MB): "
                f"{verdicts[f'{r.step}_memory']}"
            )
    for r in results:
        if r.runs and not r.ok:
            print(f"{r.step} FAILED (exit {[x.exit_code for x in r.runs]}); last output:")
            for line in r.runs[-1].output_tail[-10:]:
                print("    " + line)

    report = {
        "timestamp": stamp,
        "package": str(package),
        "metrics_file": metrics.name,
        "metrics_file_bytes": metrics.stat().st_size,
        "package_bytes": folder_bytes(package),
        "metrics_rows": rows,
        "host": host(),
        "versions": versions(),
        "interpreter": sys.executable,
        "repeat": args.repeat,
        "targets": {"load_ratio_max": LOAD_RATIO_TARGET, "peak_rss_mb_max": PEAK_RSS_TARGET_MB},
        "steps": [
            {
                "step": r.step,
                "command": r.command,
                "skipped": r.skipped,
                "seconds_median": r.seconds,
                "cpu_seconds_median": r.cpu_seconds,
                "peak_rss_mb_max": r.peak_rss_mb,
                "ratio_to_baseline": (r.seconds / base_s) if (r.seconds is not None and base_s) else None,
                "runs": [asdict(x) | {"output_tail": x.output_tail[-10:]} for x in r.runs],
            }
            for r in results
        ],
        "verdicts": verdicts,
        "log": str(log_path),
    }
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {json_path}")
    failed = any(r.runs and not r.ok for r in results)
    return 1 if failed or "MISS" in verdicts.values() or "FAIL" in verdicts.values() else 0


if __name__ == "__main__":
    sys.exit(main())
