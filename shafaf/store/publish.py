"""`load`: validate a package, then publish it as a new snapshot in one atomic step, or change nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shafaf.contract.package import open_package
from shafaf.contract.problems import Problem
from shafaf.contract.validate import DEFAULT_MAX_PER_RULE, connect_staging, validate_raw
from shafaf.store.build import build_snapshot
from shafaf.store.deployment import SNAPSHOT_FILE, Deployment

Progress = Callable[[str], None]


@dataclass
class LoadResult:
    """What a load did: the new snapshot id, or the problems that stopped it."""

    snapshot_id: str | None
    problems: list[Problem]
    total_problems: int
    counts: dict[str, int]


def _archive(src: Path, kind: str, root: Path | None, dest: Path) -> None:
    """Keep the package exactly as received next to its snapshot."""
    dest.mkdir()
    if kind == "folder":
        for p in sorted(src.iterdir()):
            if p.is_file():
                shutil.copy2(p, dest / p.name)
    else:
        shutil.copy2(src, dest / src.name)


def load_package(
    package: Path,
    db_path: Path,
    *,
    lock_wait_seconds: float = 600,
    memory_limit: str = "3GB",
    max_per_rule: int = DEFAULT_MAX_PER_RULE,
    progress: Progress = lambda _m: None,
) -> LoadResult:
    """Validate `package`; if valid, publish it as the new current snapshot of `db_path`'s deployment."""
    dep = Deployment(db_path)
    dep.current_id()  # fails early, before any work, when the path is not ours
    with open_package(package) as pkg:
        con = connect_staging(memory_limit)
        try:
            progress(f"validating {package}")
            v = validate_raw(pkg, con, max_per_rule=max_per_rule, progress=progress)
            if not v.ok:
                return LoadResult(None, v.problems, v.total_problems, {})
            with dep.publish_lock(lock_wait_seconds, progress):
                dep.clean_leftovers(progress)
                prev = dep.current_id()
                sid = dep.next_id()
                build = dep.new_build_dir(sid)
                published_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
                progress(f"building snapshot {sid}")
                counts = build_snapshot(
                    v,
                    build / SNAPSHOT_FILE,
                    dep.snapshot_file(prev) if prev else None,
                    snapshot_id=sid,
                    published_at=published_at,
                    package_name=Path(package).name,
                    progress=progress,
                )
                _archive(Path(package), pkg.kind, pkg.root, build / "package")
                manifest = v.meta.as_dict() | {
                    "snapshot_id": sid,
                    "published_at": published_at.isoformat() + "Z",
                    "package_name": Path(package).name,
                    "package_sha256": pkg.sha256,
                    "previous_snapshot_id": prev,
                    "row_counts": counts,
                }
                (build / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
                progress("publishing")
                dep.publish(build, sid)
            return LoadResult(sid, [], 0, counts)
        finally:
            con.close()
