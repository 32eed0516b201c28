"""How long the publishing desk's preview takes: demo 2026-10 against demo 2026-04 (or any two packages).

    python bench/bench_preview.py [--base PACKAGE] [--package PACKAGE] [--repeat 5]

Publishes BASE into a temporary deployment, then previews PACKAGE against it REPEAT times (each a
full validation + would-be snapshot build + comparison, as the /publish page does) and prints the
times, and the time of the load that publishes it, for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shafaf.store.preview import preview_package  # noqa: E402
from shafaf.store.publish import load_package  # noqa: E402


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, default=ROOT / "data" / "demo" / "2026-04")
    ap.add_argument("--package", type=Path, default=ROOT / "data" / "demo" / "2026-10")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shafaf.duckdb"
        assert load_package(args.base, db).snapshot_id
        times = []
        for _ in range(args.repeat):
            p = preview_package(args.package, db)
            assert p.valid and p.changes is not None, p.problems[:5]
            times.append(p.seconds)
        t0 = time.monotonic()
        assert load_package(args.package, db).snapshot_id
        load_s = time.monotonic() - t0
    changed = sum(c.total for c in p.changes.tables.values())
    print(f"preview of {args.package.name} against {args.base.name}: {changed:,} changed rows")
    print(f"  preview seconds: median {statistics.median(times):.2f}, min {min(times):.2f}, max {max(times):.2f}")
    print(f"  load seconds (for comparison): {load_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
