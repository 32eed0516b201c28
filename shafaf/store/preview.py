"""Preview: what publishing a package would change, without touching the deployment.

The would-be snapshot is built by the same code as `load` into a temporary folder outside the
deployment (the current snapshot attached read-only), then compared with the current snapshot.
No publish lock is taken: snapshots are immutable, so reading the current one is always safe; the
later publish passes `expected_previous` so that a preview made stale by someone else's publish is
refused.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from shafaf.contract.package import open_package
from shafaf.contract.problems import Problem
from shafaf.contract.validate import DEFAULT_MAX_PER_RULE, connect_staging, validate_raw
from shafaf.store.audit import now_utc
from shafaf.store.build import build_snapshot
from shafaf.store.changes import ChangeSet, compute_changes, count_refused, department_problems
from shafaf.store.deployment import SNAPSHOT_FILE, Deployment
from shafaf.store.publish import Progress, previous_row_counts


@dataclass
class Preview:
    """A package checked against the current snapshot: its problems, or what it would change."""

    package_name: str
    sha256: str
    previous_snapshot_id: str | None
    problems: list[Problem]
    total_problems: int
    changes: ChangeSet | None = None
    refused: list[Problem] = field(default_factory=list)  # rows the official may not publish
    seconds: float = 0.0
    as_of: dt.date | None = None  # the package's as_of: "overdue" is judged on it
    previous_counts: dict[str, int] = field(default_factory=dict)  # rows per table in the current snapshot

    @property
    def valid(self) -> bool:
        """True when the package has no validation problem."""
        return self.total_problems == 0

    @property
    def refused_total(self) -> int:
        """How many rows (and package.yaml keys) the official may not publish."""
        return count_refused(self.refused)

    @property
    def may_publish(self) -> bool:
        """True when the package is valid and every changed row is the official's to publish."""
        return self.valid and self.changes is not None and not self.refused


def preview_package(
    package: Path,
    db_path: Path,
    *,
    allowed_departments: Iterable[str] | None = None,
    memory_limit: str = "3GB",
    max_per_rule: int = DEFAULT_MAX_PER_RULE,
    progress: Progress = lambda _m: None,
    temp_dir: Path | None = None,
) -> Preview:
    """Validate `package` and, when valid, compare it with the current snapshot of `db_path`."""
    t0 = time.monotonic()
    dep = Deployment(db_path)
    prev = dep.current_id()
    with open_package(package) as pkg:
        con = connect_staging(memory_limit)
        try:
            progress(f"validating {Path(package).name}")
            v = validate_raw(pkg, con, max_per_rule=max_per_rule, progress=progress)
            out = Preview(Path(package).name, pkg.sha256, prev, v.problems, v.total_problems)
            out.as_of = v.meta.as_of
            if not v.ok:
                out.seconds = time.monotonic() - t0
                return out
            sid = dep.next_id()
            with tempfile.TemporaryDirectory(prefix="shafaf-preview-", dir=temp_dir) as tmp:
                new_file = Path(tmp) / SNAPSHOT_FILE
                prev_file = dep.snapshot_file(prev) if prev else None
                build_snapshot(
                    v,
                    new_file,
                    prev_file,
                    snapshot_id=sid,
                    published_at=now_utc(),
                    package_name=Path(package).name,
                    progress=progress,
                )
                progress("comparing with the current snapshot")
                out.changes = compute_changes(con, new_file, prev_file, snapshot_id=sid, previous_snapshot_id=prev)
                out.previous_counts = previous_row_counts(dep, prev)
                out.refused = department_problems(con, v, out.changes, allowed_departments, max_per_rule=max_per_rule)
        finally:
            con.close()
    out.seconds = time.monotonic() - t0
    return out
