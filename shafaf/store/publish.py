"""`load`: validate a package, then publish it as a new snapshot in one atomic step, or change nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shafaf.contract.package import open_package
from shafaf.contract.problems import Problem
from shafaf.contract.validate import DEFAULT_MAX_PER_RULE, Validation, connect_staging, validate_raw
from shafaf.store.audit import Actor, append_refusal, now_utc
from shafaf.store.build import build_snapshot
from shafaf.store.changes import ChangeSet, compute_changes, count_refused, department_problems
from shafaf.store.deployment import SNAPSHOT_FILE, Deployment, StoreError

Progress = Callable[[str], None]
BuildExtras = Callable[[Path, str], None]  # (finished build folder, snapshot id): more files published with it


class _Any:
    """The default of `expected_previous`: publish on top of whatever is current."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()
STALE_MESSAGE = "snapshot {cur} was published after your preview (made against {prev}); preview again"
UNCHANGED_MESSAGE = (
    "nothing changed: this package holds exactly what the current snapshot {cur} holds (every row and every "
    "package.yaml key), so no new snapshot was published"
)


@dataclass
class LoadResult:
    """What a load did: the new snapshot id, or the problems that stopped it."""

    snapshot_id: str | None
    problems: list[Problem]
    total_problems: int
    counts: dict[str, int]
    refused: str | None = None  # "departments" | "stale" | "unchanged" when the desk's rules refused a valid package
    changes: ChangeSet | None = None


def _archive(src: Path, kind: str, root: Path | None, dest: Path) -> None:
    """Keep the package exactly as received next to its snapshot."""
    dest.mkdir()
    if kind == "folder":
        for p in sorted(src.iterdir()):
            if p.is_file():
                shutil.copy2(p, dest / p.name)
    else:
        shutil.copy2(src, dest / src.name)


