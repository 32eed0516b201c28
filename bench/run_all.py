"""Run every benchmark (`make bench`): page render times on the demo, then large-package loads.

Example:
    python bench/run_all.py --work /tmp/shafaf-bench --formats csv,parquet
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "shafaf-bench",
        help="where the generated packages go (default: TMPDIR/shafaf-bench; keep it out of the repository)",
    )
    p.add_argument("--formats", default="csv", help="comma-separated metrics formats: csv, parquet (default csv)")
    p.add_argument("--repeat", type=int, default=1, help="runs per step (default 1)")
    p.add_argument("--reuse", action="store_true", help="reuse WORK/pkg-FORMAT when it already exists")
    p.add_argument("--out", type=Path, default=BENCH / "results", help="where results go (default bench/results)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 1 when any step failed or missed a target."""
    args = parse_args(argv)
    pages = [sys.executable, str(BENCH / "bench_pages.py"), "--out", str(args.out)]
    worst = subprocess.run(pages, check=False).returncode
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        package = args.work / f"pkg-{fmt}"
        if not (args.reuse and (package / "package.yaml").is_file()):
            gen = [sys.executable, str(BENCH / "generate.py"), str(package), "--metrics-format", fmt, "--force"]
            subprocess.run(gen, check=True)
        bench = [
            sys.executable,
            str(BENCH / "bench_load.py"),
            str(package),
            "--repeat",
            str(args.repeat),
            "--out",
            str(args.out),
        ]
        worst = max(worst, subprocess.run(bench, check=False).returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