def previous_row_counts(dep: Deployment, snapshot_id: str | None) -> dict[str, int]:
    """Rows per table in a published snapshot, from its manifest ({} when there is none)."""
    if snapshot_id is None:
        return {}
    try:
        counts = json.loads((dep.snapshot_file(snapshot_id).parent / "manifest.json").read_text(encoding="utf-8"))
        return {str(k): int(v) for k, v in counts.get("row_counts", {}).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def _audit_columns(
    by: Actor, action: str, rollback_of: str | None, changes: ChangeSet, confirmation: str | None = None
) -> dict[str, str | None]:
    return {
        "action": action,
        "rollback_of": rollback_of,
        "by_username": by.username,
        "by_name": by.display_name,
        "by_via": by.via,
        "by_departments": None if by.departments is None else json.dumps(sorted(by.departments)),
        "departments_changed": json.dumps(sorted(changes.departments)),
        "changes": json.dumps(changes.counts),
        "confirmation": confirmation,
    }


def _record_audit(v: Validation, snapshot_file: Path, sid: str, audit: dict[str, str | None]) -> None:
    """Write who published and why into the (unpublished) build's own `publishes` row."""
    con = v.con
    con.execute("ATTACH $f AS _shafaf_build", {"f": str(snapshot_file)})
    try:
        sets = ", ".join(f"{k} = ${k}" for k in audit)
        con.execute(f"UPDATE _shafaf_build.publishes SET {sets} WHERE snapshot_id = $sid", audit | {"sid": sid})
        con.execute("CHECKPOINT _shafaf_build")
    finally:
        con.execute("DETACH _shafaf_build")


def refusal_record(
    by: Actor, package: Path, sha256: str, reason: str, problems: list[Problem], current: str | None
) -> dict[str, Any]:
    """One audit.jsonl line for an attempt the desk's rules refused."""
    return {
        "at": now_utc().isoformat() + "Z",
        "by": by.as_dict(),
        "package_name": Path(package).name,
        "package_sha256": sha256,
        "reason": reason,
        "current_snapshot_id": current,
        "problems": [str(p) for p in problems[:20]],
        "problem_count": count_refused(problems) if reason == "departments" else len(problems),
    }


def load_package(
    package: Path,
    db_path: Path,
    *,
    lock_wait_seconds: float = 600,
    memory_limit: str = "3GB",
    max_per_rule: int = DEFAULT_MAX_PER_RULE,
    progress: Progress = lambda _m: None,
    by: Actor | None = None,
    expected_previous: str | None = ANY,
    action: str = "load",
    rollback_of: str | None = None,
    package_name: str | None = None,
    reasons: Mapping[str, str] | None = None,
    confirmation: str | None = None,
    allow_unchanged: bool = False,
    extras: BuildExtras | None = None,
) -> LoadResult:
    """Validate `package`; if valid, publish it as the new current snapshot of `db_path`'s deployment.

    `by` is who publishes (default: the command line's user); when `by.departments` is a set, a package
    that changes any row of another department (or of none: regions, shared package.yaml vocabulary)
    is refused. `expected_previous` is the snapshot a preview was made against: when another snapshot
    has been published since, the load is refused. A package identical to the current snapshot (no row,
    no package.yaml key changed) is refused as "unchanged". Refusals change no snapshot and are logged in
    audit.jsonl. `confirmation` is the reason given for confirming a destructive publish (the desk asks for it),
    kept in the audit record (`publishes.confirmation`, manifest.json). `allow_unchanged` publishes an
    identical package anyway (`load --allow-unchanged`: benchmarks of a second publish).

    `reasons` maps '<table>:<row key>' (e.g. 'milestones:ms-pa-3', 'rollouts:i1|r1|live') to the official's
    reason for that withdrawal or re-plan; it wins over the row's `change_note` and is published in the
    snapshot (`withdrawn`, `history_withdrawals`, `history_replans.reason`), carried forward.

    `extras(build_dir, snapshot_id)` writes more into the finished build folder before it is published (the
    static edition: shafaf.site_build), so it becomes current with the snapshot in the same atomic step;
    when it raises, nothing is published (the build is left for clean_leftovers) and the error propagates.
    """
    by = by or Actor.command_line()
    name = package_name or Path(package).name
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
                if expected_previous is not ANY and prev != expected_previous:
                    problem = Problem(
                        Path(package).name, None, None, STALE_MESSAGE.format(cur=prev, prev=expected_previous)
                    )
                    append_refusal(dep.folder, refusal_record(by, package, pkg.sha256, "stale", [problem], prev))
                    return LoadResult(None, [problem], 1, {}, refused="stale")
                sid = dep.next_id()
                build = dep.new_build_dir(sid)
                published_at = now_utc()
                progress(f"building snapshot {sid}")
                counts = build_snapshot(
                    v,
                    build / SNAPSHOT_FILE,
                    dep.snapshot_file(prev) if prev else None,
                    snapshot_id=sid,
                    published_at=published_at,
                    package_name=name,
                    progress=progress,
                    reasons=reasons,
                )
                progress("comparing with the current snapshot")
                changes = compute_changes(
                    con,
                    build / SNAPSHOT_FILE,
                    dep.snapshot_file(prev) if prev else None,
                    snapshot_id=sid,
                    previous_snapshot_id=prev,
                )
                refused = department_problems(con, v, changes, by.departments, max_per_rule=max_per_rule)
                if refused:
                    shutil.rmtree(build, ignore_errors=True)
                    append_refusal(dep.folder, refusal_record(by, package, pkg.sha256, "departments", refused, prev))
                    return LoadResult(None, refused, count_refused(refused), {}, refused="departments", changes=changes)
                if prev is not None and changes.nothing and not allow_unchanged:
                    shutil.rmtree(build, ignore_errors=True)
                    problem = Problem(name, None, None, UNCHANGED_MESSAGE.format(cur=prev))
                    append_refusal(dep.folder, refusal_record(by, package, pkg.sha256, "unchanged", [problem], prev))
                    return LoadResult(None, [problem], 1, {}, refused="unchanged", changes=changes)
                audit = _audit_columns(by, action, rollback_of, changes, confirmation)
                _record_audit(v, build / SNAPSHOT_FILE, sid, audit)
                _archive(Path(package), pkg.kind, pkg.root, build / "package")
                manifest = v.meta.as_dict() | {
                    "snapshot_id": sid,
                    "published_at": published_at.isoformat() + "Z",
                    "package_name": name,
                    "package_sha256": pkg.sha256,
                    "previous_snapshot_id": prev,
                    "row_counts": counts,
                    "audit": {
                        "action": action,
                        "rollback_of": rollback_of,
                        "by": by.as_dict(),
                        "departments_changed": sorted(changes.departments),
                        "changes": changes.counts,
                        "confirmation": confirmation,
                        "reasons": dict(reasons or {}),
                    },
                }
                (build / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
                if extras is not None:
                    extras(build, sid)
                progress("publishing")
                dep.publish(build, sid)
            return LoadResult(sid, [], 0, counts, changes=changes)
        finally:
            con.close()


def archived_package(db_path: Path, snapshot_id: str) -> Path:
    """The package a snapshot was published from, as archived: its .zip/.xlsx, or the folder of files."""
    dep = Deployment(db_path)
    folder = dep.snapshot_file(snapshot_id).parent / "package"
    if dep.current_id() is None or snapshot_id > (dep.current_id() or "") or not folder.is_dir():
        raise StoreError(f"there is no published snapshot {snapshot_id} at {dep.db_path}")
    files = [p for p in folder.iterdir() if p.is_file()]
    single = [p for p in files if p.suffix.lower() in (".zip", ".xlsx")]
    if len(files) == 1 and single:
        return single[0]
    return folder


def rollback(
    db_path: Path,
    snapshot_id: str,
    *,
    by: Actor | None = None,
    lock_wait_seconds: float = 600,
    memory_limit: str = "3GB",
    progress: Progress = lambda _m: None,
    expected_previous: str | None = ANY,
    extras: BuildExtras | None = None,
) -> LoadResult:
    """Publish an earlier snapshot's archived package again, as a NEW snapshot (history stays whole).

    It goes through the same validation and build as `load`, so the history tables record the
    re-plans, status changes and removed rows the roll-back causes. Rolling back is not restricted
    by department (only administrators and the command line may roll back). `expected_previous` is the
    snapshot that was current when the roll back was chosen: when another has been published since, the
    roll back is refused ("stale"), so a confirmation cannot silently replace figures it never saw.
    """
    package = archived_package(db_path, snapshot_id)
    manifest = Deployment(db_path).snapshot_file(snapshot_id).parent / "manifest.json"
    try:
        name = json.loads(manifest.read_text(encoding="utf-8")).get("package_name")
    except (OSError, ValueError):
        name = None  # the archive's own name is used instead
    actor = by or Actor.command_line()
    actor = Actor(actor.username, actor.display_name, actor.via, None)
    return load_package(
        package,
        db_path,
        lock_wait_seconds=lock_wait_seconds,
        memory_limit=memory_limit,
        progress=progress,
        by=actor,
        expected_previous=expected_previous,
        action="rollback",
        rollback_of=snapshot_id,
        package_name=name if isinstance(name, str) else None,
        extras=extras,
    )
